// A person's own notifications in the app: the list (newest first), the bell's unread count,
// and marking one or all read. Nobody reads another's.
#include <boost/json.hpp>

#include "api/route_policy.hpp"
#include "api/routes.hpp"
#include "domain/access/access.hpp"
#include "domain/notifications/notifications.hpp"
#include "domain/notifications/preferences.hpp"
#include "http/context.hpp"
#include "http/json_fields.hpp"

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

// {"kind": "immediately" | "digest" | "app" | "off" | null, ...}: null goes back to the
// default. Unknown kinds and deliveries are reported to `fields`, each under its path.
notifications::Choices read_choices(JsonFields& fields, const json::object& object,
                                    std::string_view member) {
  notifications::Choices choices;
  for (const auto& [key, value] : object) {
    const auto kind = notifications::kind_named(key);
    const auto path = std::string(member) + "." + std::string(key);
    if (!kind) {
      fields.fail(path, "Not a kind of notification.");
      continue;
    }
    if (value.is_null()) {
      choices[*kind] = std::nullopt;
      continue;
    }
    const auto delivery =
        value.is_string() ? notifications::delivery_named(value.get_string()) : std::nullopt;
    if (!delivery) {
      fields.fail(path, "Expected \"immediately\", \"digest\", \"app\", \"off\" or null.");
      continue;
    }
    choices[*kind] = delivery;
  }
  return choices;
}

asio::awaitable<Response> get_preferences(RequestContext& ctx) {
  co_return ctx.ok(ctx.read([&](store::Connection& conn) {
    return notifications::preferences_view(conn, ctx.caller());
  }));
}

asio::awaitable<Response> put_preferences(RequestContext& ctx) {
  const auto& body = ctx.json_body();
  JsonFields fields(body);
  const auto* object = fields.object("preferences", Need::required);
  const auto choices =
      object ? read_choices(fields, *object, "preferences") : notifications::Choices{};
  fields.done();
  auto view = co_await ctx.write([&](store::Connection& conn) {
    notifications::choose(conn, ctx.actor(), ctx.caller().user_id, choices);
    return notifications::preferences_view(conn, ctx.caller());
  });
  co_return ctx.ok(view);
}

asio::awaitable<Response> get_defaults(RequestContext& ctx) {
  require_allowed(ctx, domain::access::Action::manage_notification_defaults);
  co_return ctx.ok(ctx.read(
      [&](store::Connection& conn) { return notifications::district_defaults_view(conn); }));
}

asio::awaitable<Response> put_defaults(RequestContext& ctx) {
  require_allowed(ctx, domain::access::Action::manage_notification_defaults);
  // Either or both: the kinds' default deliveries, and whether e-mails name the student.
  const auto& body = ctx.json_body();
  JsonFields fields(body);
  const auto* object = fields.object("defaults", Need::optional);
  const auto defaults =
      object ? read_choices(fields, *object, "defaults") : notifications::Choices{};
  const auto names_text = fields.text("student_names_in_email", Need::optional, 40);
  std::optional<notifications::StudentNames> names;
  if (names_text) {
    names = notifications::student_names_named(*names_text);
    if (!names) {
      fields.fail("student_names_in_email", "Expected \"none\" or \"first_name_last_initial\".");
    }
  }
  if (!object && !names_text && !fields.has("student_names_in_email")) {
    fields.fail("defaults", "Give the defaults, student_names_in_email, or both.");
  }
  fields.done();
  auto view = co_await ctx.write([&](store::Connection& conn) {
    notifications::set_district_defaults(conn, ctx.actor(), defaults, names);
    return notifications::district_defaults_view(conn);
  });
  co_return ctx.ok(view);
}

}  // namespace

void register_notifications(Router& router) {
  router.add(bhttp::verb::get, "/api/v1/notifications/preferences", get_preferences);
  router.add(bhttp::verb::put, "/api/v1/notifications/preferences", put_preferences).body =
      BodyKind::json;
  router.add(bhttp::verb::get, "/api/v1/admin/notification-defaults", get_defaults);
  router.add(bhttp::verb::put, "/api/v1/admin/notification-defaults", put_defaults).body =
      BodyKind::json;
  router.add(bhttp::verb::get, "/api/v1/notifications", list_notifications);
  router.add(bhttp::verb::get, "/api/v1/notifications/unread-count", unread_count);
  router.add(bhttp::verb::post, "/api/v1/notifications/read-all", mark_all_read);
  router.add(bhttp::verb::post, "/api/v1/notifications/{id}/read", mark_read);
}

}  // namespace trellis::api
