#include "domain/files/file_names.hpp"

#include <gtest/gtest.h>

namespace trellis::domain::files {
namespace {

TEST(FileNames, PlainNamesAreKept) {
  EXPECT_EQ(display_name("IEP draft v2.docx"), "IEP draft v2.docx");
  EXPECT_EQ(display_name("Zo\xc3\xab \xe6\x97\xa5\xe6\x9c\xac.pdf"),
            "Zo\xc3\xab \xe6\x97\xa5\xe6\x9c\xac.pdf");
}

TEST(FileNames, OnlyTheLastPathSegmentRemains) {
  EXPECT_EQ(display_name("../../etc/passwd"), "passwd");
  EXPECT_EQ(display_name("C:\\Users\\ana\\report.pdf"), "report.pdf");
  EXPECT_EQ(display_name("/absolute/path/notes.txt"), "notes.txt");
  EXPECT_EQ(display_name("..\\..\\boot.ini"), "boot.ini");
}

TEST(FileNames, NothingLeftBecomesFile) {
  EXPECT_EQ(display_name(""), "file");
  EXPECT_EQ(display_name(".."), "file");
  EXPECT_EQ(display_name("uploads/"), "file");
  EXPECT_EQ(display_name("   "), "file");
  EXPECT_EQ(display_name("\r\n\t"), "file");
}

TEST(FileNames, ControlCharactersAndBidiOverridesAreRemoved) {
  EXPECT_EQ(display_name("a\r\nb.pdf"), "ab.pdf");
  const char escapes[] =
      "a\x00"
      "b\x1b"
      "[31mc\x7f"
      ".txt";
  EXPECT_EQ(display_name(std::string_view(escapes, sizeof escapes - 1)), "ab[31mc.txt");
  // U+202E RIGHT-TO-LEFT OVERRIDE would show "invoice\u202Efdp.exe" as "invoiceexe.pdf".
  EXPECT_EQ(display_name("invoice\xe2\x80\xae"
                         "fdp.exe"),
            "invoicefdp.exe");
  EXPECT_EQ(display_name("a\xc2\x85"
                         "b.txt"),
            "ab.txt");  // U+0085, a C1 control
}

TEST(FileNames, InvalidUtf8BytesBecomeUnderscores) {
  EXPECT_EQ(display_name("caf\xe9.txt"), "caf_.txt");
  EXPECT_EQ(display_name("\xc0\xaf.txt"), "__.txt");              // overlong '/'
  EXPECT_EQ(display_name("\xed\xa0\x80.txt"), "___.txt");         // a surrogate
  EXPECT_EQ(display_name("x\xf4\x90\x80\x80.txt"), "x____.txt");  // beyond U+10FFFF
}

TEST(FileNames, LongNamesAreCutTo255BytesKeepingTheExtension) {
  const auto name = display_name(std::string(300, 'a') + ".pdf");
  EXPECT_EQ(name.size(), kMaxNameBytes);
  EXPECT_TRUE(name.ends_with("a.pdf"));
  // A cut never splits a character: 2-byte characters, cut at an odd byte count.
  std::string umlauts;
  for (int i = 0; i < 200; ++i) umlauts += "\xc3\xbc";
  const auto cut = display_name(umlauts + ".txt");
  EXPECT_LE(cut.size(), kMaxNameBytes);
  EXPECT_TRUE(cut.ends_with("\xc3\xbc.txt"));
  EXPECT_EQ(display_name(std::string(400, 'b')).size(), kMaxNameBytes);
}

TEST(FileNames, StoredNamesEndInAnExtensionOfTheDetectedType) {
  EXPECT_EQ(stored_name("x.pdf", "text/plain"), "x.txt");
  EXPECT_EQ(stored_name("photo.PDF", "image/png"), "photo.png");
  EXPECT_EQ(stored_name("Report.PDF", "application/pdf"), "Report.PDF");
  EXPECT_EQ(stored_name("scan.jpeg", "image/jpeg"), "scan.jpeg");
  EXPECT_EQ(stored_name("grades.csv", "text/plain"), "grades.csv");
  EXPECT_EQ(stored_name("README", "text/plain"), "README.txt");
  EXPECT_EQ(stored_name(".profile", "text/plain"), ".profile.txt");
  EXPECT_EQ(stored_name("Smith, J. 2024.03 notes", "text/plain"), "Smith, J. 2024.03 notes.txt");
  EXPECT_EQ(stored_name("../evil.exe", "application/pdf"), "evil.pdf");
  EXPECT_EQ(stored_name("", "application/pdf"), "file.pdf");
  // Still at most kMaxNameBytes, the extension kept.
  const auto stored = stored_name(std::string(300, 'a') + ".exe", "application/pdf");
  EXPECT_EQ(stored.size(), kMaxNameBytes);
  EXPECT_TRUE(stored.ends_with("a.pdf"));
}

}  // namespace
}  // namespace trellis::domain::files
