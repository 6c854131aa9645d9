#include "http/context.hpp"

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/json/parse.hpp>
#include <charconv>

#include "http/json_fields.hpp"
#include "http/responses.hpp"
#include "util/time.hpp"

namespace trellis::http {

using domain::Error;
using domain::ErrorKind;

namespace {
std::optional<std::int64_t> parse_int(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}
}  // namespace

store::Id RequestContext::path_id(std::string_view name) const {
  for (const auto& [key, value] : params_) {
    if (key != name) continue;
    auto id = parse_int(value);
    if (id && *id > 0) return *id;
    break;
  }
  throw RequestError(Error::not_found("The record"));
}

std::string RequestContext::path_text(std::string_view name) const {
  for (const auto& [key, value] : params_) {
    if (key == name) return value;
  }
  return {};
}

std::optional<std::string> RequestContext::query(std::string_view name) const {
  auto params = url_.params();
  auto found = params.find(name);
  if (found == params.end()) return std::nullopt;
  return std::string((*found).value);
}

std::optional<std::int64_t> RequestContext::query_int(std::string_view name) const {
  auto text = query(name);
  if (!text || text->empty()) return std::nullopt;
  auto value = parse_int(*text);
  if (!value) {
    throw RequestError(Error::invalid({{std::string(name), "Expected an integer."}}));
  }
  return value;
}

std::optional<std::int64_t> RequestContext::query_time(std::string_view name) const {
  auto text = query(name);
  if (!text || text->empty()) return std::nullopt;
  if (auto at = util::parse_moment(*text)) return at;
  throw RequestError(
      Error::invalid({{std::string(name), "Expected a date (YYYY-MM-DD) or an RFC 3339 time."}}));
}

int RequestContext::page_limit() const {
  auto limit = query_int("limit");
  if (!limit) return 50;
  if (*limit < 1 || *limit > 500) {
    throw RequestError(Error::invalid({{"limit", "Use a limit from 1 to 500."}}));
  }
  return static_cast<int>(*limit);
}

const boost::json::object& RequestContext::json_body() {
  if (!body_) {
    boost::system::error_code ec;
    // Text that is not UTF-8 parses, so that check_json_values can name the field (422).
    boost::json::parse_options options;
    options.allow_invalid_utf8 = true;
    auto parsed = boost::json::parse(request.body(), ec, {}, options);
    if (ec) {
      throw RequestError(Error{ErrorKind::bad_request, "malformed_json",
                               "The request body is not valid JSON: " + ec.message() + "."});
    }
    if (parsed.is_object()) check_json_values(parsed);
    body_ = std::move(parsed);
  }
  if (!body_->is_object()) {
    throw RequestError(Error::invalid({}, "The request body must be a JSON object."));
  }
  return body_->get_object();
}

Response RequestContext::json(bhttp::status status, const boost::json::value& body) const {
  return json_response(request.version(), request.keep_alive(), status, body);
}

Response RequestContext::no_content() const {
  Response response{bhttp::status::no_content, request.version()};
  response.keep_alive(request.keep_alive());
  return response;
}

Response RequestContext::page(boost::json::array items,
                              const std::optional<std::string>& next_cursor) const {
  return ok(boost::json::object{{"items", std::move(items)},
                                {"next_cursor", next_cursor ? boost::json::value(*next_cursor)
                                                            : boost::json::value(nullptr)}});
}

Response RequestContext::text(bhttp::status status, std::string content_type,
                              std::string body) const {
  return text_response(request.version(), request.keep_alive(), status, std::move(content_type),
                       std::move(body));
}

asio::awaitable<void> await_write(store::Database& db, const store::Work& work) {
  co_await asio::async_initiate<decltype(asio::use_awaitable), void(std::exception_ptr)>(
      [&db, &work](auto handler) {
        auto executor = asio::get_associated_executor(handler);
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        db.write_async(work, [shared, executor](std::exception_ptr error) mutable {
          // Moved out, so that the finished job the database thread destroys later holds no
          // handle on the server's executor: by then the server may be gone (a stop).
          auto target = std::move(executor);
          asio::post(target, [handler = std::move(shared), error]() { (*handler)(error); });
        });
      },
      asio::use_awaitable);
}

}  // namespace trellis::http
