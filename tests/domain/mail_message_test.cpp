// Notification e-mail as text: RFC 2047 headers that never split a character and keep each
// encoded word within 75 characters, and a MIME body that is text, HTML and, for meetings, the
// calendar with its method.
#include "domain/notifications/mail_message.hpp"

#include <gtest/gtest.h>

namespace trellis::domain::notifications {
namespace {

TEST(MailMessage, PlainAsciiHeadersStayAsTheyAre) {
  EXPECT_EQ(encode_header_text("Task for you: Call home"), "Task for you: Call home");
  EXPECT_EQ(mailbox({"Dana \"DJ\" Whitfield", "dana@district.org"}),
            "\"Dana \\\"DJ\\\" Whitfield\" <dana@district.org>");
  EXPECT_EQ(mailbox({"", "dana@district.org"}), "<dana@district.org>");
}

TEST(MailMessage, OtherTextBecomesEncodedWordsThatNeverSplitACharacter) {
  const std::string long_title =
      "Réunion avec la famille de l'élève — ça dure une heure, près "
      "de la bibliothèque, après les cours";
  const auto encoded = encode_header_text(long_title);
  std::size_t words = 0;
  for (std::size_t at = 0; (at = encoded.find("=?UTF-8?B?", at)) != std::string::npos; ++at) {
    const auto end = encoded.find("?=", at + 10);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end + 2 - at, 75u);
    ++words;
  }
  EXPECT_GT(words, 1u);
  EXPECT_EQ(encoded.find('\n'), encoded.find("\r\n ") + 1);  // folded with CRLF SP
  EXPECT_TRUE(mailbox({"Zoë Núñez", "zoe@district.org"}).starts_with("=?UTF-8?B?"));
}

TEST(MailMessage, AMeetingMessageCarriesTheCalendarBesideTheReadableParts) {
  MailMessage m;
  m.from = {"Trellis", "trellis@district.org"};
  m.to = {"Dana Whitfield", "dana@district.org"};
  m.subject = "Invitation: Check-in";
  m.message_id = "<notification-1.abc@district.org>";
  m.date = 1'796'000'000'000'000;
  m.text = "text";
  m.html = "<p>html</p>";
  m.calendar = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
  m.calendar_method = "REQUEST";
  const auto rendered = render(m, "seed");
  EXPECT_NE(rendered.find("Content-Type: multipart/mixed; boundary=\"=_mixed_seed\""),
            std::string::npos);
  EXPECT_NE(rendered.find("multipart/alternative; boundary=\"=_alt_seed\""), std::string::npos);
  EXPECT_NE(rendered.find("text/calendar; charset=utf-8; method=REQUEST"), std::string::npos);
  EXPECT_NE(rendered.find("Message-ID: <notification-1.abc@district.org>\r\n"), std::string::npos);
  EXPECT_NE(rendered.find("Auto-Submitted: auto-generated\r\n"), std::string::npos);
  EXPECT_NE(rendered.find("Date: "), std::string::npos);
  // Every line ends in CRLF and none is longer than SMTP allows.
  std::size_t start = 0;
  for (std::size_t end; (end = rendered.find('\n', start)) != std::string::npos; start = end + 1) {
    EXPECT_EQ(rendered[end - 1], '\r');
    EXPECT_LE(end - start, 998u);
  }
}

}  // namespace
}  // namespace trellis::domain::notifications
