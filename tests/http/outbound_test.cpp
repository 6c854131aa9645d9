// Requests to other servers (identity providers) as a slow or hostile one would test them: the
// answer comes back on the caller's executor, a server that never answers costs at most the
// total timeout, an answer over the size limit is refused, and only https (or http to the
// loopback, when allowed) is ever asked.
#include "http/outbound.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace trellis::http {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// A one-connection-at-a-time HTTP server on the loopback whose answer a test chooses; it
// remembers the last request's head and body.
class LocalServer {
 public:
  explicit LocalServer(std::function<std::string()> answer) : answer_(std::move(answer)) {
    acceptor_.open(tcp::v4());
    acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    thread_ = std::thread([this] { serve(); });
  }
  ~LocalServer() {
    stopping_ = true;
    // A thread blocked in accept() is not woken by closing the acceptor: connect once.
    boost::system::error_code ignored;
    asio::io_context io;
    tcp::socket poke(io);
    poke.connect(acceptor_.local_endpoint(), ignored);
    thread_.join();
  }
  std::string url(const std::string& path = "/") const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + path;
  }
  std::string last_request() {
    std::lock_guard lock(mutex_);
    return last_request_;
  }

 private:
  void serve() {
    while (!stopping_) {
      boost::system::error_code ec;
      tcp::socket socket(io_);
      acceptor_.accept(socket, ec);
      if (ec || stopping_) return;
      asio::streambuf buffer;
      asio::read_until(socket, buffer, "\r\n\r\n", ec);
      std::string request(asio::buffers_begin(buffer.data()), asio::buffers_end(buffer.data()));
      {
        std::lock_guard lock(mutex_);
        last_request_ = request;
      }
      const auto answer = answer_();
      if (!answer.empty()) asio::write(socket, asio::buffer(answer), ec);
      socket.shutdown(tcp::socket::shutdown_both, ec);
    }
  }

  std::function<std::string()> answer_;
  asio::io_context io_;
  tcp::acceptor acceptor_{io_};
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::string last_request_;
  std::thread thread_;
};

std::string answer_with(const std::string& body, int status = 200) {
  return "HTTP/1.1 " + std::to_string(status) +
         " X\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + body;
}

OutboundLimits test_limits() {
  OutboundLimits limits;
  limits.connect_timeout = std::chrono::milliseconds(500);
  limits.total_timeout = std::chrono::milliseconds(800);
  limits.max_response_bytes = 4096;
  limits.allow_http_loopback = true;
  return limits;
}

// Runs `call` as a coroutine on an io_context of its own; returns its answer or its error.
struct Outcome {
  std::optional<OutboundResponse> response;
  std::string error;
  bool resumed_on_caller_thread = false;
};
Outcome run(std::function<asio::awaitable<OutboundResponse>()> call) {
  asio::io_context io;
  Outcome outcome;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        const auto caller = std::this_thread::get_id();
        try {
          outcome.response = co_await call();
        } catch (const OutboundError& error) {
          outcome.error = error.what();
        }
        outcome.resumed_on_caller_thread = std::this_thread::get_id() == caller;
      },
      asio::detached);
  io.run();
  return outcome;
}

TEST(Outbound, AnAnswerComesBackOnTheCallersThread) {
  LocalServer server([] { return answer_with(R"({"issuer":"x"})"); });
  OutboundHttp outbound(test_limits(), 1);
  const auto outcome = run([&] { return outbound.get(server.url("/.well-known/x")); });
  ASSERT_TRUE(outcome.response) << outcome.error;
  EXPECT_EQ(outcome.response->status, 200);
  EXPECT_EQ(outcome.response->body, R"({"issuer":"x"})");
  EXPECT_EQ(outcome.response->content_type, "application/json");
  EXPECT_TRUE(outcome.resumed_on_caller_thread);
}

TEST(Outbound, AFormPostSendsTheClientSecretFormEncodedInBasicAuth) {
  LocalServer server([] { return answer_with("{}", 400); });
  OutboundHttp outbound(test_limits(), 1);
  const auto outcome = run([&] {
    return outbound.post_form(server.url("/token"), {{"code", "a b&c"}, {"grant_type", "x"}},
                              BasicAuth{"client id", "p:ss"});
  });
  ASSERT_TRUE(outcome.response) << outcome.error;
  EXPECT_EQ(outcome.response->status, 400);  // any status is an answer
  const auto request = server.last_request();
  // base64("client%20id:p%3Ass")
  EXPECT_NE(request.find("Authorization: Basic Y2xpZW50JTIwaWQ6cCUzQXNz"), std::string::npos)
      << request;
  EXPECT_EQ(form_encode({{"code", "a b&c"}, {"grant_type", "x"}}), "code=a%20b%26c&grant_type=x");
}

TEST(Outbound, AServerThatNeverAnswersCostsAtMostTheTotalTimeout) {
  // The server holds the request for 10 s (until the test ends); the client gives up after
  // its 0.8 s total timeout. The bound checked is loose on purpose: a loaded machine is slow,
  // but not 10 s slow.
  std::atomic<bool> released{false};
  LocalServer server([&] {
    for (int i = 0; i < 200 && !released; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return std::string();
  });
  OutboundHttp outbound(test_limits(), 1);
  const auto started = std::chrono::steady_clock::now();
  const auto outcome = run([&] { return outbound.get(server.url()); });
  const auto took = std::chrono::steady_clock::now() - started;
  released = true;
  EXPECT_FALSE(outcome.response);
  EXPECT_NE(outcome.error.find("No answer from"), std::string::npos) << outcome.error;
  EXPECT_LT(took, std::chrono::seconds(8));
}

TEST(Outbound, AnAnswerOverTheSizeLimitIsRefused) {
  LocalServer server([] { return answer_with(std::string(10'000, 'x')); });
  OutboundHttp outbound(test_limits(), 1);
  const auto outcome = run([&] { return outbound.get(server.url()); });
  EXPECT_FALSE(outcome.response);
  EXPECT_NE(outcome.error.find("larger than 4 KiB"), std::string::npos) << outcome.error;
}

TEST(Outbound, OnlyHttpsIsAskedAndHttpOnlyToTheLoopbackWhenAllowed) {
  auto strict = test_limits();
  strict.allow_http_loopback = false;
  OutboundHttp outbound(strict, 1);
  for (const auto* url :
       {"http://127.0.0.1:1/", "ftp://example.org/", "file:///etc/passwd", "not a url"}) {
    const auto outcome = run([&] { return outbound.get(url); });
    EXPECT_FALSE(outcome.response) << url;
    EXPECT_FALSE(outcome.error.empty()) << url;
  }
  OutboundHttp loopback(test_limits(), 1);
  const auto elsewhere = run([&] { return loopback.get("http://example.org/"); });
  EXPECT_NE(elsewhere.error.find("is not an https URL"), std::string::npos) << elsewhere.error;
}

}  // namespace
}  // namespace trellis::http
