// Keeps many short strings (a million sourcedIds) in large blocks, so that a set or map of
// them can hold string_views: one heap allocation per megabyte instead of one per string,
// and no per-string allocation header. The views stay valid as long as the arena.
#pragma once

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace trellis::util {

class StringArena {
 public:
  std::string_view keep(std::string_view text) {
    if (blocks_.empty() || used_ + text.size() > capacity_) {
      capacity_ = std::max(kBlock, text.size());
      blocks_.push_back(std::make_unique<char[]>(capacity_));
      used_ = 0;
    }
    char* at = blocks_.back().get() + used_;
    std::memcpy(at, text.data(), text.size());
    used_ += text.size();
    return {at, text.size()};
  }

 private:
  static constexpr std::size_t kBlock = 1 << 20;
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::size_t used_ = 0, capacity_ = 0;
};

}  // namespace trellis::util
