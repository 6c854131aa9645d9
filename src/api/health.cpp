// Liveness, readiness and Prometheus metrics: unauthenticated, for load balancers and
// monitoring.
#include <boost/json.hpp>

#include "api/routes.hpp"
#include "http/context.hpp"

namespace trellis::api {

using namespace http;

void register_health(Router& router, MetricsRegistry& metrics) {
  router
      .add(bhttp::verb::get, "/healthz",
           [](RequestContext& ctx) -> asio::awaitable<Response> {
             co_return ctx.ok(boost::json::object{{"status", "ok"}});
           })
      .auth = Auth::none;

  router
      .add(bhttp::verb::get, "/readyz",
           [](RequestContext& ctx) -> asio::awaitable<Response> {
             if (ctx.app.db.ping()) co_return ctx.ok(boost::json::object{{"status", "ready"}});
             co_return ctx.json(
                 bhttp::status::service_unavailable,
                 boost::json::object{{"error",
                                      {{"code", "database_unreachable"},
                                       {"message", "The database does not answer."}}}});
           })
      .auth = Auth::none;

  router
      .add(bhttp::verb::get, "/metrics",
           [&metrics](RequestContext& ctx) -> asio::awaitable<Response> {
             co_return ctx.text(bhttp::status::ok, "text/plain; version=0.0.4; charset=utf-8",
                                metrics.render());
           })
      .auth = Auth::none;
}

}  // namespace trellis::api
