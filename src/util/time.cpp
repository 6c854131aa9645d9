#include "util/time.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <chrono>
#include <sstream>

namespace trellis::util {

Micros now_micros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string format_rfc3339(Micros at) {
  using namespace std::chrono;
  const sys_time<microseconds> tp{microseconds{at}};
  const auto whole = std::chrono::floor<std::chrono::seconds>(tp);
  const auto fraction = (tp - whole).count();
  std::string text = date::format("%Y-%m-%dT%H:%M:%S", whole);
  if (fraction != 0) text += fmt::format(".{:06d}", fraction);
  return text + "Z";
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

}  // namespace trellis::util
