// The one place where failures become HTTP responses.
#pragma once

#include <exception>
#include <stdexcept>

#include "domain/outcome.hpp"
#include "http/types.hpp"

namespace trellis::http {

// Thrown by handlers for bad input; the dispatcher answers it with the error's status and
// the JSON error shape of API.md.
class RequestError : public std::runtime_error {
 public:
  explicit RequestError(domain::Error error)
      : std::runtime_error(error.message), error_(std::move(error)) {}
  const domain::Error& error() const { return error_; }

 private:
  domain::Error error_;
};

bhttp::status status_of(domain::ErrorKind kind);
Response error_response(unsigned version, bool keep_alive, const domain::Error& error);
// Maps any exception escaping a handler; unexpected ones are logged and answered 500.
Response exception_response(unsigned version, bool keep_alive, std::exception_ptr failure);

// Unwraps a domain outcome or throws its error for the dispatcher to answer.
template <class T>
T take(domain::Outcome<T> outcome) {
  if (!outcome) throw RequestError(outcome.error());
  return std::move(outcome.value());
}

}  // namespace trellis::http
