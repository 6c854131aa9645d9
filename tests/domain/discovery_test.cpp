// OpenID provider discovery documents, as Google and Microsoft publish them (trimmed), and the
// ways one can be unusable.
#include "domain/auth/discovery.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace trellis::domain::auth::oidc {
namespace {

namespace json = boost::json;

json::object google() {
  return json::parse(R"({
    "issuer": "https://accounts.google.com",
    "authorization_endpoint": "https://accounts.google.com/o/oauth2/v2/auth",
    "token_endpoint": "https://oauth2.googleapis.com/token",
    "userinfo_endpoint": "https://openidconnect.googleapis.com/v1/userinfo",
    "jwks_uri": "https://www.googleapis.com/oauth2/v3/certs",
    "response_types_supported": ["code", "token", "id_token", "code token", "none"],
    "id_token_signing_alg_values_supported": ["RS256"],
    "code_challenge_methods_supported": ["plain", "S256"]
  })")
      .as_object();
}

std::string problem_of(const json::object& document,
                       std::string_view issuer = "https://accounts.google.com",
                       const providers::IssuerPolicy& policy = {}) {
  const auto result = parse_discovery(json::serialize(document), issuer, policy);
  return std::holds_alternative<std::string>(result) ? std::get<std::string>(result) : "usable";
}

TEST(Discovery, GooglesDocumentGivesTheEndpointsAndAlgorithms) {
  const auto result = parse_discovery(json::serialize(google()), "https://accounts.google.com", {});
  ASSERT_TRUE(std::holds_alternative<ProviderMetadata>(result)) << std::get<std::string>(result);
  const auto& metadata = std::get<ProviderMetadata>(result);
  EXPECT_EQ(metadata.token_endpoint, "https://oauth2.googleapis.com/token");
  EXPECT_EQ(metadata.jwks_uri, "https://www.googleapis.com/oauth2/v3/certs");
  EXPECT_EQ(metadata.signing_algorithms, std::vector<std::string>{"RS256"});
}

TEST(Discovery, MicrosoftsTenantIssuerMustMatchExactly) {
  auto entra = google();
  entra["issuer"] = "https://login.microsoftonline.com/tenant-1/v2.0";
  entra["authorization_endpoint"] =
      "https://login.microsoftonline.com/tenant-1/oauth2/v2.0/authorize";
  entra.erase("code_challenge_methods_supported");  // Entra does not list them
  EXPECT_EQ(problem_of(entra, "https://login.microsoftonline.com/tenant-1/v2.0"), "usable");
  EXPECT_NE(problem_of(entra, "https://login.microsoftonline.com/tenant-1/v2.0/").find("exactly"),
            std::string::npos);
}

TEST(Discovery, UnusableDocumentsSayWhy) {
  EXPECT_EQ(problem_of(google(), "https://evil.test").find("The provider says its issuer"), 0u);
  auto plain = google();
  plain["token_endpoint"] = "http://oauth2.googleapis.com/token";
  EXPECT_EQ(problem_of(plain), "The provider's token_endpoint is not an https URL.");
  auto no_jwks = google();
  no_jwks.erase("jwks_uri");
  EXPECT_EQ(problem_of(no_jwks), "The discovery document has no jwks_uri.");
  auto implicit_only = google();
  implicit_only["response_types_supported"] = json::array{"id_token"};
  EXPECT_EQ(problem_of(implicit_only), "The provider does not offer the authorization code flow.");
  auto plain_pkce = google();
  plain_pkce["code_challenge_methods_supported"] = json::array{"plain"};
  EXPECT_EQ(problem_of(plain_pkce), "The provider does not offer PKCE with S256.");
  auto hmac = google();
  hmac["id_token_signing_alg_values_supported"] = json::array{"HS256", "none"};
  EXPECT_NE(problem_of(hmac).find("no algorithm Trellis accepts"), std::string::npos);
  EXPECT_EQ(std::get<std::string>(parse_discovery("<html>", "https://accounts.google.com", {})),
            "The discovery document is not JSON.");
}

TEST(Discovery, ALocalTestProviderMayBeHttpOnlyWhenAllowed) {
  auto local = google();
  for (auto key : {"authorization_endpoint", "token_endpoint", "jwks_uri"}) {
    local[key] = std::string("http://127.0.0.1:4000/") + key;
  }
  local["issuer"] = "http://127.0.0.1:4000";
  EXPECT_NE(problem_of(local, "http://127.0.0.1:4000"), "usable");
  EXPECT_EQ(problem_of(local, "http://127.0.0.1:4000", {true}), "usable");
}

TEST(Discovery, TheClientSecretGoesAsTheProviderAcceptsIt) {
  const auto secret_in_form = [](json::object document) {
    const auto result =
        parse_discovery(json::serialize(document), "https://accounts.google.com", {});
    return std::get<ProviderMetadata>(result).secret_in_form;
  };
  // Basic is the default (absent member) and is preferred when offered.
  EXPECT_FALSE(secret_in_form(google()));
  auto both = google();
  both["token_endpoint_auth_methods_supported"] = {"client_secret_post", "client_secret_basic"};
  EXPECT_FALSE(secret_in_form(both));
  auto post_only = google();
  post_only["token_endpoint_auth_methods_supported"] = {"client_secret_post"};
  EXPECT_TRUE(secret_in_form(post_only));
  auto neither = google();
  neither["token_endpoint_auth_methods_supported"] = {"private_key_jwt"};
  EXPECT_NE(problem_of(neither).find("client secret"), std::string::npos);
}

TEST(Discovery, TheDocumentIsAtTheWellKnownPathUnderTheIssuer) {
  EXPECT_EQ(discovery_url("https://accounts.google.com"),
            "https://accounts.google.com/.well-known/openid-configuration");
  EXPECT_EQ(discovery_url("https://login.microsoftonline.com/t/v2.0/"),
            "https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration");
}

}  // namespace
}  // namespace trellis::domain::auth::oidc
