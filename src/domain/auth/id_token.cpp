#include "domain/auth/id_token.hpp"

#include <cjose/cjose.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cctype>
#include <cstdlib>

namespace trellis::domain::auth::oidc {

namespace json = boost::json;

struct KeySet::Keys {
  std::map<std::string, cjose_jwk_t*, std::less<>> by_kid;
  ~Keys() {
    for (auto& [kid, jwk] : by_kid) cjose_jwk_release(jwk);
  }
};

const KeySet::Keys& keys_of(const KeySet& set) {
  return *set.keys_;
}

namespace {

// libcjose's base64url decoder asserts (aborting the whole server, as Debian builds it) on
// text that is not base64url, such as a '=' inside a segment or a length of 4n+1 (found by
// the oidc_provider_answers fuzz target). So nothing reaches it unchecked: the base64url
// alphabet, at most two '=' at the end and then only to a whole group, never 4n+1 characters.
bool is_base64url(std::string_view text) {
  std::size_t end = text.size();
  while (end > 0 && text[end - 1] == '=' && text.size() - end < 2) --end;
  const bool padded = end != text.size();
  if (padded && text.size() % 4 != 0) return false;
  if (end % 4 == 1) return false;
  return std::all_of(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(end), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

// A JWS in compact serialization: three base64url segments without padding (RFC 7515 7.1).
bool is_compact_jws(std::string_view token) {
  std::size_t segments = 0;
  for (std::size_t start = 0;; ++segments) {
    const auto dot = token.find('.', start);
    const auto segment = token.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (segment.find('=') != std::string_view::npos || !is_base64url(segment)) return false;
    if (dot == std::string_view::npos) return segments == 2;
    start = dot + 1;
  }
}

// Every key member that libcjose decodes as base64url (RFC 7518 6.2-6.4) is base64url.
bool has_base64url_members(const json::object& key) {
  static constexpr std::array<std::string_view, 11> kEncoded = {"n",  "e",  "d", "p", "q", "dp",
                                                                "dq", "qi", "x", "y", "k"};
  return std::all_of(kEncoded.begin(), kEncoded.end(), [&](std::string_view name) {
    const auto* value = key.if_contains(name);
    return !value || (value->is_string() && is_base64url(value->as_string()));
  });
}

}  // namespace

KeySet::KeySet() : keys_(std::make_unique<Keys>()) {}
KeySet::~KeySet() = default;
KeySet::KeySet(KeySet&&) noexcept = default;
KeySet& KeySet::operator=(KeySet&&) noexcept = default;

std::size_t KeySet::size() const {
  return keys_->by_kid.size();
}

bool KeySet::has(std::string_view kid) const {
  return keys_->by_kid.find(kid) != keys_->by_kid.end();
}

std::optional<KeySet> KeySet::parse(std::string_view jwks_json) {
  boost::system::error_code ec;
  const auto document = json::parse(jwks_json, ec);
  if (ec || !document.is_object()) return std::nullopt;
  const auto* keys = document.as_object().if_contains("keys");
  if (!keys || !keys->is_array()) return std::nullopt;
  KeySet set;
  for (const auto& key : keys->as_array()) {
    if (!key.is_object()) continue;
    const auto* use = key.as_object().if_contains("use");
    if (use && !(use->is_string() && use->as_string() == "sig")) continue;
    if (!has_base64url_members(key.as_object())) continue;
    const auto text = json::serialize(key);
    cjose_err err;
    cjose_jwk_t* jwk = cjose_jwk_import(text.data(), text.size(), &err);
    if (!jwk) continue;
    const char* kid = cjose_jwk_get_kid(jwk, &err);
    const std::string name = kid ? kid : "";
    if (!set.keys_->by_kid.emplace(name, jwk).second) cjose_jwk_release(jwk);
  }
  return set;
}

bool is_allowed_algorithm(std::string_view alg) {
  static constexpr std::array<std::string_view, 9> kAllowed = {
      "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"};
  return std::find(kAllowed.begin(), kAllowed.end(), alg) != kAllowed.end();
}

namespace {

Refusal refused(std::string reason, SignInProblem problem = SignInProblem::try_again) {
  return {std::move(reason), problem};
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

cjose_jwk_kty_t key_type_for(std::string_view alg) {
  return alg.starts_with("ES") ? CJOSE_JWK_KTY_EC : CJOSE_JWK_KTY_RSA;
}

struct JwsDeleter {
  void operator()(cjose_jws_t* jws) const { cjose_jws_release(jws); }
};

// The payload of a token whose signature is good, or why not.
std::variant<json::object, Refusal> verified_claims(std::string_view compact, const KeySet& keys) {
  if (!is_compact_jws(compact)) return refused("malformed_token");
  cjose_err err;
  std::unique_ptr<cjose_jws_t, JwsDeleter> jws(
      cjose_jws_import(compact.data(), compact.size(), &err));
  if (!jws) return refused("malformed_token");
  cjose_header_t* header = cjose_jws_get_protected(jws.get());
  const char* alg = header ? cjose_header_get(header, CJOSE_HDR_ALG, &err) : nullptr;
  if (!alg || !is_allowed_algorithm(alg)) {
    return refused(std::string("algorithm_not_allowed:") + (alg ? alg : "missing"));
  }
  const char* kid = cjose_header_get(header, CJOSE_HDR_KID, &err);
  const auto& by_kid = keys_of(keys).by_kid;
  const auto key = by_kid.find(std::string_view(kid ? kid : ""));
  if (key == by_kid.end()) return refused("unknown_key");
  if (cjose_jwk_get_kty(key->second, &err) != key_type_for(alg)) {
    return refused("key_type_does_not_match_algorithm");
  }
  if (!cjose_jws_verify(jws.get(), key->second, &err)) return refused("bad_signature");
  std::uint8_t* plaintext = nullptr;
  std::size_t length = 0;
  if (!cjose_jws_get_plaintext(jws.get(), &plaintext, &length, &err)) {
    return refused("malformed_token");
  }
  boost::system::error_code ec;
  auto claims = json::parse(std::string_view(reinterpret_cast<const char*>(plaintext), length), ec);
  if (ec || !claims.is_object()) return refused("malformed_claims");
  return std::move(claims.as_object());
}

std::optional<std::string_view> text_claim(const json::object& claims, std::string_view name) {
  const auto* value = claims.if_contains(name);
  if (!value || !value->is_string()) return std::nullopt;
  return std::string_view(value->as_string());
}

std::optional<std::int64_t> time_claim(const json::object& claims, std::string_view name) {
  const auto* value = claims.if_contains(name);
  if (!value) return std::nullopt;
  if (value->is_int64()) return value->as_int64();
  if (value->is_uint64()) return static_cast<std::int64_t>(value->as_uint64());
  if (value->is_double()) return static_cast<std::int64_t>(value->as_double());
  return std::nullopt;
}

// aud is the client, alone or among others; with others, azp must name the client.
bool for_this_client(const json::object& claims, std::string_view client_id) {
  const auto* aud = claims.if_contains("aud");
  if (!aud) return false;
  if (aud->is_string()) return aud->as_string() == client_id;
  if (!aud->is_array()) return false;
  const auto& list = aud->as_array();
  const bool listed = std::any_of(list.begin(), list.end(), [&](const json::value& v) {
    return v.is_string() && v.as_string() == client_id;
  });
  if (!listed) return false;
  if (list.size() == 1) return true;
  const auto azp = text_claim(claims, "azp");
  return azp && *azp == client_id;
}

bool is_true(const json::value* claim) {
  // Some providers send the string "true".
  return claim && ((claim->is_bool() && claim->as_bool()) ||
                   (claim->is_string() && claim->as_string() == "true"));
}

// email_verified; or, from a Microsoft Entra tenant the district requires (tid), the optional
// claim xms_edov, "the e-mail's domain is verified by the tenant": Entra sends no
// email_verified, and within the district's own tenant the domain owner vouches for it.
bool email_is_verified(const json::object& claims, const ProviderRules& rules) {
  if (is_true(claims.if_contains("email_verified"))) return true;
  return rules.tenant_id && is_true(claims.if_contains("xms_edov"));
}

std::optional<Refusal> time_problem(const json::object& claims, const Expected& expected) {
  const auto exp = time_claim(claims, "exp");
  const auto iat = time_claim(claims, "iat");
  if (!exp || !iat) return refused("missing_exp_or_iat");
  if (*exp + expected.clock_skew_seconds <= expected.now_seconds) return refused("expired");
  if (*iat - expected.clock_skew_seconds > expected.now_seconds) return refused("issued_in_future");
  return std::nullopt;
}

std::optional<Refusal> account_problem(const json::object& claims, const ProviderRules& rules,
                                       const std::string& email) {
  if (email.empty() || email.find('@') == std::string::npos) {
    return refused("no_email", SignInProblem::no_email);
  }
  if (!email_is_verified(claims, rules)) {
    return refused("email_not_verified", SignInProblem::email_not_verified);
  }
  const auto domain = email.substr(email.rfind('@') + 1);
  if (!rules.allowed_domains.empty() &&
      std::find(rules.allowed_domains.begin(), rules.allowed_domains.end(), domain) ==
          rules.allowed_domains.end()) {
    return refused("domain_not_allowed:" + domain, SignInProblem::domain_not_allowed);
  }
  if (rules.hosted_domain &&
      text_claim(claims, "hd") != std::optional<std::string_view>(*rules.hosted_domain)) {
    return refused("hosted_domain_mismatch", SignInProblem::not_districts_account);
  }
  if (rules.tenant_id &&
      text_claim(claims, "tid") != std::optional<std::string_view>(*rules.tenant_id)) {
    return refused("tenant_mismatch", SignInProblem::not_districts_account);
  }
  return std::nullopt;
}

}  // namespace

std::variant<Identity, Refusal> verify_id_token(std::string_view compact, const KeySet& keys,
                                                const ProviderRules& rules,
                                                const Expected& expected) {
  auto checked = verified_claims(compact, keys);
  if (auto* refusal = std::get_if<Refusal>(&checked)) return std::move(*refusal);
  const auto& claims = std::get<json::object>(checked);
  if (text_claim(claims, "iss") != std::optional<std::string_view>(rules.issuer)) {
    return refused("wrong_issuer");
  }
  if (!for_this_client(claims, rules.client_id)) return refused("wrong_audience");
  if (auto problem = time_problem(claims, expected)) return std::move(*problem);
  if (expected.nonce.empty() ||
      text_claim(claims, "nonce") != std::optional<std::string_view>(expected.nonce)) {
    return refused("wrong_nonce");
  }
  const auto subject = text_claim(claims, "sub");
  if (!subject || subject->empty()) return refused("no_subject");
  const auto email = lowercase(text_claim(claims, "email").value_or(""));
  if (auto problem = account_problem(claims, rules, email)) return std::move(*problem);
  return Identity{std::string(*subject), email,
                  std::string(text_claim(claims, "name").value_or(""))};
}

}  // namespace trellis::domain::auth::oidc
