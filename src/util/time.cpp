#include "util/time.hpp"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <sstream>
#include <stdexcept>

namespace trellis::util {

Micros now_micros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {

// Writes value as exactly `width` decimal digits ending just before `end`.
void put_digits(char* end, std::int64_t value, int width) {
  for (int i = 0; i < width; ++i) {
    *--end = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

// Calendar arithmetic and digits put in place rather than date::format or fmt: a 50-row
// dashboard page formats three times a row, and the iostream path cost about 1 ms a page, fmt's
// 6 % of the page (issue 19). Years outside 0000-9999 are not RFC 3339; fmt writes them as
// they come.
std::string format_rfc3339(Micros at) {
  using namespace std::chrono;
  const sys_time<microseconds> tp{microseconds{at}};
  const auto day = floor<days>(tp);
  const date::year_month_day ymd{day};
  const auto in_day = (tp - day).count();  // microseconds since midnight
  const auto seconds_in_day = in_day / 1'000'000;
  const auto fraction = in_day % 1'000'000;
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) {
    auto text = fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}", year,
                            static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                            seconds_in_day / 3600, seconds_in_day / 60 % 60, seconds_in_day % 60);
    if (fraction != 0) text += fmt::format(".{:06d}", fraction);
    return text + "Z";
  }
  char text[] = "0000-00-00T00:00:00.000000Z";
  put_digits(text + 4, year, 4);
  put_digits(text + 7, static_cast<unsigned>(ymd.month()), 2);
  put_digits(text + 10, static_cast<unsigned>(ymd.day()), 2);
  put_digits(text + 13, seconds_in_day / 3600, 2);
  put_digits(text + 16, seconds_in_day / 60 % 60, 2);
  put_digits(text + 19, seconds_in_day % 60, 2);
  if (fraction == 0) return std::string(text, 19) + "Z";
  put_digits(text + 26, fraction, 6);
  return std::string(text, 27);
}

std::optional<Micros> parse_rfc3339(std::string_view text) {
  using namespace std::chrono;
  std::istringstream in{std::string(text)};
  date::sys_time<microseconds> tp;
  if (text.ends_with('Z') || text.ends_with('z')) {
    in >> date::parse("%FT%TZ", tp);
  } else {
    in >> date::parse("%FT%T%Ez", tp);
  }
  if (in.fail() || in.peek() != std::char_traits<char>::eof()) return std::nullopt;
  return tp.time_since_epoch().count();
}

bool is_valid_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  std::istringstream in{std::string(text)};
  date::year_month_day ymd{};
  in >> date::parse("%F", ymd);
  return !in.fail() && ymd.ok();
}

std::optional<Micros> parse_moment(std::string_view text) {
  if (!is_valid_date(text)) return parse_rfc3339(text);
  std::istringstream in{std::string(text)};
  date::sys_days day;
  in >> date::parse("%F", day);
  return std::chrono::duration_cast<std::chrono::microseconds>(day.time_since_epoch()).count();
}

namespace {

// Read on every request that asks what day it is; written once, before the server serves.
std::atomic<const date::time_zone*> district_zone{nullptr};

std::string date_of(date::sys_days day) {
  const date::year_month_day ymd{day};
  return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

}  // namespace

void set_district_time_zone(const std::string& name) {
  try {
    district_zone = date::locate_zone(name);
  } catch (const std::runtime_error& e) {
    throw std::invalid_argument("unknown time zone " + name + " (" + e.what() + ")");
  }
}

namespace {

// The district's local time at `at`, as a time since the local epoch (UTC without a zone).
std::chrono::microseconds district_local(Micros at) {
  using namespace std::chrono;
  const date::sys_time<microseconds> instant{microseconds{at}};
  const auto* zone = district_zone.load();
  if (!zone) return instant.time_since_epoch();
  return zone->to_local(instant).time_since_epoch();
}

}  // namespace

std::string district_date(Micros at) {
  return district_date_plus(at, 0);
}

std::string district_date_plus(Micros at, int days) {
  using namespace std::chrono;
  const auto day = floor<date::days>(district_local(at)) + date::days{days};
  return date_of(date::sys_days{day});
}

int district_hour(Micros at) {
  using namespace std::chrono;
  const auto local = district_local(at);
  return static_cast<int>(floor<hours>(local - floor<date::days>(local)).count());
}

Micros district_time_of_day(Micros at, int hour) {
  using namespace std::chrono;
  const auto local = floor<date::days>(district_local(at)) + hours{hour};
  const auto* zone = district_zone.load();
  if (!zone) return duration_cast<microseconds>(local).count();
  const date::local_time<microseconds> wall{duration_cast<microseconds>(local)};
  const auto info = zone->get_info(wall);
  // In a skipped hour, the instant the clock jumps to (the later transition's start).
  const auto instant = info.result == date::local_info::nonexistent
                           ? date::sys_time<microseconds>{info.second.begin}
                           : zone->to_sys(wall, date::choose::earliest);
  return instant.time_since_epoch().count();
}

}  // namespace trellis::util
