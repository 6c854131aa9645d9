// What every fuzz target in this folder shares: the libFuzzer entry points and a small reader
// that splits one input into the typed values a target needs. It is written here rather than
// taken from clang's FuzzedDataProvider so that the same targets also build with GCC, where
// the corpus replays run as ordinary tests (replay_main.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace trellis::fuzz {

// A property of the code under test does not hold: report it as a crash, which libFuzzer
// saves as a reproducer and the replay test fails on (assert() would vanish under NDEBUG).
#define FUZZ_CHECK(condition)                                                                    \
  do {                                                                                           \
    if (!(condition)) {                                                                          \
      std::fprintf(stderr, "%s:%d: fuzz property failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                              \
    }                                                                                            \
  } while (false)

class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size)
      : rest_(reinterpret_cast<const char*>(data), size) {}

  bool empty() const { return rest_.empty(); }
  std::uint8_t byte() {
    if (rest_.empty()) return 0;
    const auto b = static_cast<std::uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return b;
  }
  std::uint64_t u64() {
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value = (value << 8) | byte();
    return value;
  }
  // Text up to the next NUL (or the end): NUL ends fields, so a seed stays readable and a
  // mutation that adds a byte grows one field instead of shifting every later one.
  std::string text() {
    const auto end = rest_.find('\0');
    std::string out(rest_.substr(0, end));
    rest_.remove_prefix(end == std::string_view::npos ? rest_.size() : end + 1);
    return out;
  }
  std::string_view rest() {
    const auto out = rest_;
    rest_ = {};
    return out;
  }

 private:
  std::string_view rest_;
};

}  // namespace trellis::fuzz
