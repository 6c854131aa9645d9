// Liveness, readiness and Prometheus metrics: unauthenticated, for load balancers and
// monitoring.
#include <boost/json.hpp>

#include "api/routes.hpp"
#include "http/context.hpp"

namespace trellis::api {

using namespace http;

// Open to all (no sign-in): api/route_policy.cpp says so, for these as for every route.
void register_health(Router& router, MetricsRegistry& metrics) {
  router.add(bhttp::verb::get, "/healthz", [](RequestContext& ctx) -> asio::awaitable<Response> {
    co_return ctx.ok(boost::json::object{{"status", "ok"}});
  });

  router.add(bhttp::verb::get, "/readyz", [](RequestContext& ctx) -> asio::awaitable<Response> {
    if (ctx.app.db.ping()) co_return ctx.ok(boost::json::object{{"status", "ready"}});
    co_return ctx.json(bhttp::status::service_unavailable,
                       boost::json::object{{"error",
                                            {{"code", "database_unreachable"},
                                             {"message", "The database does not answer."}}}});
  });

  router.add(bhttp::verb::get, "/metrics",
             [&metrics](RequestContext& ctx) -> asio::awaitable<Response> {
               co_return ctx.text(bhttp::status::ok, "text/plain; version=0.0.4; charset=utf-8",
                                  metrics.render());
             });
}

}  // namespace trellis::api
