// Content sniffing of uploads: libmagic plus the zip directory walk that tells OOXML and
// OpenDocument files from other zips. Whatever the bytes, an accepted file has a type on the
// allowed list, and a refused one is refused as unsupported.
#include "domain/files/file_types.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace trellis::domain;
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  const auto type = files::classify(content);
  if (type) {
    FUZZ_CHECK(files::is_allowed(type.value()));
  } else {
    FUZZ_CHECK(type.error().kind == ErrorKind::unsupported);
  }
  if (auto names = files::zip_entry_names(content)) {
    // Each name is read from the directory, so together they cannot exceed the input.
    std::size_t total = 0;
    for (const auto& name : *names) total += name.size();
    FUZZ_CHECK(total <= content.size());
  }
  return 0;
}
