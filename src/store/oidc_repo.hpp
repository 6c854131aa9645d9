// Single sign-on's own records: sign-ins under way (oidc_logins) and the provider subjects
// remembered for staff accounts (staff_identities).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.hpp"
#include "store/records.hpp"

namespace trellis::store {

struct OidcLogin {
  std::string state_hash;
  Id provider_id = 0;
  std::string nonce;
  std::string code_verifier;
  std::string return_to;
  std::int64_t created_at = 0;
};

namespace oidc_logins {
void insert(Connection& conn, const OidcLogin& login);
// Marks the sign-in used and returns it, when it exists, is unused and began after
// `created_after`; nullopt otherwise. Once only: a second call for one state finds nothing.
std::optional<OidcLogin> take(Connection& conn, const std::string& state_hash, std::int64_t now,
                              std::int64_t created_after);
// Sign-ins begun before `before` (used or abandoned) are of no further use.
void delete_begun_before(Connection& conn, std::int64_t before);
}  // namespace oidc_logins

namespace staff_identities {
// The account a provider's subject signs in as.
std::optional<Id> user_of(Connection& conn, Id provider_id, const std::string& subject);
// Whether the account has a remembered subject at the provider (other than `subject`).
bool linked_elsewhere(Connection& conn, Id provider_id, Id user_id, const std::string& subject);
void remember(Connection& conn, Id provider_id, Id user_id, const std::string& subject,
              const std::string& email, std::int64_t now);
void touch(Connection& conn, Id provider_id, const std::string& subject, std::int64_t now);
}  // namespace staff_identities

}  // namespace trellis::store
