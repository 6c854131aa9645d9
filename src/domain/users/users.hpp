// Staff accounts and their roles per school.
#pragma once

#include <boost/json/array.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/auth/principal.hpp"
#include "domain/outcome.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

namespace trellis::domain::users {

inline constexpr std::size_t kMaxName = 100;  // characters, for given and family names

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

// The policy's staff-account rows applied to one account, whose school is that of each of its
// roles. Reading it needs read_staff_accounts at one of them (the list's SQL filter is
// access::schools_allowing of the same row); managing it needs manage_staff_accounts at every
// one, since a change could touch any of them.
bool may_read(const Principal& by, const store::User& target);
bool may_manage(const Principal& by, const store::User& target);
// The account's `allowed_actions` for `by` ("user.manage").
boost::json::array allowed_actions(const Principal& by, const store::User& target);
// The account when `by` may read it; not found otherwise, so that an administrator learns
// nothing of accounts outside their schools.
Outcome<store::User> find(store::Connection& conn, const Principal& by, Id user_id);

// `by` is the administrator acting, or nullopt for the command line (trusted, local).
Outcome<store::User> create(store::Connection& conn, const std::optional<Principal>& by,
                            const Actor& actor, const UserChanges& changes);
// Not found when `by` may not read the account, forbidden when they may read but not manage it.
Outcome<store::User> update(store::Connection& conn, const Principal& by, const Actor& actor,
                            Id user_id, const UserChanges& changes);

bool looks_like_email(std::string_view text);
// Minimum length etc.; empty when acceptable, else what is wrong.
std::optional<std::string> password_problem(std::string_view password);

}  // namespace trellis::domain::users
