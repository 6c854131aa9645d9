// The real OneRoster exports kept beside the project in ../shared/fixtures/oneroster (they are
// third-party files that may not be copied into the repository). TRELLIS_ONEROSTER_FIXTURES
// names another folder. A checkout without them skips the tests that read them, saying so,
// rather than failing for a reason that has nothing to do with the code.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace trellis::testing {

inline std::string oneroster_fixtures_dir() {
  if (const char* dir = std::getenv("TRELLIS_ONEROSTER_FIXTURES")) return dir;
  return std::string(TRELLIS_SOURCE_DIR) + "/../shared/fixtures/oneroster";
}

inline std::string oneroster_fixture(const char* name) {
  return oneroster_fixtures_dir() + "/" + name;
}

}  // namespace trellis::testing

// First line of a test that reads the real exports.
#define SKIP_WITHOUT_ONEROSTER_FIXTURES()                                                     \
  do {                                                                                        \
    if (!std::filesystem::is_directory(::trellis::testing::oneroster_fixtures_dir())) {       \
      GTEST_SKIP() << "The OneRoster fixtures are not at "                                    \
                   << ::trellis::testing::oneroster_fixtures_dir()                            \
                   << " (../shared beside the checkout, or set TRELLIS_ONEROSTER_FIXTURES)."; \
    }                                                                                         \
  } while (false)
