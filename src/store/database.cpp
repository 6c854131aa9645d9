#include "store/database.hpp"

#include <fmt/format.h>

#include <future>

#include "store/postgres_database.hpp"
#include "store/sqlite_database.hpp"

namespace trellis::store {

std::int64_t Value::as_int() const {
  if (auto* i = std::get_if<std::int64_t>(&v_)) return *i;
  if (auto* d = std::get_if<double>(&v_)) return static_cast<std::int64_t>(*d);
  if (auto* s = std::get_if<std::string>(&v_)) return std::stoll(*s);
  throw DatabaseError("NULL where an integer was expected");
}

double Value::as_double() const {
  if (auto* d = std::get_if<double>(&v_)) return *d;
  if (auto* i = std::get_if<std::int64_t>(&v_)) return static_cast<double>(*i);
  if (auto* s = std::get_if<std::string>(&v_)) return std::stod(*s);
  throw DatabaseError("NULL where a number was expected");
}

std::string Value::as_string() const {
  if (auto* s = std::get_if<std::string>(&v_)) return *s;
  if (auto* i = std::get_if<std::int64_t>(&v_)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v_)) return fmt::format("{}", *d);
  return {};
}

std::optional<std::int64_t> Value::opt_int() const {
  if (is_null()) return std::nullopt;
  return as_int();
}

std::optional<std::string> Value::opt_string() const {
  if (is_null()) return std::nullopt;
  return as_string();
}

namespace {

// Starts a write with `start` and waits until it is committed, rethrowing what failed.
void wait_for_commit(const std::function<void(Done)>& start) {
  std::promise<void> committed;
  auto result = committed.get_future();
  start([&committed](std::exception_ptr error) {
    if (error) {
      committed.set_exception(error);
    } else {
      committed.set_value();
    }
  });
  result.get();
}

}  // namespace

void Database::write(Work work) {
  wait_for_commit([&](Done done) { write_async(std::move(work), std::move(done)); });
}

void Database::write_alone(Work work) {
  wait_for_commit([&](Done done) { write_alone_async(std::move(work), std::move(done)); });
}

std::unique_ptr<Database> open_database(const std::string& url, const DatabaseOptions& options) {
  if (url.starts_with("sqlite:")) return open_sqlite_database(url.substr(7), options);
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return open_postgres_database(url, options);
  }
  throw DatabaseError("unsupported database URL '" + url +
                      "': use sqlite:PATH or postgresql://user@host:port/dbname");
}

}  // namespace trellis::store
