#include "http/spooled_body.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

namespace trellis::http {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// What a stopped server left in DATA_DIR/tmp goes at the next start; what another server is
// still receiving (written within the hour), and anything not named as a body, stays.
TEST(SpooledBody, AbandonedBodiesAreRemovedAndLiveOnesKept) {
  const auto dir = fs::temp_directory_path() / ("trellis-spooled-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto write = [&](const char* name, fs::file_time_type::duration age) {
    std::ofstream(dir / name) << "x";
    fs::last_write_time(dir / name, fs::file_time_type::clock::now() - age);
  };
  write("body-old001", 2h);
  write("body-old002", 90min);
  write("body-live01", 5min);
  write("notes.txt", 2h);
  EXPECT_EQ(SpooledBody::remove_abandoned(dir, 1h), 2u);
  EXPECT_FALSE(fs::exists(dir / "body-old001"));
  EXPECT_FALSE(fs::exists(dir / "body-old002"));
  EXPECT_TRUE(fs::exists(dir / "body-live01"));
  EXPECT_TRUE(fs::exists(dir / "notes.txt"));
  EXPECT_EQ(SpooledBody::remove_abandoned(dir / "missing", 1h), 0u);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace trellis::http
