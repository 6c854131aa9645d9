// How staff may sign in: the district's password sign-in setting and its break-glass accounts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

namespace trellis::store::sign_in_settings {

// The settings row 'password_sign_in': nullopt when never set (everyone may).
std::optional<std::string> password_sign_in(Connection& conn);
void set_password_sign_in(Connection& conn, const std::string& value);

std::vector<Id> break_glass_accounts(Connection& conn);
bool is_break_glass(Connection& conn, Id user_id);
void replace_break_glass_accounts(Connection& conn, const std::vector<Id>& user_ids,
                                  std::int64_t now);

// Whether some enabled identity provider has signed someone in: single sign-on works.
bool single_sign_on_has_worked(Connection& conn);

}  // namespace trellis::store::sign_in_settings
