// Routes each request, establishes who is calling (session cookie + CSRF, or API token) and
// whether the route is theirs to use from the header alone, and only then reads the body
// (into memory, or into a file for uploads and imports); checks the media type, runs the
// handler, maps failures to JSON errors, measures and logs.
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

  asio::awaitable<Response> handle(Request request, RequestBody& body,
                                   const ConnectionInfo& peer) override;
  Response transport_error(unsigned version, bhttp::status status, std::string code,
                           std::string message) const override;

 private:
  asio::awaitable<Response> run_route(const Route& route, RequestContext& ctx, RequestBody& body);
  asio::awaitable<void> authenticate(RequestContext& ctx);
  asio::awaitable<void> receive_body(const Route& route, RequestContext& ctx, RequestBody& body);
  std::uint64_t body_limit(const Route& route) const;
  bool serves_ui(const Request& request, const Match& match, std::string_view path) const;

  App& app_;
  Router& router_;
  RouteMetrics& unmatched_;
  const StaticSite* site_;
  RouteMetrics& ui_;
};

}  // namespace trellis::http
