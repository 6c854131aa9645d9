#include "store/query_builder.hpp"

#include <fmt/format.h>

#include "util/cursor.hpp"

namespace trellis::store {

std::string QueryBuilder::bind(Param value) {
  params_.push_back(std::move(value));
  return "$" + std::to_string(params_.size());
}

void QueryBuilder::where(std::string condition) {
  conditions_.push_back(std::move(condition));
}

void QueryBuilder::after_cursor(const std::optional<std::string>& cursor,
                                const std::vector<std::string>& columns) {
  if (!cursor) return;
  auto keys = util::decode_cursor(*cursor, columns.size());
  if (!keys) throw InvalidCursor();
  std::vector<std::string> placeholders;
  for (std::size_t i = 0; i < keys->size(); ++i) {
    const bool is_id = i + 1 == keys->size();
    if (is_id) {
      char* end = nullptr;
      const auto id = std::strtoll((*keys)[i].c_str(), &end, 10);
      if (end == (*keys)[i].c_str() || *end != '\0') throw InvalidCursor();
      placeholders.push_back(bind(std::int64_t{id}));
    } else {
      placeholders.push_back(bind((*keys)[i]));
    }
  }
  where(fmt::format("({}) > ({})", fmt::join(columns, ", "), fmt::join(placeholders, ", ")));
}

std::string QueryBuilder::where_clause() const {
  if (conditions_.empty()) return "";
  return fmt::format("WHERE {}", fmt::join(conditions_, " AND "));
}

std::optional<Id> id_before(const std::optional<std::string>& cursor) {
  if (!cursor) return std::nullopt;
  auto keys = util::decode_cursor(*cursor, 1);
  if (!keys) throw InvalidCursor();
  try {
    return std::stoll(keys->front());
  } catch (const std::exception&) {
    throw InvalidCursor();
  }
}

std::string ascii_lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace trellis::store
