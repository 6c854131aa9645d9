// Signing in with an identity provider (OpenID Connect authorization code flow with PKCE):
// the records and decisions on Trellis's side, without the network. Starting a sign-in stores
// its state, nonce and PKCE verifier; the callback takes that sign-in back, once; a verified
// identity then becomes a session exactly as a password sign-in does, or a refusal that is
// audited with its technical reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "domain/auth/discovery.hpp"
#include "domain/auth/id_token.hpp"
#include "domain/auth/sign_in.hpp"
#include "store/identity_providers_repo.hpp"
#include "store/oidc_repo.hpp"

namespace trellis::domain::auth::oidc {

// How long a person has at the provider before the sign-in must start again.
inline constexpr std::int64_t kLoginLifetimeUs = 10LL * 60 * 1'000'000;

// `return_to` when it is a path on this server ("/cases?school=3"), else nullopt: never a URL
// of another site ("https://…", "//evil.example", "/\evil.example"), never control characters.
std::optional<std::string> same_site_path(std::string_view return_to);

// The ID token checks a provider's settings ask for.
ProviderRules rules_of(const store::IdentityProviderRow& provider);

// Stores a new sign-in and returns the provider's authorization URL to send the browser to:
// response_type=code, the scopes, state, nonce, PKCE S256 challenge, and Google's hd hint when
// the district requires one.
std::string begin_login(store::Connection& conn, const store::IdentityProviderRow& provider,
                        const ProviderMetadata& metadata, const std::string& redirect_uri,
                        const std::string& return_to);

// The sign-in `state` names, marked used; nullopt when unknown, used or expired.
std::optional<store::OidcLogin> take_login(store::Connection& conn, std::string_view state);

// The staff account an identity signs in as: by the subject remembered at this provider, else
// by the verified e-mail (and the subject is remembered). Nobody is created. Then the session,
// audited as a single sign-on; or the refusal, audited (commit it even though it refuses).
std::variant<SignedIn, Refusal> sign_in_with(store::Connection& conn, const Policy& policy,
                                             const store::IdentityProviderRow& provider,
                                             const Identity& identity, const Client& client);

// Audits a refused single sign-on: who it was when known, the provider, the technical reason.
void record_refusal(store::Connection& conn, const Client& client,
                    std::optional<store::Id> provider_id, const Refusal& refusal,
                    std::optional<store::Id> user_id = std::nullopt, std::string_view email = {});

}  // namespace trellis::domain::auth::oidc
