#include "domain/files/file_names.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>

#include "domain/files/file_types.hpp"
#include "util/text.hpp"

namespace trellis::domain::files {

namespace {

constexpr std::string_view kFallbackName = "file";
constexpr std::size_t kMaxKeptExtension = 16;
constexpr std::size_t kMaxExtension = 10;

bool is_hidden_or_control(char32_t c) {
  return util::is_control(c) || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0xfeff;
}

std::string_view last_path_segment(std::string_view name) {
  const auto separator = name.find_last_of("/\\");
  return separator == std::string_view::npos ? name : name.substr(separator + 1);
}

std::string printable_utf8(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    const auto code_point = util::decode_utf8(text);
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

// The extension of `name` (without the dot) when it has one: 1 to 10 ASCII letters and digits
// after a dot that does not start the name.
std::optional<std::string_view> extension_of(std::string_view name) {
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  const auto extension = name.substr(dot + 1);
  if (extension.empty() || extension.size() > kMaxExtension) return std::nullopt;
  for (char c : extension) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return std::nullopt;
  }
  return extension;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::string stored_name(std::string_view client_name, std::string_view media_type) {
  const auto name = display_name(client_name);
  const auto wanted = extensions_of(media_type);
  if (wanted.empty()) return name;  // not an accepted type: nothing is stored under it
  const auto extension = extension_of(name);
  if (extension && std::any_of(wanted.begin(), wanted.end(),
                               [&](std::string_view e) { return iequals(e, *extension); })) {
    return name;
  }
  const auto stem =
      extension ? std::string_view(name).substr(0, name.size() - extension->size() - 1) : name;
  return shortened(std::string(stem) + "." + std::string(wanted.front()));
}

std::string display_name(std::string_view client_name) {
  const auto printable = printable_utf8(last_path_segment(client_name));
  const auto name = shortened(trim_spaces(printable));
  if (name.empty() || name == "." || name == "..") return std::string(kFallbackName);
  return name;
}

}  // namespace trellis::domain::files
