// A OneRoster upload as the import receives it: zip bytes, opened in memory (libzip) and read
// whole into a sink that needs no database.
#include "domain/roster/oneroster.hpp"
#include "fuzz_target.hpp"
#include "roster_sink.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace trellis;
  auto source =
      domain::roster::open_zip_bytes(std::string(reinterpret_cast<const char*>(data), size));
  if (!source) return 0;
  fuzz::MemorySink sink;
  const auto result = domain::roster::read_oneroster(**source, sink);
  FUZZ_CHECK(result.problems.size() <= result.summary.errors + result.summary.warnings);
  return 0;
}
