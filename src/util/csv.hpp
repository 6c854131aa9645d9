// Writing CSV (RFC 4180) for exports that people open in spreadsheets, and reading it as real
// exports write it (roster imports).
#pragma once

#include <cstddef>
#include <functional>
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

// Reads RFC 4180 records one at a time from a byte stream, so a file of a million rows never
// sits in memory whole: quoted fields may hold commas, doubled quotes and line breaks; CRLF
// and LF both end records; a UTF-8 byte order mark at the start is skipped. A quote inside an
// unquoted field is kept as text (lenient, as spreadsheets are).
class CsvReader {
 public:
  // Fills the buffer with up to `size` bytes and answers how many; 0 at the end.
  using Pull = std::function<std::size_t(char* buffer, std::size_t size)>;
  explicit CsvReader(Pull pull);

  // The next record into `fields` (reusing its strings); false at the end of the input.
  bool next(std::vector<std::string>& fields);
  // The line (1-based) on which the record last returned by next() starts.
  std::size_t line() const { return record_line_; }
  // Bytes consumed so far, for progress.
  std::size_t bytes_read() const { return consumed_; }
  // True when the last record ended inside an unclosed quoted field.
  bool unterminated_quote() const { return unterminated_; }

 private:
  bool fill();

  Pull pull_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::size_t consumed_ = 0;
  std::size_t line_ = 1;
  std::size_t record_line_ = 0;
  bool at_start_ = true;
  bool eof_ = false;
  bool unterminated_ = false;
};

}  // namespace trellis::util
