// Rows of one table waiting to be written by multi-row INSERT statements: a bulk writer adds
// rows as it makes them and writes them in statements of up to kRowsPerStatement rows, one
// round trip per statement instead of one per row. Used by the district generator (rows with
// ids it chose) and by the roster import on PostgreSQL (ids answered by RETURNING).
#pragma once

#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace trellis::store {

class PendingRows {
 public:
  // Statements write up to this many rows; a remainder goes in halving batches (64, 32, ... 1),
  // so a table needs at most eight statement texts. 128 rows of 17 columns stay far below both
  // databases' parameter limits (SQLite 32,766; PostgreSQL 65,535).
  static constexpr std::size_t kRowsPerStatement = 128;

  // `target` is "table (column, ...)"; `returning`, when given, the columns each statement
  // answers for its rows (write() collects them).
  explicit PendingRows(std::string_view target, std::string_view returning = {});

  template <class... Values>
  void add(const Values&... values) {
    if (sizeof...(Values) != width_) throw std::logic_error(wrong_width(sizeof...(Values)));
    (params_.push_back(to_param(values)), ...);
  }

  std::size_t rows() const { return params_.size() / width_; }

  // Writes every waiting row and forgets them; answers the RETURNING rows, in no set order.
  std::vector<Row> write(Connection& conn);

  // The text of a statement inserting `rows` rows.
  const std::string& statement(std::size_t rows);

 private:
  std::string wrong_width(std::size_t given) const;

  std::string_view target_;
  std::string_view returning_;
  std::size_t width_;
  std::vector<Param> params_;
  std::map<std::size_t, std::string> statements_;
};

}  // namespace trellis::store
