// The content of student files, on the filesystem under the data directory and named by its
// SHA-256: <root>/<first two hex digits>/<64 hex digits>. Identical content is stored once,
// and no name a client chose ever becomes part of a path.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace trellis::store {

class FileBlobs {
 public:
  // `root` is created on the first write (usually <data_dir>/files).
  explicit FileBlobs(std::filesystem::path root) : root_(std::move(root)) {}

  // Stores `content` durably and returns its SHA-256 in lower-case hex. Written to a temporary
  // file in the target directory, fsync'd, renamed into place and the directory fsync'd, so a
  // crash leaves either the whole blob or none. Throws std::system_error on I/O failure.
  std::string put(std::string_view content) const;

  // The content stored under `sha256`, or nullopt when there is none.
  std::optional<std::string> get(std::string_view sha256) const;

  // Where the content with this digest lives; throws std::invalid_argument unless `sha256`
  // is 64 lower-case hex digits.
  std::filesystem::path path_of(std::string_view sha256) const;

  static std::string sha256_hex(std::string_view content);

 private:
  std::filesystem::path root_;
};

}  // namespace trellis::store
