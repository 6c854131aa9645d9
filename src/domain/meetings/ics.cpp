#include "domain/meetings/ics.hpp"

#include <algorithm>

#include <fmt/format.h>

#include <ctime>

namespace trellis::domain::meetings::ics {

namespace {

constexpr std::size_t kMaxLineOctets = 75;
constexpr std::string_view kCrlf = "\r\n";

bool is_control(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return (byte < 0x20 && c != '\t') || byte == 0x7f;
}

bool is_utf8_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xc0) == 0x80;
}

// Values copied into a line verbatim (addresses) must not be able to end it.
std::string without_controls(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (!is_control(c)) out += c;
  }
  return out;
}

std::string person_line(std::string_view property, const Person& person,
                        std::string_view parameters) {
  return fmt::format("{};CN={}{}:mailto:{}", property, parameter_value(person.name), parameters,
                     without_controls(person.email));
}

}  // namespace

std::string escape_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '\\':
      case ';':
      case ',':
        out += '\\';
        out += c;
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        out += "\\n";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        if (!is_control(c)) out += c;
    }
  }
  return out;
}

std::string parameter_value(std::string_view text) {
  std::string value;
  for (char c : text) {
    if (c != '"' && !is_control(c)) value += c;
  }
  if (value.find_first_of(":;,") == std::string::npos) return value;
  return '"' + value + '"';
}

std::string fold(std::string_view line) {
  std::string out;
  // The first physical line holds 75 octets; the others 74 after their leading space.
  std::size_t room = kMaxLineOctets;
  while (line.size() > room) {
    std::size_t cut = room;
    while (cut > 0 && is_utf8_continuation(line[cut])) --cut;
    if (cut == 0) cut = room;  // not UTF-8 after all: cut anywhere rather than loop
    out.append(line.substr(0, cut));
    out.append(kCrlf);
    out += ' ';
    line.remove_prefix(cut);
    room = kMaxLineOctets - 1;
  }
  out.append(line);
  out.append(kCrlf);
  return out;
}

std::string utc_date_time(std::int64_t micros) {
  // Floor, not truncation: half a second before 1970 is 23:59:59 of the day before.
  const std::time_t seconds =
      static_cast<std::time_t>(micros / 1'000'000 - (micros % 1'000'000 < 0 ? 1 : 0));
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", utc.tm_year + 1900, utc.tm_mon + 1,
                     utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

std::string write_calendar(const Event& event) {
  std::vector<std::string> lines = {
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Trellis//Student Meetings//EN",
      "CALSCALE:GREGORIAN",
      "BEGIN:VEVENT",
      "UID:" + escape_text(event.uid),
      "DTSTAMP:" + utc_date_time(event.stamp),
      "DTSTART:" + utc_date_time(event.starts_at),
      "DTEND:" + utc_date_time(event.ends_at),
      fmt::format("SEQUENCE:{}", event.sequence),
      event.cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED",
      "SUMMARY:" + escape_text(event.summary),
  };
  if (!event.location.empty()) lines.push_back("LOCATION:" + escape_text(event.location));
  if (!event.description.empty()) {
    lines.push_back("DESCRIPTION:" + escape_text(event.description));
  }
  if (event.organizer) lines.push_back(person_line("ORGANIZER", *event.organizer, ""));
  for (const auto& attendee : event.attendees) {
    lines.push_back(person_line("ATTENDEE", attendee, ";ROLE=REQ-PARTICIPANT"));
  }
  // METHOD is a property of the calendar, before its event.
  if (!event.method.empty()) {
    lines.insert(std::find(lines.begin(), lines.end(), "BEGIN:VEVENT"), "METHOD:" + event.method);
  }
  lines.push_back("END:VEVENT");
  lines.push_back("END:VCALENDAR");
  std::string calendar;
  for (const auto& line : lines) calendar += fold(line);
  return calendar;
}

}  // namespace trellis::domain::meetings::ics
