// The few places where SQLite and PostgreSQL need different SQL text. Everything else uses
// one text for both.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

namespace trellis::store {

// "<column> IN (ids given as a JSON array in parameter $<n>)".
std::string id_list_membership(Dialect dialect, std::string_view column, int param);
// The parameter value id_list_membership expects.
std::string encode_id_list(const std::vector<Id>& ids);

// Escapes %, _ and \ so user text is matched literally by LIKE ... ESCAPE '\'.
std::string like_prefix(std::string_view text);

// `sql`, an INSERT of one row that ends in " RETURNING id", without that clause.
std::string_view without_returning_id(std::string_view sql);

// Runs such an INSERT and answers the new id. SQLite runs RETURNING as a trigger program,
// which makes every insert keep a statement journal (a fifth of a roster import's time); there
// the id comes from last_insert_rowid() instead.
template <class... Args>
Id insert_returning_id(Connection& conn, std::string_view sql, const Args&... args) {
  if (conn.dialect() == Dialect::postgres) return conn.one(sql, args...)[0].as_int();
  conn.run(without_returning_id(sql), args...);
  return conn.one("SELECT last_insert_rowid()")[0].as_int();
}

}  // namespace trellis::store
