#include "http/content_disposition.hpp"

#include <gtest/gtest.h>

namespace trellis::http {
namespace {

TEST(ContentDisposition, AsciiNamesAppearAsTheyAre) {
  EXPECT_EQ(attachment_disposition("report-2026.pdf"),
            "attachment; filename=\"report-2026.pdf\"; filename*=UTF-8''report-2026.pdf");
}

TEST(ContentDisposition, Utf8NamesArePercentEncodedWithAnAsciiFallback) {
  EXPECT_EQ(attachment_disposition("Zo\xc3\xab plan 100%.docx"),
            "attachment; filename=\"Zo_ plan 100_.docx\"; "
            "filename*=UTF-8''Zo%C3%AB%20plan%20100%25.docx");
}

TEST(ContentDisposition, QuotesAndBackslashesCannotEscapeTheQuotedName) {
  const auto header = attachment_disposition("a\"; filename=evil.exe; x=\"\\.txt");
  EXPECT_EQ(header,
            "attachment; filename=\"a_; filename=evil.exe; x=__.txt\"; "
            "filename*=UTF-8''a%22%3B%20filename%3Devil.exe%3B%20x%3D%22%5C.txt");
}

}  // namespace
}  // namespace trellis::http
