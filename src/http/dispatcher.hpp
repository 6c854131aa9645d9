// Routes each request, establishes who is calling (session cookie + CSRF, or API token),
// checks the media type, runs the handler, maps failures to JSON errors, measures and logs.
#pragma once

#include "http/app.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/types.hpp"

namespace trellis::http {

inline constexpr std::string_view kSessionCookie = "trellis_session";

class Dispatcher final : public RequestHandler {
 public:
  Dispatcher(App& app, Router& router, MetricsRegistry& metrics);

  std::size_t body_limit(const bhttp::request_header<>& header) const override;
  asio::awaitable<Response> handle(Request request, const ConnectionInfo& peer) override;
  Response transport_error(unsigned version, bhttp::status status, std::string code,
                           std::string message) const override;

 private:
  asio::awaitable<Response> run_route(const Route& route, RequestContext& ctx);
  asio::awaitable<void> authenticate(RequestContext& ctx);

  App& app_;
  Router& router_;
  RouteMetrics& unmatched_;
};

}  // namespace trellis::http
