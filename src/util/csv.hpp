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

// The most one record and one field may hold (in bytes, quotes and separators counted in the
// record), so that a hostile file cannot make one record take unbounded memory: what goes
// beyond is read past, not kept, and the record says so (CsvReader::overlong()).
struct CsvLimits {
  std::size_t max_record_bytes = static_cast<std::size_t>(-1);
  std::size_t max_field_bytes = static_cast<std::size_t>(-1);
};

// Reads RFC 4180 records one at a time from a byte stream, so a file of a million rows never
// sits in memory whole: quoted fields may hold commas, doubled quotes and line breaks; CRLF
// and LF both end records; a UTF-8 byte order mark at the start is skipped. A quote inside an
// unquoted field is kept as text (lenient, as spreadsheets are).
class CsvReader {
 public:
  // Fills the buffer with up to `size` bytes and answers how many; 0 at the end.
  using Pull = std::function<std::size_t(char* buffer, std::size_t size)>;
  using Limits = CsvLimits;
  explicit CsvReader(Pull pull, Limits limits = {});

  // The next record into `fields` (reusing its strings); false at the end of the input.
  bool next(std::vector<std::string>& fields);
  // The line (1-based) on which the record last returned by next() starts.
  std::size_t line() const { return record_line_; }
  // Bytes consumed so far, for progress.
  std::size_t bytes_read() const { return consumed_; }
  // True when the last record ended inside an unclosed quoted field.
  bool unterminated_quote() const { return unterminated_; }
  // Why the last record was cut short: not (none), a field over max_field_bytes (the first such
  // field's 1-based column in overlong_column()), or the whole record over max_record_bytes.
  enum class Overlong { none, field, record };
  Overlong overlong() const { return overlong_; }
  std::size_t overlong_column() const { return overlong_column_; }
  const Limits& limits() const { return limits_; }

 private:
  bool fill();

  Pull pull_;
  Limits limits_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::size_t consumed_ = 0;
  std::size_t line_ = 1;
  std::size_t record_line_ = 0;
  bool at_start_ = true;
  bool eof_ = false;
  bool unterminated_ = false;
  Overlong overlong_ = Overlong::none;
  std::size_t overlong_column_ = 0;
};

}  // namespace trellis::util
