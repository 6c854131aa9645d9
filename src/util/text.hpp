// One discipline for the text people and programs send: valid UTF-8, no control characters
// but tab and newline, and lengths counted in characters (Unicode code points), the same way
// in every module, so that what the browser counts and what the server counts agree.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace trellis::util {

struct CodePoint {
  char32_t value;
  std::size_t length;  // in bytes
};

// The code point at the start of `text`; nullopt for empty text and for invalid UTF-8
// (overlong forms, surrogates, values beyond U+10FFFF, a truncated sequence).
std::optional<CodePoint> decode_utf8(std::string_view text);

// Unicode's control characters (category Cc): U+0000-U+001F, U+007F-U+009F.
bool is_control(char32_t c);

// Characters (code points) in `text`; a byte that is not valid UTF-8 counts as one.
std::size_t characters(std::string_view text);

// The controls entered text may hold: tab and newline. A carriage return is refused (browsers
// send newlines alone), so that stored text has one line ending.
inline constexpr std::u32string_view kTextControls = U"\t\n";

// Why `text` is not acceptable text, as a sentence for the client; nullopt when it is valid
// UTF-8 without control characters other than `allowed_controls`.
std::optional<std::string> text_problem(std::string_view text,
                                        std::u32string_view allowed_controls = kTextControls);
// The same, and at most `max_characters` characters ("Use at most N characters.").
std::optional<std::string> text_problem(std::string_view text, std::size_t max_characters);

// Nothing but spaces, tabs and line breaks.
bool is_blank(std::string_view text);
// Without the spaces, tabs and line breaks at either end.
std::string trimmed(std::string_view text);

// What each module's validation calls for a text field: "Required." when `required` and blank,
// else text_problem; the message goes to problems[field].
void check_text(std::map<std::string, std::string>& problems, const std::string& field,
                std::string_view text, std::size_t max_characters, bool required = false);

// Numbers follow the same discipline: finite, since JSON cannot carry Infinity or NaN and
// `1e999` parses as infinity.
inline constexpr std::string_view kNotFinite = "Use a finite number.";
void check_finite(std::map<std::string, std::string>& problems, const std::string& field,
                  std::optional<double> number);

// `text` safe to write on one log line or to name in a message: control characters, bytes that
// are not UTF-8 and the backslash become \xNN (\x5c), so a newline in a URL cannot start a
// forged line and an escaped-looking sequence cannot pass for one.
std::string escaped(std::string_view text);

}  // namespace trellis::util
