// Writing CSV (RFC 4180) for exports that people open in spreadsheets.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace trellis::util {

class CsvWriter {
 public:
  // Appends one record. Cells are quoted when needed; a cell that a spreadsheet would run as
  // a formula (=, +, -, @ first) is prefixed with ' so an export cannot carry one (CWE-1236).
  void row(const std::vector<std::string>& cells);
  std::string take() { return std::move(text_); }

 private:
  std::string text_;
};

std::string csv_cell(std::string_view value);

}  // namespace trellis::util
