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

std::map<std::string, std::string> with_prefix(Connection& conn, const std::string& prefix) {
  std::map<std::string, std::string> out;
  for (const auto& row : conn.run("SELECT key, value FROM settings").rows) {
    auto key = row[0].as_string();
    if (key.starts_with(prefix)) out[key] = row[1].as_string();
  }
  return out;
}

}  // namespace trellis::store::settings
