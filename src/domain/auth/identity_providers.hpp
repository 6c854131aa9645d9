// The district's identity providers for single sign-on (OpenID Connect), as district
// administrators configure them: what each field must be, and the view that never carries the
// client secret.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/auth/principal.hpp"
#include "domain/outcome.hpp"
#include "store/identity_providers_repo.hpp"

namespace trellis::domain::auth::providers {

inline constexpr std::string_view kDefaultScopes = "openid email profile";
inline constexpr std::size_t kMaxName = 100;
inline constexpr std::size_t kMaxButtonLabel = 60;
inline constexpr std::size_t kMaxUrl = 500;
inline constexpr std::size_t kMaxClientId = 200;
inline constexpr std::size_t kMaxClientSecret = 1000;
inline constexpr std::size_t kMaxDomains = 50;

// A create sends every required field; an update only what changes. hosted_domain and
// tenant_id may be cleared (an empty optional inside).
struct ProviderChanges {
  std::optional<std::string> name, button_label, issuer, client_id, client_secret, scopes;
  std::optional<std::vector<std::string>> allowed_domains;
  std::optional<std::optional<std::string>> hosted_domain, tenant_id;
  std::optional<bool> enabled;
};

// Issuers are https; http only on the loopback, and only when the server allows it (tests).
struct IssuerPolicy {
  bool allow_http_loopback = false;
};

// Why `issuer` cannot be an issuer URL, or nullopt.
std::optional<std::string> issuer_problem(std::string_view issuer, const IssuerPolicy& policy);

Outcome<store::IdentityProviderRow> create(store::Connection& conn, const Actor& actor,
                                           const ProviderChanges& changes,
                                           const IssuerPolicy& policy);
Outcome<store::IdentityProviderRow> update(store::Connection& conn, const Actor& actor,
                                           store::Id id, const ProviderChanges& changes,
                                           const IssuerPolicy& policy);
Outcome<store::IdentityProviderRow> find(store::Connection& conn, store::Id id);

// The provider as the API and the audit log show it: every field but the secret, and whether
// one is set.
boost::json::object view(const store::IdentityProviderRow& provider);

}  // namespace trellis::domain::auth::providers
