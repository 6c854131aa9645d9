#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

namespace trellis::store {

namespace sessions {
struct NewSession {
  Id user_id = 0;
  std::string token_hash;
  std::string csrf_token;
  std::int64_t now = 0;
  std::int64_t expires_at = 0;
  std::string client_address;
  std::string user_agent;
};
Id insert(Connection& conn, const NewSession& session);
// The session with this token hash that is neither revoked nor past its absolute expiry.
std::optional<Session> find_unrevoked(Connection& conn, const std::string& token_hash,
                                      std::int64_t now);
void touch(Connection& conn, Id session_id, std::int64_t now);
void revoke(Connection& conn, Id session_id, std::int64_t now);
void revoke_all_for_user(Connection& conn, Id user_id, std::int64_t now);
}  // namespace sessions

namespace api_tokens {
// Also records `roles`, the roles the token was made under.
Id insert(Connection& conn, Id user_id, const std::string& name, const std::string& token_hash,
          std::int64_t now, const std::vector<RoleGrant>& roles);
std::optional<ApiToken> find_active(Connection& conn, const std::string& token_hash);
std::vector<ApiToken> list_for_user(Connection& conn, Id user_id);
// The roles the token was made under.
std::vector<RoleGrant> roles_of(Connection& conn, Id token_id);
// Returns false when the user has no such unrevoked token.
bool revoke(Connection& conn, Id user_id, Id token_id, std::int64_t now);
void revoke_all_for_user(Connection& conn, Id user_id, std::int64_t now);
void touch(Connection& conn, Id token_id, std::int64_t now);
}  // namespace api_tokens

// Sign-in attempts counted as failures: each is recorded before its password is checked (a
// reservation) and marked checked when the password was wrong.
namespace login_failures {
// Makes the attempts on one e-mail address take turns until the transaction ends, so that
// counting them and recording one more is a single step on every server (PostgreSQL: an
// advisory lock; SQLite has one writer, which already runs write transactions one at a time).
void lock_email(Connection& conn, const std::string& email);
Id record(Connection& conn, const std::string& email, const std::string& client_address,
          std::int64_t now);
void mark_checked(Connection& conn, Id failure_id, std::int64_t now);
struct Window {
  std::int64_t count = 0;
  std::int64_t oldest_at = 0;  // of the failures counted
  std::int64_t newest_at = 0;
};
Window for_email(Connection& conn, const std::string& email, std::int64_t since);
Window for_address(Connection& conn, const std::string& client_address, std::int64_t since);
Window for_email_at_address(Connection& conn, const std::string& email,
                            const std::string& client_address, std::int64_t since);
void clear_for_email(Connection& conn, const std::string& email);
}  // namespace login_failures

}  // namespace trellis::store
