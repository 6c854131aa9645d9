// RFC 3339 times as the API writes and reads them.
#include <gtest/gtest.h>

#include <random>

#include "util/time.hpp"

namespace trellis::util {
namespace {

constexpr Micros kSecond = 1'000'000;

TEST(Rfc3339, WholeSecondsHaveNoFraction) {
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(1'796'601'599 * kSecond), "2026-12-06T23:59:59Z");
}

TEST(Rfc3339, MicrosecondsAreSixDigits) {
  EXPECT_EQ(format_rfc3339(1'796'601'599 * kSecond + 7), "2026-12-06T23:59:59.000007Z");
  EXPECT_EQ(format_rfc3339(kSecond * 86'400 * 59 + 999'999), "1970-03-01T00:00:00.999999Z");
}

TEST(Rfc3339, TimesBefore1970CountBackFromTheSecondBefore) {
  EXPECT_EQ(format_rfc3339(-1), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(format_rfc3339(-kSecond * 86'400), "1969-12-31T00:00:00Z");
}

TEST(Rfc3339, TheFourDigitYearsAreWrittenInFullAndOthersAsTheyCome) {
  EXPECT_EQ(format_rfc3339(253'402'300'799 * kSecond), "9999-12-31T23:59:59Z");
  EXPECT_EQ(format_rfc3339(253'402'300'800 * kSecond), "10000-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(-62'167'219'200 * kSecond), "0000-01-01T00:00:00Z");
}

TEST(Rfc3339, WhatIsWrittenReadsBackTheSame) {
  std::mt19937_64 random(20261208);
  std::uniform_int_distribution<Micros> within_four_digit_years(-62'167'219'200 * kSecond,
                                                                253'402'300'799 * kSecond);
  for (int i = 0; i < 10'000; ++i) {
    const Micros at = within_four_digit_years(random);
    ASSERT_EQ(parse_rfc3339(format_rfc3339(at)), at) << format_rfc3339(at);
  }
}

}  // namespace
}  // namespace trellis::util
