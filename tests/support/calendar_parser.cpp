#include "support/calendar_parser.hpp"

#include <unistd.h>

#include <array>
#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace trellis::testing {

std::map<std::string, std::string> parse_calendar(const std::string& ics) {
  namespace fs = std::filesystem;
  static int files = 0;
  const auto file = fs::temp_directory_path() / ("trellis-ics-" + std::to_string(::getpid()) + "-" +
                                                 std::to_string(++files) + ".ics");
  std::ofstream(file, std::ios::binary) << ics;
  const auto command = "/usr/bin/python3 " + std::string(TRELLIS_SOURCE_DIR) +
                       "/tests/smtp/read_calendar.py " + file.string() + " 2>&1";
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + command);
  std::array<char, 512> buffer{};
  while (const auto n = fread(buffer.data(), 1, buffer.size(), pipe))
    output.append(buffer.data(), n);
  const int status = pclose(pipe);
  fs::remove(file);
  if (status != 0) throw std::runtime_error("the calendar parser refused the file: " + output);
  std::map<std::string, std::string> properties;
  const auto parsed = boost::json::parse(output);
  for (const auto& [key, value] : parsed.as_object()) {
    properties[std::string(key)] = std::string(value.as_string());
  }
  return properties;
}

}  // namespace trellis::testing
