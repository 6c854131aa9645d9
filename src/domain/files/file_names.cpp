#include "domain/files/file_names.hpp"

#include <cstdint>
#include <optional>

namespace trellis::domain::files {

namespace {

constexpr std::string_view kFallbackName = "file";
constexpr std::size_t kMaxKeptExtension = 16;

struct CodePoint {
  char32_t value;
  std::size_t length;
};

// The code point at the start of `text`; nullopt for invalid UTF-8 (overlong forms,
// surrogates and values beyond U+10FFFF included).
std::optional<CodePoint> decode(std::string_view text) {
  struct Form {
    unsigned char mask, lead_bits;
    std::size_t length;
    char32_t minimum;
  };
  static constexpr Form kMultiByteForms[] = {
      {0xe0, 0xc0, 2, 0x80}, {0xf0, 0xe0, 3, 0x800}, {0xf8, 0xf0, 4, 0x10000}};
  const auto lead = static_cast<unsigned char>(text[0]);
  if (lead < 0x80) return CodePoint{lead, 1};
  const Form* form = nullptr;
  for (const auto& candidate : kMultiByteForms) {
    if ((lead & candidate.mask) == candidate.lead_bits) form = &candidate;
  }
  if (!form) return std::nullopt;
  const std::size_t length = form->length;
  const char32_t minimum = form->minimum;
  char32_t value = lead & static_cast<unsigned char>(~form->mask);
  if (text.size() < length) return std::nullopt;
  for (std::size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(text[i]);
    if ((next & 0xc0) != 0x80) return std::nullopt;
    value = (value << 6) | (next & 0x3f);
  }
  if (value < minimum || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) {
    return std::nullopt;
  }
  return CodePoint{value, length};
}

bool is_hidden_or_control(char32_t c) {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x200e || c == 0x200f ||
         (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0xfeff;
}

std::string_view last_path_segment(std::string_view name) {
  const auto separator = name.find_last_of("/\\");
  return separator == std::string_view::npos ? name : name.substr(separator + 1);
}

std::string printable_utf8(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    const auto code_point = decode(text);
    if (!code_point) {
      out += '_';
      text.remove_prefix(1);
      continue;
    }
    if (!is_hidden_or_control(code_point->value)) out += text.substr(0, code_point->length);
    text.remove_prefix(code_point->length);
  }
  return out;
}

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

// The longest prefix of `text` of at most `bytes` bytes that does not split a code point.
std::string_view utf8_prefix(std::string_view text, std::size_t bytes) {
  if (text.size() <= bytes) return text;
  while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xc0) == 0x80) --bytes;
  return text.substr(0, bytes);
}

std::string shortened(std::string_view name) {
  if (name.size() <= kMaxNameBytes) return std::string(name);
  const auto dot = name.rfind('.');
  const bool keep_extension =
      dot != std::string_view::npos && dot > 0 && name.size() - dot <= kMaxKeptExtension;
  const auto extension = keep_extension ? name.substr(dot) : std::string_view();
  const auto stem = keep_extension ? name.substr(0, dot) : name;
  return std::string(utf8_prefix(stem, kMaxNameBytes - extension.size())) + std::string(extension);
}

}  // namespace

std::string display_name(std::string_view client_name) {
  const auto printable = printable_utf8(last_path_segment(client_name));
  const auto name = shortened(trim_spaces(printable));
  if (name.empty() || name == "." || name == "..") return std::string(kFallbackName);
  return name;
}

}  // namespace trellis::domain::files
