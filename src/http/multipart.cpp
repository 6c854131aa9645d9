#include "http/multipart.hpp"

#include <utility>

#include "util/text.hpp"

namespace trellis::http::multipart {

using domain::Error;
using domain::ErrorKind;
using domain::Outcome;

namespace {

// Bounds that no browser comes near; they keep a hostile body from costing much.
constexpr std::size_t kMaxParts = 64;
constexpr std::size_t kMaxPartHeaderBytes = 16 * 1024;
constexpr std::size_t kMaxBoundaryLength = 70;  // RFC 2046
constexpr std::string_view kCrlf = "\r\n";

Error malformed(std::string detail) {
  return {ErrorKind::bad_request, "malformed_multipart",
          "The multipart/form-data body is malformed: " + std::move(detail)};
}

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = lower(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

bool is_control(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f;
}

// RFC 2046 bchars: what a boundary may be made of (a space, but not at the end).
bool is_boundary_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

// A header value of the form `type; name=value; name="quoted value"`. Unquoted values run to
// the next ';' or space (boundaries use characters HTTP tokens do not); in quoted values a
// backslash escapes only '"' and '\', so Windows paths browsers send arrive intact.
struct HeaderValue {
  std::string type;                                             // lower case
  std::vector<std::pair<std::string, std::string>> parameters;  // names in lower case

  const std::string* parameter(std::string_view name) const {
    for (const auto& [key, value] : parameters) {
      if (key == name) return &value;
    }
    return nullptr;
  }
};

class HeaderValueReader {
 public:
  explicit HeaderValueReader(std::string_view text) : text_(text) {}

  Outcome<HeaderValue> read() {
    HeaderValue value;
    value.type = lowercase(trim(text_.substr(0, text_.find(';'))));
    pos_ = std::min(text_.find(';'), text_.size());
    while (skip_separator()) {
      auto name = read_name();
      if (name.empty()) return malformed("a header parameter has no name.");
      if (!consume('='))
        return malformed("the parameter " + util::escaped(name) + " has no value.");
      auto parameter = at('"') ? read_quoted() : read_unquoted();
      if (!parameter)
        return malformed("the parameter " + util::escaped(name) + " has an unreadable value.");
      if (value.parameter(name))
        return malformed("the parameter " + util::escaped(name) + " is repeated.");
      value.parameters.emplace_back(std::move(name), std::move(*parameter));
    }
    if (pos_ < text_.size()) return malformed("a header has text after its parameters.");
    return value;
  }

 private:
  bool at(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  bool consume(char c) {
    if (!at(c)) return false;
    ++pos_;
    return true;
  }
  void skip_space() {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
  }
  // True when another parameter follows; a trailing ';' is tolerated.
  bool skip_separator() {
    skip_space();
    if (!consume(';')) return false;
    skip_space();
    return pos_ < text_.size();
  }
  std::string read_name() {
    const auto start = pos_;
    while (pos_ < text_.size() && text_[pos_] != '=' && !is_space(text_[pos_]) &&
           text_[pos_] != ';') {
      ++pos_;
    }
    auto name = lowercase(text_.substr(start, pos_ - start));
    skip_space();
    return name;
  }
  std::optional<std::string> read_unquoted() {
    skip_space();
    const auto start = pos_;
    while (pos_ < text_.size() && text_[pos_] != ';' && !is_space(text_[pos_])) {
      if (text_[pos_] == '"' || is_control(text_[pos_])) return std::nullopt;
      ++pos_;
    }
    if (pos_ == start) return std::nullopt;
    return std::string(text_.substr(start, pos_ - start));
  }
  std::optional<std::string> read_quoted() {
    ++pos_;  // the opening quote
    std::string value;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') return value;
      if (is_control(c) && c != '\t') return std::nullopt;
      if (c == '\\' && pos_ < text_.size() && (text_[pos_] == '"' || text_[pos_] == '\\')) {
        value += text_[pos_++];
        continue;
      }
      value += c;
    }
    return std::nullopt;  // no closing quote
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_attr_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$&+-.^_`|~").find(c) != std::string_view::npos;
}

// RFC 5987 value-chars: attr-chars and %XX; nullopt for anything else.
std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (is_attr_char(text[i])) {
      out += text[i];
      continue;
    }
    if (text[i] != '%' || i + 2 >= text.size()) return std::nullopt;
    const int high = hex_value(text[i + 1]);
    const int low = hex_value(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

std::string latin1_to_utf8(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      out += c;
    } else {
      out += static_cast<char>(0xc0 | (byte >> 6));
      out += static_cast<char>(0x80 | (byte & 0x3f));
    }
  }
  return out;
}

// RFC 5987 ext-value (filename*=UTF-8''na%C3%AFve.pdf). nullopt for a charset we do not read,
// so the plain filename parameter is used instead; 400 when it is malformed.
Outcome<std::optional<std::string>> decode_ext_value(std::string_view text) {
  const auto first = text.find('\'');
  const auto second = first == std::string_view::npos ? first : text.find('\'', first + 1);
  if (second == std::string_view::npos) return malformed("filename* is not charset'lang'value.");
  const auto charset = text.substr(0, first);
  auto decoded = percent_decode(text.substr(second + 1));
  if (!decoded) return malformed("filename* has a bad percent-encoding.");
  if (iequals(charset, "utf-8") || iequals(charset, "us-ascii")) {
    return std::optional<std::string>(std::move(*decoded));
  }
  if (iequals(charset, "iso-8859-1")) return std::optional<std::string>(latin1_to_utf8(*decoded));
  return std::optional<std::string>();
}

Outcome<domain::Done> read_disposition(std::string_view value, Part& part) {
  auto parsed = HeaderValueReader(value).read();
  if (!parsed) return parsed.error();
  if (parsed->type != "form-data")
    return malformed("a part's Content-Disposition is not form-data.");
  const auto* name = parsed->parameter("name");
  if (!name) return malformed("a part's Content-Disposition has no name.");
  part.name = *name;
  if (const auto* extended = parsed->parameter("filename*")) {
    auto decoded = decode_ext_value(*extended);
    if (!decoded) return decoded.error();
    part.filename = std::move(*decoded);
  }
  if (const auto* plain = parsed->parameter("filename"); plain && !part.filename) {
    part.filename = *plain;
  }
  return domain::Done{};
}

Outcome<domain::Done> read_part_headers(std::string_view block, Part& part) {
  bool has_disposition = false;
  bool has_type = false;
  while (!block.empty()) {
    const auto end = std::min(block.find(kCrlf), block.size());
    const auto line = block.substr(0, end);
    block.remove_prefix(std::min(end + kCrlf.size(), block.size()));
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 || is_space(line.front())) {
      return malformed("a part header line is not \"Name: value\".");
    }
    const auto name = line.substr(0, colon);
    const auto value = trim(line.substr(colon + 1));
    if (iequals(name, "content-disposition")) {
      if (has_disposition) return malformed("a part has two Content-Disposition headers.");
      has_disposition = true;
      auto read = read_disposition(value, part);
      if (!read) return read.error();
    } else if (iequals(name, "content-type")) {
      if (has_type) return malformed("a part has two Content-Type headers.");
      has_type = true;
      part.content_type = lowercase(trim(value.substr(0, value.find(';'))));
    } else if (iequals(name, "content-transfer-encoding")) {
      // RFC 7578 deprecates it; the only values we take are those that change nothing.
      const auto encoding = lowercase(value);
      if (encoding != "binary" && encoding != "8bit" && encoding != "7bit") {
        return malformed("Content-Transfer-Encoding " + util::escaped(value) +
                         " is not supported.");
      }
    }
  }
  if (!has_disposition) return malformed("a part has no Content-Disposition header.");
  if (!has_type) part.content_type = "text/plain";  // RFC 7578, 4.4
  return domain::Done{};
}

}  // namespace

Outcome<std::string> boundary_of(std::string_view content_type) {
  auto parsed = HeaderValueReader(content_type).read();
  if (!parsed) return parsed.error();
  if (parsed->type != "multipart/form-data") return malformed("it is not multipart/form-data.");
  const auto* boundary = parsed->parameter("boundary");
  if (!boundary) return malformed("the Content-Type has no boundary.");
  bool valid =
      !boundary->empty() && boundary->size() <= kMaxBoundaryLength && boundary->back() != ' ';
  for (const char c : *boundary) valid = valid && is_boundary_char(c);
  if (!valid) return malformed("the boundary is not 1 to 70 characters RFC 2046 allows.");
  return *boundary;
}

Outcome<std::vector<Part>> parse(std::string_view body, std::string_view boundary) {
  const std::string dash_boundary = "--" + std::string(boundary);
  const std::string delimiter = std::string(kCrlf) + dash_boundary;
  std::size_t pos = 0;
  if (body.starts_with(dash_boundary)) {
    pos = dash_boundary.size();
  } else {
    // A preamble (RFC 2046) ends with the first delimiter.
    pos = body.find(delimiter);
    if (pos == std::string_view::npos) return malformed("the boundary never appears.");
    pos += delimiter.size();
  }

  std::vector<Part> parts;
  for (;;) {
    if (body.substr(pos).starts_with("--")) return parts;  // the close delimiter; epilogue ignored
    while (pos < body.size() && is_space(body[pos])) ++pos;  // transport padding
    if (!body.substr(pos).starts_with(kCrlf)) {
      return malformed("a boundary line is not followed by CRLF.");
    }
    pos += kCrlf.size();
    if (parts.size() == kMaxParts) return malformed("it has too many parts.");

    const auto header_block = body.substr(pos, kMaxPartHeaderBytes).find("\r\n\r\n");
    if (header_block == std::string_view::npos) {
      return malformed("a part's headers do not end with an empty line.");
    }
    const auto headers_end = pos + header_block;
    Part part;
    auto headers = read_part_headers(body.substr(pos, headers_end - pos), part);
    if (!headers) return headers.error();
    const auto content_start = headers_end + 4;
    const auto content_end = body.find(delimiter, content_start);
    if (content_end == std::string_view::npos) {
      return malformed("the closing boundary is missing (was the upload cut short?).");
    }
    part.body = body.substr(content_start, content_end - content_start);
    parts.push_back(std::move(part));
    pos = content_end + delimiter.size();
  }
}

}  // namespace trellis::http::multipart
