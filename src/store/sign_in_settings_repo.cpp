#include "store/sign_in_settings_repo.hpp"

#include "store/settings_repo.hpp"

namespace trellis::store::sign_in_settings {

std::optional<std::string> password_sign_in(Connection& conn) {
  return settings::get(conn, "password_sign_in");
}

void set_password_sign_in(Connection& conn, const std::string& value) {
  settings::set(conn, "password_sign_in", value);
}

std::vector<Id> break_glass_accounts(Connection& conn) {
  std::vector<Id> ids;
  for (const auto& row :
       conn.run("SELECT user_id FROM break_glass_accounts ORDER BY user_id").rows) {
    ids.push_back(row[0].as_int());
  }
  return ids;
}

bool is_break_glass(Connection& conn, Id user_id) {
  return conn.maybe_one("SELECT 1 FROM break_glass_accounts WHERE user_id = $1", user_id)
      .has_value();
}

void replace_break_glass_accounts(Connection& conn, const std::vector<Id>& user_ids,
                                  std::int64_t now) {
  conn.run("DELETE FROM break_glass_accounts");
  for (const auto id : user_ids) {
    conn.run("INSERT INTO break_glass_accounts (user_id, named_at) VALUES ($1, $2)", id, now);
  }
}

bool single_sign_on_has_worked(Connection& conn) {
  return conn
      .maybe_one(
          "SELECT 1 FROM staff_identities s JOIN identity_providers p ON p.id = s.provider_id "
          "WHERE p.enabled = 1 LIMIT 1")
      .has_value();
}

}  // namespace trellis::store::sign_in_settings
