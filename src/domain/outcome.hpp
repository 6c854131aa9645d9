// Expected results of domain operations: a value, or an Error the API maps to a status code.
// Exceptions are kept for the unexpected (a database that went away), mapped once at the
// HTTP boundary.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <variant>

namespace trellis::domain {

enum class ErrorKind {
  invalid,       // 422, with field messages
  not_found,     // 404, also for records the caller may not see
  forbidden,     // 403
  unauthorized,  // 401
  conflict,      // 409
  rate_limited,  // 429
  too_large,     // 413
  unsupported,   // 415
  bad_request,   // 400
  internal,      // 500: never returned by the domain, used at the HTTP boundary
};

struct Error {
  ErrorKind kind;
  std::string code;     // snake_case, stable for clients
  std::string message;  // a sentence for people
  std::map<std::string, std::string> fields = {};
  int retry_after_seconds = 0;  // for rate_limited

  static Error not_found(std::string what) {
    return {ErrorKind::not_found, "not_found", std::move(what) + " was not found."};
  }
  static Error forbidden(std::string message) {
    return {ErrorKind::forbidden, "forbidden", std::move(message)};
  }
  static Error invalid(std::map<std::string, std::string> fields,
                       std::string message = "Some fields are not valid.") {
    return {ErrorKind::invalid, "validation_failed", std::move(message), std::move(fields)};
  }
  static Error conflict(std::string code, std::string message) {
    return {ErrorKind::conflict, std::move(code), std::move(message)};
  }
};

template <class T>
class Outcome {
 public:
  Outcome(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Outcome(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

struct Done {};

}  // namespace trellis::domain
