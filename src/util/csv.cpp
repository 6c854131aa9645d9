#include "util/csv.hpp"

#include <utility>

namespace trellis::util {

std::string csv_cell(std::string_view value) {
  std::string cell;
  if (!value.empty() &&
      std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos) {
    cell += '\'';
  }
  cell += value;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

void CsvWriter::row(const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) text_ += ',';
    text_ += csv_cell(cells[i]);
  }
  text_ += "\r\n";
}

CsvReader::CsvReader(Pull pull, Limits limits)
    : pull_(std::move(pull)), limits_(limits), buffer_(1 << 16) {}

bool CsvReader::fill() {
  if (eof_) return false;
  end_ = pull_(buffer_.data(), buffer_.size());
  pos_ = 0;
  if (end_ == 0) eof_ = true;
  return end_ > 0;
}

bool CsvReader::next(std::vector<std::string>& fields) {
  std::size_t count = 0;
  auto field = [&]() -> std::string& {
    if (count == fields.size()) fields.emplace_back();
    auto& f = fields[count];
    f.clear();
    return f;
  };
  auto get = [&](char& c) {
    if (pos_ == end_ && !fill()) return false;
    c = buffer_[pos_++];
    ++consumed_;
    return true;
  };
  auto peek = [&](char& c) {
    if (pos_ == end_ && !fill()) return false;
    c = buffer_[pos_];
    return true;
  };
  if (at_start_) {
    at_start_ = false;
    // A UTF-8 byte order mark (EF BB BF) is not part of the first header name.
    char c = 0;
    if (peek(c) && c == '\xEF' && end_ - pos_ >= 3 && buffer_[pos_ + 1] == '\xBB' &&
        buffer_[pos_ + 2] == '\xBF') {
      pos_ += 3;
      consumed_ += 3;
    }
  }
  unterminated_ = false;
  overlong_ = Overlong::none;
  overlong_column_ = 0;
  char c = 0;
  if (!peek(c)) return false;
  record_line_ = line_;
  const std::size_t record_start = consumed_;
  std::string* current = &field();
  ++count;
  // Keeps `c` in the current field while the record and the field are within their limits;
  // past them the rest of the record is only scanned for its end.
  const auto within_record = [&] {
    if (overlong_ != Overlong::record && consumed_ - record_start > limits_.max_record_bytes) {
      overlong_ = Overlong::record;
    }
    return overlong_ != Overlong::record;
  };
  const auto keep = [&](char ch) {
    if (!within_record()) return;
    if (current->size() >= limits_.max_field_bytes) {
      if (overlong_ == Overlong::none) {
        overlong_ = Overlong::field;
        overlong_column_ = count;
      }
      return;
    }
    *current += ch;
  };
  bool quoted = false;
  bool field_start = true;
  while (get(c)) {
    if (quoted) {
      if (c == '"') {
        char n = 0;
        if (peek(n) && n == '"') {
          get(n);
          keep('"');
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line_;
        keep(c);
      }
      continue;
    }
    if (c == '"' && field_start) {
      quoted = true;
      field_start = false;
    } else if (c == ',') {
      if (within_record()) {
        current = &field();
        ++count;
      }
      field_start = true;
    } else if (c == '\n' || c == '\r') {
      char n = 0;
      if (c == '\r' && peek(n) && n == '\n') get(n);
      ++line_;
      fields.resize(count);
      return true;
    } else {
      keep(c);
      field_start = false;
    }
  }
  unterminated_ = quoted;
  fields.resize(count);
  return true;
}

}  // namespace trellis::util
