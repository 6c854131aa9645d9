// A request body received into a temporary file under the data directory (uploads and
// imports), SHA-256 hashed as it streams, so that no request holds its body in memory.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "http/types.hpp"

namespace trellis::http {

class SpooledBody {
 public:
  // At start: removes bodies in `directory` that a stopped server left, those not written to
  // for `age` (a live one is written continuously, or read by an import for a minute or so;
  // other servers may share the data directory). Returns how many.
  static std::size_t remove_abandoned(const std::filesystem::path& directory,
                                      std::chrono::seconds age);

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
  // Hands the file over to the caller, who removes it when done with it (a roster import that
  // outlives the request); views of it end here.
  std::filesystem::path release() &&;

 private:
  struct State;
  explicit SpooledBody(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace trellis::http
