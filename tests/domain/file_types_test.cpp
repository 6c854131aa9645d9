#include "domain/files/file_types.hpp"

#include <gtest/gtest.h>

#include "support/sample_files.hpp"

namespace trellis::domain::files {
namespace {

namespace samples = testing::samples;

std::string accepted_as(const std::string& content) {
  auto type = classify(content);
  EXPECT_TRUE(type.ok()) << (type.ok() ? "" : type.error().message);
  return type.ok() ? type.value() : "";
}

// The error message of a refused file (which names the detected type).
std::string refusal_of(const std::string& content) {
  auto type = classify(content);
  if (type.ok()) return "accepted as " + type.value();
  EXPECT_EQ(type.error().kind, ErrorKind::unsupported);
  EXPECT_EQ(type.error().code, "unsupported_media_type");
  return type.error().message;
}

TEST(FileTypes, PdfImagesAndTextAreAcceptedByTheirContent) {
  EXPECT_EQ(accepted_as(samples::pdf()), "application/pdf");
  EXPECT_EQ(accepted_as(samples::png()), "image/png");
  EXPECT_EQ(accepted_as(samples::jpeg()), "image/jpeg");
  EXPECT_EQ(accepted_as(samples::gif()), "image/gif");
  EXPECT_EQ(accepted_as(samples::webp()), "image/webp");
  EXPECT_EQ(accepted_as(samples::plain_text()), "text/plain");
  EXPECT_EQ(accepted_as("Zo\xc3\xab and Fran\xc3\xa7ois met on Tuesday.\n"), "text/plain");
  EXPECT_EQ(accepted_as(samples::csv()), "text/csv");
}

TEST(FileTypes, WordAndExcelAreAcceptedInBothFormats) {
  EXPECT_EQ(accepted_as(samples::compound_document("WordDocument")), "application/msword");
  EXPECT_EQ(accepted_as(samples::compound_document("Workbook")), "application/vnd.ms-excel");
  EXPECT_EQ(accepted_as(samples::docx()),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_EQ(accepted_as(samples::xlsx()),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

TEST(FileTypes, OfficePackagesLibmagicDoesNotRecogniseAreReadFromTheirDirectory) {
  EXPECT_FALSE(is_allowed(detect_media_type(samples::docx_with_late_parts())))
      << "this sample is meant to need the zip directory check";
  EXPECT_EQ(accepted_as(samples::docx_with_late_parts()),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
}

TEST(FileTypes, OpenDocumentTextSpreadsheetAndPresentationAreAccepted) {
  for (const std::string type :
       {"application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation"}) {
    EXPECT_EQ(accepted_as(samples::open_document(type)), type);
  }
}

TEST(FileTypes, AnExecutableIsRefusedWhateverItsNameNamingTheDetectedType) {
  const auto message = refusal_of(samples::elf_executable());
  EXPECT_NE(message.find("application/x-"), std::string::npos) << message;
  EXPECT_NE(message.find(detect_media_type(samples::elf_executable())), std::string::npos);
}

// libmagic fails on some inputs without saying why (both magic_buffer and magic_error answer
// NULL); such content is unknown binary, refused, and never stops the server. Found by fuzzing.
TEST(FileTypes, ContentLibmagicFailsOnIsRefusedAsUnknown) {
  const std::string utf32_bom_then_junk("\x00\x00\xfe\xff\xff\xba\x00\x00\xf3\x90\x8c\x99", 12);
  EXPECT_EQ(detect_media_type(utf32_bom_then_junk), "application/octet-stream");
  const auto type = classify(utf32_bom_then_junk);
  ASSERT_FALSE(type);
  EXPECT_EQ(type.error().kind, ErrorKind::unsupported);
}

TEST(FileTypes, ArbitraryZipsAreRefused) {
  EXPECT_NE(
      refusal_of(samples::zip({{"notes.txt", "hello"}, {"run.exe", "MZ"}})).find("application/zip"),
      std::string::npos);
  // Office-looking directories without the package's content-types part, without a Word or
  // Excel part, or claiming to be both, are not Office documents.
  EXPECT_FALSE(classify(samples::zip({{"a.txt", "x"}, {"word/document.xml", "<d/>"}})).ok());
  // libmagic calls this Word; without [Content_Types].xml it is not an OOXML package.
  EXPECT_FALSE(classify(samples::zip({{"word/document.xml", "<d/>"}, {"run.sh", "#!"}})).ok());
  EXPECT_FALSE(
      classify(samples::zip({{"[Content_Types].xml", "<Types/>"}, {"x/y.xml", "<y/>"}})).ok());
  std::vector<std::pair<std::string, std::string>> both = {{"[Content_Types].xml", "<Types/>"},
                                                           {"_rels/.rels", "<R/>"}};
  for (int i = 0; i < 8; ++i) both.emplace_back("docProps/p" + std::to_string(i), "<p/>");
  both.emplace_back("word/document.xml", "<d/>");
  both.emplace_back("xl/workbook.xml", "<w/>");
  EXPECT_FALSE(classify(samples::zip(both)).ok());
}

TEST(FileTypes, OtherTypesAreRefused) {
  EXPECT_NE(refusal_of(samples::pptx()).find("presentationml"), std::string::npos);
  EXPECT_NE(refusal_of(samples::html()).find("text/html"), std::string::npos);
  EXPECT_NE(refusal_of(samples::svg()).find("image/svg+xml"), std::string::npos);
  EXPECT_NE(refusal_of(samples::shell_script()).find("text/x-shellscript"), std::string::npos);
  EXPECT_FALSE(classify(samples::compound_document("Other")).ok());
  EXPECT_FALSE(classify(std::string("\x00\x01\x02\x03\xfe\xff", 6)).ok());
}

TEST(FileTypes, TextMustBeTextAllThrough) {
  // libmagic calls an ELF header and zeros text/plain; its NUL bytes say otherwise.
  const auto elf = std::string(
                       "\x7f"
                       "ELF") +
                   std::string(60, '\0');
  ASSERT_EQ(detect_media_type(elf), "text/plain") << "the sample no longer shows the trap";
  EXPECT_NE(refusal_of(elf).find("NUL"), std::string::npos);
  EXPECT_NE(refusal_of("Fran\xe7ois was absent.\n").find("UTF-8"), std::string::npos);
  EXPECT_NE(refusal_of("\x1b]0;owned\x07 notes\n").find("U+001B"), std::string::npos);
  // Windows line endings, tabs and form feeds are text.
  EXPECT_EQ(accepted_as("one\r\ntwo\tthree\fpage\n"), "text/plain");
}

TEST(FileTypes, MarkupAnywhereInTextIsRefused) {
  const auto prose = std::string(10000, 'a') + "\n";
  for (const std::string markup : {"<script>", "<HTML>", "</b>", "<!doctype html>", "<?php"}) {
    const auto message = refusal_of(prose + markup);
    EXPECT_NE(message.find("markup"), std::string::npos) << message;
    EXPECT_NE(message.find("byte 10001"), std::string::npos) << message;
  }
  EXPECT_EQ(accepted_as(prose + "3 < 4 and 5 <= 6 <"), "text/plain");
}

TEST(FileTypes, EachAcceptedTypeHasItsExtensions) {
  EXPECT_EQ(extensions_of("application/pdf"), (std::vector<std::string_view>{"pdf"}));
  EXPECT_EQ(extensions_of("image/jpeg").front(), "jpg");
  EXPECT_EQ(extensions_of("text/plain").front(), "txt");
  EXPECT_TRUE(extensions_of("application/x-executable").empty());
}

TEST(FileTypes, ZipEntryNamesComeFromTheCentralDirectory) {
  const auto archive = samples::zip({{"a.txt", "1"}, {"dir/b.xml", "22"}});
  const auto names = zip_entry_names(archive);
  ASSERT_TRUE(names.has_value());
  EXPECT_EQ(*names, (std::vector<std::string>{"a.txt", "dir/b.xml"}));
}

TEST(FileTypes, DamagedZipsHaveNoEntryNames) {
  const auto archive = samples::zip({{"a.txt", "1"}, {"b.txt", "2"}});
  EXPECT_FALSE(zip_entry_names(archive.substr(0, archive.size() - 1)).has_value());
  EXPECT_FALSE(zip_entry_names(archive.substr(0, 30) + archive.substr(60)).has_value());
  EXPECT_FALSE(zip_entry_names("PK\x05\x06").has_value());
  EXPECT_FALSE(zip_entry_names("").has_value());
  std::string bad_offset = archive;
  bad_offset[bad_offset.size() - 6] = '\x7f';  // the directory offset points past the end
  EXPECT_FALSE(zip_entry_names(bad_offset).has_value());
}

}  // namespace
}  // namespace trellis::domain::files
