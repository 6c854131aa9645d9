#include "store/file_blobs.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace trellis::store {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& what, const fs::path& path) {
  throw std::system_error(errno, std::generic_category(), what + " " + path.string());
}

// Closes on scope exit, so every early return and exception releases the descriptor.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }
  // Closes now, reporting the error a deferred write may only show here.
  int close() { return ::close(std::exchange(fd_, -1)); }

 private:
  int fd_;
};

// A rename or a new entry is durable only once its directory is fsync'd.
void sync_directory(const fs::path& directory) {
  Descriptor dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0 || ::fsync(dir.get()) != 0) fail("cannot sync directory", directory);
}

void ensure_directory(const fs::path& directory) {
  if (fs::is_directory(directory)) return;
  const auto parent = directory.parent_path();
  if (!parent.empty()) ensure_directory(parent);
  if (::mkdir(directory.c_str(), 0700) != 0 && errno != EEXIST) {
    fail("cannot create directory", directory);
  }
  if (!parent.empty()) sync_directory(parent);
}

void write_all(int fd, std::string_view content, const fs::path& path) {
  while (!content.empty()) {
    const auto written = ::write(fd, content.data(), content.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) fail("cannot write", path);
    content.remove_prefix(static_cast<std::size_t>(written));
  }
}

bool is_lower_hex(std::string_view text) {
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::string FileBlobs::sha256_hex(std::string_view content) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(content.data()),
                     content.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

fs::path FileBlobs::path_of(std::string_view sha256) const {
  if (sha256.size() != 64 || !is_lower_hex(sha256)) {
    throw std::invalid_argument("not a SHA-256 in hex: " + std::string(sha256));
  }
  return root_ / std::string(sha256.substr(0, 2)) / std::string(sha256);
}

std::string FileBlobs::put(std::string_view content) const {
  auto sha256 = sha256_hex(content);
  const auto target = path_of(sha256);
  // Same digest, same content: already stored (a size mismatch means a damaged blob).
  std::error_code ec;
  const auto stored_size = fs::file_size(target, ec);
  if (!ec && stored_size == content.size()) return sha256;

  const auto directory = target.parent_path();
  ensure_directory(directory);
  std::string temporary = (directory / (".tmp-" + sha256 + "-XXXXXX")).string();
  Descriptor file(::mkostemp(temporary.data(), O_CLOEXEC));
  if (file.get() < 0) fail("cannot create", temporary);
  try {
    write_all(file.get(), content, temporary);
    if (::fsync(file.get()) != 0) fail("cannot sync", temporary);
    if (file.close() != 0) fail("cannot close", temporary);
    if (::rename(temporary.c_str(), target.c_str()) != 0) fail("cannot rename to", target);
  } catch (...) {
    ::unlink(temporary.c_str());
    throw;
  }
  sync_directory(directory);
  return sha256;
}

std::optional<std::string> FileBlobs::get(std::string_view sha256) const {
  const auto path = path_of(sha256);
  Descriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) {
    if (errno == ENOENT) return std::nullopt;
    fail("cannot open", path);
  }
  struct stat info {};
  if (::fstat(file.get(), &info) != 0) fail("cannot stat", path);
  std::string content(static_cast<std::size_t>(info.st_size), '\0');
  std::size_t done = 0;
  while (done < content.size()) {
    const auto n = ::read(file.get(), content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot read", path);
    if (n == 0) break;  // shorter than it was a moment ago
    done += static_cast<std::size_t>(n);
  }
  content.resize(done);
  return content;
}

}  // namespace trellis::store
