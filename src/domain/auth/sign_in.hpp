// Signing in and out, sessions and API tokens.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "domain/auth/principal.hpp"
#include "domain/outcome.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

namespace trellis::domain::auth {

struct Policy {
  std::int64_t idle_timeout_us = 30LL * 60 * 1'000'000;        // 30 minutes without a request
  std::int64_t absolute_timeout_us = 12LL * 3600 * 1'000'000;  // a working day, at most
  std::int64_t touch_interval_us = 60LL * 1'000'000;           // last_seen is coarse on purpose
  std::int64_t failure_window_us = 15LL * 60 * 1'000'000;
  // Passwords checked per account in the window; further attempts get 429 before any hashing.
  int max_failures_per_account = 5;
  // Failures from one client address in the window, after which that address gets no more
  // guesses at the accounts it has already guessed wrong at. Accounts it has not failed at are
  // still checked: a school's staff share one public address, and a colleague's typos or an
  // attacker beside them must never refuse a correct password (OWASP authentication guidance).
  int max_failures_per_address = 30;
};

struct SignedIn {
  Principal principal;
  std::string session_token;  // goes in the cookie; only its hash is stored
  std::int64_t expires_at = 0;
};

struct Client {
  std::string address;
  std::string user_agent;
};

// Signing in takes three steps so that the slow password hash never runs inside a write
// transaction (on SQLite that would stall every writer): reserve the attempt, verify the
// password outside the database, then record the outcome in a write.
struct SignInAttempt {
  std::string email;
  Client client;
  std::optional<store::User> user;  // empty when unknown, inactive or without a password
  Id reservation_id = 0;            // the failure recorded up front
  bool password_ok = false;
};
// Run in a write transaction of its own, committed before the password is checked: applies
// the rate limits (429, writing nothing) and, within them, records this attempt as a failure
// up front. Counting and recording are one step per e-mail address, so parallel guesses count
// each other and at most max_failures_per_account passwords are ever checked in the window.
Outcome<SignInAttempt> begin_sign_in(store::Connection& conn, const Policy& policy,
                                     const std::string& email, const Client& client);
// Verifies the password; against a decoy hash for unknown users, so both take the same time.
void verify_sign_in(SignInAttempt& attempt, const std::string& password);
// Opens the session, clears the account's failures and audits it; or marks the reserved
// failure as checked (commit it even though it answers an error) and answers the same error
// for unknown e-mail and wrong password.
Outcome<SignedIn> finish_sign_in(store::Connection& conn, const Policy& policy,
                                 const SignInAttempt& attempt);

// Opens a browser session for an active account and audits the sign-in with `how` (its
// method and details): the one way in for password sign-in and single sign-on alike.
SignedIn open_session(store::Connection& conn, const Policy& policy, const store::User& user,
                      const Client& client, boost::json::object how);

// A signed-in principal found by a session cookie or an API token.
struct SessionLookup {
  Principal principal;
  bool needs_touch = false;  // last seen/used longer than touch_interval ago: record activity
};
// The signed-in principal for a session cookie, or nullopt when unknown, revoked, idle too
// long or past its absolute expiry.
std::optional<SessionLookup> find_session(store::Connection& conn, const Policy& policy,
                                          const std::string& session_token);
void touch_session(store::Connection& conn, Id session_id);
void sign_out(store::Connection& conn, const Principal& principal, const std::string& address);

struct NewApiToken {
  store::ApiToken token;
  std::string secret;  // shown once
};
inline constexpr std::size_t kMaxTokenName = 200;  // characters
// The token is made under the principal's roles: it acts with those roles only, and stops
// working when its owner no longer holds every one of them.
Outcome<NewApiToken> create_api_token(store::Connection& conn, const Principal& principal,
                                      const std::string& name, const std::string& address);
// The principal for an API token, or nullopt when it is unknown or revoked, its owner is
// inactive, or the owner has lost a role it was made under. `needs_touch` asks for
// last_used_at to be recorded (touch_api_token): at most once per touch_interval, so that a
// busy integration does not write on every request.
std::optional<SessionLookup> find_api_token(store::Connection& conn, const Policy& policy,
                                            const std::string& secret);
void touch_api_token(store::Connection& conn, Id token_id);
Outcome<Done> revoke_api_token(store::Connection& conn, const Principal& principal, Id token_id,
                               const std::string& address);

// Ends every session and API token of a user: a new password, a deactivated account.
void end_sign_ins(store::Connection& conn, Id user_id);
// Revokes the user's API tokens made under a role the user no longer holds, so that giving the
// role back later does not revive them.
void end_tokens_of_lost_roles(store::Connection& conn, const store::User& user);

// Loads the principal for a user id (roles included); nullopt when inactive or unknown.
std::optional<Principal> load_principal(store::Connection& conn, Id user_id);

}  // namespace trellis::domain::auth
