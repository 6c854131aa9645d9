#include "store/postgres_database.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>
#include <vector>

#include "store/migrations.hpp"

namespace trellis::store {

namespace {

using Clock = std::chrono::steady_clock;

// Type OIDs from PostgreSQL's pg_type catalog; built in, so the same on every server.
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

// A write that loses a race (serialization failure, deadlock, or a unique key another server
// inserted first) runs again from the start, at most this many times in all.
constexpr int kMaxWriteAttempts = 5;
// Caps each connection's statement cache so SQL built at run time cannot grow it forever.
constexpr std::size_t kMaxPreparedStatements = 1000;
// The advisory lock that serialises migrations between servers: "trellis" in ASCII.
constexpr std::int64_t kMigrationLockKey = 0x7472656c6c6973;
constexpr std::chrono::seconds kConnectTimeout{10};
constexpr std::chrono::seconds kPingTimeout{2};

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

struct ConnDeleter {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
using ConnPtr = std::unique_ptr<PGconn, ConnDeleter>;

std::string without_trailing_space(std::string text) {
  text.erase(text.find_last_not_of(" \t\r\n") + 1);
  return text;
}

std::string_view error_field(const PGresult* result, int field) {
  const char* value = result ? PQresultErrorField(result, field) : nullptr;
  return value ? value : "";
}

bool succeeded(const PGresult* result) {
  if (!result) return false;
  const auto status = PQresultStatus(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

std::optional<ConstraintViolation::Kind> constraint_kind(std::string_view sqlstate) {
  if (sqlstate == "23505") return ConstraintViolation::Kind::unique;
  if (sqlstate == "23503") return ConstraintViolation::Kind::foreign_key;
  if (sqlstate == "23514") return ConstraintViolation::Kind::check;
  if (sqlstate == "23502") return ConstraintViolation::Kind::not_null;
  return std::nullopt;
}

// Serialization failure, deadlock, and the unique violation of two servers inserting the same
// key at once: running the transaction again sees the winner's commit.
bool is_retryable(std::string_view sqlstate) {
  return sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "23505";
}

// The exception for a failed statement: a ConstraintViolation that callers may turn into an
// outcome, else a DatabaseError with the server's message (libpq's when the server sent none).
std::exception_ptr failure_of(PGconn* conn, const PGresult* result) {
  std::string message(error_field(result, PG_DIAG_MESSAGE_PRIMARY));
  if (message.empty() && result) message = without_trailing_space(PQresultErrorMessage(result));
  if (message.empty()) message = without_trailing_space(PQerrorMessage(conn));
  if (const auto kind = constraint_kind(error_field(result, PG_DIAG_SQLSTATE))) {
    std::string constraint(error_field(result, PG_DIAG_CONSTRAINT_NAME));
    return std::make_exception_ptr(ConstraintViolation(*kind, std::move(constraint), message));
  }
  return std::make_exception_ptr(DatabaseError("postgres: " + message));
}

// Parameters travel as text and the server infers their types from the statement.
std::optional<std::string> as_text(const Param& param) {
  return std::visit(
      [](const auto& value) -> std::optional<std::string> {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, std::nullptr_t>) {
          return std::nullopt;
        } else if constexpr (std::is_same_v<T, std::string>) {
          // Text parameters end at the first NUL, which would silently cut the value short.
          if (value.find('\0') != std::string::npos) {
            throw DatabaseError("postgres: text parameter holds a NUL byte");
          }
          return value;
        } else if constexpr (std::is_same_v<T, double>) {
          // The shortest text that reads back as exactly the same double.
          char buffer[32];
          const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
          return std::string(buffer, end);
        } else {
          return std::to_string(value);
        }
      },
      param);
}

// libpq wants parameters as an array of C strings, NULL standing for SQL NULL.
class TextParams {
 public:
  explicit TextParams(std::span<const Param> params) {
    texts_.reserve(params.size());
    for (const auto& param : params) texts_.push_back(as_text(param));
    pointers_.reserve(texts_.size());
    for (const auto& text : texts_) pointers_.push_back(text ? text->c_str() : nullptr);
  }
  int count() const { return static_cast<int>(pointers_.size()); }
  const char* const* values() const { return pointers_.data(); }

 private:
  std::vector<std::optional<std::string>> texts_;
  std::vector<const char*> pointers_;
};

template <class Number>
Number parse_number(std::string_view text) {
  Number value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) {
    throw DatabaseError("postgres: cannot read '" + std::string(text) + "' as a number");
  }
  return value;
}

Value column_value(const PGresult* result, int row, int column) {
  if (PQgetisnull(result, row, column)) return Value{};
  const std::string_view text(PQgetvalue(result, row, column),
                              static_cast<std::size_t>(PQgetlength(result, row, column)));
  switch (PQftype(result, column)) {
    case kBoolOid:
      return Value{std::int64_t{text == "t" ? 1 : 0}};
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
      return Value{parse_number<std::int64_t>(text)};
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid:
      return Value{parse_number<double>(text)};
    default:
      return Value{std::string(text)};
  }
}

// Result::affected counts rows changed; PQcmdTuples also counts rows a SELECT returned.
std::int64_t rows_changed(PGresult* result) {
  const std::string_view tag = PQcmdStatus(result);
  const bool changes = tag.starts_with("INSERT") || tag.starts_with("UPDATE") ||
                       tag.starts_with("DELETE") || tag.starts_with("MERGE");
  return changes ? parse_number<std::int64_t>(PQcmdTuples(result)) : 0;
}

Result to_result(PGresult* pg_result) {
  Result result;
  const int rows = PQntuples(pg_result);
  const int columns = PQnfields(pg_result);
  result.rows.reserve(static_cast<std::size_t>(rows));
  for (int row = 0; row < rows; ++row) {
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(columns));
    for (int column = 0; column < columns; ++column) {
      values.push_back(column_value(pg_result, row, column));
    }
    result.rows.emplace_back(std::move(values));
  }
  result.affected = rows_changed(pg_result);
  return result;
}

ConnPtr connect(const std::string& url, std::chrono::seconds timeout) {
  const std::string timeout_text = std::to_string(timeout.count());
  // Keywords after "dbname" override the URL's: every session works in UTC, as storage does.
  // No parallel workers: requests are small and many at once, and starting workers costs a
  // query tens of milliseconds (a counselor's dashboard page took 55 ms instead of 2 with them).
  const char* const keywords[] = {"connect_timeout", "fallback_application_name", "dbname",
                                  "options", nullptr};
  const char* const values[] = {timeout_text.c_str(), "trellis", url.c_str(),
                                "-c TimeZone=UTC -c max_parallel_workers_per_gather=0", nullptr};
  ConnPtr conn(PQconnectdbParams(keywords, values, /*expand_dbname=*/1));
  if (!conn) throw DatabaseError("postgres: out of memory while connecting");
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    throw DatabaseError("postgres: cannot connect: " +
                        without_trailing_space(PQerrorMessage(conn.get())));
  }
  // Notices such as "relation already exists, skipping" are expected and not worth a log line.
  PQsetNoticeProcessor(
      conn.get(), [](void*, const char*) {}, nullptr);
  return conn;
}

// Waits until `socket` has data to read; false when `deadline` passes first.
bool wait_readable(int socket, Clock::time_point deadline) {
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd watched{socket, POLLIN, 0};
    const int ready = poll(&watched, 1, static_cast<int>(left));
    if (ready > 0) return true;
    if (ready == 0 || errno != EINTR) return false;
  }
}

// Spreads retries out so transactions that just collided do not collide again in step.
void back_off(int attempt) {
  thread_local std::minstd_rand random(std::random_device{}());
  std::uniform_int_distribution<int> millis(1, 5 * attempt);
  std::this_thread::sleep_for(std::chrono::milliseconds(millis(random)));
}

// One server session with its cache of prepared statements. Used by one thread at a time.
class PgConnection final : public Connection {
 public:
  PgConnection(std::string url, std::chrono::seconds connect_timeout)
      : url_(std::move(url)),
        connect_timeout_(connect_timeout),
        conn_(connect(url_, connect_timeout_)) {}

  Dialect dialect() const override { return Dialect::postgres; }

  Result execute(std::string_view sql, std::span<const Param> params) override {
    const std::string text(sql);
    const std::string& name = prepared_name(text);
    const TextParams values(params);
    ResultPtr result(PQexecPrepared(conn_.get(), name.c_str(), values.count(), values.values(),
                                    nullptr, nullptr, /*resultFormat=*/0));
    if (!succeeded(result.get())) {
      // After a schema change the server may refuse a cached plan ("cached plan must not
      // change result type"); the next call prepares the statement afresh.
      if (error_field(result.get(), PG_DIAG_SQLSTATE) == "0A000") statements_.erase(text);
      fail(result.get());
    }
    return to_result(result.get());
  }

  // Starts a transaction. A pooled connection that the server has since dropped (restart, idle
  // timeout) fails here before anything ran, so reconnecting and beginning again is safe.
  void begin(const char* begin_sql) {
    first_failure_ = nullptr;
    failure_state_.clear();
    if (!connected()) reconnect();
    ResultPtr result(PQexec(conn_.get(), begin_sql));
    if (succeeded(result.get())) return;
    if (connected()) fail(result.get());
    reconnect();
    command(begin_sql);
  }

  // COMMIT of a transaction in which a statement failed answers "ROLLBACK" rather than an
  // error (work caught the failure and carried on); that failure is the transaction's outcome.
  void commit() {
    const ResultPtr result = command("COMMIT");
    if (std::string_view(PQcmdStatus(result.get())) != "ROLLBACK") return;
    std::rethrow_exception(first_failure_ ? first_failure_
                                          : std::make_exception_ptr(DatabaseError(
                                                "postgres: the transaction was rolled back")));
  }

  // Ends a failed transaction. If even that fails the connection is not reusable() and the
  // pool drops it.
  void rollback() noexcept {
    if (connected() && PQtransactionStatus(conn_.get()) != PQTRANS_IDLE) {
      PQclear(PQexec(conn_.get(), "ROLLBACK"));
    }
  }

  // SQLSTATE of the first statement that failed in the current transaction, else empty.
  const std::string& failure_state() const { return failure_state_; }

  bool connected() const { return PQstatus(conn_.get()) == CONNECTION_OK; }

  bool reusable() const { return connected() && PQtransactionStatus(conn_.get()) == PQTRANS_IDLE; }

  // Whether SELECT 1 is answered within `timeout`. A late answer leaves the query in flight,
  // so after false the caller must drop this connection.
  bool answers_within(std::chrono::milliseconds timeout) {
    PGconn* conn = conn_.get();
    const auto deadline = Clock::now() + timeout;
    if (!PQsendQuery(conn, "SELECT 1")) return false;
    while (PQisBusy(conn)) {
      if (!wait_readable(PQsocket(conn), deadline) || !PQconsumeInput(conn)) return false;
    }
    bool answered = false;
    while (ResultPtr result{PQgetResult(conn)}) {
      answered = PQresultStatus(result.get()) == PGRES_TUPLES_OK;
    }
    return answered;
  }

 private:
  ResultPtr command(const char* sql) {
    ResultPtr result(PQexec(conn_.get(), sql));
    if (!succeeded(result.get())) fail(result.get());
    return result;
  }

  // Throws the failure, remembering the transaction's first one: later statements only fail
  // because the transaction is already aborted, and retrying depends on the first cause.
  [[noreturn]] void fail(const PGresult* result) {
    auto failure = failure_of(conn_.get(), result);
    if (!first_failure_) {
      first_failure_ = failure;
      failure_state_ = error_field(result, PG_DIAG_SQLSTATE);
    }
    std::rethrow_exception(failure);
  }

  // The server-side name of `sql`, preparing it on first use.
  const std::string& prepared_name(const std::string& sql) {
    if (auto found = statements_.find(sql); found != statements_.end()) return found->second;
    if (statements_.size() >= kMaxPreparedStatements) forget_statements();
    std::string name = "s" + std::to_string(++statements_prepared_);
    ResultPtr result(PQprepare(conn_.get(), name.c_str(), sql.c_str(), 0, nullptr));
    if (!succeeded(result.get())) fail(result.get());
    return statements_.emplace(sql, std::move(name)).first->second;
  }

  void forget_statements() {
    command("DEALLOCATE ALL");
    statements_.clear();
  }

  void reconnect() {
    conn_ = connect(url_, connect_timeout_);
    statements_.clear();  // they were prepared in the old session
  }

  std::string url_;
  std::chrono::seconds connect_timeout_;
  ConnPtr conn_;
  std::unordered_map<std::string, std::string> statements_;  // SQL text -> prepared name
  std::uint64_t statements_prepared_ = 0;
  std::exception_ptr first_failure_;
  std::string failure_state_;
};

void run_transaction(PgConnection& conn, const char* begin_sql, const Work& work) {
  conn.begin(begin_sql);
  try {
    work(conn);
    conn.commit();
  } catch (...) {
    conn.rollback();
    throw;
  }
}

// At most size() open connections, opened when first needed; broken ones are dropped on return
// and replaced by the next acquire().
class ConnectionPool {
 public:
  // One borrowed connection, given back when the lease goes out of scope.
  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<PgConnection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    ~Lease() { pool_.give_back(std::move(conn_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

    PgConnection& operator*() const { return *conn_; }
    PgConnection* operator->() const { return conn_.get(); }

   private:
    ConnectionPool& pool_;
    std::unique_ptr<PgConnection> conn_;
  };

  ConnectionPool(std::string url, int size) : url_(std::move(url)), size_(size) {}

  int size() const { return size_; }

  // Waits for an idle connection, or opens a new one while fewer than size() are open.
  Lease acquire() {
    std::unique_lock lock(mutex_);
    returned_.wait(lock, [this] { return !idle_.empty() || open_ < size_; });
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(conn));
    }
    ++open_;
    lock.unlock();
    try {
      return Lease(*this, std::make_unique<PgConnection>(url_, kConnectTimeout));
    } catch (...) {
      lock.lock();
      --open_;
      lock.unlock();
      returned_.notify_one();
      throw;
    }
  }

 private:
  void give_back(std::unique_ptr<PgConnection> conn) {
    {
      std::lock_guard lock(mutex_);
      if (conn->reusable()) {
        idle_.push_back(std::move(conn));
      } else {
        --open_;
      }
    }
    returned_.notify_one();
  }

  std::string url_;
  int size_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  int open_ = 0;
};

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(std::string url, const DatabaseOptions& options)
      : url_(std::move(url)),
        pool_(url_, std::max(options.readers, 2) + std::max(options.writers, 1)),
        writers_(static_cast<std::size_t>(std::max(options.writers, 1))) {
    // Connect once now so a wrong URL fails at open; the lease goes straight back to the pool.
    pool_.acquire();
  }

  // Lets queued writes finish and hear their outcome before the pool goes away.
  ~PostgresDatabase() override { writers_.join(); }

  Dialect dialect() const override { return Dialect::postgres; }

  void write_async(Work work, Done done) override {
    boost::asio::post(writers_, [this, work = std::move(work), done = std::move(done)] {
      done(write_with_retries(work));
    });
  }

  void read(const Work& work) override {
    auto conn = pool_.acquire();
    // One snapshot for all of work's statements, as an SQLite read transaction has.
    run_transaction(*conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", work);
  }

  void migrate() override {
    auto conn = pool_.acquire();
    run_transaction(*conn, "BEGIN", [](Connection& tx) {
      // Held until COMMIT: a second server starting at the same moment waits here, then finds
      // every migration applied.
      tx.run("SELECT pg_advisory_xact_lock($1)", kMigrationLockKey);
      apply_migrations(tx, postgres_migrations());
    });
  }

  // Uses a connection of its own, so a busy pool does not read as a dead database.
  bool ping() override {
    std::lock_guard lock(probe_mutex_);
    if (probe_ && probe_->answers_within(kPingTimeout)) return true;
    const bool timed_out = probe_ && probe_->connected();
    probe_.reset();
    // A probe that the server dropped since the last ping (say, by restarting) fails at once
    // and says nothing about the server now; one that timed out already waited long enough.
    return !timed_out && fresh_probe_answers();
  }

 private:
  struct Attempt {
    std::exception_ptr failure;
    std::string sqlstate;
  };

  bool fresh_probe_answers() {
    try {
      probe_ = std::make_unique<PgConnection>(url_, kPingTimeout);
      if (probe_->answers_within(kPingTimeout)) return true;
    } catch (const DatabaseError&) {
      // Cannot connect: the database does not answer.
    }
    probe_.reset();
    return false;
  }

  // What `done` hears: nullptr once committed, else the failure of the last attempt.
  std::exception_ptr write_with_retries(const Work& work) {
    try {
      for (int attempt = 1;; ++attempt) {
        auto [failure, sqlstate] = write_once(work);
        if (!failure || attempt == kMaxWriteAttempts || !is_retryable(sqlstate)) return failure;
        back_off(attempt);
      }
    } catch (...) {
      return std::current_exception();  // no connection could be had
    }
  }

  Attempt write_once(const Work& work) {
    auto conn = pool_.acquire();
    try {
      run_transaction(*conn, "BEGIN", work);
      return {};
    } catch (...) {
      return {std::current_exception(), conn->failure_state()};
    }
  }

  std::string url_;
  ConnectionPool pool_;
  std::mutex probe_mutex_;
  std::unique_ptr<PgConnection> probe_;
  boost::asio::thread_pool writers_;
};

}  // namespace

std::unique_ptr<Database> open_postgres_database(const std::string& url,
                                                 const DatabaseOptions& options) {
  return std::make_unique<PostgresDatabase>(url, options);
}

}  // namespace trellis::store
