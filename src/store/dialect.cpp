#include "store/dialect.hpp"

#include <fmt/format.h>

namespace trellis::store {

std::string id_list_membership(Dialect dialect, std::string_view column, int param) {
  if (dialect == Dialect::sqlite) {
    return fmt::format("{} IN (SELECT value FROM json_each(${}))", column, param);
  }
  return fmt::format("{} IN (SELECT value::bigint FROM json_array_elements_text(${}::json))",
                     column, param);
}

std::string encode_id_list(const std::vector<Id>& ids) {
  return fmt::format("[{}]", fmt::join(ids, ","));
}

std::string like_prefix(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out + '%';
}

std::string_view without_returning_id(std::string_view sql) {
  constexpr std::string_view kClause = " RETURNING id";
  if (!sql.ends_with(kClause)) {
    throw DatabaseError("expected an INSERT ending in RETURNING id: " + std::string(sql));
  }
  sql.remove_suffix(kClause.size());
  return sql;
}

}  // namespace trellis::store
