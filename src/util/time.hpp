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

// The district's time zone, an IANA name such as "America/Chicago", set once at start (trellis
// serve --time-zone); UTC until then. Throws std::invalid_argument for a name the system's
// time zone database (tzdata) does not know.
void set_district_time_zone(const std::string& name);
// The district's date at `at`, YYYY-MM-DD: the day that decides what is due today and what is
// overdue, the same day the UI shows (a task due today is not overdue at 6 pm in Chicago).
std::string district_date(Micros at);
// The district's date `days` after its date at `at` (calendar days: a DST change is no matter).
std::string district_date_plus(Micros at, int days);
// The district's local hour at `at`, 0 to 23.
int district_hour(Micros at);
// The instant of `hour`:00 local time on the district's date at `at` (the earlier one when a
// clock change repeats it, the later when one skips it).
Micros district_time_of_day(Micros at, int hour);

}  // namespace trellis::util
