#include "domain/auth/oidc_sign_in.hpp"

#include <boost/json.hpp>
#include <boost/url/url.hpp>
#include <sstream>

#include "domain/audit/audit.hpp"
#include "domain/auth/secrets.hpp"
#include "store/users_repo.hpp"
#include "util/time.hpp"

namespace trellis::domain::auth::oidc {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxReturnTo = 1000;

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

Refusal refused(std::string reason, SignInProblem problem) {
  return {std::move(reason), problem};
}

}  // namespace

std::optional<std::string> same_site_path(std::string_view return_to) {
  if (return_to.empty() || return_to.size() > kMaxReturnTo || return_to.front() != '/') {
    return std::nullopt;
  }
  // "//host" and "/\host" are another site to a browser; a backslash anywhere may become one.
  if (return_to.size() > 1 && (return_to[1] == '/' || return_to[1] == '\\')) return std::nullopt;
  for (const unsigned char c : return_to) {
    if (c < 0x20 || c == 0x7f || c == '\\') return std::nullopt;
  }
  return std::string(return_to);
}

ProviderRules rules_of(const store::IdentityProviderRow& provider) {
  return {provider.issuer, provider.client_id, words_of(provider.allowed_domains),
          provider.hosted_domain, provider.tenant_id};
}

std::string begin_login(store::Connection& conn, const store::IdentityProviderRow& provider,
                        const ProviderMetadata& metadata, const std::string& redirect_uri,
                        const std::string& return_to) {
  const auto now = util::now_micros();
  // Abandoned sign-ins go as new ones begin: the table holds about ten minutes of them.
  store::oidc_logins::delete_begun_before(conn, now - kLoginLifetimeUs);
  const auto state = secrets::random_token();
  store::OidcLogin login{secrets::token_hash(state), provider.id, secrets::random_token(),
                         secrets::random_token(),    return_to,   now};
  store::oidc_logins::insert(conn, login);

  boost::urls::url url(metadata.authorization_endpoint);
  auto params = url.params();
  params.append({"response_type", "code"});
  params.append({"client_id", provider.client_id});
  params.append({"redirect_uri", redirect_uri});
  params.append({"scope", provider.scopes});
  params.append({"state", state});
  params.append({"nonce", login.nonce});
  params.append({"code_challenge", secrets::pkce_s256_challenge(login.code_verifier)});
  params.append({"code_challenge_method", "S256"});
  // Google shows only the district's accounts when told its domain (the token is still checked).
  if (provider.hosted_domain) params.append({"hd", *provider.hosted_domain});
  return std::string(url.buffer());
}

std::optional<store::OidcLogin> take_login(store::Connection& conn, std::string_view state) {
  if (state.empty() || state.size() > 200) return std::nullopt;
  const auto now = util::now_micros();
  return store::oidc_logins::take(conn, secrets::token_hash(state), now, now - kLoginLifetimeUs);
}

void record_refusal(store::Connection& conn, const Client& client,
                    std::optional<store::Id> provider_id, const Refusal& refusal,
                    std::optional<store::Id> user_id, std::string_view email) {
  json::object details{{"reason", refusal.reason},
                       {"problem", code_of(refusal.problem)},
                       {"user_agent", client.user_agent}};
  if (!email.empty()) details["email"] = email;
  audit::record(conn, Actor{user_id, client.address},
                {"session.sign_in_refused", "identity_provider", provider_id, std::nullopt,
                 std::nullopt, std::move(details)});
}

std::variant<SignedIn, Refusal> sign_in_with(store::Connection& conn, const Policy& policy,
                                             const store::IdentityProviderRow& provider,
                                             const Identity& identity, const Client& client) {
  const auto refuse = [&](Refusal refusal, std::optional<store::Id> user_id) {
    record_refusal(conn, client, provider.id, refusal, user_id, identity.email);
    return refusal;
  };
  const auto linked = store::staff_identities::user_of(conn, provider.id, identity.subject);
  std::optional<store::User> user = linked ? store::users::find(conn, *linked)
                                           : store::users::find_by_email(conn, identity.email);
  if (!user) return refuse(refused("no_staff_account", SignInProblem::no_staff_account), {});
  if (!user->active) {
    return refuse(refused("staff_account_inactive", SignInProblem::staff_account_inactive),
                  user->id);
  }
  // An e-mail address handed to someone new at the provider must not reach the old owner's
  // account once that account has signed in with its own subject.
  if (!linked &&
      store::staff_identities::linked_elsewhere(conn, provider.id, user->id, identity.subject)) {
    return refuse(
        refused("account_linked_to_another_subject", SignInProblem::linked_to_another_account),
        user->id);
  }
  const auto now = util::now_micros();
  if (linked) {
    store::staff_identities::touch(conn, provider.id, identity.subject, now);
  } else {
    store::staff_identities::remember(conn, provider.id, user->id, identity.subject, identity.email,
                                      now);
  }
  return open_session(conn, policy, *user, client,
                      json::object{{"method", "single_sign_on"},
                                   {"provider_id", provider.id},
                                   {"first_with_this_provider", !linked}});
}

}  // namespace trellis::domain::auth::oidc
