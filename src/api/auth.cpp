// Sign-in, sign-out, the caller, and API tokens.
#include <boost/json.hpp>

#include "api/routes.hpp"
#include "api/session_cookie.hpp"
#include "domain/access/access.hpp"
#include "domain/auth/sign_in.hpp"
#include "domain/demo/demo_district.hpp"
#include "domain/views.hpp"
#include "http/context.hpp"
#include "http/dispatcher.hpp"
#include "http/json_fields.hpp"
#include "store/sessions_repo.hpp"
#include "store/users_repo.hpp"

namespace trellis::api {

using namespace http;
namespace auth = domain::auth;
namespace json = boost::json;

namespace {

json::object me(const domain::Principal& p) {
  json::array roles;
  for (const auto& grant : p.roles) {
    roles.push_back(json::object{
        {"role", store::role_name(grant.role)},
        {"school_id", grant.school_id ? json::value(*grant.school_id) : json::value(nullptr)}});
  }
  return {{"id", p.user_id},
          {"email", p.email},
          {"given_name", p.given_name},
          {"family_name", p.family_name},
          {"name", p.display_name()},
          {"roles", std::move(roles)}};
}

// Only a demo server lists them: a district's own sign-in page must not advertise accounts.
asio::awaitable<Response> demo_sign_ins(RequestContext& ctx) {
  if (!ctx.app.config.demo) {
    throw RequestError(domain::Error::not_found("A demo district on this server"));
  }
  json::array sign_ins;
  for (const auto& s : domain::demo::featured_sign_ins()) {
    sign_ins.push_back(
        {{"role", s.role},
         {"email", s.email},
         {"school", s.school.empty() ? json::value(nullptr) : json::value(s.school)}});
  }
  co_return ctx.ok(
      json::object{{"password", domain::demo::kDemoPassword}, {"sign_ins", std::move(sign_ins)}});
}

asio::awaitable<Response> sign_in(RequestContext& ctx) {
  JsonFields fields(ctx.json_body());
  auto email = fields.text("email", Need::required, 254);
  auto password = fields.text("password", Need::required, 200);
  fields.done();
  auth::Client client{ctx.peer.client_address,
                      std::string(ctx.request[bhttp::field::user_agent].substr(0, 300))};
  // The attempt is counted (committed) before its password is checked; 429 writes nothing.
  auto attempt = take(co_await ctx.write([&](store::Connection& conn) {
    return auth::begin_sign_in(conn, ctx.app.auth_policy, *email, client);
  }));
  auth::verify_sign_in(attempt, *password);
  // The failure is recorded (and committed) before the error is answered.
  auto finished = co_await ctx.write([&](store::Connection& conn) {
    return domain::CommitEvenIfFailed<auth::SignedIn>{
        auth::finish_sign_in(conn, ctx.app.auth_policy, attempt)};
  });
  auto signed_in = take(std::move(finished.outcome));
  auto response = ctx.ok(json::object{{"user", me(signed_in.principal)},
                                      {"csrf_token", signed_in.principal.csrf_token}});
  response.set(bhttp::field::set_cookie,
               session_cookie(ctx, signed_in.session_token,
                              ctx.app.auth_policy.absolute_timeout_us / 1'000'000));
  co_return response;
}

asio::awaitable<Response> sign_out(RequestContext& ctx) {
  co_await ctx.write([&](store::Connection& conn) {
    auth::sign_out(conn, ctx.caller(), ctx.peer.client_address);
  });
  auto response = ctx.no_content();
  response.set(bhttp::field::set_cookie, session_cookie(ctx, "", 0));
  co_return response;
}

asio::awaitable<Response> whoami(RequestContext& ctx) {
  json::object body{{"user", me(ctx.caller())},
                    {"allowed_actions", domain::access::actions_allowed_somewhere(ctx.caller())}};
  if (ctx.caller().session_id) body["csrf_token"] = ctx.caller().csrf_token;
  co_return ctx.ok(body);
}

asio::awaitable<Response> create_token(RequestContext& ctx) {
  JsonFields fields(ctx.json_body());
  auto name = fields.text("name", Need::required, domain::auth::kMaxTokenName);
  fields.done();
  auto created = take(co_await ctx.write([&](store::Connection& conn) {
    return auth::create_api_token(conn, ctx.caller(), *name, ctx.peer.client_address);
  }));
  auto body = domain::views::api_token(created.token);
  body["token"] = created.secret;
  co_return ctx.created(body);
}

asio::awaitable<Response> list_tokens(RequestContext& ctx) {
  auto tokens = ctx.read([&](store::Connection& conn) {
    return store::api_tokens::list_for_user(conn, ctx.caller().user_id);
  });
  json::array items;
  for (const auto& token : tokens) items.push_back(domain::views::api_token(token));
  co_return ctx.ok(json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
}

asio::awaitable<Response> revoke_token(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  take(co_await ctx.write([&](store::Connection& conn) {
    return auth::revoke_api_token(conn, ctx.caller(), id, ctx.peer.client_address);
  }));
  co_return ctx.no_content();
}

}  // namespace

void register_auth(Router& router) {
  // Which of these need no sign-in (login, demo-sign-ins) is api/route_policy.cpp's to say.
  router.add(bhttp::verb::post, "/api/v1/auth/login", sign_in).body = BodyKind::json;
  router.add(bhttp::verb::post, "/api/v1/auth/logout", sign_out);
  router.add(bhttp::verb::get, "/api/v1/auth/me", whoami);
  router.add(bhttp::verb::get, "/api/v1/auth/demo-sign-ins", demo_sign_ins);
  router.add(bhttp::verb::post, "/api/v1/auth/tokens", create_token).body = BodyKind::json;
  router.add(bhttp::verb::get, "/api/v1/auth/tokens", list_tokens);
  router.add(bhttp::verb::delete_, "/api/v1/auth/tokens/{id}", revoke_token);
}

}  // namespace trellis::api
