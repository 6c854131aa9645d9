// Routes each request, establishes who is calling (session cookie + CSRF, or API token),
// checks the media type, runs the handler, maps failures to JSON errors, measures and logs.
// Reads outside /api/ that no route takes go to the web UI, when there is one.
#pragma once

#include "http/app.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/static_site.hpp"
#include "http/types.hpp"

namespace trellis::http {

inline constexpr std::string_view kSessionCookie = "trellis_session";

class Dispatcher final : public RequestHandler {
 public:
  // `site` (may be null: API only) must outlive the dispatcher.
  Dispatcher(App& app, Router& router, MetricsRegistry& metrics, const StaticSite* site = nullptr);

  std::size_t body_limit(const bhttp::request_header<>& header) const override;
  asio::awaitable<Response> handle(Request request, const ConnectionInfo& peer) override;
  Response transport_error(unsigned version, bhttp::status status, std::string code,
                           std::string message) const override;

 private:
  asio::awaitable<Response> run_route(const Route& route, RequestContext& ctx);
  asio::awaitable<void> authenticate(RequestContext& ctx);
  bool serves_ui(const Request& request, const Match& match, std::string_view path) const;

  App& app_;
  Router& router_;
  RouteMetrics& unmatched_;
  const StaticSite* site_;
  RouteMetrics& ui_;
};

}  // namespace trellis::http
