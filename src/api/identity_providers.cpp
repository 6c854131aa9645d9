// Single sign-on: the district's identity providers (OpenID Connect), configured by district
// administrators. The client secret is write-only: accepted, never answered.
#include <boost/json.hpp>

#include "api/provider_directory.hpp"
#include "api/route_policy.hpp"
#include "api/routes.hpp"
#include "api/single_sign_on.hpp"
#include "domain/access/access.hpp"
#include "domain/auth/identity_providers.hpp"
#include "domain/auth/password_sign_in.hpp"
#include "http/context.hpp"
#include "http/json_fields.hpp"
#include "util/text.hpp"

namespace trellis::api {

using namespace http;
namespace json = boost::json;
namespace providers = domain::auth::providers;

namespace {

providers::IssuerPolicy issuer_policy(const RequestContext& ctx) {
  return {ctx.app.config.oidc_allow_http_loopback};
}

std::optional<std::vector<std::string>> read_domains(JsonFields& fields) {
  const auto* value = fields.value("allowed_domains", Need::optional);
  if (!value) return std::nullopt;
  std::vector<std::string> domains;
  const auto* list = value->if_array();
  for (const auto& item : list ? *list : json::array{}) {
    if (!item.is_string()) break;
    domains.emplace_back(item.get_string());
  }
  if (!list || domains.size() != list->size()) {
    fields.fail("allowed_domains", "Expected a list of domains.");
    return std::nullopt;
  }
  return domains;
}

// A text that may be sent as null to clear it.
std::optional<std::optional<std::string>> read_clearable(JsonFields& fields, std::string_view key) {
  if (!fields.has(key)) return std::nullopt;
  if (!fields.value(key, Need::optional)) return std::optional<std::string>{};
  auto text = fields.text(key, Need::optional, 100);
  if (!text) return std::nullopt;
  return std::optional<std::string>(util::trimmed(*text));
}

providers::ProviderChanges read_changes(RequestContext& ctx) {
  JsonFields fields(ctx.json_body());
  providers::ProviderChanges c;
  c.name = fields.text("name", Need::optional, providers::kMaxName);
  c.button_label = fields.text("button_label", Need::optional, providers::kMaxButtonLabel);
  c.issuer = fields.text("issuer", Need::optional, providers::kMaxUrl);
  c.client_id = fields.text("client_id", Need::optional, providers::kMaxClientId);
  c.client_secret = fields.text("client_secret", Need::optional, providers::kMaxClientSecret);
  c.scopes = fields.text("scopes", Need::optional, providers::kMaxUrl);
  c.allowed_domains = read_domains(fields);
  c.hosted_domain = read_clearable(fields, "hosted_domain");
  c.tenant_id = read_clearable(fields, "tenant_id");
  c.enabled = fields.boolean("enabled", Need::optional);
  fields.done();
  return c;
}

// The provider as an administrator sees it, with the redirect URI to register there.
json::object admin_view(const RequestContext& ctx, const store::IdentityProviderRow& row) {
  auto view = providers::view(row);
  view["redirect_uri"] = sso_redirect_uri(ctx);
  return view;
}

asio::awaitable<Response> list_providers(RequestContext& ctx) {
  require_allowed(ctx, domain::access::Action::manage_identity_providers);
  auto rows =
      ctx.read([&](store::Connection& conn) { return store::identity_providers::all(conn); });
  json::array items;
  for (const auto& row : rows) items.push_back(admin_view(ctx, row));
  co_return ctx.ok(json::object{{"items", std::move(items)}});
}

asio::awaitable<Response> create_provider(RequestContext& ctx) {
  require_allowed(ctx, domain::access::Action::manage_identity_providers);
  const auto changes = read_changes(ctx);
  auto row = take(co_await ctx.write([&](store::Connection& conn) {
    return providers::create(conn, ctx.actor(), changes, issuer_policy(ctx));
  }));
  co_return ctx.created(admin_view(ctx, row));
}

asio::awaitable<Response> get_provider(RequestContext& ctx) {
  require_allowed(ctx, domain::access::Action::manage_identity_providers);
  const auto id = ctx.path_id("id");
  auto row = take(ctx.read([&](store::Connection& conn) { return providers::find(conn, id); }));
  co_return ctx.ok(admin_view(ctx, row));
}

asio::awaitable<Response> update_provider(RequestContext& ctx) {
  require_allowed(ctx, domain::access::Action::manage_identity_providers);
  const auto id = ctx.path_id("id");
  const auto changes = read_changes(ctx);
  auto row = take(co_await ctx.write([&](store::Connection& conn) {
    return providers::update(conn, ctx.actor(), id, changes, issuer_policy(ctx));
  }));
  co_return ctx.ok(admin_view(ctx, row));
}

// Reads the provider's discovery document and keys now, as a sign-in would: what an
// administrator checks before turning the provider on. Changes nothing.
asio::awaitable<Response> check_provider(RequestContext& ctx) {
  require_allowed(ctx, domain::access::Action::manage_identity_providers);
  const auto id = ctx.path_id("id");
  auto row = take(ctx.read([&](store::Connection& conn) { return providers::find(conn, id); }));
  std::optional<LiveProvider> live;
  std::string problem = "Single sign-on is not available on this server.";
  try {
    if (ctx.app.providers) live = co_await ctx.app.providers->fetch(row);
  } catch (const ProviderUnavailable& error) {
    problem = error.what();
  }
  if (!live) co_return ctx.ok(json::object{{"ok", false}, {"problem", problem}});
  json::array algorithms;
  for (const auto& alg : live->metadata.signing_algorithms) algorithms.emplace_back(alg);
  co_return ctx.ok(json::object{{"ok", true},
                                {"issuer", live->metadata.issuer},
                                {"authorization_endpoint", live->metadata.authorization_endpoint},
                                {"token_endpoint", live->metadata.token_endpoint},
                                {"jwks_uri", live->metadata.jwks_uri},
                                {"signing_algorithms", std::move(algorithms)},
                                {"keys", live->keys->size()},
                                {"redirect_uri", sso_redirect_uri(ctx)}});
}

asio::awaitable<Response> get_sign_in_settings(RequestContext& ctx) {
  require_allowed(ctx, domain::access::Action::manage_identity_providers);
  auto settings =
      ctx.read([&](store::Connection& conn) { return domain::auth::sign_in_settings(conn); });
  co_return ctx.ok(domain::auth::view(settings));
}

asio::awaitable<Response> put_sign_in_settings(RequestContext& ctx) {
  require_allowed(ctx, domain::access::Action::manage_identity_providers);
  JsonFields fields(ctx.json_body());
  const auto mode = fields.text("password_sign_in", Need::required, 40);
  if (mode && *mode != "everyone" && *mode != "break_glass_only") {
    fields.fail("password_sign_in", "Expected \"everyone\" or \"break_glass_only\".");
  }
  domain::auth::SignInSettings wanted;
  wanted.password_sign_in = mode == "break_glass_only"
                                ? domain::auth::PasswordSignIn::break_glass_only
                                : domain::auth::PasswordSignIn::everyone;
  if (auto ids = fields.ids("break_glass_user_ids", Need::optional)) {
    wanted.break_glass_user_ids = std::move(*ids);
  }
  fields.done();
  auto settings = take(co_await ctx.write([&](store::Connection& conn) {
    return domain::auth::change_sign_in_settings(conn, ctx.actor(), wanted);
  }));
  co_return ctx.ok(domain::auth::view(settings));
}

}  // namespace

void register_identity_providers(Router& router) {
  router.add(bhttp::verb::get, "/api/v1/admin/identity-providers", list_providers);
  router.add(bhttp::verb::post, "/api/v1/admin/identity-providers", create_provider).body =
      BodyKind::json;
  router.add(bhttp::verb::get, "/api/v1/admin/identity-providers/{id}", get_provider);
  router.add(bhttp::verb::patch, "/api/v1/admin/identity-providers/{id}", update_provider).body =
      BodyKind::json;
  router.add(bhttp::verb::post, "/api/v1/admin/identity-providers/{id}/check", check_provider);
  router.add(bhttp::verb::get, "/api/v1/admin/sign-in-settings", get_sign_in_settings);
  router.add(bhttp::verb::put, "/api/v1/admin/sign-in-settings", put_sign_in_settings).body =
      BodyKind::json;
}

}  // namespace trellis::api
