// A real OpenID provider for the single sign-on tests: tests/oidc/provider.mjs (panva's
// oidc-provider, OpenID Certified) run by Node as a child process on a free loopback port, and
// steered through its /__control/ API. Needs scripts/install-oidc-test-provider.sh to have run
// (Node 20 or newer and tests/oidc/node_modules); without them it throws, saying so.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/listening_child.hpp"

namespace trellis::testing {

class OidcProvider {
 public:
  // Starts the provider and waits (up to three minutes) for it to listen.
  OidcProvider();
  ~OidcProvider();
  OidcProvider(const OidcProvider&) = delete;
  OidcProvider& operator=(const OidcProvider&) = delete;

  // http://127.0.0.1:PORT, no trailing slash: what discovery says and ID tokens carry.
  const std::string& issuer() const { return issuer_; }
  unsigned short port() const { return port_; }

  // Registers, or replaces, a confidential client (client_secret_basic, authorization code,
  // response type code). redirect_uris are matched exactly, port and path included.
  void register_client(const std::string& client_id, const std::string& secret,
                       const std::vector<std::string>& redirect_uris);
  // Adds, or replaces, an account; its claims land in the ID token (hd and tid only when
  // given, as Google Workspace and Entra send them).
  void add_account(const std::string& sub, const std::string& email, bool email_verified,
                   const std::string& name, std::optional<std::string> hd = {},
                   std::optional<std::string> tid = {});
  // The next sign-in completes by itself as `sub`, with consent to whatever the client asked,
  // so authorize() can run it without forms. Used once; without it the provider shows its
  // stock sign-in and consent forms (any password works), as browser tests use them.
  void next_login(const std::string& sub);
  // How the next ID token from the token endpoint is spoiled, then back to "normal": alg_none,
  // hs256_public_key (HS256 keyed with the public RSA key's SPKI PEM), wrong_nonce, expired
  // (exp an hour ago), wrong_audience, wrong_issuer, unverified_email, unpublished_key
  // (RS256 under a kid the JWKS does not have).
  void id_token_mode(const std::string& mode);
  // A new signing key with a new kid; the JWKS then publishes only it. Returns the new kid.
  std::string rotate_keys();
  // Requests since the start or the last reset_stats():
  // {"discovery": n, "jwks": n, "token": n, "token_errors": n}.
  boost::json::object stats();
  void reset_stats();

  // Plays the browser from the authorization URL Trellis redirected to (the provider's
  // authorization endpoint with its query): follows the provider's redirects with a cookie jar
  // of its own (fresh for each call, as a new browser) until one leaves the provider, and
  // returns that URL: the client's redirect URI with code, state and iss, or with error. Throws
  // when the provider answers with a page instead (its sign-in form when next_login() was not
  // called, or an error page such as for an unregistered redirect_uri).
  std::string authorize(const std::string& authorization_url);

  // One request to the control API (path after /__control/); throws unless it answers 2xx.
  boost::json::value control(const std::string& method, const std::string& path,
                             const boost::json::value& body = nullptr);

 private:
  std::unique_ptr<ListeningChild> process_;
  unsigned short port_ = 0;
  std::string issuer_;
};

}  // namespace trellis::testing
