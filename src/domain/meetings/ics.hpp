// An RFC 5545 (iCalendar) writer for one event: what a meeting's .ics file holds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trellis::domain::meetings::ics {

struct Person {
  std::string name;
  std::string email;
};

struct Event {
  std::string uid;         // stable for the life of the meeting, so updates replace the entry
  std::int64_t stamp = 0;  // DTSTAMP, microseconds
  std::int64_t starts_at = 0;
  std::int64_t ends_at = 0;
  std::string summary;
  std::string location;
  std::string description;
  std::int64_t sequence = 0;
  bool cancelled = false;
  std::optional<Person> organizer;
  std::vector<Person> attendees;
  // iTIP (RFC 5546): "REQUEST" or "CANCEL" in an invitation e-mail, so calendar clients add,
  // update or remove the event; empty in a downloaded file.
  std::string method;
};

// A whole VCALENDAR with one VEVENT: CRLF line endings, lines folded at 75 octets.
std::string write_calendar(const Event& event);

// TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines.
std::string escape_text(std::string_view text);
// A parameter value (such as CN): quoted when it holds ':', ';' or ','; double quotes and
// control characters, which a parameter value cannot hold, are dropped.
std::string parameter_value(std::string_view text);
// One content line, folded so no physical line exceeds 75 octets (never inside a UTF-8
// character), each ending in CRLF.
std::string fold(std::string_view line);
// A UTC DATE-TIME: 20261128T140500Z.
std::string utc_date_time(std::int64_t micros);

}  // namespace trellis::domain::meetings::ics
