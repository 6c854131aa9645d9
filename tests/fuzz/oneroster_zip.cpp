// A OneRoster upload as the import receives it: zip bytes, opened in memory (libzip) and read
// whole into a sink that needs no database.
#include "domain/roster/oneroster.hpp"
#include "fuzz_target.hpp"
#include "roster_sink.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace trellis;
  auto source = domain::roster::open_zip_bytes(
      std::string(reinterpret_cast<const char*>(data), size), fuzz::small_limits());
  if (!source) return 0;
  fuzz::MemorySink sink;
  try {
    const auto result = domain::roster::read_oneroster(**source, sink);
    FUZZ_CHECK(result.problems.size() <= result.summary.errors + result.summary.warnings);
  } catch (const std::runtime_error&) {
    // An entry that fails to inflate or its CRC ("the zip is damaged: cannot read users.csv")
    // is thrown mid-read; execute_run catches it and fails the run saying so. Anything else
    // (a logic_error such as out_of_range) is still a finding.
  }
  return 0;
}
