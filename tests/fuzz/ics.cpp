// A meeting's calendar file, written from fuzzed meeting fields and read back with the small,
// strict RFC 5545 reader below: every physical line ends in CRLF and holds at most 75 octets,
// folding never splits a UTF-8 character, TEXT values carry no unescaped ';' or ',', and each
// field reads back as the writer promises (control characters dropped, CR LF as one newline;
// names lose double quotes and control characters, which a parameter cannot hold).
#include <date/date.h>

#include <map>
#include <vector>

#include "domain/meetings/ics.hpp"
#include "fuzz_target.hpp"

namespace {

using namespace trellis::domain::meetings;

bool is_control(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return (byte < 0x20 && c != '\t') || byte == 0x7f;
}

// What a TEXT value should read back as.
std::string expected_text(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' || text[i] == '\n') {
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += '\n';
    } else if (!is_control(text[i])) {
      out += text[i];
    }
  }
  return out;
}

std::string without(std::string_view text, bool drop_quotes) {
  std::string out;
  for (char c : text) {
    if (!is_control(c) && !(drop_quotes && c == '"')) out += c;
  }
  return out;
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80         ? 1
                          : (c >> 5) == 6  ? 2
                          : (c >> 4) == 14 ? 3
                          : (c >> 3) == 30 ? 4
                                           : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

struct Property {
  std::string name;
  std::map<std::string, std::string> parameters;
  std::string value;
};

// Splits, checks and unfolds the physical lines; one Property per content line.
std::vector<Property> read_calendar(const std::string& text, bool utf8) {
  FUZZ_CHECK(text.size() >= 2 && text.compare(text.size() - 2, 2, "\r\n") == 0);
  std::vector<std::string> lines;
  for (std::size_t at = 0; at < text.size();) {
    const auto end = text.find("\r\n", at);
    const auto physical = std::string_view(text).substr(at, end - at);
    FUZZ_CHECK(physical.size() <= 75);
    FUZZ_CHECK(physical.find_first_of("\r\n") == std::string_view::npos);
    if (utf8) FUZZ_CHECK(valid_utf8(physical.starts_with(' ') ? physical.substr(1) : physical));
    if (physical.starts_with(' ')) {
      FUZZ_CHECK(!lines.empty());
      lines.back().append(physical.substr(1));
    } else {
      lines.emplace_back(physical);
    }
    at = end + 2;
  }
  std::vector<Property> properties;
  for (const auto& line : lines) {
    Property p;
    std::size_t at = line.find_first_of(";:");
    FUZZ_CHECK(at != std::string::npos);
    p.name = line.substr(0, at);
    while (line[at] == ';') {
      const auto equals = line.find('=', at);
      FUZZ_CHECK(equals != std::string::npos);
      const auto key = line.substr(at + 1, equals - at - 1);
      std::size_t end;
      if (line[equals + 1] == '"') {
        end = line.find('"', equals + 2);
        FUZZ_CHECK(end != std::string::npos);
        p.parameters[key] = line.substr(equals + 2, end - equals - 2);
        ++end;
      } else {
        end = line.find_first_of(";:\"", equals + 1);
        FUZZ_CHECK(end != std::string::npos && line[end] != '"');
        p.parameters[key] = line.substr(equals + 1, end - equals - 1);
      }
      at = end;
      FUZZ_CHECK(at < line.size() && (line[at] == ';' || line[at] == ':'));
    }
    p.value = line.substr(at + 1);
    properties.push_back(std::move(p));
  }
  return properties;
}

std::string unescape_text(std::string_view value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    FUZZ_CHECK(value[i] != ';' && value[i] != ',');
    if (value[i] != '\\') {
      out += value[i];
      continue;
    }
    FUZZ_CHECK(i + 1 < value.size());
    const char c = value[++i];
    FUZZ_CHECK(c == '\\' || c == ';' || c == ',' || c == 'n' || c == 'N');
    out += (c == 'n' || c == 'N') ? '\n' : c;
  }
  return out;
}

// Seconds since the epoch of a DATE-TIME in UTC ("20261128T140500Z").
std::int64_t read_date_time(const std::string& value) {
  FUZZ_CHECK(value.size() == 16 && value[8] == 'T' && value[15] == 'Z');
  const auto number = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      FUZZ_CHECK(value[i] >= '0' && value[i] <= '9');
      v = v * 10 + (value[i] - '0');
    }
    return v;
  };
  const date::year_month_day day{date::year{number(0, 4)}, date::month(number(4, 2)),
                                 date::day(number(6, 2))};
  FUZZ_CHECK(day.ok());
  const int h = number(9, 2), m = number(11, 2), s = number(13, 2);
  FUZZ_CHECK(h < 24 && m < 60 && s < 60);
  return std::int64_t{date::sys_days(day).time_since_epoch().count()} * 86400 + h * 3600 + m * 60 +
         s;
}

// Any instant from 0001-01-01 to 9999-12-31, in microseconds: the years a DATE-TIME can say.
std::int64_t instant(trellis::fuzz::Input& input) {
  constexpr std::int64_t kFirst = -62135596800LL * 1'000'000;
  constexpr std::int64_t kLast = 253402300799LL * 1'000'000;
  return kFirst +
         static_cast<std::int64_t>(input.u64() % static_cast<std::uint64_t>(kLast - kFirst));
}

std::int64_t floor_seconds(std::int64_t micros) {
  return micros / 1'000'000 - (micros % 1'000'000 < 0 ? 1 : 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  trellis::fuzz::Input input(data, size);
  ics::Event event;
  const auto flags = input.byte();
  event.cancelled = flags & 1;
  event.stamp = instant(input);
  event.starts_at = instant(input);
  event.ends_at = instant(input);
  event.sequence = static_cast<std::int64_t>(input.u64() % 1'000'000);
  event.uid = input.text();
  event.summary = input.text();
  event.location = input.text();
  event.description = input.text();
  if (flags & 2) event.organizer = ics::Person{input.text(), input.text()};
  while (!input.empty() && event.attendees.size() < 8) {
    event.attendees.push_back({input.text(), input.text()});
  }
  // Folding promises whole characters only when the text is UTF-8 to begin with.
  bool utf8 = valid_utf8(event.uid) && valid_utf8(event.summary) && valid_utf8(event.location) &&
              valid_utf8(event.description);
  for (const auto& person : event.attendees) {
    utf8 = utf8 && valid_utf8(person.name) && valid_utf8(person.email);
  }
  if (event.organizer) {
    utf8 = utf8 && valid_utf8(event.organizer->name) && valid_utf8(event.organizer->email);
  }

  const auto calendar = ics::write_calendar(event);
  const auto properties = read_calendar(calendar, utf8);
  std::multimap<std::string, const Property*> by_name;
  for (const auto& p : properties) by_name.emplace(p.name, &p);
  const auto one = [&](const std::string& name) -> const Property& {
    FUZZ_CHECK(by_name.count(name) == 1);
    return *by_name.find(name)->second;
  };

  FUZZ_CHECK(properties.front().name == "BEGIN" && properties.front().value == "VCALENDAR");
  FUZZ_CHECK(properties.back().name == "END" && properties.back().value == "VCALENDAR");
  FUZZ_CHECK(by_name.count("BEGIN") == 2 && by_name.count("END") == 2);
  FUZZ_CHECK(properties[4].name == "BEGIN" && properties[4].value == "VEVENT");
  FUZZ_CHECK(unescape_text(one("UID").value) == expected_text(event.uid));
  FUZZ_CHECK(unescape_text(one("SUMMARY").value) == expected_text(event.summary));
  if (!event.location.empty()) {
    FUZZ_CHECK(unescape_text(one("LOCATION").value) == expected_text(event.location));
  }
  if (!event.description.empty()) {
    FUZZ_CHECK(unescape_text(one("DESCRIPTION").value) == expected_text(event.description));
  }
  FUZZ_CHECK(read_date_time(one("DTSTAMP").value) == floor_seconds(event.stamp));
  FUZZ_CHECK(read_date_time(one("DTSTART").value) == floor_seconds(event.starts_at));
  FUZZ_CHECK(read_date_time(one("DTEND").value) == floor_seconds(event.ends_at));
  FUZZ_CHECK(one("SEQUENCE").value == std::to_string(event.sequence));
  FUZZ_CHECK(one("STATUS").value == (event.cancelled ? "CANCELLED" : "CONFIRMED"));

  std::vector<const ics::Person*> people;
  if (event.organizer) people.push_back(&*event.organizer);
  for (const auto& a : event.attendees) people.push_back(&a);
  std::vector<const Property*> written;
  for (const auto& p : properties) {
    if (p.name == "ORGANIZER" || p.name == "ATTENDEE") written.push_back(&p);
  }
  FUZZ_CHECK(written.size() == people.size());
  for (std::size_t i = 0; i < people.size(); ++i) {
    FUZZ_CHECK(written[i]->parameters.at("CN") == without(people[i]->name, true));
    FUZZ_CHECK(written[i]->value == "mailto:" + without(people[i]->email, false));
  }
  return 0;
}
