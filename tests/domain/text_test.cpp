// The one text discipline (util/text): UTF-8, control characters, lengths in characters and
// escaping for logs.
#include "util/text.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace trellis::util {
namespace {

using namespace std::string_literals;

TEST(Text, LengthsAreCountedInCharactersNotBytes) {
  EXPECT_EQ(characters(""), 0u);
  EXPECT_EQ(characters("abc"), 3u);
  EXPECT_EQ(characters("\xc3\xa9t\xc3\xa9"), 3u);         // été
  EXPECT_EQ(characters("\xe6\x97\xa5\xe6\x9c\xac"), 2u);  // 日本
  EXPECT_EQ(characters("\xf0\x9f\x93\x9a"), 1u);          // one emoji, four bytes
  EXPECT_EQ(characters("\xff\xfe"), 2u);                  // not UTF-8: one per byte
  std::string accented;
  for (int i = 0; i < 200; ++i) accented += "\xc3\xa9";
  EXPECT_EQ(text_problem(accented, 200), std::nullopt);
  EXPECT_EQ(text_problem(accented + "e", 200), "Use at most 200 characters.");
}

TEST(Text, InvalidUtf8IsRefused) {
  for (const auto& bad :
       {"caf\xe9"s, "\xc0\xaf"s /* overlong '/' */, "\xed\xa0\x80"s /* surrogate */,
        "\xf4\x90\x80\x80"s /* beyond U+10FFFF */, "\xe6\x97"s /* truncated */}) {
    EXPECT_EQ(text_problem(bad), "Use valid UTF-8 text.") << escaped(bad);
  }
}

TEST(Text, ControlCharactersButTabAndNewlineAreRefused) {
  EXPECT_EQ(text_problem("line one\nline\ttwo"), std::nullopt);
  EXPECT_EQ(text_problem("a\0b"s), "Remove the control character U+0000.");
  EXPECT_EQ(text_problem("a\rb"), "Remove the control character U+000D.");
  EXPECT_EQ(text_problem("\x1b[31mred"), "Remove the control character U+001B.");
  EXPECT_EQ(text_problem("del\x7f"), "Remove the control character U+007F.");
  EXPECT_EQ(text_problem("c1 \xc2\x85"), "Remove the control character U+0085.");
  EXPECT_EQ(text_problem("a\rb", U"\t\n\r"), std::nullopt);
}

TEST(Text, CheckTextNamesTheFieldOnce) {
  std::map<std::string, std::string> problems;
  check_text(problems, "title", "  \n", 10, true);
  check_text(problems, "note", "", 10);
  check_text(problems, "body", "a\0"s, 10, true);
  check_text(problems, "place", "abcdefghijk", 10);
  EXPECT_EQ(problems,
            (std::map<std::string, std::string>{{"title", "Required."},
                                                {"body", "Remove the control character U+0000."},
                                                {"place", "Use at most 10 characters."}}));
  EXPECT_EQ(trimmed(" \t Ana \r\n"), "Ana");
}

TEST(Text, NumbersMustBeFinite) {
  std::map<std::string, std::string> problems;
  check_finite(problems, "score", 1e308);
  check_finite(problems, "absent", std::nullopt);
  EXPECT_TRUE(problems.empty());
  check_finite(problems, "score", std::numeric_limits<double>::infinity());
  check_finite(problems, "target", std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems["score"], "Use a finite number.");
}

TEST(Text, EscapedTextCannotBreakALine) {
  EXPECT_EQ(escaped("/api/v1/x"), "/api/v1/x");
  EXPECT_EQ(escaped("/x\n1.2.3.4 GET /admin 200"), "/x\\x0a1.2.3.4 GET /admin 200");
  EXPECT_EQ(escaped("a\rb\0c"s), "a\\x0db\\x00c");
  EXPECT_EQ(escaped("back\\slash"), "back\\x5cslash");  // a literal "\x0a" stays distinguishable
  EXPECT_EQ(escaped("caf\xe9"), "caf\\xe9");
  EXPECT_EQ(escaped("\xc2\x85"), "\\xc2\\x85");
  EXPECT_EQ(escaped("Zo\xc3\xab"), "Zo\xc3\xab");  // printable UTF-8 is kept
}

}  // namespace
}  // namespace trellis::util
