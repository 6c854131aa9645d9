// The storage interface every repository and the domain work through. Two implementations:
// SQLite (embedded, default) and PostgreSQL. SQL text uses $1..$n placeholders, which both
// accept; where the dialects differ, repositories pick text by Connection::dialect().
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace trellis::store {

enum class Dialect { sqlite, postgres };

// A bound parameter. Booleans are stored as 0/1 integers on both databases.
using Param = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

// Builds a Param from any supported C++ value (optional maps to NULL when empty).
template <class T>
Param to_param(const T& value) {
  if constexpr (std::is_same_v<T, Param>) {
    return value;
  } else if constexpr (std::is_same_v<T, bool>) {
    return Param{std::int64_t{value ? 1 : 0}};
  } else if constexpr (std::is_integral_v<T>) {
    return Param{static_cast<std::int64_t>(value)};
  } else if constexpr (std::is_floating_point_v<T>) {
    return Param{static_cast<double>(value)};
  } else if constexpr (std::is_same_v<T, std::nullptr_t>) {
    return Param{nullptr};
  } else if constexpr (requires {
                         value.has_value();
                         *value;
                       }) {
    return value ? to_param(*value) : Param{nullptr};
  } else {
    return Param{std::string(value)};
  }
}

// One column value of a result row.
class Value {
 public:
  using Storage = std::variant<std::monostate, std::int64_t, double, std::string>;
  Value() = default;
  explicit Value(Storage v) : v_(std::move(v)) {}

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  std::int64_t as_int() const;
  double as_double() const;
  std::string as_string() const;
  bool as_bool() const { return as_int() != 0; }
  std::optional<std::int64_t> opt_int() const;
  std::optional<std::string> opt_string() const;

 private:
  Storage v_;
};

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  const Value& operator[](std::size_t i) const { return values_.at(i); }
  std::size_t size() const { return values_.size(); }

 private:
  std::vector<Value> values_;
};

struct Result {
  std::vector<Row> rows;
  std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE
};

// Raised for expected database refusals that callers may translate into outcomes.
class ConstraintViolation : public std::runtime_error {
 public:
  enum class Kind { unique, foreign_key, check, not_null };
  ConstraintViolation(Kind kind, std::string constraint, const std::string& message)
      : std::runtime_error(message), kind_(kind), constraint_(std::move(constraint)) {}
  Kind kind() const { return kind_; }
  // The violated constraint or index name where the database reports it, else empty.
  const std::string& constraint() const { return constraint_; }

 private:
  Kind kind_;
  std::string constraint_;
};

class DatabaseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A connection inside a transaction (or a read snapshot). Statements are prepared once per
// connection and cached by their text.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  virtual Result execute(std::string_view sql, std::span<const Param> params) = 0;

  template <class... Args>
  Result run(std::string_view sql, const Args&... args) {
    const Param params[] = {Param{nullptr}, to_param(args)...};
    return execute(sql, std::span<const Param>(params + 1, sizeof...(Args)));
  }
  template <class... Args>
  std::optional<Row> maybe_one(std::string_view sql, const Args&... args) {
    auto result = run(sql, args...);
    if (result.rows.empty()) return std::nullopt;
    return std::move(result.rows.front());
  }
  template <class... Args>
  Row one(std::string_view sql, const Args&... args) {
    auto row = maybe_one(sql, args...);
    if (!row) throw DatabaseError("expected one row, got none");
    return std::move(*row);
  }
};

using Work = std::function<void(Connection&)>;
using Done = std::function<void(std::exception_ptr)>;

struct DatabaseOptions {
  int readers = 4;      // SQLite reader connections / PostgreSQL connections kept for reads
  int max_batch = 256;  // SQLite: most transactions committed by one group commit
  // PostgreSQL: transactions written at once, each on a connection of its own. PostgreSQL
  // flushes the WAL once for all the commits waiting at that moment, so this many writes can
  // share an fsync: its group commit, as max_batch is SQLite's.
  int writers = 16;
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;

  // Runs `work` in its own write transaction and calls `done` once it is durably committed
  // (nullptr) or rolled back (the exception `work` or the commit threw). On SQLite the one
  // writer thread commits the transactions of many callers together (group commit); each
  // caller's work is isolated by a savepoint, so one failure rolls back only its own writes.
  // On PostgreSQL the work is run again from the start (up to 5 times) after a serialization
  // failure, a deadlock or a unique violation, so it must have no effects outside the
  // database. A failed statement aborts the whole transaction there: use INSERT ... ON
  // CONFLICT rather than catching a ConstraintViolation and carrying on.
  // `done` runs on a database thread: it must be quick and must not block.
  virtual void write_async(Work work, Done done) = 0;

  // Like write_async for one large transaction (a roster import): it is committed alone, not
  // grouped with others. On SQLite it then needs no savepoint, which would copy every page the
  // work changes into a temporary journal (900,000 writes for a 20,000-student import).
  virtual void write_alone_async(Work work, Done done) {
    write_async(std::move(work), std::move(done));
  }

  // Runs `work` on a read-only connection on the calling thread and returns when it is done.
  virtual void read(const Work& work) = 0;

  // Applies pending migrations; safe to call from several servers at once.
  virtual void migrate() = 0;

  // True when the database answers a trivial query.
  virtual bool ping() = 0;

  // Blocking write for the command line and tests.
  void write(Work work);
  // Blocking write_alone_async.
  void write_alone(Work work);
};

// Opens `sqlite:PATH` or `postgresql://...` (also `postgres://`). Throws DatabaseError.
std::unique_ptr<Database> open_database(const std::string& url,
                                        const DatabaseOptions& options = {});

}  // namespace trellis::store
