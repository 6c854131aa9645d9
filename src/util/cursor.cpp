#include "util/cursor.hpp"

#include <sodium.h>

namespace trellis::util {

namespace {
constexpr char kSeparator = '\x1f';  // unit separator: cannot appear in names we sort by
}

std::string encode_cursor(const std::vector<std::string>& keys) {
  std::string raw;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i) raw += kSeparator;
    raw += keys[i];
  }
  std::string out(sodium_base64_encoded_len(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.size() - 1);  // drop the terminating NUL sodium writes
  return out;
}

std::optional<std::vector<std::string>> decode_cursor(std::string_view cursor,
                                                      std::size_t expected_keys) {
  std::string raw(cursor.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), cursor.data(),
                        cursor.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return std::nullopt;
  }
  raw.resize(length);
  std::vector<std::string> keys(1);
  for (char c : raw) {
    if (c == kSeparator) {
      keys.emplace_back();
    } else {
      keys.back() += c;
    }
  }
  if (keys.size() != expected_keys) return std::nullopt;
  return keys;
}

}  // namespace trellis::util
