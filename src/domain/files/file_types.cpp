#include "domain/files/file_types.hpp"

#include <magic.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <initializer_list>
#include <stdexcept>

#include "util/text.hpp"

namespace trellis::domain::files {

namespace {

constexpr std::string_view kDocx =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
constexpr std::string_view kXlsx =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// The accepted types and the extensions that name them, the usual one first.
struct AllowedType {
  std::string_view media_type;
  std::initializer_list<std::string_view> extensions;
};
const std::array<AllowedType, 14> kAllowed = {{
    {"application/pdf", {"pdf"}},
    {"image/png", {"png"}},
    {"image/jpeg", {"jpg", "jpeg"}},
    {"image/gif", {"gif"}},
    {"image/webp", {"webp"}},
    {"application/msword", {"doc"}},
    {kDocx, {"docx"}},
    {"application/vnd.ms-excel", {"xls"}},
    {kXlsx, {"xlsx"}},
    {"application/vnd.oasis.opendocument.text", {"odt"}},
    {"application/vnd.oasis.opendocument.spreadsheet", {"ods"}},
    {"application/vnd.oasis.opendocument.presentation", {"odp"}},
    // libmagic calls much CSV plain text, so plain text keeps the names text files go by.
    {"text/plain", {"txt", "text", "csv", "tsv", "log", "md"}},
    {"text/csv", {"csv", "txt"}},
}};

const AllowedType* allowed_type(std::string_view media_type) {
  const auto found = std::find_if(kAllowed.begin(), kAllowed.end(),
                                  [&](const AllowedType& t) { return t.media_type == media_type; });
  return found == kAllowed.end() ? nullptr : &*found;
}

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

  // What libmagic cannot tell is unknown binary, which no allowed type is. It fails on some
  // inputs, and then may give no error text at all: a 12-byte upload beginning with a UTF-32
  // byte order mark made magic_buffer and magic_error both return NULL, and building a message
  // from that NULL stopped the server (found by the file_types fuzz target).
  std::string detect(std::string_view content) {
    const char* type = magic_buffer(cookie_, content.data(), content.size());
    return type ? type : "application/octet-stream";
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

constexpr std::string_view kAcceptedTypes =
    " Upload a PDF, an image (PNG, JPEG, GIF or WebP), a Word, Excel or OpenDocument file, or "
    "plain text.";

Error unsupported(const std::string& detected) {
  return {ErrorKind::unsupported, "unsupported_media_type",
          "This file's content is " + detected + ", which is not accepted." +
              std::string(kAcceptedTypes)};
}

// Where text turns into markup: '<' then a letter, '/', '!' or '?', which is how an HTML or
// XML parser sees a tag, a comment or a processing instruction start.
std::optional<std::size_t> markup_at(std::string_view text) {
  for (auto at = text.find('<'); at != std::string_view::npos; at = text.find('<', at + 1)) {
    if (at + 1 == text.size()) break;
    const auto next = static_cast<unsigned char>(text[at + 1]);
    if (std::isalpha(next) || next == '/' || next == '!' || next == '?') return at;
  }
  return std::nullopt;
}

// Text is served back as text, so it must be text all through: libmagic reads only the start,
// and calls `\x7fELF` and zeros plain text. Valid UTF-8, no control characters but tab, line
// breaks and form feed, and no markup a browser or a careless viewer could render.
constexpr std::u32string_view kFileControls = U"\t\n\r\f";

std::optional<Error> text_refusal(std::string_view content) {
  const auto refused = [](std::string why) {
    return Error{ErrorKind::unsupported, "unsupported_media_type",
                 "This file is not plain text: " + why + "." + std::string(kAcceptedTypes)};
  };
  if (content.find('\0') != std::string_view::npos) {
    return refused("it holds NUL bytes, as binary files do");
  }
  if (auto problem = util::text_problem(content, kFileControls)) {
    return refused(
        "it must be UTF-8 without control characters but tabs, line breaks and form "
        "feeds (" +
        *problem + ")");
  }
  if (auto at = markup_at(content)) {
    return refused("it holds markup (\"" + util::escaped(content.substr(*at, 16)) + "\" at byte " +
                   std::to_string(*at) + ")");
  }
  return std::nullopt;
}

}  // namespace

std::string detect_media_type(std::string_view content) {
  thread_local Magic magic;
  return magic.detect(content);
}

bool is_allowed(std::string_view media_type) {
  return allowed_type(media_type) != nullptr;
}

std::vector<std::string_view> extensions_of(std::string_view media_type) {
  const auto* type = allowed_type(media_type);
  if (!type) return {};
  return {type->extensions.begin(), type->extensions.end()};
}

Outcome<std::string> classify(std::string_view content) {
  auto detected = detect_media_type(content);
  // Any zip that may be Word or Excel, libmagic's verdict or not, is judged by its directory.
  if (detected == kDocx || detected == kXlsx || detected == "application/zip" ||
      detected == "application/octet-stream") {
    if (auto office = office_open_xml_type(content)) return std::string(*office);
    return unsupported(detected);
  }
  if (!is_allowed(detected)) return unsupported(detected);
  if (detected.starts_with("text/")) {
    if (auto refused = text_refusal(content)) return *refused;
  }
  return detected;
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
