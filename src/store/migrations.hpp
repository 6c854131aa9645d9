#pragma once

#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace trellis::store {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// Generated at build time from src/store/migrations/<dialect>/NNNN_name.sql.
const std::vector<Migration>& sqlite_migrations();
const std::vector<Migration>& postgres_migrations();

// Applies the migrations not yet recorded in schema_migrations, each in its own step, inside
// `conn`'s transaction. The caller holds whatever lock keeps two servers from racing.
void apply_migrations(Connection& conn, const std::vector<Migration>& migrations);

// Splits a migration file into statements (PostgreSQL's extended protocol and SQLite's
// prepare both take one statement at a time). Statements end with ';' at the end of a line.
std::vector<std::string_view> split_statements(std::string_view sql);

}  // namespace trellis::store
