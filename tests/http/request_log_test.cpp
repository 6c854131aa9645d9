// The request log as an operator reads it: one line per request, whatever the client put in
// the URL. Runs the real dispatcher in-process with a capturing log sink.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "http/dispatcher.hpp"
#include "store/database.hpp"

namespace trellis::http {
namespace {

// A request without a body, as a GET arrives.
class NoBody final : public RequestBody {
 public:
  asio::awaitable<void> stream(const std::function<void(std::string_view)>&,
                               std::uint64_t) override {
    co_return;
  }
};

namespace fs = std::filesystem;

// Sends the default logger's lines to a string for the lifetime of this object.
class CapturedLog {
 public:
  CapturedLog() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    sink->set_pattern("%v");
    auto logger = std::make_shared<spdlog::logger>("captured", sink);
    logger->set_level(spdlog::level::info);
    spdlog::set_default_logger(logger);
  }
  ~CapturedLog() { spdlog::set_default_logger(previous_); }
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;

  std::vector<std::string> lines() {
    spdlog::default_logger()->flush();
    std::vector<std::string> lines;
    std::istringstream in(out_.str());
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST(RequestLog, NewlineInPathCannotForgeALogLine) {
  const auto dir = fs::temp_directory_path() / ("trellis-log-" + std::to_string(getpid()));
  fs::create_directories(dir);
  {
    auto db = store::open_database("sqlite:" + (dir / "log.db").string());
    App app{*db, {}, {}};
    Router router;
    MetricsRegistry metrics;
    Dispatcher dispatcher(app, router, metrics);
    CapturedLog log;

    // After the decoded %0a comes what a forged line would say: an administrator's request.
    const std::string forged = "1.2.3.4 GET /api/v1/admin/users 200 0.10ms user=1";
    std::string target = "/api/v1/nothing%0a";
    for (char c : forged) target += c == ' ' ? std::string("%20") : std::string(1, c);
    Request request{bhttp::verb::get, target, 11};
    request.set(bhttp::field::host, "localhost");
    const ConnectionInfo peer{"127.0.0.1"};  // the coroutine holds a reference to it
    NoBody body;
    std::optional<Response> response;
    asio::io_context io;
    asio::co_spawn(io, dispatcher.handle(std::move(request), body, peer),
                   [&](std::exception_ptr error, Response answer) {
                     if (!error) response = std::move(answer);
                   });
    io.run();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result_int(), 404);

    const auto lines = log.lines();
    ASSERT_EQ(lines.size(), 1u) << "the request wrote more than one log line";
    EXPECT_TRUE(lines[0].starts_with("127.0.0.1 GET /api/v1/nothing\\x0a1.2.3.4 GET")) << lines[0];
    EXPECT_NE(lines[0].find(" 404 "), std::string::npos) << lines[0];
    EXPECT_TRUE(lines[0].ends_with("user=-")) << lines[0];
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace trellis::http
