// Staff accounts and their roles per school.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/auth/principal.hpp"
#include "domain/outcome.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

namespace trellis::domain::users {

// What a create or update may set; absent fields are left as they are (update) or are
// required (create: email, given_name, family_name, roles).
struct UserChanges {
  std::optional<std::string> email;
  std::optional<std::string> given_name;
  std::optional<std::string> family_name;
  std::optional<std::string> password_hash;  // hashed by the caller, outside the transaction
  std::optional<bool> active;
  std::optional<std::vector<store::RoleGrant>> roles;
};

// `by` is the administrator acting, or nullopt for the command line (trusted, local).
Outcome<store::User> create(store::Connection& conn, const std::optional<Principal>& by,
                            const Actor& actor, const UserChanges& changes);
Outcome<store::User> update(store::Connection& conn, const Principal& by, const Actor& actor,
                            Id user_id, const UserChanges& changes);

bool looks_like_email(std::string_view text);
// Minimum length etc.; empty when acceptable, else what is wrong.
std::optional<std::string> password_problem(std::string_view password);

}  // namespace trellis::domain::users
