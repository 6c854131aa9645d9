// A person's own notifications in the app: the list (newest first), the bell's unread count,
// and marking one or all read. Nobody reads another's.
#include <boost/json.hpp>

#include "api/routes.hpp"
#include "domain/notifications/notifications.hpp"
#include "http/context.hpp"

namespace trellis::api {

using namespace http;
namespace json = boost::json;
namespace notifications = domain::notifications;

namespace {

asio::awaitable<Response> list_notifications(RequestContext& ctx) {
  const bool unread_only = ctx.query("unread").value_or("") == "true";
  auto inbox = ctx.read([&](store::Connection& conn) {
    return notifications::inbox(conn, ctx.caller(), ctx.cursor(), ctx.page_limit(), unread_only);
  });
  json::array items;
  for (const auto& row : inbox.page.items) items.push_back(notifications::view(row));
  co_return ctx.ok(
      json::object{{"items", std::move(items)},
                   {"next_cursor", inbox.page.next_cursor ? json::value(*inbox.page.next_cursor)
                                                          : json::value(nullptr)},
                   {"unread_count", inbox.unread}});
}

asio::awaitable<Response> unread_count(RequestContext& ctx) {
  const auto unread = ctx.read([&](store::Connection& conn) {
    return store::notifications::unread_count(conn, ctx.caller().user_id);
  });
  co_return ctx.ok(json::object{{"unread_count", unread}});
}

asio::awaitable<Response> mark_read(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  take(co_await ctx.write(
      [&](store::Connection& conn) { return notifications::mark_read(conn, ctx.caller(), id); }));
  co_return ctx.no_content();
}

asio::awaitable<Response> mark_all_read(RequestContext& ctx) {
  const auto marked = co_await ctx.write(
      [&](store::Connection& conn) { return notifications::mark_all_read(conn, ctx.caller()); });
  co_return ctx.ok(json::object{{"marked", marked}});
}

}  // namespace

void register_notifications(Router& router) {
  router.add(bhttp::verb::get, "/api/v1/notifications", list_notifications);
  router.add(bhttp::verb::get, "/api/v1/notifications/unread-count", unread_count);
  router.add(bhttp::verb::post, "/api/v1/notifications/read-all", mark_all_read);
  router.add(bhttp::verb::post, "/api/v1/notifications/{id}/read", mark_read);
}

}  // namespace trellis::api
