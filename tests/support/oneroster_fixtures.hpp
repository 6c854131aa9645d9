// The real OneRoster exports the tests read, kept in the repository under
// tests/fixtures/oneroster (third-party test data under its own license: see the README there).
// TRELLIS_ONEROSTER_FIXTURES names another folder.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace trellis::testing {

inline std::string oneroster_fixtures_dir() {
  if (const char* dir = std::getenv("TRELLIS_ONEROSTER_FIXTURES")) return dir;
  return std::string(TRELLIS_SOURCE_DIR) + "/tests/fixtures/oneroster";
}

inline std::string oneroster_fixture(const char* name) {
  return oneroster_fixtures_dir() + "/" + name;
}

}  // namespace trellis::testing
