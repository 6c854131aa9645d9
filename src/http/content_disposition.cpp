#include "http/content_disposition.hpp"

namespace trellis::http {

namespace {

bool is_attr_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$&+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xc0) == 0x80;
}

// One '_' per non-ASCII character; '"' and '\' (which a quoted string would need to escape,
// and some clients get wrong) and '%' (which some clients decode) become '_' too.
std::string ascii_fallback(std::string_view name) {
  std::string out;
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (is_continuation_byte(c)) continue;
    const bool plain = byte >= 0x20 && byte < 0x7f && c != '"' && c != '\\' && c != '%';
    out += plain ? c : '_';
  }
  return out;
}

std::string percent_encoded(std::string_view name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : name) {
    if (is_attr_char(c)) {
      out += c;
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    out += '%';
    out += kHex[byte >> 4];
    out += kHex[byte & 0x0f];
  }
  return out;
}

}  // namespace

std::string attachment_disposition(std::string_view utf8_name) {
  return "attachment; filename=\"" + ascii_fallback(utf8_name) + "\"; filename*=UTF-8''" +
         percent_encoded(utf8_name);
}

}  // namespace trellis::http
