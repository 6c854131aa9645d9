#include "http/server.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <csignal>
#include <functional>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace trellis::http {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using tcp = asio::ip::tcp;

// Long enough never to fire when the server works, short enough to fail a broken test fast.
constexpr std::chrono::milliseconds kDeadline = 10s;
constexpr std::size_t kTestBodyLimit = 1024;

// Answers "<method> <target> <body>"; "/slow" takes 300 ms and "/hang" a minute, both
// counted when they start so that tests can act while they are in flight; "/close" asks for
// the connection to be closed; "/refuse" is answered 401 from the header, its body unread.
class FakeHandler : public RequestHandler {
 public:
  asio::awaitable<Response> handle(Request request, RequestBody& body,
                                   const ConnectionInfo& peer) override {
    if (request.target() == "/refuse") {
      co_return transport_error(request.version(), bhttp::status::unauthorized, "not_signed_in",
                                "Sign in first.");
    }
    std::optional<BodyError> failed;
    try {
      request.body() = co_await body.read(kTestBodyLimit);
    } catch (const BodyError& e) {
      failed = e;
    }
    if (failed) {
      co_return transport_error(request.version(), static_cast<bhttp::status>(failed->status),
                                failed->code, failed->what());
    }
    if (request.target() == "/slow") co_await delay(300ms);
    if (request.target() == "/hang") co_await delay(60s);
    handled.fetch_add(1);
    Response response{bhttp::status::ok, request.version()};
    response.set(bhttp::field::content_type, "text/plain");
    response.set("X-Peer", peer.client_address);
    if (request.target() == "/close") response.keep_alive(false);
    response.body() = fmt::format("{} {} {}", std::string_view(request.method_string()),
                                  std::string_view(request.target()), request.body());
    co_return response;
  }

  Response transport_error(unsigned version, bhttp::status status, std::string code,
                           std::string message) const override {
    Response response{status, version};
    response.set(bhttp::field::content_type, "application/json; charset=utf-8");
    boost::json::object error{{"code", code}, {"message", message}};
    response.body() = boost::json::serialize(boost::json::object{{"error", error}});
    return response;
  }

  std::atomic<int> delayed_started{0};
  std::atomic<int> handled{0};

 private:
  asio::awaitable<void> delay(std::chrono::milliseconds duration) {
    delayed_started.fetch_add(1);
    asio::steady_timer timer(co_await asio::this_coro::executor, duration);
    co_await timer.async_wait(asio::use_awaitable);
  }
};

ServerConfig test_config() {
  ServerConfig config;
  config.port = 0;
  config.threads = 2;
  config.header_timeout = 5s;
  config.read_timeout = 5s;
  config.idle_timeout = 5s;
  config.shutdown_grace = 5s;
  return config;
}

// A Server on a free port, run by a background thread for the lifetime of this object.
class RunningServer {
 public:
  RunningServer(ServerConfig config, RequestHandler& handler)
      : server_(std::move(config), handler),
        port_(server_.bind()),
        stopped_(run_finished_.get_future()),
        thread_([this] {
          server_.run();
          run_finished_.set_value();
        }) {}

  ~RunningServer() {
    server_.request_stop();
    thread_.join();
  }

  unsigned short port() const { return port_; }
  Server& server() { return server_; }
  // True when run() has returned within `timeout`.
  bool wait_stopped(std::chrono::milliseconds timeout = kDeadline) {
    return stopped_.wait_for(timeout) == std::future_status::ready;
  }

 private:
  Server server_;
  unsigned short port_;
  std::promise<void> run_finished_;
  std::future<void> stopped_;
  std::thread thread_;
};

// One client connection whose every wait has a deadline, so that a server bug fails a test
// instead of hanging it.
class TestClient {
 public:
  // `from`: the client's own address (another loopback address is another client).
  explicit TestClient(unsigned short port, std::string_view from = "") {
    if (!from.empty()) {
      socket_.open(tcp::v4());
      socket_.bind(tcp::endpoint(asio::ip::make_address(from), 0));
    }
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }

  bool send(std::string_view bytes) {
    beast::error_code ec;
    asio::write(socket_, asio::buffer(bytes.data(), bytes.size()), ec);
    return !ec;
  }

  std::optional<Response> read_response(std::chrono::milliseconds timeout = kDeadline) {
    Response response;
    const Completion result = complete(timeout, [&](auto done) {
      bhttp::async_read(socket_, buffer_, response, std::move(done));
    });
    if (result.ec) return std::nullopt;
    return response;
  }

  // Everything received until the server closed the connection; nullopt when it did not
  // close it within `timeout`. The connection stays usable after a timeout.
  std::optional<std::string> read_until_closed(std::chrono::milliseconds timeout = kDeadline) {
    std::string received = beast::buffers_to_string(buffer_.data());
    buffer_.clear();
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      std::array<char, 4096> chunk{};
      const auto remaining =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      const Completion result = complete(remaining, [&](auto done) {
        socket_.async_read_some(asio::buffer(chunk), std::move(done));
      });
      if (result.timed_out) return std::nullopt;
      if (result.ec) return received;
      received.append(chunk.data(), result.bytes);
    }
  }

  bool closed_by_server(std::chrono::milliseconds timeout = kDeadline) {
    return read_until_closed(timeout).has_value();
  }

 private:
  struct Completion {
    beast::error_code ec;
    std::size_t bytes = 0;
    bool timed_out = false;
    bool finished = false;
  };

  // Runs one asynchronous operation on the client's own io_context until it completes or
  // `timeout` passes; a timeout cancels the operation without closing the socket.
  template <typename Start>
  Completion complete(std::chrono::milliseconds timeout, Start start) {
    Completion result;
    asio::steady_timer timer(ioc_, std::max(timeout, std::chrono::milliseconds(0)));
    timer.async_wait([&](beast::error_code ec) {
      if (ec || result.finished) return;
      result.timed_out = true;
      socket_.cancel();
    });
    start([&](beast::error_code ec, std::size_t bytes) {
      result.ec = ec;
      result.bytes = bytes;
      result.finished = true;
      timer.cancel();
    });
    ioc_.restart();
    ioc_.run();
    return result;
  }

  asio::io_context ioc_;
  tcp::socket socket_{ioc_};
  beast::flat_buffer buffer_;
};

std::string get(std::string_view target, std::string_view extra_headers = "") {
  return fmt::format("GET {} HTTP/1.1\r\nHost: test\r\n{}\r\n", target, extra_headers);
}

std::string error_code_of(const Response& response) {
  return boost::json::value_to<std::string>(
      boost::json::parse(response.body()).at("error").at("code"));
}

bool wait_until(const std::function<bool()>& condition) {
  const auto deadline = Clock::now() + kDeadline;
  while (!condition()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

TEST(Server, KeepAliveServesSeveralRequestsOnOneConnection) {
  FakeHandler handler;
  RunningServer running(test_config(), handler);
  TestClient client(running.port());

  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client.send(get(fmt::format("/item/{}", i))));
    const auto response = client.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result(), bhttp::status::ok);
    EXPECT_EQ(response->body(), fmt::format("GET /item/{} ", i));
    EXPECT_TRUE(response->keep_alive());
    EXPECT_EQ((*response)[bhttp::field::content_length], std::to_string(response->body().size()));
  }
  EXPECT_EQ(handler.handled.load(), 3);
  EXPECT_EQ(running.server().open_connections(), 1u);
}

TEST(Server, PipelinedRequestsAreAnsweredInOrder) {
  FakeHandler handler;
  RunningServer running(test_config(), handler);
  TestClient client(running.port());

  ASSERT_TRUE(client.send(get("/first") + get("/second")));
  const auto first = client.read_response();
  const auto second = client.read_response();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->body(), "GET /first ");
  EXPECT_EQ(second->body(), "GET /second ");
}

TEST(Server, PassesTheBodyAndTheClientAddressToTheHandler) {
  FakeHandler handler;
  RunningServer running(test_config(), handler);
  TestClient client(running.port());

  ASSERT_TRUE(client.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nhello"));
  const auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), "POST /echo hello");
  EXPECT_EQ((*response)["X-Peer"], "127.0.0.1");
}

TEST(Server, Http10RequestIsClosedAfterItsResponse) {
  FakeHandler handler;
  RunningServer running(test_config(), handler);
  TestClient client(running.port());

  ASSERT_TRUE(client.send("GET /old HTTP/1.0\r\n\r\n"));
  const auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), "GET /old ");
  EXPECT_TRUE(client.closed_by_server());
}

TEST(Server, HandlerMayCloseTheConnection) {
  FakeHandler handler;
  RunningServer running(test_config(), handler);
  TestClient client(running.port());

  ASSERT_TRUE(client.send(get("/close")));
  const auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(client.closed_by_server());
}

TEST(Server, HeadResponseKeepsContentLengthWithoutBody) {
  FakeHandler handler;
  RunningServer running(test_config(), handler);
  TestClient client(running.port());

  ASSERT_TRUE(client.send("HEAD /abc HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"));
  const auto received = client.read_until_closed();
  ASSERT_TRUE(received);
  EXPECT_NE(received->find("Content-Length: 10\r\n"), std::string::npos) << *received;
  EXPECT_TRUE(received->ends_with("\r\n\r\n")) << *received;
}

TEST(Server, ExpectContinueGetsInterimResponseBeforeTheBody) {
  FakeHandler handler;
  RunningServer running(test_config(), handler);
  TestClient client(running.port());

  ASSERT_TRUE(client.send(
      "POST /echo HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
  const auto interim = client.read_response();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->result(), bhttp::status::continue_);
  ASSERT_TRUE(client.send("hello"));
  const auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), "POST /echo hello");
}

TEST(Server, BodyOverLimitGets413WithJsonError) {
  FakeHandler handler;
  RunningServer running(test_config(), handler);
  TestClient client(running.port());

  ASSERT_TRUE(
      client.send(fmt::format("POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: {}\r\n\r\n{}",
                              kTestBodyLimit + 1, std::string(100, 'x'))));
  const auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), bhttp::status::payload_too_large);
  EXPECT_EQ(error_code_of(*response), "payload_too_large");
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_EQ(handler.handled.load(), 0);
}

TEST(Server, ChunkedBodyOverLimitGets413) {
  FakeHandler handler;
  RunningServer running(test_config(), handler);
  TestClient client(running.port());

  const std::size_t chunk_size = kTestBodyLimit + 1;
  ASSERT_TRUE(
      client.send(fmt::format("POST /upload HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: "
                              "chunked\r\n\r\n{:x}\r\n{}\r\n0\r\n\r\n",
                              chunk_size, std::string(chunk_size, 'x'))));
  const auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), bhttp::status::payload_too_large);
  EXPECT_EQ(error_code_of(*response), "payload_too_large");
  EXPECT_EQ(handler.handled.load(), 0);
}

TEST(Server, HeaderOverLimitGets431) {
  FakeHandler handler;
  ServerConfig config = test_config();
  config.header_limit = 1024;
  RunningServer running(config, handler);
  TestClient client(running.port());

  ASSERT_TRUE(client.send(get("/", fmt::format("X-Big: {}\r\n", std::string(4000, 'a')))));
  const auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), bhttp::status::request_header_fields_too_large);
  EXPECT_EQ(error_code_of(*response), "header_too_large");
  EXPECT_TRUE(client.closed_by_server());
}

TEST(Server, MalformedRequestGets400) {
  FakeHandler handler;
  RunningServer running(test_config(), handler);
  TestClient client(running.port());

  ASSERT_TRUE(client.send("NOT HTTP AT ALL\r\n\r\n"));
  const auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), bhttp::status::bad_request);
  EXPECT_EQ(error_code_of(*response), "bad_request");
  EXPECT_TRUE(client.closed_by_server());
}

TEST(Server, IdleConnectionIsClosedAfterTimeout) {
  FakeHandler handler;
  ServerConfig config = test_config();
  config.idle_timeout = 1s;
  RunningServer running(config, handler);
  TestClient client(running.port());

  ASSERT_TRUE(client.send(get("/")));
  ASSERT_TRUE(client.read_response());
  const auto idle_since = Clock::now();
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_GE(seconds_since(idle_since), 0.9);
  EXPECT_TRUE(wait_until([&] { return running.server().open_connections() == 0; }));
}

TEST(Server, SlowClientCannotHoldConnection) {
  FakeHandler handler;
  ServerConfig config = test_config();
  config.header_timeout = 1s;
  config.idle_timeout = 30s;
  RunningServer running(config, handler);
  TestClient client(running.port());

  // Trickling keeps the connection busy, but the deadline covers the whole request.
  const std::string request = get("/", fmt::format("X-Padding: {}\r\n", std::string(100, 'p')));
  const auto first_byte_at = Clock::now();
  bool closed = false;
  for (char byte : request) {
    if (!client.send(std::string_view(&byte, 1)) || client.closed_by_server(100ms)) {
      closed = true;
      break;
    }
  }
  EXPECT_TRUE(closed);
  EXPECT_GE(seconds_since(first_byte_at), 0.9);
  EXPECT_LT(seconds_since(first_byte_at), 5.0);
  EXPECT_EQ(handler.handled.load(), 0);
}

TEST(Server, GracefulShutdownFinishesInFlightRequest) {
  FakeHandler handler;
  RunningServer running(test_config(), handler);
  TestClient client(running.port());

  ASSERT_TRUE(client.send(get("/slow")));
  ASSERT_TRUE(wait_until([&] { return handler.delayed_started.load() == 1; }));
  running.server().request_stop();

  const auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), bhttp::status::ok);
  EXPECT_EQ(response->body(), "GET /slow ");
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_TRUE(running.wait_stopped());
}

TEST(Server, ShutdownClosesIdleConnections) {
  FakeHandler handler;
  ServerConfig config = test_config();
  config.idle_timeout = 60s;
  RunningServer running(config, handler);
  TestClient client(running.port());
  ASSERT_TRUE(client.send(get("/")));
  ASSERT_TRUE(client.read_response());

  const auto stop_requested_at = Clock::now();
  running.server().request_stop();
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_TRUE(running.wait_stopped());
  EXPECT_LT(seconds_since(stop_requested_at), 3.0);
}

TEST(Server, ShutdownStopsWaitingAfterTheGracePeriod) {
  FakeHandler handler;
  ServerConfig config = test_config();
  config.shutdown_grace = 1s;
  RunningServer running(config, handler);
  TestClient client(running.port());
  ASSERT_TRUE(client.send(get("/hang")));
  ASSERT_TRUE(wait_until([&] { return handler.delayed_started.load() == 1; }));

  const auto stop_requested_at = Clock::now();
  running.server().request_stop();
  EXPECT_TRUE(running.wait_stopped());
  EXPECT_GE(seconds_since(stop_requested_at), 0.9);
}

TEST(Server, SigtermStartsGracefulShutdown) {
  FakeHandler handler;
  RunningServer running(test_config(), handler);
  // A served request proves run() has installed its signal handler.
  TestClient client(running.port());
  ASSERT_TRUE(client.send(get("/")));
  ASSERT_TRUE(client.read_response());

  ASSERT_EQ(std::raise(SIGTERM), 0);
  EXPECT_TRUE(running.wait_stopped());
}

void expect_busy(TestClient& client) {
  const auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), bhttp::status::service_unavailable);
  EXPECT_EQ(error_code_of(*response), "server_busy");
  EXPECT_EQ((*response)[bhttp::field::retry_after], "1");
  EXPECT_TRUE(client.closed_by_server());
}

// Serves one request on each of `held` (the cap's worth), then expects a third connection
// from the same address to be answered 503.
void fill_and_expect_the_next_busy(RunningServer& running,
                                   std::initializer_list<TestClient*> held) {
  for (TestClient* client : held) {
    ASSERT_TRUE(client->send(get("/")));
    ASSERT_TRUE(client->read_response());
  }
  TestClient next(running.port());
  ASSERT_TRUE(next.send(get("/")));
  expect_busy(next);
}

TEST(Server, ConnectionsBeyondTheCapAreAnswered503AndClosed) {
  FakeHandler handler;
  ServerConfig config = test_config();
  config.max_connections = 2;
  RunningServer running(config, handler);
  TestClient first(running.port());
  TestClient second(running.port());
  fill_and_expect_the_next_busy(running, {&first, &second});
  ASSERT_TRUE(first.send(get("/still-served")));
  const auto response = first.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), "GET /still-served ");
}

TEST(Server, OneAddressCannotTakeEveryConnection) {
  FakeHandler handler;
  ServerConfig config = test_config();
  config.max_connections_per_address = 2;
  RunningServer running(config, handler);
  TestClient first(running.port());
  TestClient second(running.port());
  fill_and_expect_the_next_busy(running, {&first, &second});
  TestClient other_address(running.port(), "127.0.0.2");
  ASSERT_TRUE(other_address.send(get("/other")));
  const auto response = other_address.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), "GET /other ");
  EXPECT_EQ(response->at("X-Peer"), "127.0.0.2");
}

TEST(Server, RequestsInFlightBeyondTheAddressCapAreAnswered503) {
  FakeHandler handler;
  ServerConfig config = test_config();
  config.max_requests_per_address = 1;
  config.shutdown_grace = 1s;
  RunningServer running(config, handler);
  TestClient hanging(running.port());
  ASSERT_TRUE(hanging.send(get("/hang")));
  ASSERT_TRUE(wait_until([&] { return handler.delayed_started.load() == 1; }));

  TestClient second(running.port());
  ASSERT_TRUE(second.send(get("/")));
  expect_busy(second);
  TestClient other_address(running.port(), "127.0.0.2");
  ASSERT_TRUE(other_address.send(get("/")));
  const auto response = other_address.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), bhttp::status::ok);
}

TEST(Server, ConnectionWithoutAHeaderIsClosedAfterTheHeaderTimeout) {
  FakeHandler handler;
  ServerConfig config = test_config();
  config.header_timeout = 1s;
  config.idle_timeout = 60s;
  RunningServer running(config, handler);
  TestClient silent(running.port());
  EXPECT_TRUE(silent.closed_by_server());
  EXPECT_TRUE(wait_until([&] { return running.server().open_connections() == 0; }));
}

// A refusal from the header (a missing session) is answered without reading the body, with
// no 100 Continue, and the connection closed: the declared 512 MB are never read.
TEST(Server, RequestRefusedFromItsHeaderIsAnsweredWithoutReadingTheBody) {
  FakeHandler handler;
  RunningServer running(test_config(), handler);
  TestClient client(running.port());

  ASSERT_TRUE(
      client.send("POST /refuse HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\n"
                  "Content-Length: 536870912\r\n\r\n"));
  const auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), bhttp::status::unauthorized);
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(client.closed_by_server());
}

TEST(Server, ManyConcurrentClients) {
  constexpr int kClients = 50;
  constexpr int kRequestsEach = 20;
  FakeHandler handler;
  RunningServer running(test_config(), handler);

  std::atomic<int> correct_responses{0};
  {
    std::vector<std::jthread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([&, c] {
        TestClient client(running.port());
        for (int r = 0; r < kRequestsEach; ++r) {
          const std::string target = fmt::format("/client/{}/request/{}", c, r);
          if (!client.send(get(target))) return;
          const auto response = client.read_response();
          if (response && response->body() == "GET " + target + " ") correct_responses++;
        }
      });
    }
  }
  EXPECT_EQ(correct_responses.load(), kClients * kRequestsEach);
  EXPECT_EQ(handler.handled.load(), kClients * kRequestsEach);
}

TEST(Server, BindFailureNamesTheAddress) {
  FakeHandler handler;
  RunningServer running(test_config(), handler);
  ServerConfig config = test_config();
  config.port = running.port();
  Server second(config, handler);
  try {
    second.bind();
    FAIL() << "binding a port in use should throw";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(fmt::format("127.0.0.1:{}", running.port())),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace trellis::http
