// One notification e-mail as RFC 5322 text: headers encoded for non-ASCII names and subjects
// (RFC 2047), a multipart/alternative body of plain text and HTML, and for meetings an
// iCalendar part (text/calendar with its iTIP method) that calendar clients act on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trellis::domain::notifications {

struct Address {
  std::string name;  // may be empty
  std::string address;
};

struct MailMessage {
  Address from;
  Address to;
  std::string subject;
  std::string message_id;  // "<...@...>"
  std::int64_t date = 0;   // microseconds
  std::string text;
  std::string html;
  std::optional<std::string> calendar;  // a whole VCALENDAR
  std::string calendar_method;          // its METHOD: REQUEST or CANCEL
};

// A header value as RFC 2047 encoded words when it is not plain ASCII.
std::string encode_header_text(std::string_view text);
// "Name <address>", the name quoted or encoded as it needs.
std::string mailbox(const Address& address);
// The whole message, CRLF line endings; each part base64, in lines of 76.
std::string render(const MailMessage& message, std::string_view boundary_seed);

}  // namespace trellis::domain::notifications
