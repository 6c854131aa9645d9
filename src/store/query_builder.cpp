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

namespace {
std::int64_t parse_key_integer(const std::string& text) {
  char* end = nullptr;
  const auto value = std::strtoll(text.c_str(), &end, 10);
  if (end == text.c_str() || *end != '\0') throw InvalidCursor();
  return value;
}
}  // namespace

void QueryBuilder::after_keys(const std::optional<std::string>& cursor,
                              const std::vector<SortKey>& keys, bool descending) {
  if (!cursor) return;
  auto values = util::decode_cursor(*cursor, keys.size());
  if (!values) throw InvalidCursor();
  std::vector<std::string> columns;
  std::vector<std::string> placeholders;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    columns.push_back(keys[i].column);
    placeholders.push_back(keys[i].is_integer ? bind(parse_key_integer((*values)[i]))
                                              : bind((*values)[i]));
  }
  where(fmt::format("({}) {} ({})", fmt::join(columns, ", "), descending ? "<" : ">",
                    fmt::join(placeholders, ", ")));
}

std::optional<Id> id_cursor(const std::optional<std::string>& cursor) {
  if (!cursor) return std::nullopt;
  auto keys = util::decode_cursor(*cursor, 1);
  if (!keys) throw InvalidCursor();
  return parse_key_integer(keys->front());
}

void QueryBuilder::after_cursor(const std::optional<std::string>& cursor,
                                const std::vector<std::string>& columns) {
  if (!cursor) return;
  auto keys = util::decode_cursor(*cursor, columns.size());
  if (!keys) throw InvalidCursor();
  std::vector<std::string> placeholders;
  for (std::size_t i = 0; i < keys->size(); ++i) {
    const bool is_id = i + 1 == keys->size();
    placeholders.push_back(is_id ? bind(parse_key_integer((*keys)[i])) : bind((*keys)[i]));
  }
  where(fmt::format("({}) > ({})", fmt::join(columns, ", "), fmt::join(placeholders, ", ")));
}

std::string QueryBuilder::where_clause() const {
  if (conditions_.empty()) return "";
  return fmt::format("WHERE {}", fmt::join(conditions_, " AND "));
}

std::string ascii_lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace trellis::store
