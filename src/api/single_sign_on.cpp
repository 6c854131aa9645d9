// Single sign-on routes: the providers the sign-in page offers, starting a sign-in at one, the
// provider's redirect back, and what a refusal's code means. Everything a browser navigates to
// here answers a redirect, never JSON: to the provider, to the page the person was going to,
// or to the sign-in page with the refusal's code (?sso_error=CODE), which shows its sentence.
#include "api/single_sign_on.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include "api/provider_directory.hpp"
#include "api/routes.hpp"
#include "api/session_cookie.hpp"
#include "domain/auth/oidc_sign_in.hpp"
#include "domain/auth/password_sign_in.hpp"
#include "domain/auth/sign_in_problems.hpp"
#include "http/context.hpp"
#include "util/time.hpp"

namespace trellis::api {

using namespace http;
namespace json = boost::json;
namespace auth = domain::auth;
namespace oidc = domain::auth::oidc;

namespace {

using ProviderRow = store::IdentityProviderRow;
using Checked = std::variant<oidc::Identity, oidc::Refusal>;

// What a provider's error text may add to the audit log.
constexpr std::size_t kMaxReasonDetail = 200;

auth::Client client_of(const RequestContext& ctx) {
  return {ctx.peer.client_address,
          std::string(ctx.request[bhttp::field::user_agent].substr(0, 300))};
}

std::string clipped(std::string_view text) {
  std::string out;
  for (const unsigned char c : text.substr(0, kMaxReasonDetail)) {
    out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
  }
  return out;
}

Response redirect(const RequestContext& ctx, const std::string& location) {
  auto response = ctx.text(bhttp::status::found, "text/plain; charset=utf-8", "");
  response.set(bhttp::field::location, location);
  response.set(bhttp::field::cache_control, "no-store");
  // The callback's URL holds the code and state: no Referer carries them to the next page.
  response.set("Referrer-Policy", "no-referrer");
  return response;
}

Response to_sign_in_page(const RequestContext& ctx, auth::SignInProblem problem) {
  return redirect(ctx, "/sign-in?sso_error=" + std::string(auth::code_of(problem)));
}

// Audits the refusal (committed), then sends the person to the sign-in page with its code.
// Callers pass a named Refusal: GCC 12 mishandles non-trivial temporaries in co_await
// expressions (the server crashed on `co_await refuse(ctx, id, {...})`).
asio::awaitable<Response> refuse(RequestContext& ctx, std::optional<store::Id> provider_id,
                                 const oidc::Refusal& refusal) {
  const auto client = client_of(ctx);
  co_await ctx.write(
      [&](store::Connection& conn) { oidc::record_refusal(conn, client, provider_id, refusal); });
  co_return to_sign_in_page(ctx, refusal.problem);
}

std::optional<ProviderRow> find_provider(RequestContext& ctx, store::Id id) {
  return ctx.read(
      [&](store::Connection& conn) { return store::identity_providers::find(conn, id); });
}

ProviderDirectory& directory(const RequestContext& ctx) {
  if (!ctx.app.providers) {
    throw RequestError(domain::Error{domain::ErrorKind::internal, "sso_unavailable",
                                     "Single sign-on is not available on this server."});
  }
  return *ctx.app.providers;
}

// The provider's metadata and keys, or why they could not be had.
asio::awaitable<std::variant<LiveProvider, oidc::Refusal>> live_provider(
    RequestContext& ctx, const ProviderRow& provider) {
  std::string problem;
  try {
    co_return co_await directory(ctx).live(provider);
  } catch (const ProviderUnavailable& error) {
    problem = error.what();
  }
  spdlog::warn("identity provider {} ({}): {}", provider.id, provider.name, problem);
  co_return oidc::Refusal{"provider_unavailable: " + clipped(problem),
                          auth::SignInProblem::provider_unavailable};
}

asio::awaitable<Response> start(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  const auto provider = find_provider(ctx, id);
  if (!provider || !provider->enabled) {
    const oidc::Refusal refused{"provider_off:" + std::to_string(id),
                                auth::SignInProblem::provider_off};
    co_return co_await refuse(ctx, std::nullopt, refused);
  }
  const auto asked = ctx.query("return_to").value_or("/");
  const auto return_to = oidc::same_site_path(asked);
  if (!return_to) {
    const oidc::Refusal refused{"return_to_not_same_site: " + clipped(asked),
                                auth::SignInProblem::unsafe_link};
    co_return co_await refuse(ctx, provider->id, refused);
  }
  auto live = co_await live_provider(ctx, *provider);
  if (auto* refusal = std::get_if<oidc::Refusal>(&live)) {
    co_return co_await refuse(ctx, provider->id, *refusal);
  }
  const auto& metadata = std::get<LiveProvider>(live).metadata;
  const auto redirect_uri = sso_redirect_uri(ctx);
  const auto url = co_await ctx.write([&](store::Connection& conn) {
    return oidc::begin_login(conn, *provider, metadata, redirect_uri, *return_to);
  });
  co_return redirect(ctx, url);
}

// OpenID Connect Core 4, a sign-in begun at the provider (ClassLink LaunchPad, Clever's
// portal): the provider names itself (iss) and Trellis starts its own sign-in there, with its
// own state and nonce, returning afterwards to target_link_uri when that is on this server.
asio::awaitable<Response> initiate(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  const auto provider = find_provider(ctx, id);
  const auto iss = ctx.query("iss");
  if (provider && iss && *iss != provider->issuer) {
    const oidc::Refusal refused{"initiated_by_another_issuer: " + clipped(*iss),
                                auth::SignInProblem::try_again};
    co_return co_await refuse(ctx, provider->id, refused);
  }
  std::string return_to = "/";
  if (auto target = ctx.query("target_link_uri")) {
    auto parsed = boost::urls::parse_uri_reference(*target);
    const auto here = sso_redirect_uri(ctx);
    if (parsed && (!parsed->has_authority() ||
                   here.starts_with(std::string(parsed->scheme()) + "://" +
                                    std::string(parsed->encoded_host_and_port()) + "/"))) {
      return_to = std::string(parsed->encoded_path());
      if (parsed->has_query()) return_to += "?" + std::string(parsed->encoded_query());
    }
  }
  const auto safe = oidc::same_site_path(return_to).value_or("/");
  boost::urls::url start_url("/api/v1/auth/oidc/" + std::to_string(id) + "/start");
  start_url.params().append({"return_to", safe});
  co_return redirect(ctx, std::string(start_url.buffer()));
}

// The token endpoint's answer to the code: the ID token in it, checked.
asio::awaitable<Checked> redeem(RequestContext& ctx, const ProviderRow& provider,
                                const LiveProvider& live, const store::OidcLogin& login,
                                const std::string& code) {
  http::FormFields fields{{"grant_type", "authorization_code"},
                          {"code", code},
                          {"redirect_uri", sso_redirect_uri(ctx)},
                          {"code_verifier", login.code_verifier}};
  std::optional<http::BasicAuth> basic;
  if (live.metadata.secret_in_form) {
    fields.emplace_back("client_id", provider.client_id);
    fields.emplace_back("client_secret", provider.client_secret);
  } else {
    basic = http::BasicAuth{provider.client_id, provider.client_secret};
  }
  http::OutboundResponse answer;
  std::string unreachable;
  try {
    answer = co_await directory(ctx).outbound().post_form(live.metadata.token_endpoint,
                                                          std::move(fields), std::move(basic));
  } catch (const http::OutboundError& error) {
    unreachable = error.what();
  }
  if (!unreachable.empty()) {
    co_return oidc::Refusal{"token_endpoint_unreachable: " + clipped(unreachable),
                            auth::SignInProblem::provider_unavailable};
  }
  boost::system::error_code ec;
  const auto body = json::parse(answer.body, ec);
  const auto* object = ec ? nullptr : body.if_object();
  if (answer.status != 200) {
    const auto* error = object ? object->if_contains("error") : nullptr;
    co_return oidc::Refusal{
        "code_rejected: " + std::to_string(answer.status) + " " +
            (error && error->is_string() ? clipped(error->get_string()) : std::string()),
        auth::SignInProblem::try_again};
  }
  const auto* id_token = object ? object->if_contains("id_token") : nullptr;
  if (!id_token || !id_token->is_string()) {
    co_return oidc::Refusal{"no_id_token", auth::SignInProblem::try_again};
  }
  const oidc::Expected expected{login.nonce, util::now_micros() / 1'000'000};
  const auto rules = oidc::rules_of(provider);
  auto checked = oidc::verify_id_token(id_token->get_string(), *live.keys, rules, expected);
  const auto* refusal = std::get_if<oidc::Refusal>(&checked);
  if (!refusal || refusal->reason != "unknown_key") co_return checked;
  // Providers rotate their keys: a key not held may be one published since the last fetch.
  std::shared_ptr<const oidc::KeySet> keys;
  std::string problem;
  try {
    keys = co_await directory(ctx).refresh_keys(provider);
  } catch (const ProviderUnavailable& error) {
    problem = error.what();
  }
  if (!keys) {
    co_return oidc::Refusal{"unknown_key; refetching keys failed: " + clipped(problem),
                            auth::SignInProblem::provider_unavailable};
  }
  co_return oidc::verify_id_token(id_token->get_string(), *keys, rules, expected);
}

// A redirect back without state: a sign-in begun at the provider (Clever's portal sends the
// person straight to the redirect URI). Trellis never uses such a code, which nobody asked for
// here; when it can tell which provider sent it (its issuer, or the only one enabled), it
// starts a sign-in of its own there instead, which the provider completes at once.
asio::awaitable<Response> begun_at_provider(RequestContext& ctx) {
  const auto iss = ctx.query("iss");
  const auto enabled = ctx.read([&](store::Connection& conn) {
    std::vector<ProviderRow> rows;
    for (auto& row : store::identity_providers::all(conn)) {
      if (row.enabled && (!iss || row.issuer == *iss)) rows.push_back(std::move(row));
    }
    return rows;
  });
  if (ctx.query("code") && enabled.size() == 1) {
    co_return redirect(ctx, "/api/v1/auth/oidc/" + std::to_string(enabled.front().id) + "/start");
  }
  const oidc::Refusal refused{"missing_state", auth::SignInProblem::link_expired};
  co_return co_await refuse(ctx, std::nullopt, refused);
}

asio::awaitable<Response> callback(RequestContext& ctx) {
  const auto state = ctx.query("state");
  if (!state) co_return co_await begun_at_provider(ctx);
  const auto login =
      co_await ctx.write([&](store::Connection& conn) { return oidc::take_login(conn, *state); });
  if (!login) {
    const oidc::Refusal refused{"unknown_used_or_expired_state", auth::SignInProblem::link_expired};
    co_return co_await refuse(ctx, std::nullopt, refused);
  }
  const auto provider = find_provider(ctx, login->provider_id);
  if (!provider || !provider->enabled) {
    const oidc::Refusal refused{"provider_off", auth::SignInProblem::provider_off};
    co_return co_await refuse(ctx, login->provider_id, refused);
  }
  if (const auto error = ctx.query("error")) {
    const oidc::Refusal refused{"provider_error: " + clipped(*error),
                                *error == "access_denied" ? auth::SignInProblem::cancelled
                                                          : auth::SignInProblem::try_again};
    co_return co_await refuse(ctx, provider->id, refused);
  }
  const auto code = ctx.query("code");
  if (!code || code->empty()) {
    const oidc::Refusal refused{"missing_code", auth::SignInProblem::try_again};
    co_return co_await refuse(ctx, provider->id, refused);
  }
  auto live = co_await live_provider(ctx, *provider);
  if (auto* refusal = std::get_if<oidc::Refusal>(&live)) {
    co_return co_await refuse(ctx, provider->id, *refusal);
  }
  auto checked = co_await redeem(ctx, *provider, std::get<LiveProvider>(live), *login, *code);
  if (auto* refusal = std::get_if<oidc::Refusal>(&checked)) {
    co_return co_await refuse(ctx, provider->id, *refusal);
  }
  const auto& identity = std::get<oidc::Identity>(checked);
  const auto client = client_of(ctx);
  // A refusal here is audited inside the same transaction, which commits either way.
  auto signed_in = co_await ctx.write([&](store::Connection& conn) {
    return oidc::sign_in_with(conn, ctx.app.auth_policy, *provider, identity, client);
  });
  if (auto* refusal = std::get_if<oidc::Refusal>(&signed_in)) {
    co_return to_sign_in_page(ctx, refusal->problem);
  }
  const auto& session = std::get<auth::SignedIn>(signed_in);
  auto response = redirect(ctx, login->return_to);
  response.set(bhttp::field::set_cookie,
               session_cookie(ctx, session.session_token,
                              ctx.app.auth_policy.absolute_timeout_us / 1'000'000));
  co_return response;
}

// The enabled providers, for the sign-in page's buttons.
asio::awaitable<Response> providers_for_sign_in(RequestContext& ctx) {
  std::vector<ProviderRow> rows;
  bool password_sign_in = true;
  ctx.read([&](store::Connection& conn) {
    rows = store::identity_providers::all(conn);
    password_sign_in =
        auth::sign_in_settings(conn).password_sign_in == auth::PasswordSignIn::everyone;
  });
  json::array items;
  for (const auto& row : rows) {
    if (!row.enabled) continue;
    items.push_back({{"id", row.id},
                     {"button_label", row.button_label},
                     {"start_url", "/api/v1/auth/oidc/" + std::to_string(row.id) + "/start"}});
  }
  // With passwords off the form is still reachable for break-glass administrators, who know to
  // ask for it; the page offers it behind a link.
  co_return ctx.ok(
      json::object{{"items", std::move(items)}, {"password_sign_in", password_sign_in}});
}

asio::awaitable<Response> sign_in_problem(RequestContext& ctx) {
  const auto code = ctx.path_text("code");
  const auto problem = auth::problem_named(code);
  if (!problem) throw RequestError(domain::Error::not_found("A sign-in problem of that name"));
  co_return ctx.ok(
      json::object{{"code", auth::code_of(*problem)}, {"message", auth::message_for(*problem)}});
}

}  // namespace

std::string sso_redirect_uri(const RequestContext& ctx) {
  std::string base = ctx.app.config.public_url;
  if (base.empty()) {
    const bool https = ctx.app.config.secure_cookies || ctx.peer.tls;
    base =
        std::string(https ? "https://" : "http://") + std::string(ctx.request[bhttp::field::host]);
  }
  while (base.ends_with('/')) base.pop_back();
  return base + std::string(kOidcCallbackPath);
}

void register_single_sign_on(Router& router) {
  // None of these needs a sign-in: api/route_policy.cpp says so.
  router.add(bhttp::verb::get, "/api/v1/auth/providers", providers_for_sign_in);
  router.add(bhttp::verb::get, "/api/v1/auth/sign-in-problems/{code}", sign_in_problem);
  router.add(bhttp::verb::get, "/api/v1/auth/oidc/{id}/start", start);
  router.add(bhttp::verb::get, "/api/v1/auth/oidc/{id}/initiate", initiate);
  router.add(bhttp::verb::get, std::string(kOidcCallbackPath), callback);
}

}  // namespace trellis::api
