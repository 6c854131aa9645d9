#include "http/dispatcher.hpp"

#include <spdlog/spdlog.h>

#include <boost/url/parse.hpp>
#include <chrono>

#include "domain/auth/sign_in.hpp"
#include "http/context.hpp"
#include "http/errors.hpp"
#include "http/spooled_body.hpp"
#include "util/text.hpp"

namespace trellis::http {

using domain::Error;
using domain::ErrorKind;

namespace {

// Boundaries, part headers (a 255-byte name percent-encoded is 765 bytes) and small fields.
constexpr std::size_t kMultipartFramingAllowance = 64 * 1024;

bool is_unsafe(bhttp::verb method) {
  return method != bhttp::verb::get && method != bhttp::verb::head &&
         method != bhttp::verb::options;
}

std::optional<std::string> cookie_value(const Request& request, std::string_view name) {
  auto header = request[bhttp::field::cookie];
  while (!header.empty()) {
    auto end = header.find(';');
    auto pair = header.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return std::nullopt;
}

std::optional<std::string> bearer_token(const Request& request) {
  auto header = request[bhttp::field::authorization];
  constexpr std::string_view prefix = "Bearer ";
  if (!header.starts_with(prefix)) return std::nullopt;
  return std::string(header.substr(prefix.size()));
}

bool media_type_is(const Request& request, std::string_view wanted) {
  auto type = request[bhttp::field::content_type];
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  if (type.size() != wanted.size()) return false;
  for (std::size_t i = 0; i < type.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(type[i])) != wanted[i]) return false;
  }
  return true;
}

void check_media_type(const Route& route, const Request& request) {
  if (route.body == BodyKind::none) return;
  if (route.body == BodyKind::json && request.body().empty() &&
      request[bhttp::field::content_type].empty()) {
    return;  // an empty body is read as {} by handlers that allow it
  }
  if (route.body == BodyKind::archive) {
    if (media_type_is(request, "application/zip") ||
        media_type_is(request, "multipart/form-data")) {
      return;
    }
    throw RequestError(Error{ErrorKind::unsupported, "unsupported_media_type",
                             "Send the zip as application/zip or as the multipart field file."});
  }
  const auto wanted = route.body == BodyKind::json ? "application/json" : "multipart/form-data";
  if (!media_type_is(request, wanted)) {
    throw RequestError(Error{ErrorKind::unsupported, "unsupported_media_type",
                             std::string("Send the body as ") + wanted + "."});
  }
}

// Behind a trusted load balancer the peer is the balancer; the client is the last address it
// appended to X-Forwarded-For (earlier entries come from the client and can be forged).
ConnectionInfo client_of(const Request& request, const ConnectionInfo& peer, bool trust_proxy) {
  const auto forwarded = request["X-Forwarded-For"];
  if (!trust_proxy || forwarded.empty()) return peer;
  auto last = forwarded.substr(forwarded.rfind(',') + 1);
  while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
  return ConnectionInfo{std::string(last), request["X-Forwarded-Proto"] == "https"};
}

Error not_signed_in() {
  return {ErrorKind::unauthorized, "not_signed_in",
          "Sign in first: the session is missing, has expired or was ended."};
}

}  // namespace

Dispatcher::Dispatcher(App& app, Router& router, MetricsRegistry& metrics, const StaticSite* site)
    : app_(app),
      router_(router),
      unmatched_(metrics.route("ANY", "unmatched")),
      site_(site),
      ui_(metrics.route("GET", "web UI")) {
  for (auto& route : router_.routes()) {
    route->metrics = &metrics.route(std::string(bhttp::to_string(route->method)), route->pattern);
  }
}

std::uint64_t Dispatcher::body_limit(const Route& route) const {
  // Uploads follow the operator's limit for one file, with room for the multipart framing;
  // the upload handler holds the file itself to max_upload_bytes exactly.
  if (route.body == BodyKind::multipart) {
    return app_.config.max_upload_bytes + kMultipartFramingAllowance;
  }
  return route.body_limit;
}

Response Dispatcher::transport_error(unsigned version, bhttp::status status, std::string code,
                                     std::string message) const {
  auto kind =
      status == bhttp::status::payload_too_large ? ErrorKind::too_large : ErrorKind::bad_request;
  auto response = error_response(version, false, Error{kind, std::move(code), std::move(message)});
  response.result(status);
  return response;
}

asio::awaitable<void> Dispatcher::authenticate(RequestContext& ctx) {
  const auto& request = ctx.request;
  if (auto token = bearer_token(request)) {
    auto found = ctx.read([&](store::Connection& conn) {
      return domain::auth::find_api_token(conn, app_.auth_policy, *token);
    });
    if (!found) throw RequestError(not_signed_in());
    ctx.principal = std::move(found->principal);
    if (found->needs_touch) {
      const auto id = *ctx.principal->api_token_id;
      co_await ctx.write(
          [id](store::Connection& conn) { domain::auth::touch_api_token(conn, id); });
    }
    co_return;
  }
  auto cookie = cookie_value(request, kSessionCookie);
  if (!cookie) throw RequestError(not_signed_in());
  auto session = ctx.read([&](store::Connection& conn) {
    return domain::auth::find_session(conn, app_.auth_policy, *cookie);
  });
  if (!session) throw RequestError(not_signed_in());
  if (is_unsafe(request.method())) {
    // Cookies ride along on cross-site requests; the CSRF token in a header does not.
    const auto sent = request["X-CSRF-Token"];
    if (sent.empty() || sent != session->principal.csrf_token) {
      throw RequestError(Error{ErrorKind::forbidden, "csrf_token_invalid",
                               "Send the X-CSRF-Token header you received at sign-in."});
    }
  }
  ctx.principal = std::move(session->principal);
  if (session->needs_touch) {
    const auto id = *ctx.principal->session_id;
    co_await ctx.write([id](store::Connection& conn) { domain::auth::touch_session(conn, id); });
  }
}

// Uploads and imports go to a file under the data directory, everything else (at most the
// route's limit, 1 MB unless it says otherwise) to memory.
asio::awaitable<void> Dispatcher::receive_body(const Route& route, RequestContext& ctx,
                                               RequestBody& body) {
  const auto limit = body_limit(route);
  try {
    if (route.body == BodyKind::multipart || route.body == BodyKind::archive) {
      check_media_type(route, ctx.request);
      ctx.spooled_body.emplace(
          co_await SpooledBody::receive(body, app_.config.data_dir / "tmp", limit));
    } else {
      ctx.request.body() = co_await body.read(limit);
      check_media_type(route, ctx.request);
    }
  } catch (const BodyError& e) {
    const auto kind = e.status == static_cast<unsigned>(bhttp::status::payload_too_large)
                          ? ErrorKind::too_large
                          : ErrorKind::bad_request;
    throw RequestError(Error{kind, e.code, e.what()});
  }
}

// Nothing of the body is read before the caller is known and the route is theirs: a refused
// request is answered from its header, and the transport closes the connection on the body.
asio::awaitable<Response> Dispatcher::run_route(const Route& route, RequestContext& ctx,
                                                RequestBody& body) {
  if (route.auth == Auth::signed_in) co_await authenticate(ctx);
  if (route.gate && ctx.principal) {
    if (auto refused = route.gate(*ctx.principal)) throw RequestError(std::move(*refused));
  }
  co_await receive_body(route, ctx, body);
  co_return co_await route.handler(ctx);
}

bool Dispatcher::serves_ui(const Request& request, const Match& match,
                           std::string_view path) const {
  return site_ && !match.route && !match.path_known && StaticSite::answers(request.method(), path);
}

asio::awaitable<Response> Dispatcher::handle(Request request, RequestBody& body,
                                             const ConnectionInfo& transport_peer) {
  const auto peer = client_of(request, transport_peer, app_.config.trust_proxy);
  const auto started = std::chrono::steady_clock::now();
  const auto target = std::string(request.target());
  const auto version = request.version();
  const auto keep_alive = request.keep_alive();
  auto url = boost::urls::parse_origin_form(target);
  const auto path = url ? std::string(url->path()) : target.substr(0, target.find('?'));
  const auto match = router_.match(request.method(), path);

  std::optional<Response> response;
  std::exception_ptr failure;
  std::optional<store::Id> user_id;
  const bool ui = url && serves_ui(request, match, path);
  if (!url) {
    response = error_response(version, keep_alive,
                              Error{ErrorKind::bad_request, "bad_target", "The URL is malformed."});
  } else if (ui) {
    response = site_->respond(version, keep_alive, path);
  } else if (!match.route) {
    response = error_response(
        version, keep_alive,
        match.path_known
            ? Error{ErrorKind::bad_request, "method_not_allowed",
                    "This resource does not answer " + std::string(request.method_string()) + "."}
            : Error{ErrorKind::not_found, "not_found", "There is nothing at this address."});
    if (match.path_known) response->result(bhttp::status::method_not_allowed);
  } else {
    RequestContext ctx(request, peer, app_, match.params, *url);
    try {
      response = co_await run_route(*match.route, ctx, body);
    } catch (...) {
      failure = std::current_exception();
    }
    if (failure) response = exception_response(version, keep_alive, failure);
    if (ctx.principal) user_id = ctx.principal->user_id;
  }

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const auto status = response->result_int();
  auto& metrics = match.route ? *match.route->metrics : (ui ? ui_ : unmatched_);
  metrics.observe(status, seconds);
  // The access log names the route, never the query string: it may hold students' names. An
  // unrouted path is escaped: a decoded %0a must not start a forged line.
  // UI files are many per page view and say nothing about who saw what: counted, not logged.
  if (!ui && (!match.route || match.route->log_requests)) {
    spdlog::info("{} {} {} {} {:.2f}ms user={}", peer.client_address, request.method_string(),
                 match.route ? match.route->pattern : util::escaped(path), status, seconds * 1000,
                 user_id ? std::to_string(*user_id) : "-");
  }
  co_return std::move(*response);
}

}  // namespace trellis::http
