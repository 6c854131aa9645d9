#include "util/batched_log_sink.hpp"

#include <cerrno>

#include <unistd.h>

namespace trellis::util {

BatchedLogSink::BatchedLogSink(int fd) : fd_(fd) {
  batch_.reserve(kBatchBytes);
  // Sleeps kFlushInterval at a time, woken early only by the stop the destructor requests.
  flusher_ = std::jthread([this](const std::stop_token& stop) {
    std::unique_lock lock(flusher_mutex_);
    while (!flusher_wake_.wait_for(lock, stop, kFlushInterval,
                                   [&stop] { return stop.stop_requested(); })) {
      flush();
    }
  });
}

BatchedLogSink::~BatchedLogSink() {
  flusher_.request_stop();
  flusher_.join();
  const std::lock_guard lock(mutex_);
  write_batch();
}

void BatchedLogSink::sink_it_(const spdlog::details::log_msg& message) {
  spdlog::memory_buf_t line;
  formatter_->format(message, line);
  batch_.append(line.data(), line.size());
  if (batch_.size() >= kBatchBytes) write_batch();
}

void BatchedLogSink::flush_() {
  write_batch();
}

// Writes everything gathered. A log that cannot be written (stderr closed, a full disk) drops
// the batch: logging must never stop or block the server.
void BatchedLogSink::write_batch() {
  std::size_t written = 0;
  while (written < batch_.size()) {
    const auto n = ::write(fd_, batch_.data() + written, batch_.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  batch_.clear();
}

}  // namespace trellis::util
