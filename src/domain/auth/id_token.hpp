// OpenID Connect ID tokens: the provider's signing keys (its JWKS) and the checks a token must
// pass before anyone is signed in with it (OpenID Connect Core 1.0, 3.1.3.7). Signatures are
// verified by cjose (libcjose); nothing here is cryptography of its own.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/auth/sign_in_problems.hpp"

namespace trellis::domain::auth::oidc {

// Why a sign-in was refused: `reason` is technical and goes to the audit log ("wrong_nonce",
// "unknown_key"); `problem` is what the person at the sign-in page is told.
struct Refusal {
  std::string reason;
  SignInProblem problem = SignInProblem::try_again;
};

// What the district set for a provider that the token must match.
struct ProviderRules {
  std::string issuer;                        // exactly the discovery document's "issuer"
  std::string client_id;                     // the audience
  std::vector<std::string> allowed_domains;  // of the e-mail, lower case; empty: any
  std::optional<std::string> hosted_domain;  // Google Workspace "hd" to require
  std::optional<std::string> tenant_id;      // Microsoft Entra "tid" to require
};

// What this sign-in expects: the nonce sent with it, and the time.
struct Expected {
  std::string nonce;
  std::int64_t now_seconds = 0;
  std::int64_t clock_skew_seconds = 120;
};

struct Identity {
  std::string subject;  // "sub": stable per provider
  std::string email;    // lower case, verified
  std::string name;     // may be empty
};

// A provider's signing keys by `kid`, from its jwks_uri document. Keys that are not for
// signatures (`use` other than "sig") or that cjose cannot read are left out.
class KeySet {
 public:
  // nullopt when the document is not a JWKS (no "keys" array).
  static std::optional<KeySet> parse(std::string_view jwks_json);
  KeySet();
  ~KeySet();
  KeySet(KeySet&&) noexcept;
  KeySet& operator=(KeySet&&) noexcept;

  std::size_t size() const;
  bool has(std::string_view kid) const;

 private:
  struct Keys;
  friend const Keys& keys_of(const KeySet& set);
  std::unique_ptr<Keys> keys_;
};

// The signature algorithms accepted: RSA and elliptic-curve signatures only. "none" is never
// accepted, nor HMAC (HS256...), which with a public key as the secret would let anyone sign.
bool is_allowed_algorithm(std::string_view alg);

// Checks `compact` (header.payload.signature): an allowed algorithm, a key of `keys` named by
// its kid and of the algorithm's type, a valid signature, then the claims: iss, aud (and azp
// when there are several audiences), exp and iat within the skew, nonce, email_verified, the
// allowed domains, hd and tid when required. Refusal reason "unknown_key" tells the caller to
// fetch the provider's keys again (they rotate) and retry once.
std::variant<Identity, Refusal> verify_id_token(std::string_view compact, const KeySet& keys,
                                                const ProviderRules& rules,
                                                const Expected& expected);

}  // namespace trellis::domain::auth::oidc
