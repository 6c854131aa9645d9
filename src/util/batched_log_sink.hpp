#pragma once

#include <spdlog/sinks/base_sink.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace trellis::util {

// A log sink that gathers formatted lines in memory and writes them to a file descriptor in
// batches: every kFlushInterval from a thread of its own, when the logger flushes (a line at
// its flush level) and when a batch reaches kBatchBytes. A request's log line then costs an append
// under a mutex, not a write(2) and not a wake-up of a logging thread; spdlog's asynchronous logger
// signals a condition variable for every line, a futex call per request that was a quarter of a
// `/healthz` request's server time (issue 19).
class BatchedLogSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  static constexpr std::size_t kBatchBytes = 64 * 1024;
  static constexpr std::chrono::milliseconds kFlushInterval{100};

  explicit BatchedLogSink(int fd);
  ~BatchedLogSink() override;
  BatchedLogSink(const BatchedLogSink&) = delete;
  BatchedLogSink& operator=(const BatchedLogSink&) = delete;

 protected:
  void sink_it_(const spdlog::details::log_msg& message) override;
  void flush_() override;

 private:
  void write_batch();

  int fd_;
  std::string batch_;
  std::mutex flusher_mutex_;
  std::condition_variable_any flusher_wake_;
  std::jthread flusher_;  // last: started after, and stopped before, what it flushes
};

}  // namespace trellis::util
