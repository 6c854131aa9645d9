#include "store/sessions_repo.hpp"

#include "store/users_repo.hpp"

namespace trellis::store {

namespace sql {
constexpr std::string_view kInsertSession =
    "INSERT INTO sessions (user_id, token_hash, csrf_token, created_at, last_seen_at, expires_at, "
    "client_address, user_agent) VALUES ($1, $2, $3, $4, $4, $5, $6, $7) RETURNING id";
constexpr std::string_view kFindSession =
    "SELECT id, user_id, csrf_token, created_at, last_seen_at, expires_at FROM sessions "
    "WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2";
constexpr std::string_view kTouchSession = "UPDATE sessions SET last_seen_at = $2 WHERE id = $1";
constexpr std::string_view kRevokeSession =
    "UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL";
constexpr std::string_view kRevokeUserSessions =
    "UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL";

constexpr std::string_view kInsertToken =
    "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) "
    "RETURNING id";
constexpr std::string_view kFindToken =
    "SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens "
    "WHERE token_hash = $1 AND revoked_at IS NULL";
constexpr std::string_view kTokensOfUser =
    "SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens "
    "WHERE user_id = $1 ORDER BY id DESC";
constexpr std::string_view kRevokeToken =
    "UPDATE api_tokens SET revoked_at = $3 WHERE id = $2 AND user_id = $1 AND revoked_at IS NULL";
constexpr std::string_view kRevokeUserTokens =
    "UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL";
constexpr std::string_view kTouchToken = "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1";
constexpr std::string_view kInsertTokenRole =
    "INSERT INTO api_token_roles (token_id, role, school_id) VALUES ($1, $2, $3)";
constexpr std::string_view kRolesOfToken =
    "SELECT role, school_id FROM api_token_roles WHERE token_id = $1 ORDER BY id";

// hashtextextended: a 64-bit key for the e-mail address; a rare collision only makes two
// addresses take turns.
constexpr std::string_view kLockEmail =
    "SELECT pg_advisory_xact_lock(hashtextextended(lower($1), 0))";
constexpr std::string_view kRecordFailure =
    "INSERT INTO login_failures (email, client_address, at) VALUES (lower($1), $2, $3) "
    "RETURNING id";
constexpr std::string_view kMarkChecked = "UPDATE login_failures SET checked_at = $2 WHERE id = $1";
constexpr std::string_view kFailuresForEmail =
    "SELECT count(*), coalesce(min(at), 0), coalesce(max(at), 0) FROM login_failures "
    "WHERE email = lower($1) AND at > $2";
constexpr std::string_view kFailuresForAddress =
    "SELECT count(*), coalesce(min(at), 0), coalesce(max(at), 0) FROM login_failures "
    "WHERE client_address = $1 AND at > $2";
constexpr std::string_view kFailuresForEmailAtAddress =
    "SELECT count(*), coalesce(min(at), 0), coalesce(max(at), 0) FROM login_failures "
    "WHERE client_address = $2 AND email = lower($1) AND at > $3";
constexpr std::string_view kClearFailures = "DELETE FROM login_failures WHERE email = lower($1)";
}  // namespace sql

namespace {
ApiToken read_token(const Row& row) {
  return ApiToken{row[0].as_int(), row[1].as_int(),  row[2].as_string(),
                  row[3].as_int(), row[4].opt_int(), row[5].opt_int()};
}
login_failures::Window read_window(const Row& row) {
  return {row[0].as_int(), row[1].as_int(), row[2].as_int()};
}
}  // namespace

namespace sessions {

Id insert(Connection& conn, const NewSession& s) {
  return conn
      .one(sql::kInsertSession, s.user_id, s.token_hash, s.csrf_token, s.now, s.expires_at,
           s.client_address, s.user_agent)[0]
      .as_int();
}

std::optional<Session> find_unrevoked(Connection& conn, const std::string& token_hash,
                                      std::int64_t now) {
  auto row = conn.maybe_one(sql::kFindSession, token_hash, now);
  if (!row) return std::nullopt;
  const auto& r = *row;
  return Session{r[0].as_int(), r[1].as_int(), r[2].as_string(),
                 r[3].as_int(), r[4].as_int(), r[5].as_int()};
}

void touch(Connection& conn, Id session_id, std::int64_t now) {
  conn.run(sql::kTouchSession, session_id, now);
}

void revoke(Connection& conn, Id session_id, std::int64_t now) {
  conn.run(sql::kRevokeSession, session_id, now);
}

void revoke_all_for_user(Connection& conn, Id user_id, std::int64_t now) {
  conn.run(sql::kRevokeUserSessions, user_id, now);
}

}  // namespace sessions

namespace api_tokens {

Id insert(Connection& conn, Id user_id, const std::string& name, const std::string& token_hash,
          std::int64_t now, const std::vector<RoleGrant>& roles) {
  const Id id = conn.one(sql::kInsertToken, user_id, name, token_hash, now)[0].as_int();
  for (const auto& grant : roles) {
    conn.run(sql::kInsertTokenRole, id, std::string(role_name(grant.role)), grant.school_id);
  }
  return id;
}

std::optional<ApiToken> find_active(Connection& conn, const std::string& token_hash) {
  auto row = conn.maybe_one(sql::kFindToken, token_hash);
  if (!row) return std::nullopt;
  return read_token(*row);
}

std::vector<ApiToken> list_for_user(Connection& conn, Id user_id) {
  std::vector<ApiToken> tokens;
  for (const auto& row : conn.run(sql::kTokensOfUser, user_id).rows) {
    tokens.push_back(read_token(row));
  }
  return tokens;
}

std::vector<RoleGrant> roles_of(Connection& conn, Id token_id) {
  std::vector<RoleGrant> roles;
  for (const auto& row : conn.run(sql::kRolesOfToken, token_id).rows) {
    roles.push_back(read_role_grant(row[0], row[1]));
  }
  return roles;
}

bool revoke(Connection& conn, Id user_id, Id token_id, std::int64_t now) {
  return conn.run(sql::kRevokeToken, user_id, token_id, now).affected == 1;
}

void revoke_all_for_user(Connection& conn, Id user_id, std::int64_t now) {
  conn.run(sql::kRevokeUserTokens, user_id, now);
}

void touch(Connection& conn, Id token_id, std::int64_t now) {
  conn.run(sql::kTouchToken, token_id, now);
}

}  // namespace api_tokens

namespace login_failures {

void lock_email(Connection& conn, const std::string& email) {
  if (conn.dialect() == Dialect::postgres) conn.run(sql::kLockEmail, email);
}

Id record(Connection& conn, const std::string& email, const std::string& client_address,
          std::int64_t now) {
  return conn.one(sql::kRecordFailure, email, client_address, now)[0].as_int();
}

void mark_checked(Connection& conn, Id failure_id, std::int64_t now) {
  conn.run(sql::kMarkChecked, failure_id, now);
}

Window for_email(Connection& conn, const std::string& email, std::int64_t since) {
  return read_window(conn.one(sql::kFailuresForEmail, email, since));
}

Window for_address(Connection& conn, const std::string& client_address, std::int64_t since) {
  return read_window(conn.one(sql::kFailuresForAddress, client_address, since));
}

Window for_email_at_address(Connection& conn, const std::string& email,
                            const std::string& client_address, std::int64_t since) {
  return read_window(conn.one(sql::kFailuresForEmailAtAddress, email, client_address, since));
}

void clear_for_email(Connection& conn, const std::string& email) {
  conn.run(sql::kClearFailures, email);
}

}  // namespace login_failures
}  // namespace trellis::store
