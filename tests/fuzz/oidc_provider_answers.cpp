// What an identity provider sends Trellis, as a hostile or broken provider (or whoever sits
// between) might send it: the discovery document, the key set (JWKS) and the ID token. The
// first byte picks which. Each must be refused or accepted cleanly, and what is accepted must
// hold what the sign-in relies on: a discovery document accepted only with https endpoints and
// the configured issuer, and an ID token accepted only when it carries the expected nonce and
// issuer (which a token not signed by the test key can never do).
#include <cjose/cjose.h>

#include <memory>
#include <string>

#include "domain/auth/discovery.hpp"
#include "domain/auth/id_token.hpp"
#include "fuzz_target.hpp"

namespace {

using namespace trellis::domain::auth;

constexpr std::string_view kIssuer = "https://idp.test";

// A key set with one RSA signing key made at start: a fuzzed token can name its kid, but
// cannot sign with it.
const oidc::KeySet& test_keys() {
  static const oidc::KeySet keys = [] {
    cjose_err err;
    cjose_jwk_t* key = cjose_jwk_create_RSA_random(2048, nullptr, 0, &err);
    FUZZ_CHECK(key != nullptr);
    cjose_jwk_set_kid(key, "k1", 2, &err);
    char* json = cjose_jwk_to_json(key, false, &err);
    const std::string jwks = std::string("{\"keys\":[") + json + "]}";
    free(json);
    cjose_jwk_release(key);
    auto parsed = oidc::KeySet::parse(jwks);
    FUZZ_CHECK(parsed && parsed->has("k1"));
    return std::move(*parsed);
  }();
  return keys;
}

void discovery(std::string_view document) {
  auto parsed = oidc::parse_discovery(document, kIssuer, {});
  if (const auto* metadata = std::get_if<oidc::ProviderMetadata>(&parsed)) {
    FUZZ_CHECK(metadata->issuer == kIssuer);
    for (const auto* url :
         {&metadata->authorization_endpoint, &metadata->token_endpoint, &metadata->jwks_uri}) {
      FUZZ_CHECK(url->starts_with("https://"));
    }
    FUZZ_CHECK(!metadata->signing_algorithms.empty());
  } else {
    FUZZ_CHECK(!std::get<std::string>(parsed).empty());
  }
}

void key_set(std::string_view document) {
  if (auto keys = oidc::KeySet::parse(document)) {
    (void)keys->size();
    (void)keys->has("k1");
  }
}

void id_token(std::string_view token) {
  const oidc::ProviderRules rules{std::string(kIssuer), "trellis", {}, {}, {}};
  const oidc::Expected expected{"nonce-1", 1'800'000'000};
  const auto result = oidc::verify_id_token(token, test_keys(), rules, expected);
  // Nothing fuzzed is signed by the test key: every token is refused, with a reason.
  FUZZ_CHECK(std::holds_alternative<oidc::Refusal>(result));
  FUZZ_CHECK(!std::get<oidc::Refusal>(result).reason.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  trellis::fuzz::Input input(data, size);
  switch (input.byte() % 3) {
    case 0:
      discovery(input.rest());
      break;
    case 1:
      key_set(input.rest());
      break;
    default:
      id_token(input.rest());
      break;
  }
  return 0;
}
