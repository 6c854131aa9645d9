#include "store/oidc_repo.hpp"

namespace trellis::store {

namespace oidc_logins {

void insert(Connection& conn, const OidcLogin& l) {
  conn.run(
      "INSERT INTO oidc_logins (state_hash, provider_id, nonce, code_verifier, return_to, "
      "created_at) VALUES ($1, $2, $3, $4, $5, $6)",
      l.state_hash, l.provider_id, l.nonce, l.code_verifier, l.return_to, l.created_at);
}

std::optional<OidcLogin> take(Connection& conn, const std::string& state_hash, std::int64_t now,
                              std::int64_t created_after) {
  auto row = conn.maybe_one(
      "UPDATE oidc_logins SET used_at = $2 WHERE state_hash = $1 AND used_at IS NULL AND "
      "created_at > $3 RETURNING state_hash, provider_id, nonce, code_verifier, return_to, "
      "created_at",
      state_hash, now, created_after);
  if (!row) return std::nullopt;
  const auto& r = *row;
  return OidcLogin{r[0].as_string(), r[1].as_int(),    r[2].as_string(),
                   r[3].as_string(), r[4].as_string(), r[5].as_int()};
}

void delete_begun_before(Connection& conn, std::int64_t before) {
  conn.run("DELETE FROM oidc_logins WHERE created_at < $1", before);
}

}  // namespace oidc_logins

namespace staff_identities {

std::optional<Id> user_of(Connection& conn, Id provider_id, const std::string& subject) {
  auto row =
      conn.maybe_one("SELECT user_id FROM staff_identities WHERE provider_id = $1 AND subject = $2",
                     provider_id, subject);
  if (!row) return std::nullopt;
  return (*row)[0].as_int();
}

bool linked_elsewhere(Connection& conn, Id provider_id, Id user_id, const std::string& subject) {
  return conn
      .maybe_one(
          "SELECT 1 FROM staff_identities WHERE provider_id = $1 AND user_id = $2 AND "
          "subject <> $3",
          provider_id, user_id, subject)
      .has_value();
}

void remember(Connection& conn, Id provider_id, Id user_id, const std::string& subject,
              const std::string& email, std::int64_t now) {
  conn.run(
      "INSERT INTO staff_identities (user_id, provider_id, subject, email, created_at, "
      "last_sign_in_at) VALUES ($1, $2, $3, $4, $5, $5)",
      user_id, provider_id, subject, email, now);
}

void touch(Connection& conn, Id provider_id, const std::string& subject, std::int64_t now) {
  conn.run(
      "UPDATE staff_identities SET last_sign_in_at = $3 WHERE provider_id = $1 AND subject = $2",
      provider_id, subject, now);
}

}  // namespace staff_identities

}  // namespace trellis::store
