#include "store/migrations.hpp"

#include <chrono>
#include <set>

namespace trellis::store {

namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

bool only_comments(std::string_view statement) {
  std::size_t pos = 0;
  while (pos < statement.size()) {
    auto end = statement.find('\n', pos);
    if (end == std::string_view::npos) end = statement.size();
    auto line = trim(statement.substr(pos, end - pos));
    if (!line.empty() && !line.starts_with("--")) return false;
    pos = end + 1;
  }
  return true;
}

std::int64_t now_micros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::vector<std::string_view> split_statements(std::string_view sql) {
  std::vector<std::string_view> statements;
  std::size_t start = 0;
  std::size_t pos = 0;
  while (pos < sql.size()) {
    auto end = sql.find('\n', pos);
    if (end == std::string_view::npos) end = sql.size();
    if (trim(sql.substr(pos, end - pos)).ends_with(';')) {
      auto statement = trim(sql.substr(start, end - start));
      if (!only_comments(statement)) statements.push_back(statement);
      start = end + 1;
    }
    pos = end + 1;
  }
  auto rest = trim(sql.substr(std::min(start, sql.size())));
  if (!rest.empty() && !only_comments(rest)) statements.push_back(rest);
  return statements;
}

void apply_migrations(Connection& conn, const std::vector<Migration>& migrations) {
  conn.run(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
      "name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
  std::set<std::int64_t> applied;
  for (const auto& row : conn.run("SELECT version FROM schema_migrations").rows) {
    applied.insert(row[0].as_int());
  }
  for (const auto& migration : migrations) {
    if (applied.contains(migration.version)) continue;
    for (auto statement : split_statements(migration.sql)) conn.execute(statement, {});
    conn.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
             migration.version, std::string(migration.name), now_micros());
  }
}

}  // namespace trellis::store
