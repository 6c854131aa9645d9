// The RFC 5545 writer behind a meeting's .ics file: escaping, folding, CRLF.
#include "domain/meetings/ics.hpp"
#include "support/ics_text.hpp"

#include <gtest/gtest.h>

namespace trellis::domain::meetings::ics {
namespace {

constexpr std::int64_t kMicros = 1'000'000;

std::vector<std::string> physical_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find("\r\n", start);
    if (end == std::string::npos) {
      lines.push_back(text.substr(start) + "<no CRLF>");
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

Event sample_event() {
  Event event;
  event.uid = "meeting-42@trellis";
  event.stamp = 1'795'000'000 * kMicros;
  event.starts_at = 1'795'874'700 * kMicros;  // 2026-11-28T14:05:00Z
  event.ends_at = 1'795'878'300 * kMicros;
  event.summary = "SST review";
  event.location = "Room 12";
  event.sequence = 3;
  event.organizer = Person{"Dana Whitfield", "dana@example.org"};
  event.attendees = {{"Ana Diaz", "ana@example.org"}, {"Lee, Sam", "sam@example.org"}};
  return event;
}

TEST(IcsText, EscapesBackslashSemicolonCommaAndNewlines) {
  EXPECT_EQ(escape_text("a\\b;c,d"), "a\\\\b\\;c\\,d");
  EXPECT_EQ(escape_text("one\ntwo\r\nthree\rfour"), "one\\ntwo\\nthree\\nfour");
  EXPECT_EQ(escape_text("colon: stays"), "colon: stays");
  EXPECT_EQ(escape_text(std::string("bell\x07gone")), "bellgone");
}

TEST(IcsText, QuotesParameterValuesWithSeparatorsAndDropsDoubleQuotes) {
  EXPECT_EQ(parameter_value("Ana Diaz"), "Ana Diaz");
  EXPECT_EQ(parameter_value("Lee, Sam"), "\"Lee, Sam\"");
  EXPECT_EQ(parameter_value("Dr. \"Doc\" Who: MD"), "\"Dr. Doc Who: MD\"");
  EXPECT_EQ(parameter_value("Evil\r\nATTENDEE:x"), "\"EvilATTENDEE:x\"");
}

TEST(IcsFold, ShortLinesEndInCrlfUnchanged) {
  EXPECT_EQ(fold("SUMMARY:Hi"), "SUMMARY:Hi\r\n");
  const std::string exactly75(75, 'x');
  EXPECT_EQ(fold(exactly75), exactly75 + "\r\n");
}

TEST(IcsFold, LongLinesFoldAt75OctetsWithALeadingSpace) {
  const std::string line = "DESCRIPTION:" + std::string(200, 'a');
  const auto folded = fold(line);
  const auto lines = physical_lines(folded);
  ASSERT_GT(lines.size(), 2u);
  EXPECT_EQ(lines[0].size(), 75u);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i].front(), ' ');
    EXPECT_LE(lines[i].size(), 75u);
  }
  EXPECT_EQ(trellis::testing::unfold_ics(folded), line + "\r\n");
}

TEST(IcsFold, NeverSplitsAUtf8Character) {
  // "é" is two octets; an odd prefix puts a character across every 75-octet boundary.
  std::string line = "SUMMARY:x";
  for (int i = 0; i < 100; ++i) line += "\xc3\xa9";
  const auto folded = fold(line);
  for (const auto& physical : physical_lines(folded)) {
    EXPECT_LE(physical.size(), 75u);
    ASSERT_FALSE(physical.empty());
    const auto last = static_cast<unsigned char>(physical.back());
    EXPECT_NE(last, 0xc3) << "a lead byte must not end a line";
  }
  EXPECT_EQ(trellis::testing::unfold_ics(folded), line + "\r\n");
}

TEST(IcsTime, WritesUtcDateTimesWithZ) {
  EXPECT_EQ(utc_date_time(1'795'874'700 * kMicros), "20261128T140500Z");
  EXPECT_EQ(utc_date_time(0), "19700101T000000Z");
}

// Found by tests/fuzz/ics (corpus/ics/crash-time-before-1970): a time before the epoch that
// is not a whole second was written one second late.
TEST(IcsTime, TimesBefore1970RoundDownToTheSecond) {
  EXPECT_EQ(utc_date_time(-500'000), "19691231T235959Z");
  EXPECT_EQ(utc_date_time(-1 * kMicros), "19691231T235959Z");
  EXPECT_EQ(utc_date_time(-207'799'685'202'177), "19630601T215154Z");
}

TEST(IcsCalendar, HoldsOneEventWithEveryPropertyAndCrlfLines) {
  const auto calendar = write_calendar(sample_event());
  for (const auto& line : physical_lines(calendar)) {
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_EQ(line.find("<no CRLF>"), std::string::npos) << "every line ends in CRLF";
    EXPECT_LE(line.size(), 75u);
  }
  const auto text = trellis::testing::unfold_ics(calendar);
  EXPECT_EQ(text.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", 0), 0u);
  for (const auto* expected :
       {"BEGIN:VEVENT\r\n", "UID:meeting-42@trellis\r\n", "DTSTART:20261128T140500Z\r\n",
        "DTEND:20261128T150500Z\r\n", "SEQUENCE:3\r\n", "STATUS:CONFIRMED\r\n",
        "SUMMARY:SST review\r\n", "LOCATION:Room 12\r\n",
        "ORGANIZER;CN=Dana Whitfield:mailto:dana@example.org\r\n",
        "ATTENDEE;CN=Ana Diaz;ROLE=REQ-PARTICIPANT:mailto:ana@example.org\r\n",
        "ATTENDEE;CN=\"Lee, Sam\";ROLE=REQ-PARTICIPANT:mailto:sam@example.org\r\n",
        "END:VEVENT\r\nEND:VCALENDAR\r\n"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  EXPECT_NE(text.find("DTSTAMP:"), std::string::npos);
}

TEST(IcsCalendar, CancelledEventsSayStatusCancelledAndEmptyLocationIsLeftOut) {
  auto event = sample_event();
  event.cancelled = true;
  event.location.clear();
  const auto text = trellis::testing::unfold_ics(write_calendar(event));
  EXPECT_NE(text.find("STATUS:CANCELLED\r\n"), std::string::npos);
  EXPECT_EQ(text.find("LOCATION"), std::string::npos);
}

TEST(IcsCalendar, UserTextCannotAddProperties) {
  auto event = sample_event();
  event.summary = "Review\r\nATTENDEE:mailto:eve@example.org";
  event.attendees = {{"Mallory", "mallory@example.org\r\nX-EVIL:1"}};
  const auto text = trellis::testing::unfold_ics(write_calendar(event));
  EXPECT_NE(text.find("SUMMARY:Review\\nATTENDEE:mailto:eve@example.org\r\n"), std::string::npos);
  EXPECT_EQ(text.find("\r\nX-EVIL"), std::string::npos);
  EXPECT_EQ(text.find("\r\nATTENDEE:mailto:eve"), std::string::npos);
}

}  // namespace
}  // namespace trellis::domain::meetings::ics
