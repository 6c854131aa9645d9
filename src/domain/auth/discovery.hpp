// An OpenID provider's metadata, from its discovery document
// (<issuer>/.well-known/openid-configuration, OpenID Connect Discovery 1.0): what the sign-in
// flow needs of it, checked before any use.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/auth/identity_providers.hpp"

namespace trellis::domain::auth::oidc {

struct ProviderMetadata {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string jwks_uri;
  std::string userinfo_endpoint;                // may be empty
  std::vector<std::string> signing_algorithms;  // those offered that Trellis accepts
  // How the client secret goes to the token endpoint: in an Authorization: Basic header
  // (the default, RFC 6749 2.3.1), or as form fields when the provider offers only that.
  bool secret_in_form = false;
};

// Where the discovery document of `issuer` is: the issuer with its trailing slash removed,
// then "/.well-known/openid-configuration".
std::string discovery_url(std::string_view issuer);

// The metadata, or why the document cannot be used (a sentence for the administrator who
// tests the provider): its issuer must be exactly the configured one (Discovery 4.3), its
// endpoints URLs the issuer policy accepts, the authorization code flow offered, PKCE with
// S256 when it lists its methods, at least one signing algorithm Trellis accepts, and a way to
// send the client secret that Trellis has (client_secret_basic or client_secret_post).
std::variant<ProviderMetadata, std::string> parse_discovery(std::string_view document,
                                                            std::string_view expected_issuer,
                                                            const providers::IssuerPolicy& policy);

}  // namespace trellis::domain::auth::oidc
