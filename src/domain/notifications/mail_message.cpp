#include "domain/notifications/mail_message.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <ctime>

namespace trellis::domain::notifications {

namespace {

constexpr std::string_view kCrlf = "\r\n";

bool is_plain_ascii(std::string_view text) {
  for (const unsigned char c : text) {
    if (c < 0x20 || c >= 0x7f) return false;
  }
  return true;
}

std::string base64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

// Base64 in lines of 76 characters (RFC 2045 6.8).
std::string base64_lines(std::string_view bytes) {
  const auto encoded = base64(bytes);
  std::string out;
  for (std::size_t at = 0; at < encoded.size(); at += 76) {
    out += encoded.substr(at, 76);
    out += kCrlf;
  }
  return out;
}

// The length of the longest prefix of `text` of at most `limit` bytes that does not split a
// UTF-8 character.
std::size_t whole_characters(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return text.size();
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return end;
}

std::string rfc5322_date(std::int64_t micros) {
  const std::time_t seconds = static_cast<std::time_t>(micros / 1'000'000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0000", kDays[utc.tm_wday], utc.tm_mday,
                     kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

std::string part(std::string_view content_type, std::string_view body) {
  return fmt::format("Content-Type: {}\r\nContent-Transfer-Encoding: base64\r\n\r\n{}",
                     content_type, base64_lines(body));
}

}  // namespace

std::string encode_header_text(std::string_view text) {
  if (is_plain_ascii(text)) return std::string(text);
  // Encoded words of at most 75 characters (RFC 2047 2): 45 bytes of text make 60 of base64,
  // plus the 12 of "=?UTF-8?B?" and "?=". Words are separated by folding whitespace.
  std::string out;
  while (!text.empty()) {
    const auto take = whole_characters(text, 45);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(text.substr(0, take)) + "?=";
    text.remove_prefix(take);
  }
  return out;
}

std::string mailbox(const Address& a) {
  if (a.name.empty()) return "<" + a.address + ">";
  if (is_plain_ascii(a.name)) {
    std::string quoted;
    for (const char c : a.name) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    return "\"" + quoted + "\" <" + a.address + ">";
  }
  return encode_header_text(a.name) + " <" + a.address + ">";
}

std::string render(const MailMessage& m, std::string_view boundary_seed) {
  const auto alternative = fmt::format("=_alt_{}", boundary_seed);
  const auto mixed = fmt::format("=_mixed_{}", boundary_seed);
  std::string body = fmt::format("--{}\r\n{}\r\n--{}\r\n{}\r\n--{}--\r\n", alternative,
                                 part("text/plain; charset=utf-8", m.text), alternative,
                                 part("text/html; charset=utf-8", m.html), alternative);
  std::string content_type = fmt::format("multipart/alternative; boundary=\"{}\"", alternative);
  if (m.calendar) {
    // The calendar beside the readable parts: clients show the text and offer the event.
    body =
        fmt::format("--{}\r\nContent-Type: {}\r\n\r\n{}\r\n--{}\r\n{}\r\n--{}--\r\n", mixed,
                    content_type, body, mixed,
                    part(fmt::format("text/calendar; charset=utf-8; method={}", m.calendar_method),
                         *m.calendar),
                    mixed);
    content_type = fmt::format("multipart/mixed; boundary=\"{}\"", mixed);
  }
  std::string headers;
  headers += "From: " + mailbox(m.from) + "\r\n";
  headers += "To: " + mailbox(m.to) + "\r\n";
  headers += "Subject: " + encode_header_text(m.subject) + "\r\n";
  headers += "Date: " + rfc5322_date(m.date) + "\r\n";
  headers += "Message-ID: " + m.message_id + "\r\n";
  headers += "MIME-Version: 1.0\r\n";
  headers += "Content-Type: " + content_type + "\r\n";
  // Automatic mail: no out-of-office replies to it (RFC 3834).
  headers += "Auto-Submitted: auto-generated\r\n";
  return headers + "\r\n" + body;
}

}  // namespace trellis::domain::notifications
