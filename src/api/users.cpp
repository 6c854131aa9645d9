// Staff accounts and their roles per school: district and school administrators; and the
// staff directory every signed-in user chooses colleagues from.
#include <boost/json.hpp>

#include "api/routes.hpp"
#include "domain/access/access.hpp"
#include "domain/auth/secrets.hpp"
#include "domain/users/users.hpp"
#include "domain/views.hpp"
#include "http/context.hpp"
#include "http/json_fields.hpp"
#include "store/users_repo.hpp"

namespace trellis::api {

using namespace http;
namespace json = boost::json;
using domain::Error;

namespace {

// Route-level gates: callers who may read or manage no account anywhere are refused before
// anything is read; each account is then asked about on its own.
void require(const RequestContext& ctx, domain::access::Action action) {
  if (auto refused = domain::access::refusal_everywhere(ctx.caller(), action)) {
    throw RequestError(*refused);
  }
}

void require_user_reader(const RequestContext& ctx) {
  require(ctx, domain::access::Action::read_staff_accounts);
}

void require_user_manager(const RequestContext& ctx) {
  require(ctx, domain::access::Action::manage_staff_accounts);
}

// A staff account with what the caller may do with it.
json::object user_view(const domain::Principal& caller, const store::User& user) {
  auto view = domain::views::user(user);
  view["allowed_actions"] = domain::users::allowed_actions(caller, user);
  return view;
}

std::optional<std::vector<store::RoleGrant>> read_roles(JsonFields& fields) {
  const auto* value = fields.value("roles", Need::optional);
  if (!value) return std::nullopt;
  if (!value->is_array()) {
    fields.fail("roles", "Expected a list of {\"role\", \"school_id\"}.");
    return std::nullopt;
  }
  std::vector<store::RoleGrant> roles;
  for (const auto& item : value->get_array()) {
    const auto* object = item.if_object();
    const auto* role_name = object ? object->if_contains("role") : nullptr;
    const auto role = role_name && role_name->is_string()
                          ? store::parse_role(role_name->get_string())
                          : std::nullopt;
    if (!role) {
      fields.fail("roles",
                  "Each role is district_admin, school_admin, interventionist or teacher.");
      return std::nullopt;
    }
    const auto* school = object->if_contains("school_id");
    if (school && !school->is_null() && !school->is_int64()) {
      fields.fail("roles", "school_id must be an integer.");
      return std::nullopt;
    }
    roles.push_back({*role, school && school->is_int64()
                                ? std::optional<store::Id>(school->get_int64())
                                : std::nullopt});
  }
  return roles;
}

domain::users::UserChanges read_changes(RequestContext& ctx) {
  JsonFields fields(ctx.json_body());
  domain::users::UserChanges changes;
  changes.email = fields.text("email", Need::optional, 254);
  changes.given_name = fields.text("given_name", Need::optional, domain::users::kMaxName);
  changes.family_name = fields.text("family_name", Need::optional, domain::users::kMaxName);
  changes.active = fields.boolean("active", Need::optional);
  changes.roles = read_roles(fields);
  if (auto password = fields.text("password", Need::optional, 200)) {
    if (auto problem = domain::users::password_problem(*password)) {
      fields.fail("password", *problem);
    } else {
      // Hashed here, before the write transaction: argon2id takes tens of milliseconds.
      changes.password_hash = domain::secrets::hash_password(*password);
    }
  }
  fields.done();
  return changes;
}

// The school, name prefix and page a staff list asks for (?school_id=&q=&cursor=&limit=).
store::users::ListFilter list_filter(const RequestContext& ctx) {
  store::users::ListFilter filter;
  filter.school_id = ctx.query_int("school_id");
  filter.query = ctx.query("q");
  filter.after = ctx.cursor();
  filter.limit = ctx.page_limit();
  return filter;
}

// One page of the staff the filter finds, each shown by `view`.
template <class View>
Response staff_page(RequestContext& ctx, const store::users::ListFilter& filter, View view) {
  auto page = ctx.read([&](store::Connection& conn) { return store::users::list(conn, filter); });
  json::array items;
  for (const auto& user : page.items) items.push_back(view(user));
  return ctx.page(std::move(items), page.next_cursor);
}

// Accounts holding a role at a school where the caller may read staff accounts (every
// account for district administrators): the same rule as domain::users::may_read.
asio::awaitable<Response> list_users(RequestContext& ctx) {
  require_user_reader(ctx);
  auto filter = list_filter(ctx);
  filter.any_of_schools =
      domain::access::schools_allowing(ctx.caller(), domain::access::Action::read_staff_accounts);
  co_return staff_page(ctx, filter,
                       [&](const store::User& user) { return user_view(ctx.caller(), user); });
}

// The staff directory, for anyone signed in: whom a task, a case or a meeting can go to. Active
// staff of the caller's schools (everyone for district administrators), names and roles only.
asio::awaitable<Response> list_colleagues(RequestContext& ctx) {
  auto filter = list_filter(ctx);
  filter.any_of_schools = domain::access::staff_directory_schools(ctx.caller());
  filter.active_only = true;
  co_return staff_page(ctx, filter, domain::views::colleague);
}

asio::awaitable<Response> get_user(RequestContext& ctx) {
  require_user_reader(ctx);
  const auto id = ctx.path_id("id");
  auto user = take(ctx.read(
      [&](store::Connection& conn) { return domain::users::find(conn, ctx.caller(), id); }));
  co_return ctx.ok(user_view(ctx.caller(), user));
}

asio::awaitable<Response> create_user(RequestContext& ctx) {
  require_user_manager(ctx);
  auto changes = read_changes(ctx);
  auto user = take(co_await ctx.write([&](store::Connection& conn) {
    return domain::users::create(conn, ctx.caller(), ctx.actor(), changes);
  }));
  co_return ctx.created(user_view(ctx.caller(), user));
}

asio::awaitable<Response> update_user(RequestContext& ctx) {
  require_user_manager(ctx);
  const auto id = ctx.path_id("id");
  auto changes = read_changes(ctx);
  auto user = take(co_await ctx.write([&](store::Connection& conn) {
    return domain::users::update(conn, ctx.caller(), ctx.actor(), id, changes);
  }));
  co_return ctx.ok(user_view(ctx.caller(), user));
}

}  // namespace

void register_users(Router& router) {
  router.add(bhttp::verb::get, "/api/v1/users", list_users);
  router.add(bhttp::verb::get, "/api/v1/staff", list_colleagues);
  router.add(bhttp::verb::post, "/api/v1/users", create_user).body = BodyKind::json;
  router.add(bhttp::verb::get, "/api/v1/users/{id}", get_user);
  router.add(bhttp::verb::patch, "/api/v1/users/{id}", update_user).body = BodyKind::json;
}

}  // namespace trellis::api
