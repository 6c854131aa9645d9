#include <boost/json.hpp>

#include "api/routes.hpp"
#include "domain/views.hpp"
#include "http/context.hpp"
#include "store/students_repo.hpp"

namespace trellis::api {

using namespace http;

namespace {
asio::awaitable<Response> list_schools(RequestContext& ctx) {
  auto schools = ctx.read([](store::Connection& conn) { return store::schools::list(conn); });
  boost::json::array items;
  for (const auto& school : schools) items.push_back(domain::views::school(school));
  co_return ctx.ok(boost::json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
}
}  // namespace

void register_schools(Router& router) {
  router.add(bhttp::verb::get, "/api/v1/schools", list_schools);
}

}  // namespace trellis::api
