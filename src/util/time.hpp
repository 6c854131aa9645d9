// Time in storage is UTC microseconds since the Unix epoch; the API speaks RFC 3339.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trellis::util {

using Micros = std::int64_t;

Micros now_micros();
constexpr Micros seconds(std::int64_t s) {
  return s * 1'000'000;
}

// "2026-11-28T14:05:00Z" (with fractional seconds only when present).
std::string format_rfc3339(Micros at);
// Accepts RFC 3339 with Z or an offset; nullopt when malformed.
std::optional<Micros> parse_rfc3339(std::string_view text);
// A date (YYYY-MM-DD, taken as midnight UTC) or an RFC 3339 time; nullopt when neither.
std::optional<Micros> parse_moment(std::string_view text);
// True for a real calendar date written YYYY-MM-DD.
bool is_valid_date(std::string_view text);

}  // namespace trellis::util
