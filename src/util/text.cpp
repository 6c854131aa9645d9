#include "util/text.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>

namespace trellis::util {

std::optional<CodePoint> decode_utf8(std::string_view text) {
  struct Form {
    unsigned char mask, lead_bits;
    std::size_t length;
    char32_t minimum;
  };
  static constexpr Form kMultiByteForms[] = {
      {0xe0, 0xc0, 2, 0x80}, {0xf0, 0xe0, 3, 0x800}, {0xf8, 0xf0, 4, 0x10000}};
  if (text.empty()) return std::nullopt;
  const auto lead = static_cast<unsigned char>(text[0]);
  if (lead < 0x80) return CodePoint{lead, 1};
  const Form* form = nullptr;
  for (const auto& candidate : kMultiByteForms) {
    if ((lead & candidate.mask) == candidate.lead_bits) form = &candidate;
  }
  if (!form || text.size() < form->length) return std::nullopt;
  char32_t value = lead & static_cast<unsigned char>(~form->mask);
  for (std::size_t i = 1; i < form->length; ++i) {
    const auto next = static_cast<unsigned char>(text[i]);
    if ((next & 0xc0) != 0x80) return std::nullopt;
    value = (value << 6) | (next & 0x3f);
  }
  if (value < form->minimum || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) {
    return std::nullopt;
  }
  return CodePoint{value, form->length};
}

bool is_control(char32_t c) {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

std::size_t characters(std::string_view text) {
  std::size_t count = 0;
  while (!text.empty()) {
    const auto code_point = decode_utf8(text);
    text.remove_prefix(code_point ? code_point->length : 1);
    ++count;
  }
  return count;
}

std::optional<std::string> text_problem(std::string_view text,
                                        std::u32string_view allowed_controls) {
  while (!text.empty()) {
    // Printable ASCII, most of what anyone sends (and every byte of a large roster), needs
    // no decoding.
    if (const auto byte = static_cast<unsigned char>(text.front()); byte >= 0x20 && byte < 0x7f) {
      text.remove_prefix(1);
      continue;
    }
    const auto code_point = decode_utf8(text);
    if (!code_point) return "Use valid UTF-8 text.";
    const auto c = code_point->value;
    if (is_control(c) && allowed_controls.find(c) == std::u32string_view::npos) {
      return fmt::format("Remove the control character U+{:04X}.", static_cast<std::uint32_t>(c));
    }
    text.remove_prefix(code_point->length);
  }
  return std::nullopt;
}

std::optional<std::string> text_problem(std::string_view text, std::size_t max_characters) {
  if (auto problem = text_problem(text)) return problem;
  if (characters(text) > max_characters) {
    return fmt::format("Use at most {} characters.", max_characters);
  }
  return std::nullopt;
}

constexpr std::string_view kBlanks = " \t\r\n";

bool is_blank(std::string_view text) {
  return text.find_first_not_of(kBlanks) == std::string_view::npos;
}

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(kBlanks);
  if (first == std::string_view::npos) return "";
  return std::string(text.substr(first, text.find_last_not_of(kBlanks) - first + 1));
}

void check_text(std::map<std::string, std::string>& problems, const std::string& field,
                std::string_view text, std::size_t max_characters, bool required) {
  if (required && is_blank(text)) {
    problems[field] = "Required.";
  } else if (auto problem = text_problem(text, max_characters)) {
    problems[field] = std::move(*problem);
  }
}

void check_finite(std::map<std::string, std::string>& problems, const std::string& field,
                  std::optional<double> number) {
  if (number && !std::isfinite(*number)) problems[field] = kNotFinite;
}

std::string escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const auto code_point = decode_utf8(text);
    if (code_point && !is_control(code_point->value) && code_point->value != '\\') {
      out += text.substr(0, code_point->length);
      text.remove_prefix(code_point->length);
      continue;
    }
    // One byte at a time: a C1 control (two bytes in UTF-8) shows as both of them.
    const auto length = code_point ? code_point->length : 1;
    for (std::size_t i = 0; i < length; ++i) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i]));
    }
    text.remove_prefix(length);
  }
  return out;
}

}  // namespace trellis::util
