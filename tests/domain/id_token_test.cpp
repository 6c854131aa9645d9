// ID token checks (OpenID Connect sign-in, issue 17) with real keys and signatures made by
// cjose: each way a token can be wrong is refused with its own audited reason.
#include "domain/auth/id_token.hpp"

#include <cjose/cjose.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

namespace trellis::domain::auth::oidc {
namespace {

namespace json = boost::json;

constexpr std::int64_t kNow = 1'796'000'000;  // 2026-11-30

struct JwkDeleter {
  void operator()(cjose_jwk_t* jwk) const { cjose_jwk_release(jwk); }
};
using Jwk = std::unique_ptr<cjose_jwk_t, JwkDeleter>;

Jwk rsa_key(const char* kid) {
  static const std::uint8_t exponent[] = {1, 0, 1};
  cjose_err err;
  Jwk key(cjose_jwk_create_RSA_random(2048, exponent, sizeof exponent, &err));
  EXPECT_TRUE(key && cjose_jwk_set_kid(key.get(), kid, std::strlen(kid), &err));
  return key;
}

Jwk ec_key(const char* kid) {
  cjose_err err;
  Jwk key(cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, &err));
  EXPECT_TRUE(key && cjose_jwk_set_kid(key.get(), kid, std::strlen(kid), &err));
  return key;
}

// The provider's JWKS document: the public halves.
std::string jwks_of(std::initializer_list<const cjose_jwk_t*> keys) {
  json::array list;
  for (const auto* key : keys) {
    cjose_err err;
    char* text = cjose_jwk_to_json(key, false, &err);
    list.push_back(json::parse(text));
    std::free(text);
  }
  return json::serialize(json::object{{"keys", std::move(list)}});
}

KeySet keys_of(std::initializer_list<const cjose_jwk_t*> keys) {
  auto set = KeySet::parse(jwks_of(keys));
  EXPECT_TRUE(set.has_value());
  return std::move(*set);
}

json::object good_claims() {
  return {{"iss", "https://idp.test"}, {"aud", "trellis-client"},
          {"sub", "user-1"},           {"email", "Ana.Diaz@District.org"},
          {"email_verified", true},    {"name", "Ana Diaz"},
          {"nonce", "nonce-1"},        {"iat", kNow - 10},
          {"exp", kNow + 300}};
}

std::string sign(const cjose_jwk_t* key, const char* alg, const json::object& claims,
                 const char* kid = nullptr) {
  cjose_err err;
  cjose_header_t* header = cjose_header_new(&err);
  cjose_header_set(header, CJOSE_HDR_ALG, alg, &err);
  const char* name = kid ? kid : cjose_jwk_get_kid(key, &err);
  if (name) cjose_header_set(header, CJOSE_HDR_KID, name, &err);
  const auto payload = json::serialize(claims);
  cjose_jws_t* jws = cjose_jws_sign(
      key, header, reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size(), &err);
  cjose_header_release(header);
  EXPECT_NE(jws, nullptr) << (err.message ? err.message : "");
  const char* compact = nullptr;
  cjose_jws_export(jws, &compact, &err);
  std::string out = compact ? compact : "";
  cjose_jws_release(jws);
  return out;
}

std::string base64url(std::string_view text) {
  char* out = nullptr;
  std::size_t length = 0;
  cjose_err err;
  cjose_base64url_encode(reinterpret_cast<const std::uint8_t*>(text.data()), text.size(), &out,
                         &length, &err);
  std::string encoded(out, length);
  cjose_get_dealloc()(out);
  return encoded;
}

const ProviderRules kRules{"https://idp.test", "trellis-client", {"district.org"}, {}, {}};
const Expected kExpected{"nonce-1", kNow};

class IdTokenTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { key_ = rsa_key("k1").release(); }
  static void TearDownTestSuite() { cjose_jwk_release(key_); }

  std::string reason_of(const std::string& token, const KeySet& keys,
                        const ProviderRules& rules = kRules, const Expected& expected = kExpected) {
    const auto result = verify_id_token(token, keys, rules, expected);
    if (const auto* refusal = std::get_if<Refusal>(&result)) {
      EXPECT_FALSE(message_for(refusal->problem).empty());
      return refusal->reason;
    }
    return "accepted";
  }
  std::string reason_of(const json::object& claims) {
    return reason_of(sign(key_, "RS256", claims), keys_of({key_}));
  }

  static inline cjose_jwk_t* key_ = nullptr;
};

TEST_F(IdTokenTest, AGoodTokenNamesTheVerifiedAccount) {
  const auto result =
      verify_id_token(sign(key_, "RS256", good_claims()), keys_of({key_}), kRules, kExpected);
  ASSERT_TRUE(std::holds_alternative<Identity>(result)) << std::get<Refusal>(result).reason;
  const auto& identity = std::get<Identity>(result);
  EXPECT_EQ(identity.subject, "user-1");
  EXPECT_EQ(identity.email, "ana.diaz@district.org");
  EXPECT_EQ(identity.name, "Ana Diaz");

  const auto ec = ec_key("e1");
  EXPECT_EQ(reason_of(sign(ec.get(), "ES256", good_claims()), keys_of({ec.get()})), "accepted");
}

TEST_F(IdTokenTest, AWrongOrMissingNonceIsRefused) {
  auto claims = good_claims();
  claims["nonce"] = "nonce-of-another-sign-in";
  EXPECT_EQ(reason_of(claims), "wrong_nonce");
  claims.erase("nonce");
  EXPECT_EQ(reason_of(claims), "wrong_nonce");
}

TEST_F(IdTokenTest, AnExpiredTokenIsRefusedBeyondTheClockSkew) {
  auto claims = good_claims();
  claims["exp"] = kNow - 300;
  EXPECT_EQ(reason_of(claims), "expired");
  claims["exp"] = kNow - 60;  // within two minutes of skew
  EXPECT_EQ(reason_of(claims), "accepted");
  claims["iat"] = kNow + 600;
  EXPECT_EQ(reason_of(claims), "issued_in_future");
}

TEST_F(IdTokenTest, AWrongAudienceIsRefusedAndSeveralNeedAzp) {
  auto claims = good_claims();
  claims["aud"] = "another-app";
  EXPECT_EQ(reason_of(claims), "wrong_audience");
  claims["aud"] = json::array{"another-app", "trellis-client"};
  EXPECT_EQ(reason_of(claims), "wrong_audience") << "several audiences and no azp";
  claims["azp"] = "trellis-client";
  EXPECT_EQ(reason_of(claims), "accepted");
}

TEST_F(IdTokenTest, AWrongIssuerIsRefused) {
  auto claims = good_claims();
  claims["iss"] = "https://evil.test";
  EXPECT_EQ(reason_of(claims), "wrong_issuer");
}

TEST_F(IdTokenTest, AnUnknownKeyIsRefusedUntilTheProviderPublishesIt) {
  const auto rotated = rsa_key("k2");
  const auto token = sign(rotated.get(), "RS256", good_claims());
  EXPECT_EQ(reason_of(token, keys_of({key_})), "unknown_key");
  EXPECT_EQ(reason_of(token, keys_of({key_, rotated.get()})), "accepted");
}

TEST_F(IdTokenTest, AlgNoneAndHmacWithThePublicKeyAreRefused) {
  const auto payload = base64url(json::serialize(good_claims()));
  EXPECT_EQ(
      reason_of(base64url(R"({"alg":"none","kid":"k1"})") + "." + payload + ".", keys_of({key_})),
      "algorithm_not_allowed:none");

  // HS256 keyed with the provider's public key, which anyone can read from its jwks_uri.
  cjose_err err;
  char* public_json = cjose_jwk_to_json(key_, false, &err);
  const std::string secret(public_json);
  std::free(public_json);
  Jwk hmac(cjose_jwk_create_oct_spec(reinterpret_cast<const std::uint8_t*>(secret.data()),
                                     secret.size(), &err));
  EXPECT_EQ(reason_of(sign(hmac.get(), "HS256", good_claims(), "k1"), keys_of({key_})),
            "algorithm_not_allowed:HS256");

  // An elliptic-curve algorithm naming the RSA key.
  const auto ec = ec_key("k1");
  EXPECT_EQ(reason_of(sign(ec.get(), "ES256", good_claims()), keys_of({key_})),
            "key_type_does_not_match_algorithm");
}

TEST_F(IdTokenTest, ATamperedPayloadIsABadSignature) {
  const auto token = sign(key_, "RS256", good_claims());
  auto claims = good_claims();
  claims["email"] = "principal@district.org";
  const auto first_dot = token.find('.');
  const auto second_dot = token.find('.', first_dot + 1);
  const auto forged = token.substr(0, first_dot + 1) + base64url(json::serialize(claims)) +
                      token.substr(second_dot);
  EXPECT_EQ(reason_of(forged, keys_of({key_})), "bad_signature");
  EXPECT_EQ(reason_of("not.a-token", keys_of({key_})), "malformed_token");
}

// libcjose aborts the process on some text that is not base64url (found by fuzzing); such a
// token or key is refused before it gets there.
TEST_F(IdTokenTest, TextThatIsNotBase64urlIsRefusedBeforeTheJoseLibrarySeesIt) {
  const auto token = sign(key_, "RS256", good_claims());
  const auto first_dot = token.find('.');
  auto padded_inside = token;
  padded_inside[first_dot + 5] = '=';
  EXPECT_EQ(reason_of(padded_inside, keys_of({key_})), "malformed_token");
  EXPECT_EQ(reason_of(token.substr(0, first_dot) + "A" + token.substr(first_dot), keys_of({key_})),
            "malformed_token")
      << "a segment of 4n+1 characters";
  EXPECT_EQ(reason_of(token + ".x", keys_of({key_})), "malformed_token") << "four segments";
  EXPECT_EQ(
      reason_of(token.substr(0, first_dot) + "\x1b" + token.substr(first_dot), keys_of({key_})),
      "malformed_token");
  EXPECT_EQ(reason_of(token, keys_of({key_})), "accepted");  // the token itself is fine

  const auto jwks = [](const char* n) {
    return std::string(R"({"keys": [{"kty": "RSA", "kid": "k", "e": "AQAB", "n": ")") + n +
           R"("}]})";
  };
  EXPECT_EQ(KeySet::parse(jwks("AB=C"))->size(), 0u);
  EXPECT_EQ(KeySet::parse(jwks("ABCDE"))->size(), 0u);
}

TEST_F(IdTokenTest, EntrasDomainVerifiedClaimCountsOnlyWithinTheRequiredTenant) {
  auto claims = good_claims();
  claims.erase("email_verified");  // Entra never sends it
  claims["xms_edov"] = true;
  claims["tid"] = "tenant-1";
  EXPECT_EQ(reason_of(claims), "email_not_verified");  // no tenant required: not enough
  auto entra = kRules;
  entra.tenant_id = "tenant-1";
  EXPECT_EQ(reason_of(sign(key_, "RS256", claims), keys_of({key_}), entra), "accepted");
  claims["tid"] = "another-tenant";
  EXPECT_EQ(reason_of(sign(key_, "RS256", claims), keys_of({key_}), entra), "tenant_mismatch");
  claims["tid"] = "tenant-1";
  claims["xms_edov"] = false;
  EXPECT_EQ(reason_of(sign(key_, "RS256", claims), keys_of({key_}), entra), "email_not_verified");
}

TEST_F(IdTokenTest, AnUnverifiedEmailIsRefused) {
  auto claims = good_claims();
  claims["email_verified"] = false;
  EXPECT_EQ(reason_of(claims), "email_not_verified");
  claims.erase("email_verified");
  EXPECT_EQ(reason_of(claims), "email_not_verified");
  claims["email_verified"] = "true";  // as some providers send it
  EXPECT_EQ(reason_of(claims), "accepted");
}

TEST_F(IdTokenTest, DomainsHostedDomainAndTenantMustBeTheDistricts) {
  auto claims = good_claims();
  claims["email"] = "someone@gmail.com";
  EXPECT_EQ(reason_of(claims), "domain_not_allowed:gmail.com");

  auto rules = kRules;
  rules.hosted_domain = "district.org";
  rules.tenant_id = "tenant-1";
  const auto keys = keys_of({key_});
  auto district = good_claims();
  EXPECT_EQ(reason_of(sign(key_, "RS256", district), keys, rules), "hosted_domain_mismatch");
  district["hd"] = "district.org";
  EXPECT_EQ(reason_of(sign(key_, "RS256", district), keys, rules), "tenant_mismatch");
  district["tid"] = "tenant-1";
  EXPECT_EQ(reason_of(sign(key_, "RS256", district), keys, rules), "accepted");
}

TEST(IdTokenKeys, AJwksKeepsSigningKeysByKidAndRefusesOtherDocuments) {
  const auto a = rsa_key("a");
  auto document = json::parse(jwks_of({a.get()})).as_object();
  auto encryption = document["keys"].as_array()[0].as_object();
  encryption["kid"] = "enc";
  encryption["use"] = "enc";
  document["keys"].as_array().push_back(encryption);
  document["keys"].as_array().push_back(json::object{{"kty", "RSA"}, {"kid", "broken"}});
  const auto set = KeySet::parse(json::serialize(document));
  ASSERT_TRUE(set);
  EXPECT_EQ(set->size(), 1u);
  EXPECT_TRUE(set->has("a"));
  EXPECT_FALSE(set->has("enc"));
  EXPECT_FALSE(KeySet::parse("{\"keys\": 3}"));
  EXPECT_FALSE(KeySet::parse("not json"));
}

TEST(IdTokenAlgorithms, OnlySignaturesOfPublicKeysAreAllowed) {
  for (const auto* alg : {"RS256", "PS256", "ES256", "ES384"})
    EXPECT_TRUE(is_allowed_algorithm(alg));
  for (const auto* alg : {"none", "None", "HS256", "HS512", ""})
    EXPECT_FALSE(is_allowed_algorithm(alg));
}

}  // namespace
}  // namespace trellis::domain::auth::oidc
