#include "http/spooled_body.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace trellis::http {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& what, const fs::path& path) {
  throw std::system_error(errno, std::generic_category(), what + " " + path.string());
}

}  // namespace

// Received bodies are named body-XXXXXX in the directory: what remove_abandoned may remove.
constexpr std::string_view kBodyPrefix = "body-";

struct SpooledBody::State {
  fs::path path;
  int fd = -1;
  std::uint64_t size = 0;
  std::string sha256;
  mutable void* mapping = nullptr;

  ~State() {
    if (mapping) ::munmap(mapping, size);
    if (fd >= 0) ::close(fd);
    std::error_code ignored;
    if (!path.empty()) fs::remove(path, ignored);
  }

  void write_all(std::string_view piece) {
    while (!piece.empty()) {
      const auto written = ::write(fd, piece.data(), piece.size());
      if (written < 0) {
        if (errno == EINTR) continue;
        fail("cannot write", path);
      }
      piece.remove_prefix(static_cast<std::size_t>(written));
      size += static_cast<std::uint64_t>(written);
    }
  }
};

asio::awaitable<SpooledBody> SpooledBody::receive(RequestBody& body, const fs::path& directory,
                                                  std::uint64_t limit) {
  fs::create_directories(directory);
  auto state = std::make_unique<State>();
  std::string name = (directory / (std::string(kBodyPrefix) + "XXXXXX")).string();  // mkostemp
  state->fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (state->fd < 0) fail("cannot create", name);
  state->path = name;
  crypto_hash_sha256_state hash;
  crypto_hash_sha256_init(&hash);
  State& file = *state;
  const std::function<void(std::string_view)> sink = [&file, &hash](std::string_view piece) {
    crypto_hash_sha256_update(&hash, reinterpret_cast<const unsigned char*>(piece.data()),
                              piece.size());
    file.write_all(piece);
  };
  co_await body.stream(sink, limit);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&hash, digest);
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  state->sha256 = hex;
  co_return SpooledBody(std::move(state));
}

SpooledBody::SpooledBody(std::unique_ptr<State> state) : state_(std::move(state)) {}
SpooledBody::SpooledBody(SpooledBody&&) noexcept = default;
SpooledBody& SpooledBody::operator=(SpooledBody&&) noexcept = default;
SpooledBody::~SpooledBody() = default;

const fs::path& SpooledBody::path() const {
  return state_->path;
}

std::uint64_t SpooledBody::size() const {
  return state_->size;
}

const std::string& SpooledBody::sha256() const {
  return state_->sha256;
}

std::string_view SpooledBody::view() const {
  if (state_->size == 0) return {};
  if (!state_->mapping) {
    void* mapped = ::mmap(nullptr, state_->size, PROT_READ, MAP_PRIVATE, state_->fd, 0);
    if (mapped == MAP_FAILED) fail("cannot map", state_->path);
    state_->mapping = mapped;
  }
  return {static_cast<const char*>(state_->mapping), state_->size};
}

std::size_t SpooledBody::remove_abandoned(const fs::path& directory, std::chrono::seconds age) {
  std::error_code ec;
  const auto cutoff = fs::file_time_type::clock::now() - age;
  std::size_t removed = 0;
  for (const auto& entry : fs::directory_iterator(directory, ec)) {
    if (!entry.path().filename().string().starts_with(kBodyPrefix)) continue;
    if (entry.last_write_time(ec) < cutoff && !ec && fs::remove(entry.path(), ec)) ++removed;
  }
  return removed;
}

fs::path SpooledBody::release() && {
  auto path = std::move(state_->path);
  state_->path.clear();
  state_.reset();  // unmaps and closes, and leaves the file
  return path;
}

}  // namespace trellis::http
