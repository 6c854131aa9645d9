#include "store/settings_repo.hpp"

namespace trellis::store::settings {

std::optional<std::string> get(Connection& conn, const std::string& key) {
  auto row = conn.maybe_one("SELECT value FROM settings WHERE key = $1", key);
  if (!row) return std::nullopt;
  return (*row)[0].as_string();
}

void set(Connection& conn, const std::string& key, const std::string& value) {
  conn.run(
      "INSERT INTO settings (key, value) VALUES ($1, $2) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      key, value);
}

void remove(Connection& conn, const std::string& key) {
  conn.run("DELETE FROM settings WHERE key = $1", key);
}

}  // namespace trellis::store::settings
