#pragma once

#include <optional>
#include <string>

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
Id insert(Connection& conn, Id user_id, const std::string& name, const std::string& token_hash,
          std::int64_t now);
std::optional<ApiToken> find_active(Connection& conn, const std::string& token_hash);
std::vector<ApiToken> list_for_user(Connection& conn, Id user_id);
// Returns false when the user has no such unrevoked token.
bool revoke(Connection& conn, Id user_id, Id token_id, std::int64_t now);
void touch(Connection& conn, Id token_id, std::int64_t now);
}  // namespace api_tokens

namespace login_failures {
void record(Connection& conn, const std::string& email, const std::string& client_address,
            std::int64_t now);
struct Window {
  std::int64_t count = 0;
  std::int64_t oldest_at = 0;  // of the failures counted
};
Window for_email(Connection& conn, const std::string& email, std::int64_t since);
Window for_address(Connection& conn, const std::string& client_address, std::int64_t since);
void clear_for_email(Connection& conn, const std::string& email);
}  // namespace login_failures

}  // namespace trellis::store
