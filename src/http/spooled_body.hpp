// A request body received into a temporary file under the data directory (uploads and
// imports), SHA-256 hashed as it streams, so that no request holds its body in memory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "http/types.hpp"

namespace trellis::http {

class SpooledBody {
 public:
  // Streams `body` (at most `limit` bytes) into a new file in `directory` (created when
  // missing). Throws BodyError as RequestBody::stream does, std::system_error on I/O failure;
  // the partial file is removed either way.
  static asio::awaitable<SpooledBody> receive(RequestBody& body,
                                              const std::filesystem::path& directory,
                                              std::uint64_t limit);

  SpooledBody(SpooledBody&&) noexcept;
  SpooledBody& operator=(SpooledBody&&) noexcept;
  ~SpooledBody();  // removes the file

  const std::filesystem::path& path() const;
  std::uint64_t size() const;
  const std::string& sha256() const;  // lower-case hex
  // The content, mapped read-only on first use: pages of the page cache, not of the heap.
  std::string_view view() const;

 private:
  struct State;
  explicit SpooledBody(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace trellis::http
