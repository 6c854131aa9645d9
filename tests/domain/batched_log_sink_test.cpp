// util::BatchedLogSink, the server's log: lines reach the descriptor without a flush call, a
// warning at once, the rest at exit; a descriptor that cannot be written never stops logging.
#include "util/batched_log_sink.hpp"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <string>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

namespace trellis::util {
namespace {

using namespace std::chrono_literals;

// A pipe the sink writes to and the test reads from without blocking.
class LogPipe {
 public:
  LogPipe() {
    EXPECT_EQ(::pipe(ends_), 0);
    ::fcntl(ends_[0], F_SETFL, O_NONBLOCK);
  }
  ~LogPipe() {
    ::close(ends_[0]);
    if (ends_[1] >= 0) ::close(ends_[1]);
  }
  LogPipe(const LogPipe&) = delete;
  LogPipe& operator=(const LogPipe&) = delete;

  int write_end() const { return ends_[1]; }

  // Everything written so far.
  std::string drained() {
    char chunk[4096];
    for (;;) {
      const auto n = ::read(ends_[0], chunk, sizeof chunk);
      if (n <= 0) break;
      text_.append(chunk, static_cast<std::size_t>(n));
    }
    return text_;
  }

  // Waits up to `patience` for `wanted` to have been written.
  bool shows(const std::string& wanted, std::chrono::milliseconds patience = 5s) {
    const auto until = std::chrono::steady_clock::now() + patience;
    while (drained().find(wanted) == std::string::npos) {
      if (std::chrono::steady_clock::now() > until) return false;
      std::this_thread::sleep_for(10ms);
    }
    return true;
  }

 private:
  int ends_[2] = {-1, -1};
  std::string text_;
};

std::shared_ptr<spdlog::logger> logger_to(std::shared_ptr<BatchedLogSink> sink) {
  auto logger = std::make_shared<spdlog::logger>("batched-test", std::move(sink));
  logger->set_pattern("%l %v");
  logger->flush_on(spdlog::level::warn);
  return logger;
}

TEST(BatchedLogSink, AWarningIsWrittenBeforeTheCallReturns) {
  LogPipe pipe;
  auto logger = logger_to(std::make_shared<BatchedLogSink>(pipe.write_end()));
  logger->info("first");
  logger->warn("then a warning");
  const auto written = pipe.drained();
  EXPECT_NE(written.find("info first\n"), std::string::npos) << written;
  EXPECT_NE(written.find("warning then a warning\n"), std::string::npos) << written;
  EXPECT_LT(written.find("first"), written.find("then a warning"));
}

TEST(BatchedLogSink, OrdinaryLinesAreWrittenWithoutAnyoneFlushing) {
  LogPipe pipe;
  auto logger = logger_to(std::make_shared<BatchedLogSink>(pipe.write_end()));
  logger->info("GET /healthz 200");
  EXPECT_TRUE(pipe.shows("info GET /healthz 200\n")) << pipe.drained();
}

TEST(BatchedLogSink, WhatIsLeftIsWrittenWhenTheSinkGoes) {
  LogPipe pipe;
  {
    auto logger = logger_to(std::make_shared<BatchedLogSink>(pipe.write_end()));
    for (int i = 0; i < 100; ++i) logger->info("line {}", i);
  }
  const auto written = pipe.drained();
  EXPECT_NE(written.find("info line 0\n"), std::string::npos);
  EXPECT_NE(written.find("info line 99\n"), std::string::npos);
}

TEST(BatchedLogSink, ADescriptorThatCannotBeWrittenNeverStopsLogging) {
  auto logger = logger_to(std::make_shared<BatchedLogSink>(-1));
  // Well past one batch, so that the request thread itself tries to write.
  const std::string line(1000, 'x');
  for (std::size_t i = 0; i < 2 * BatchedLogSink::kBatchBytes / line.size(); ++i) {
    EXPECT_NO_THROW(logger->info(line));
  }
  EXPECT_NO_THROW(logger->error("still logging"));
  EXPECT_NO_THROW(logger->flush());
}

}  // namespace
}  // namespace trellis::util
