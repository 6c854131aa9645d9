// Builds the WHERE clause of list queries whose filters are optional, keeping every value a
// bound parameter. Shared by every keyset-paged list.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

namespace trellis::store {

// A cursor the client sent that is not one of ours: the API answers 400.
class InvalidCursor : public std::invalid_argument {
 public:
  InvalidCursor() : std::invalid_argument("The paging cursor is not valid.") {}
};

class QueryBuilder {
 public:
  // Adds a parameter and returns its placeholder ("$3").
  std::string bind(Param value);
  // ANDs a condition to the WHERE clause.
  void where(std::string condition);
  // ANDs "(a, b, id) > ($x, $y, $z)" for the decoded cursor keys (lowercase text keys, then
  // an integer id last); throws InvalidCursor when the cursor is malformed.
  void after_cursor(const std::optional<std::string>& cursor,
                    const std::vector<std::string>& columns);
  // Keyset paging over typed keys in either direction, the last key being the row id:
  // "(a, id) < ($x, $y)" for descending order. Throws InvalidCursor.
  struct SortKey {
    std::string column;
    bool is_integer = false;
  };
  void after_keys(const std::optional<std::string>& cursor, const std::vector<SortKey>& keys,
                  bool descending);
  std::string where_clause() const;  // "WHERE ..." or ""
  const std::vector<Param>& params() const { return params_; }

 private:
  std::vector<Param> params_;
  std::vector<std::string> conditions_;
};

std::string ascii_lower(std::string text);

// Newest-first pages key on the id alone; the cursor holds the last id seen.
std::optional<Id> id_cursor(const std::optional<std::string>& cursor);
template <class T>
Page<T> newest_first_page(std::vector<T> items, int limit);

// Trims a limit+1 result to `limit` items and makes the next cursor from the last kept item.
template <class T, class KeysOf>
Page<T> make_page(std::vector<T> items, int limit, KeysOf keys_of);

}  // namespace trellis::store

#include "store/query_builder_impl.hpp"
