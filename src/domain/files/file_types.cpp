#include "domain/files/file_types.hpp"

#include <magic.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>

namespace trellis::domain::files {

namespace {

constexpr std::string_view kDocx =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
constexpr std::string_view kXlsx =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

constexpr std::array<std::string_view, 14> kAllowed = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/msword",
    kDocx,
    "application/vnd.ms-excel",
    kXlsx,
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
    "text/plain",
    "text/csv",
};

// One libmagic handle per thread: a handle is not safe to share, and loading the database
// for every upload would cost more than the detection itself.
class Magic {
 public:
  Magic() : cookie_(magic_open(MAGIC_MIME_TYPE)) {
    if (!cookie_) throw std::runtime_error("libmagic: cannot open a handle");
    if (magic_load(cookie_, nullptr) != 0) {
      const std::string error = magic_error(cookie_);
      magic_close(cookie_);
      throw std::runtime_error("libmagic: cannot load the magic database: " + error);
    }
  }
  ~Magic() { magic_close(cookie_); }
  Magic(const Magic&) = delete;
  Magic& operator=(const Magic&) = delete;

  std::string detect(std::string_view content) {
    const char* type = magic_buffer(cookie_, content.data(), content.size());
    if (!type) throw std::runtime_error(std::string("libmagic: ") + magic_error(cookie_));
    return type;
  }

 private:
  magic_t cookie_;
};

std::uint32_t little_endian(std::string_view bytes, std::size_t at, std::size_t width) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    value |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  }
  return value;
}

constexpr std::string_view kEndOfDirectory = "PK\x05\x06";
constexpr std::string_view kDirectoryEntry = "PK\x01\x02";
constexpr std::size_t kEndOfDirectorySize = 22;
constexpr std::size_t kDirectoryEntrySize = 46;
constexpr std::size_t kMaxZipComment = 0xffff;

// The end-of-central-directory record sits in the last 22 bytes plus a comment of up to 64 KB.
std::optional<std::size_t> end_of_directory(std::string_view zip) {
  if (zip.size() < kEndOfDirectorySize) return std::nullopt;
  const std::size_t last = zip.size() - kEndOfDirectorySize;
  const std::size_t first = last > kMaxZipComment ? last - kMaxZipComment : 0;
  for (std::size_t at = last + 1; at-- > first;) {
    if (zip.substr(at, 4) == kEndOfDirectory) return at;
  }
  return std::nullopt;
}

// libmagic recognises OOXML by the first entries of the archive only: it calls a zip whose
// first entry is word/... a Word document, and one whose parts come in an unusual order
// application/zip or, when the first entry looks like OOXML, application/octet-stream. A zip
// is a Word or Excel document when the package has its content-types part and the part
// directory of exactly one of the two applications; nothing else is.
std::optional<std::string_view> office_open_xml_type(std::string_view content) {
  if (!content.starts_with("PK\x03\x04")) return std::nullopt;
  const auto names = zip_entry_names(content);
  if (!names) return std::nullopt;
  const auto has = [&](auto predicate) {
    return std::any_of(names->begin(), names->end(), predicate);
  };
  if (!has([](const std::string& name) { return name == "[Content_Types].xml"; })) {
    return std::nullopt;
  }
  const bool word = has([](const std::string& name) { return name.starts_with("word/"); });
  const bool excel = has([](const std::string& name) { return name.starts_with("xl/"); });
  if (word == excel) return std::nullopt;  // neither, or a package claiming to be both
  return word ? kDocx : kXlsx;
}

Error unsupported(const std::string& detected) {
  return {ErrorKind::unsupported, "unsupported_media_type",
          "This file's content is " + detected +
              ", which is not accepted. Upload a PDF, an image (PNG, JPEG, GIF or WebP), a Word, "
              "Excel or OpenDocument file, or plain text."};
}

}  // namespace

std::string detect_media_type(std::string_view content) {
  thread_local Magic magic;
  return magic.detect(content);
}

bool is_allowed(std::string_view media_type) {
  return std::find(kAllowed.begin(), kAllowed.end(), media_type) != kAllowed.end();
}

Outcome<std::string> classify(std::string_view content) {
  auto detected = detect_media_type(content);
  // Any zip that may be Word or Excel, libmagic's verdict or not, is judged by its directory.
  if (detected == kDocx || detected == kXlsx || detected == "application/zip" ||
      detected == "application/octet-stream") {
    if (auto office = office_open_xml_type(content)) return std::string(*office);
    return unsupported(detected);
  }
  if (is_allowed(detected)) return detected;
  return unsupported(detected);
}

std::optional<std::vector<std::string>> zip_entry_names(std::string_view zip) {
  const auto end = end_of_directory(zip);
  if (!end) return std::nullopt;
  const auto entries = little_endian(zip, *end + 10, 2);
  const auto directory_size = little_endian(zip, *end + 12, 4);
  const auto directory_offset = little_endian(zip, *end + 16, 4);
  // 0xffff and 0xffffffff mean "see the zip64 record", which no office document needs.
  if (entries == 0xffff || directory_offset == 0xffffffff ||
      std::size_t{directory_offset} + directory_size > *end) {
    return std::nullopt;
  }
  std::vector<std::string> names;
  std::size_t at = directory_offset;
  for (std::uint32_t i = 0; i < entries; ++i) {
    if (at + kDirectoryEntrySize > *end || zip.substr(at, 4) != kDirectoryEntry) {
      return std::nullopt;
    }
    const std::size_t name_length = little_endian(zip, at + 28, 2);
    const std::size_t extra_length = little_endian(zip, at + 30, 2);
    const std::size_t comment_length = little_endian(zip, at + 32, 2);
    const std::size_t next = at + kDirectoryEntrySize + name_length + extra_length + comment_length;
    if (next > *end) return std::nullopt;
    names.emplace_back(zip.substr(at + kDirectoryEntrySize, name_length));
    at = next;
  }
  return names;
}

}  // namespace trellis::domain::files
