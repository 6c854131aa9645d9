// Signing in and out, sessions and API tokens.
#pragma once

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
  int max_failures_per_account = 5;
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
// transaction (on SQLite that would stall every writer): read what is needed, verify the
// password outside the database, then record the outcome in a write.
struct SignInAttempt {
  std::string email;
  Client client;
  std::optional<store::User> user;  // empty when unknown, inactive or without a password
  bool password_ok = false;
};
// Reads the rate limits and the user. Rate-limited callers get 429 before any hashing.
Outcome<SignInAttempt> begin_sign_in(store::Connection& conn, const Policy& policy,
                                     const std::string& email, const Client& client);
// Verifies the password; against a decoy hash for unknown users, so both take the same time.
void verify_sign_in(SignInAttempt& attempt, const std::string& password);
// Opens the session and audits it, or records the failure (committed, so limits hold across
// servers) and answers the same error for unknown e-mail and wrong password.
Outcome<SignedIn> finish_sign_in(store::Connection& conn, const Policy& policy,
                                 const SignInAttempt& attempt);

struct SessionLookup {
  Principal principal;
  bool needs_touch = false;  // last_seen is older than touch_interval: record activity
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
Outcome<NewApiToken> create_api_token(store::Connection& conn, const Principal& principal,
                                      const std::string& name, const std::string& address);
std::optional<Principal> find_api_token(store::Connection& conn, const std::string& secret);
Outcome<Done> revoke_api_token(store::Connection& conn, const Principal& principal, Id token_id,
                               const std::string& address);

// Loads the principal for a user id (roles included); nullopt when inactive or unknown.
std::optional<Principal> load_principal(store::Connection& conn, Id user_id);

}  // namespace trellis::domain::auth
