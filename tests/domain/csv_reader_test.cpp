// Reading CSV as real exports write it: quotes, line breaks in fields, BOM, CRLF and LF.
#include <gtest/gtest.h>

#include <algorithm>

#include "util/csv.hpp"

namespace trellis::util {
namespace {

// A reader over `text` that hands out at most `chunk` bytes at a time, so that records and
// quotes straddle buffer refills.
CsvReader reader_of(std::string text, std::size_t chunk = 3) {
  auto data = std::make_shared<std::string>(std::move(text));
  auto pos = std::make_shared<std::size_t>(0);
  return CsvReader([data, pos, chunk](char* buffer, std::size_t size) {
    const auto n = std::min({size, chunk, data->size() - *pos});
    std::copy_n(data->data() + *pos, n, buffer);
    *pos += n;
    return n;
  });
}

std::vector<std::vector<std::string>> all(CsvReader reader) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> fields;
  while (reader.next(fields)) rows.push_back(fields);
  return rows;
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvReader, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  EXPECT_EQ(all(reader_of("a,\"b,c\",\"say \"\"hi\"\"\"\n\"two\nlines\",x,\n")),
            (Rows{{"a", "b,c", "say \"hi\""}, {"two\nlines", "x", ""}}));
}

TEST(CsvReader, CrLfAndLfBothEndRecordsAndTheLastNeedsNoNewline) {
  EXPECT_EQ(all(reader_of("a,b\r\nc,d\ne,f")), (Rows{{"a", "b"}, {"c", "d"}, {"e", "f"}}));
  EXPECT_EQ(all(reader_of("a,b\r\n")), (Rows{{"a", "b"}}));
}

TEST(CsvReader, AByteOrderMarkIsNotPartOfTheFirstHeader) {
  EXPECT_EQ(all(reader_of("\xEF\xBB\xBFsourcedId,name\r\n1,x\r\n", 64)),
            (Rows{{"sourcedId", "name"}, {"1", "x"}}));
}

TEST(CsvReader, LineIsWhereTheRecordStartsCountingLineBreaksInsideQuotes) {
  auto reader = reader_of("h1,h2\n\"a\nb\nc\",d\ne,f\n");
  std::vector<std::string> fields;
  ASSERT_TRUE(reader.next(fields));
  EXPECT_EQ(reader.line(), 1u);
  ASSERT_TRUE(reader.next(fields));
  EXPECT_EQ(reader.line(), 2u);
  ASSERT_TRUE(reader.next(fields));
  EXPECT_EQ(reader.line(), 5u);
  EXPECT_FALSE(reader.next(fields));
}

TEST(CsvReader, EmptyFieldsAndTrailingEmptyColumnsAreKept) {
  EXPECT_EQ(all(reader_of(",,\r\nx,,\r\n")), (Rows{{"", "", ""}, {"x", "", ""}}));
}

TEST(CsvReader, AnUnclosedQuoteIsReportedNotHung) {
  auto reader = reader_of("a,\"never closed\nmore");
  std::vector<std::string> fields;
  ASSERT_TRUE(reader.next(fields));
  EXPECT_TRUE(reader.unterminated_quote());
  EXPECT_EQ(fields.back(), "never closed\nmore");
  EXPECT_FALSE(reader.next(fields));
}

TEST(CsvReader, EmptyInputHasNoRecords) {
  std::vector<std::string> fields;
  auto reader = reader_of("");
  EXPECT_FALSE(reader.next(fields));
}

}  // namespace
}  // namespace trellis::util
