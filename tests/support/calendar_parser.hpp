// Reads an iCalendar file back with a calendar parser other than Trellis's own writer: Python's
// icalendar (Debian's python3-icalendar), as calendar software would read the invitation.
#pragma once

#include <map>
#include <string>

namespace trellis::testing {

// The calendar's METHOD and its event's properties (UID, SEQUENCE, STATUS, SUMMARY, DTSTART as
// YYYYMMDDTHHMMSSZ, ATTENDEE count as "ATTENDEES"); throws when the parser refuses the file.
std::map<std::string, std::string> parse_calendar(const std::string& ics);

}  // namespace trellis::testing
