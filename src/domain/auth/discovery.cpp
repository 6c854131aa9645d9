#include "domain/auth/discovery.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "domain/auth/id_token.hpp"

namespace trellis::domain::auth::oidc {

namespace json = boost::json;

namespace {

std::string text_of(const json::object& document, std::string_view key) {
  const auto* value = document.if_contains(key);
  return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

// The strings of a list member; nullopt when the member is absent (a default applies).
std::optional<std::vector<std::string>> list_of(const json::object& document,
                                                std::string_view key) {
  const auto* value = document.if_contains(key);
  if (!value || !value->is_array()) return std::nullopt;
  std::vector<std::string> items;
  for (const auto& item : value->as_array()) {
    if (item.is_string()) items.emplace_back(item.as_string());
  }
  return items;
}

bool contains(const std::vector<std::string>& items, std::string_view item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

}  // namespace

std::string discovery_url(std::string_view issuer) {
  while (issuer.ends_with('/')) issuer.remove_suffix(1);
  return std::string(issuer) + "/.well-known/openid-configuration";
}

std::variant<ProviderMetadata, std::string> parse_discovery(std::string_view document_text,
                                                            std::string_view expected_issuer,
                                                            const providers::IssuerPolicy& policy) {
  boost::system::error_code ec;
  const auto parsed = json::parse(document_text, ec);
  if (ec || !parsed.is_object()) return std::string("The discovery document is not JSON.");
  const auto& document = parsed.as_object();
  ProviderMetadata metadata{text_of(document, "issuer"),
                            text_of(document, "authorization_endpoint"),
                            text_of(document, "token_endpoint"),
                            text_of(document, "jwks_uri"),
                            text_of(document, "userinfo_endpoint"),
                            {}};
  if (metadata.issuer != expected_issuer) {
    return "The provider says its issuer is \"" + metadata.issuer + "\", not \"" +
           std::string(expected_issuer) + "\": use exactly its issuer.";
  }
  for (const auto& [name, url] :
       {std::pair{"authorization_endpoint", &metadata.authorization_endpoint},
        std::pair{"token_endpoint", &metadata.token_endpoint},
        std::pair{"jwks_uri", &metadata.jwks_uri}}) {
    if (url->empty()) return std::string("The discovery document has no ") + name + ".";
    if (providers::issuer_problem(*url, policy)) {
      return std::string("The provider's ") + name + " is not an https URL.";
    }
  }
  const auto response_types = list_of(document, "response_types_supported");
  if (response_types && !contains(*response_types, "code")) {
    return std::string("The provider does not offer the authorization code flow.");
  }
  const auto pkce = list_of(document, "code_challenge_methods_supported");
  if (pkce && !contains(*pkce, "S256")) {
    return std::string("The provider does not offer PKCE with S256.");
  }
  // Without the member, RS256 is the default (Discovery 3).
  for (const auto& alg : list_of(document, "id_token_signing_alg_values_supported")
                             .value_or(std::vector<std::string>{"RS256"})) {
    if (is_allowed_algorithm(alg)) metadata.signing_algorithms.push_back(alg);
  }
  if (metadata.signing_algorithms.empty()) {
    return std::string(
        "The provider signs ID tokens with no algorithm Trellis accepts (RSA or "
        "elliptic-curve signatures).");
  }
  // Without the member, client_secret_basic is the default (Discovery 3).
  const auto auth_methods = list_of(document, "token_endpoint_auth_methods_supported")
                                .value_or(std::vector<std::string>{"client_secret_basic"});
  if (!contains(auth_methods, "client_secret_basic")) {
    if (!contains(auth_methods, "client_secret_post")) {
      return std::string(
          "The provider accepts no client secret at its token endpoint "
          "(client_secret_basic or client_secret_post).");
    }
    metadata.secret_in_form = true;
  }
  return metadata;
}

}  // namespace trellis::domain::auth::oidc
