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

}  // namespace trellis::store
