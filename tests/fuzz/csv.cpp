// The CSV reader and the OneRoster reader on top of it, without a zip or a database: the
// input is an export's files, each a name and its content ended by NUL, read through pulls of
// a fuzzed size so that records, quotes and CRLFs fall across buffer boundaries.
#include <algorithm>
#include <cstring>
#include <map>

#include "domain/roster/oneroster.hpp"
#include "fuzz_target.hpp"
#include "roster_sink.hpp"

namespace {

using namespace trellis;

util::CsvReader::Pull pull_from(std::string_view text, std::size_t chunk) {
  return [text, chunk](char* buffer, std::size_t size) mutable -> std::size_t {
    const auto n = std::min({size, chunk, text.size()});
    std::memcpy(buffer, text.data(), n);
    text.remove_prefix(n);
    return n;
  };
}

class MemorySource final : public domain::roster::Source {
 public:
  MemorySource(std::map<std::string, std::string> files, std::size_t chunk)
      : Source(fuzz::small_limits()), files_(std::move(files)), chunk_(chunk) {}
  std::optional<std::string> find(const std::string& file) const override {
    for (const auto& [name, content] : files_) {
      if (name.size() == file.size() &&
          std::equal(name.begin(), name.end(), file.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
          })) {
        return name;
      }
    }
    return std::nullopt;
  }
  std::size_t size(const std::string& name) const override { return files_.at(name).size(); }
  util::CsvReader::Pull open(const std::string& name) override {
    return pull_from(files_.at(name), chunk_);
  }

 private:
  std::map<std::string, std::string> files_;
  std::size_t chunk_;
};

// Every record of `text`, checking what the reader promises about lines and bytes.
void read_records(std::string_view text, std::size_t chunk) {
  util::CsvReader reader(pull_from(text, chunk));
  std::vector<std::string> fields;
  std::size_t last_line = 0;
  while (reader.next(fields)) {
    FUZZ_CHECK(reader.line() > last_line);
    FUZZ_CHECK(reader.bytes_read() <= text.size());
    FUZZ_CHECK(!fields.empty());
    last_line = reader.line();
  }
  FUZZ_CHECK(reader.bytes_read() == text.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Input input(data, size);
  const std::size_t chunk = 1 + input.byte() % 64;
  std::map<std::string, std::string> files;
  while (!input.empty() && files.size() < 16) {
    auto name = input.text();
    auto content = input.text();
    read_records(content, chunk);
    files[std::move(name)] = std::move(content);
  }
  MemorySource source(std::move(files), chunk);
  fuzz::MemorySink sink;
  const auto result = domain::roster::read_oneroster(source, sink);
  // Problems are capped; the summary counts every one.
  FUZZ_CHECK(result.problems.size() <= result.summary.errors + result.summary.warnings);
  return 0;
}
