#include "http/errors.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "http/responses.hpp"
#include "store/query_builder.hpp"
#include "util/text.hpp"

namespace trellis::http {

using domain::Error;
using domain::ErrorKind;

bhttp::status status_of(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid:
      return bhttp::status::unprocessable_entity;
    case ErrorKind::not_found:
      return bhttp::status::not_found;
    case ErrorKind::forbidden:
      return bhttp::status::forbidden;
    case ErrorKind::unauthorized:
      return bhttp::status::unauthorized;
    case ErrorKind::conflict:
      return bhttp::status::conflict;
    case ErrorKind::rate_limited:
      return bhttp::status::too_many_requests;
    case ErrorKind::too_large:
      return bhttp::status::payload_too_large;
    case ErrorKind::unsupported:
      return bhttp::status::unsupported_media_type;
    case ErrorKind::bad_request:
      return bhttp::status::bad_request;
    case ErrorKind::internal:
      return bhttp::status::internal_server_error;
  }
  return bhttp::status::internal_server_error;
}

namespace {

// Messages may quote what a client sent. Whatever a handler forgot to escape, the answer stays
// JSON: text that is not valid UTF-8 (or holds other controls) is sent escaped.
std::string as_json_text(const std::string& text) {
  return util::text_problem(text) ? util::escaped(text) : text;
}

}  // namespace

Response error_response(unsigned version, bool keep_alive, const Error& error) {
  boost::json::object body{{"code", error.code}, {"message", as_json_text(error.message)}};
  if (!error.fields.empty()) {
    boost::json::object fields;
    for (const auto& [name, problem] : error.fields)
      fields[as_json_text(name)] = as_json_text(problem);
    body["fields"] = std::move(fields);
  }
  auto response = json_response(version, keep_alive, status_of(error.kind),
                                boost::json::object{{"error", body}});
  if (error.retry_after_seconds > 0) {
    response.set(bhttp::field::retry_after, std::to_string(error.retry_after_seconds));
  }
  return response;
}

Response exception_response(unsigned version, bool keep_alive, std::exception_ptr failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const RequestError& e) {
    return error_response(version, keep_alive, e.error());
  } catch (const store::InvalidCursor& e) {
    return error_response(version, keep_alive,
                          Error{ErrorKind::bad_request, "invalid_cursor", e.what()});
  } catch (const std::exception& e) {
    spdlog::error("unexpected failure: {}", e.what());
  } catch (...) {
    spdlog::error("unexpected failure of an unknown kind");
  }
  return error_response(version, false,
                        Error{ErrorKind::internal, "internal_error",
                              "Something went wrong on our side; nothing was changed."});
}

}  // namespace trellis::http
