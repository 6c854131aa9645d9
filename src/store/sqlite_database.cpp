#include "store/sqlite_database.hpp"

#include <sqlite3.h>

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "store/migrations.hpp"

namespace trellis::store {

namespace {

[[noreturn]] void raise(sqlite3* db, int code) {
  const int extended = sqlite3_extended_errcode(db);
  std::string message = sqlite3_errmsg(db);
  if ((code & 0xff) == SQLITE_CONSTRAINT) {
    // SQLite names the constraint after "failed: " (columns or "index 'name'").
    const auto at = message.find("failed: ");
    std::string constraint = at == std::string::npos ? "" : message.substr(at + 8);
    auto kind = ConstraintViolation::Kind::check;
    if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
      kind = ConstraintViolation::Kind::unique;
    } else if (extended == SQLITE_CONSTRAINT_FOREIGNKEY) {
      kind = ConstraintViolation::Kind::foreign_key;
    } else if (extended == SQLITE_CONSTRAINT_NOTNULL) {
      kind = ConstraintViolation::Kind::not_null;
    }
    throw ConstraintViolation(kind, constraint, message);
  }
  throw DatabaseError("sqlite: " + message);
}

// A prepared statement and, for each of its parameter slots, which $N it stands for: SQLite
// numbers "$N" parameters in order of first appearance, not by N.
struct Prepared {
  sqlite3_stmt* stmt = nullptr;
  std::vector<int> param_index;
};

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(const std::string& path, bool read_only) {
    const int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw DatabaseError("cannot open SQLite database '" + path + "': " + message);
    }
    sqlite3_busy_timeout(db_, 10000);
    sqlite3_extended_result_codes(db_, 1);
    // A 32 MB page cache per connection: with SQLite's 2 MB default every dashboard page paid
    // ~150 read() calls (measured: 5 ms against 1 ms). Not mmap: the writer grows the file,
    // and every reader then remaps it (munmap and TLB shootdowns dominated the timeline).
    exec_script("PRAGMA cache_size=-32768;");
  }
  ~SqliteConnection() override {
    for (auto& [sql, prepared] : cache_) sqlite3_finalize(prepared.stmt);
    sqlite3_close(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Dialect dialect() const override { return Dialect::sqlite; }

  void exec_script(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : "unknown error";
      sqlite3_free(error);
      throw DatabaseError("sqlite: " + message);
    }
  }

  Result execute(std::string_view sql, std::span<const Param> params) override {
    Prepared& prepared = prepare(sql);
    sqlite3_stmt* stmt = prepared.stmt;
    // Reset however we leave, so a failed statement never holds its read lock.
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt};
    bind(prepared, params);
    Result result;
    const int columns = sqlite3_column_count(stmt);
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) raise(db_, rc);
      result.rows.emplace_back(read_row(stmt, columns));
    }
    // sqlite3_changes64 keeps the count of the last writing statement; a query changed nothing.
    result.affected = sqlite3_stmt_readonly(stmt) ? 0 : sqlite3_changes64(db_);
    return result;
  }

 private:
  Prepared& prepare(std::string_view sql) {
    auto found = cache_.find(sql);
    if (found != cache_.end()) return found->second;
    Prepared prepared;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &prepared.stmt, nullptr);
    if (rc != SQLITE_OK) raise(db_, rc);
    const int slots = sqlite3_bind_parameter_count(prepared.stmt);
    for (int slot = 1; slot <= slots; ++slot) {
      const char* name = sqlite3_bind_parameter_name(prepared.stmt, slot);
      if (!name || name[0] != '$') {
        sqlite3_finalize(prepared.stmt);
        throw DatabaseError("SQL must use $N placeholders: " + std::string(sql));
      }
      prepared.param_index.push_back(std::atoi(name + 1) - 1);
    }
    return cache_.emplace(std::string(sql), prepared).first->second;
  }

  void bind(const Prepared& prepared, std::span<const Param> params) {
    for (std::size_t slot = 0; slot < prepared.param_index.size(); ++slot) {
      const int index = prepared.param_index[slot];
      if (index < 0 || static_cast<std::size_t>(index) >= params.size()) {
        throw DatabaseError("missing value for SQL parameter $" + std::to_string(index + 1));
      }
      const int at = static_cast<int>(slot) + 1;
      const Param& param = params[static_cast<std::size_t>(index)];
      int rc = SQLITE_OK;
      if (auto* i = std::get_if<std::int64_t>(&param)) {
        rc = sqlite3_bind_int64(prepared.stmt, at, *i);
      } else if (auto* d = std::get_if<double>(&param)) {
        rc = sqlite3_bind_double(prepared.stmt, at, *d);
      } else if (auto* s = std::get_if<std::string>(&param)) {
        rc = sqlite3_bind_text64(prepared.stmt, at, s->data(), s->size(), SQLITE_STATIC,
                                 SQLITE_UTF8);
      } else {
        rc = sqlite3_bind_null(prepared.stmt, at);
      }
      if (rc != SQLITE_OK) raise(db_, rc);
    }
  }

  static Row read_row(sqlite3_stmt* stmt, int columns) {
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      switch (sqlite3_column_type(stmt, c)) {
        case SQLITE_INTEGER:
          values.emplace_back(Value::Storage{sqlite3_column_int64(stmt, c)});
          break;
        case SQLITE_FLOAT:
          values.emplace_back(Value::Storage{sqlite3_column_double(stmt, c)});
          break;
        case SQLITE_NULL:
          values.emplace_back();
          break;
        default: {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
          values.emplace_back(Value::Storage{
              std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)))});
        }
      }
    }
    return Row(std::move(values));
  }

  // Looked up by the SQL text itself, without a copy of it per statement run.
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, Prepared, TextHash, std::equal_to<>> cache_;
};

struct WriteJob {
  Work work;
  Done done;
  bool alone = false;  // committed in a batch of its own
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, const DatabaseOptions& options)
      : path_(std::move(path)), options_(options) {
    auto parent = std::filesystem::path(path_).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    writer_conn_ = std::make_unique<SqliteConnection>(path_, false);
    // Statement journals in memory: each is emptied when its statement ends, yet on this
    // SQLite build they went to a temporary file, one write per page a statement changed (nine
    // per row of a roster import).
    writer_conn_->exec_script(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
        "PRAGMA temp_store=MEMORY;");
    writer_ = std::thread([this] { write_loop(); });
  }

  ~SqliteDatabase() override {
    {
      std::lock_guard lock(queue_mutex_);
      stopping_ = true;
    }
    queue_ready_.notify_all();
    writer_.join();
  }

  Dialect dialect() const override { return Dialect::sqlite; }

  void write_async(Work work, Done done) override {
    enqueue({std::move(work), std::move(done), false});
  }
  void write_alone_async(Work work, Done done) override {
    enqueue({std::move(work), std::move(done), true});
  }

  void read(const Work& work) override {
    auto conn = borrow_reader();
    conn->exec_script("BEGIN");
    try {
      work(*conn);
      conn->exec_script("COMMIT");
    } catch (...) {
      conn->exec_script("ROLLBACK");
      give_back(std::move(conn));
      throw;
    }
    give_back(std::move(conn));
  }

  void migrate() override {
    write([](Connection& conn) { apply_migrations(conn, sqlite_migrations()); });
  }

  bool ping() override {
    try {
      read([](Connection& conn) { conn.run("SELECT 1"); });
      return true;
    } catch (const std::exception&) {
      return false;
    }
  }

 private:
  void enqueue(WriteJob job) {
    {
      std::lock_guard lock(queue_mutex_);
      if (stopping_) throw DatabaseError("database is shutting down");
      queue_.push_back(std::move(job));
    }
    queue_ready_.notify_one();
  }

  // The one writer: takes every queued transaction, runs each inside its own savepoint and
  // commits them all with one fsync. Callers hear back only after the commit is durable.
  void write_loop() {
    for (;;) {
      std::vector<WriteJob> batch = take_batch();
      if (batch.empty()) return;
      std::vector<std::exception_ptr> errors(batch.size());
      std::exception_ptr commit_error;
      try {
        if (batch.size() == 1) {
          errors[0] = run_alone(batch[0].work);
        } else {
          writer_conn_->exec_script("BEGIN IMMEDIATE");
          for (std::size_t i = 0; i < batch.size(); ++i) errors[i] = run_isolated(batch[i].work);
          writer_conn_->exec_script("COMMIT");
        }
      } catch (...) {
        commit_error = std::current_exception();
        try {
          writer_conn_->exec_script("ROLLBACK");
        } catch (const std::exception&) {
          // The transaction is already gone; the commit error is what callers need.
        }
      }
      for (std::size_t i = 0; i < batch.size(); ++i) {
        batch[i].done(commit_error ? commit_error : errors[i]);
      }
    }
  }

  // A job alone is the whole transaction: its failure rolls everything back, so it needs no
  // savepoint (and none of the page copies a savepoint journals).
  std::exception_ptr run_alone(const Work& work) {
    writer_conn_->exec_script("BEGIN IMMEDIATE");
    try {
      work(*writer_conn_);
    } catch (...) {
      auto error = std::current_exception();
      writer_conn_->exec_script("ROLLBACK");
      return error;
    }
    writer_conn_->exec_script("COMMIT");
    return nullptr;
  }

  std::exception_ptr run_isolated(const Work& work) {
    writer_conn_->exec_script("SAVEPOINT job");
    try {
      work(*writer_conn_);
      writer_conn_->exec_script("RELEASE job");
      return nullptr;
    } catch (...) {
      auto error = std::current_exception();
      writer_conn_->exec_script("ROLLBACK TO job; RELEASE job");
      return error;
    }
  }

  std::vector<WriteJob> take_batch() {
    std::unique_lock lock(queue_mutex_);
    queue_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    std::vector<WriteJob> batch;
    const auto count = std::min(queue_.size(), static_cast<std::size_t>(options_.max_batch));
    batch.reserve(count);
    while (batch.size() < count) {
      const bool alone = queue_.front().alone;
      if (alone && !batch.empty()) break;  // it starts the next batch
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
      if (alone) break;  // it is the whole batch
    }
    return batch;
  }

  std::unique_ptr<SqliteConnection> borrow_reader() {
    {
      std::lock_guard lock(readers_mutex_);
      if (!readers_.empty()) {
        auto conn = std::move(readers_.back());
        readers_.pop_back();
        return conn;
      }
    }
    auto conn = std::make_unique<SqliteConnection>(path_, true);
    return conn;
  }

  void give_back(std::unique_ptr<SqliteConnection> conn) {
    std::lock_guard lock(readers_mutex_);
    if (readers_.size() < static_cast<std::size_t>(std::max(options_.readers, 1))) {
      readers_.push_back(std::move(conn));
    }
  }

  std::string path_;
  DatabaseOptions options_;
  std::unique_ptr<SqliteConnection> writer_conn_;
  std::thread writer_;
  std::mutex queue_mutex_;
  std::condition_variable queue_ready_;
  std::deque<WriteJob> queue_;
  bool stopping_ = false;
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<SqliteConnection>> readers_;
};

}  // namespace

std::unique_ptr<Database> open_sqlite_database(const std::string& path,
                                               const DatabaseOptions& options) {
  return std::make_unique<SqliteDatabase>(path, options);
}

}  // namespace trellis::store
