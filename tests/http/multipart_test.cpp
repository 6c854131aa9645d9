#include "http/multipart.hpp"

#include <gtest/gtest.h>

#include <string>

namespace trellis::http::multipart {
namespace {

constexpr std::string_view kBoundary = "----trellisBoundary7MA4YWxk";

std::string part(std::string_view headers, std::string_view content) {
  return "--" + std::string(kBoundary) + "\r\n" + std::string(headers) + "\r\n\r\n" +
         std::string(content) + "\r\n";
}

std::string closing() {
  return "--" + std::string(kBoundary) + "--\r\n";
}

// The parts of `body`, whose views point into it: keep the body alive while using them.
std::vector<Part> parsed(const std::string& body) {
  auto result = parse(body, kBoundary);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
  return result.ok() ? result.value() : std::vector<Part>{};
}

std::string error_of(const std::string& body) {
  auto result = parse(body, kBoundary);
  if (result.ok()) return "parsed";
  EXPECT_EQ(result.error().kind, domain::ErrorKind::bad_request);
  EXPECT_EQ(result.error().code, "malformed_multipart");
  return result.error().message;
}

TEST(MultipartBoundary, IsReadFromTheContentTypeQuotedOrNot) {
  EXPECT_EQ(boundary_of("multipart/form-data; boundary=abc123").value(), "abc123");
  EXPECT_EQ(boundary_of("Multipart/Form-Data;boundary=\"a b:c=d\"").value(), "a b:c=d");
  EXPECT_EQ(boundary_of("multipart/form-data; charset=utf-8; BOUNDARY=----=_Part_1").value(),
            "----=_Part_1");
}

TEST(MultipartBoundary, MissingOrInvalidBoundaryIsABadRequest) {
  EXPECT_FALSE(boundary_of("multipart/form-data").ok());
  EXPECT_FALSE(boundary_of("multipart/form-data; boundary=").ok());
  EXPECT_FALSE(boundary_of("multipart/form-data; boundary=\"ends with space \"").ok());
  EXPECT_FALSE(boundary_of("multipart/form-data; boundary=" + std::string(71, 'x')).ok());
  EXPECT_FALSE(boundary_of("multipart/form-data; boundary=\"a<b\"").ok());
  EXPECT_FALSE(boundary_of("multipart/form-data; boundary=a; boundary=b").ok());
  EXPECT_FALSE(boundary_of("application/json; boundary=abc").ok());
  EXPECT_EQ(boundary_of("multipart/form-data").error().code, "malformed_multipart");
}

TEST(Multipart, ReadsNamesFilenamesTypesAndBinaryContent) {
  const char bytes[] = "%PDF\0\r\n--not-the-boundary\r\n\xff";
  const std::string binary(bytes, sizeof bytes - 1);
  const auto body = part("Content-Disposition: form-data; name=\"note\"", "hello") +
                    part(
                        "Content-Disposition: form-data; name=\"file\"; filename=\"report.pdf\"\r\n"
                        "Content-Type: Application/PDF; x=y",
                        binary) +
                    closing();
  const auto parts = parsed(body);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].name, "note");
  EXPECT_FALSE(parts[0].filename.has_value());
  EXPECT_EQ(parts[0].content_type, "text/plain");
  EXPECT_EQ(parts[0].body, "hello");
  EXPECT_EQ(parts[1].name, "file");
  EXPECT_EQ(parts[1].filename, "report.pdf");
  EXPECT_EQ(parts[1].content_type, "application/pdf");
  EXPECT_EQ(parts[1].body, binary);
}

TEST(Multipart, ContentKeepsItsOwnLineBreaksAndMayBeEmpty) {
  const auto body = part("Content-Disposition: form-data; name=\"a\"", "\r\nline\r\n") +
                    part("Content-Disposition: form-data; name=\"b\"", "") + closing();
  const auto parts = parsed(body);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].body, "\r\nline\r\n");
  EXPECT_EQ(parts[1].body, "");
}

TEST(Multipart, FilenameStarWinsAndIsPercentDecodedUtf8) {
  const auto parts =
      parsed(part("content-disposition: form-data; name=file; filename=\"naive.pdf\"; "
                  "filename*=UTF-8''na%C3%AFve%20plan.pdf",
                  "x") +
             closing());
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].name, "file");
  EXPECT_EQ(parts[0].filename, "na\xc3\xafve plan.pdf");
}

TEST(Multipart, Latin1FilenameStarBecomesUtf8AndUnknownCharsetsFallBack) {
  auto latin1 = parsed(part("Content-Disposition: form-data; name=file; "
                            "filename*=iso-8859-1'fr'caf%E9.txt",
                            "x") +
                       closing());
  ASSERT_EQ(latin1.size(), 1u);
  EXPECT_EQ(latin1[0].filename, "caf\xc3\xa9.txt");
  auto unknown = parsed(part("Content-Disposition: form-data; name=file; filename=\"plain.txt\"; "
                             "filename*=koi8-r''%C1.txt",
                             "x") +
                        closing());
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].filename, "plain.txt");
}

TEST(Multipart, QuotedFilenamesKeepBackslashesExceptBeforeAQuote) {
  const auto parts = parsed(part("Content-Disposition: form-data; name=\"file\"; "
                                 "filename=\"C:\\Users\\ana\\say \\\"hi\\\".txt\"",
                                 "x") +
                            closing());
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].filename, "C:\\Users\\ana\\say \"hi\".txt");
}

TEST(Multipart, PreambleEpilogueAndTransportPaddingAreAllowed) {
  const auto body =
      "This is a preamble.\r\n" +
      part("Content-Disposition: form-data; name=\"a\"", "1").insert(2 + kBoundary.size(), " \t") +
      closing() + "epilogue";
  const auto parts = parsed(body);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].body, "1");
}

TEST(Multipart, MissingClosingBoundaryIsABadRequest) {
  const auto truncated =
      part("Content-Disposition: form-data; name=\"file\"; filename=\"a\"", "half of the bytes");
  EXPECT_NE(error_of(truncated).find("closing boundary"), std::string::npos);
  EXPECT_NE(error_of(truncated.substr(0, truncated.size() - 10)).find("closing boundary"),
            std::string::npos);
}

TEST(Multipart, MalformedBodiesAreBadRequests) {
  const std::string disposition = "Content-Disposition: form-data; name=\"a\"";
  EXPECT_NE(error_of("no boundary here at all"), "parsed");
  // Bare LF line ends are not multipart.
  EXPECT_NE(error_of("--" + std::string(kBoundary) + "\n" + disposition + "\n\nx\n" + closing()),
            "parsed");
  EXPECT_NE(error_of(part("Content-Type: text/plain", "x") + closing()), "parsed");
  EXPECT_NE(error_of(part("Content-Disposition: attachment; name=\"a\"", "x") + closing()),
            "parsed");
  EXPECT_NE(error_of(part("Content-Disposition: form-data; filename=\"a\"", "x") + closing()),
            "parsed");
  EXPECT_NE(error_of(part(disposition + "\r\n" + disposition, "x") + closing()), "parsed");
  EXPECT_NE(error_of(part("Content-Disposition: form-data; name=\"a", "x") + closing()), "parsed");
  EXPECT_NE(error_of(part(disposition + "\r\n folded", "x") + closing()), "parsed");
  EXPECT_NE(
      error_of(part(disposition + "\r\nContent-Transfer-Encoding: base64", "eA==") + closing()),
      "parsed");
  EXPECT_NE(error_of(part("Content-Disposition: form-data; name=a; filename*=UTF-8''a%2", "x") +
                     closing()),
            "parsed");
  EXPECT_NE(error_of(part("Content-Disposition: form-data; name=a; filename*=UTF-8''a b", "x") +
                     closing()),
            "parsed");
  // A delimiter must be followed by CRLF or "--".
  EXPECT_NE(error_of(part(disposition, "x") + "--" + std::string(kBoundary) + "junk\r\n"),
            "parsed");
}

// Found by fuzzing (tests/fuzz/corpus/http_request/invalid-utf8-echoed-in-json-error): a
// message that quoted the client's bytes raw was not UTF-8, so the JSON answer was not JSON.
TEST(Multipart, MessagesQuoteClientBytesEscaped) {
  EXPECT_EQ(boundary_of("multipart/form-data; \xc1t-Type2 text/plain").error().message,
            "The multipart/form-data body is malformed: the parameter \\xc1t-type2 has no value.");
  const auto message = error_of(
      part("Content-Disposition: form-data; name=a\r\nContent-Transfer-Encoding: b\xffx", "x") +
      closing());
  EXPECT_EQ(message,
            "The multipart/form-data body is malformed: Content-Transfer-Encoding b\\xffx is not "
            "supported.");
}

TEST(Multipart, TooManyPartsIsABadRequest) {
  std::string body;
  for (int i = 0; i < 65; ++i) body += part("Content-Disposition: form-data; name=\"p\"", "x");
  EXPECT_NE(error_of(body + closing()).find("too many parts"), std::string::npos);
}

TEST(Multipart, AnEmptyMultipartHasNoParts) {
  EXPECT_TRUE(parsed(closing()).empty());
}

}  // namespace
}  // namespace trellis::http::multipart
