#include "store/dialect.hpp"

#include <fmt/format.h>

namespace trellis::store {

std::string id_list_membership(Dialect dialect, std::string_view column, int param) {
  if (dialect == Dialect::sqlite) {
    return fmt::format("{} IN (SELECT value FROM json_each(${}))", column, param);
  }
  // An array rather than IN (SELECT ... json ...): PostgreSQL can use an index for = ANY, also
  // as one arm of an OR (a BitmapOr), and it estimates rows from the actual ids (the text is
  // folded into a constant when a statement is planned for its parameters), where a subquery
  // counts as 100 ids and made the dashboard hash-join every case.
  return fmt::format("{} = ANY(translate(${}, '[]', '{{}}')::bigint[])", column, param);
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

}  // namespace trellis::store
