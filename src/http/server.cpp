#include "http/server.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace trellis::http {

using tcp = asio::ip::tcp;

namespace {
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
}

class Server::Impl {
 public:
  Impl(ServerConfig config, RequestHandler& handler)
      : config_(std::move(config)),
        handler_(handler),
        threads_(config_.threads > 0
                     ? config_.threads
                     : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))),
        ioc_(threads_),
        acceptor_(ioc_),
        signals_(ioc_, SIGINT, SIGTERM) {}

  unsigned short bind() {
    if (acceptor_.is_open()) return acceptor_.local_endpoint().port();
    try {
      const tcp::endpoint endpoint(asio::ip::make_address(config_.host), config_.port);
      acceptor_.open(endpoint.protocol());
      acceptor_.set_option(asio::socket_base::reuse_address(true));
      acceptor_.bind(endpoint);
      acceptor_.listen(asio::socket_base::max_listen_connections);
    } catch (const std::exception& e) {
      throw std::runtime_error("cannot listen on " + config_.host + ":" +
                               std::to_string(config_.port) + ": " + e.what());
    }
    return acceptor_.local_endpoint().port();
  }

  void run() {
    bind();
    signals_.async_wait([this](const boost::system::error_code& ec, int) {
      if (!ec) begin_shutdown();
    });
    asio::co_spawn(ioc_, accept_loop(), asio::detached);
    if (stop_requested_) asio::post(ioc_, [this] { begin_shutdown(); });
    std::vector<std::thread> workers;
    for (int i = 1; i < threads_; ++i) workers.emplace_back([this] { ioc_.run(); });
    ioc_.run();
    for (auto& worker : workers) worker.join();
  }

  void request_stop() {
    stop_requested_ = true;
    asio::post(ioc_, [this] { begin_shutdown(); });
  }

  std::size_t open_connections() const { return open_.load(); }

 private:
  struct Live {
    std::shared_ptr<beast::tcp_stream> stream;
    bool busy = false;
  };

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(asio::make_strand(ioc_), kNoThrow);
      if (ec) {
        if (stopping_) co_return;
        spdlog::warn("accept failed: {}", ec.message());
        continue;
      }
      if (open_.load() >= config_.max_connections) {
        spdlog::warn("connection limit of {} reached; refusing a client", config_.max_connections);
        continue;  // the socket closes as it goes out of scope
      }
      auto executor = socket.get_executor();
      asio::co_spawn(executor, serve_connection(std::move(socket)), asio::detached);
    }
  }

  std::uint64_t enter(const std::shared_ptr<beast::tcp_stream>& stream) {
    std::lock_guard lock(mutex_);
    const auto id = ++next_id_;
    live_[id] = Live{stream, false};
    ++open_;
    return id;
  }

  void leave(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    live_.erase(id);
    --open_;
  }

  // Marks the connection idle (waiting for a request) or busy; returns false when a shutdown
  // has begun and an idle connection should close instead of waiting.
  bool mark(std::uint64_t id, bool busy) {
    std::lock_guard lock(mutex_);
    live_[id].busy = busy;
    return busy || !stopping_;
  }

  asio::awaitable<void> write(beast::tcp_stream& stream, Response response) {
    response.prepare_payload();
    stream.expires_after(config_.read_timeout);
    co_await bhttp::async_write(stream, response, kNoThrow);
  }

  Response transport_error(unsigned version, bhttp::status status, const char* code,
                           const char* message) {
    return handler_.transport_error(version, status, code, message);
  }

  asio::awaitable<void> serve_connection(tcp::socket socket) {
    boost::system::error_code ignored;
    ConnectionInfo peer{socket.remote_endpoint(ignored).address().to_string(), false};
    auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
    const auto id = enter(stream);
    beast::flat_buffer buffer;
    for (;;) {
      if (!mark(id, false)) break;
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(config_.header_limit));
      // The route decides the body limit once the header is known; until then Beast must not
      // apply its own default (it checks Content-Length while parsing the header).
      parser.body_limit(boost::none);
      stream->expires_after(config_.idle_timeout);
      auto [header_ec, header_bytes] =
          co_await bhttp::async_read_header(*stream, buffer, parser, kNoThrow);
      if (header_ec == bhttp::error::header_limit) {
        co_await write(*stream,
                       transport_error(11, bhttp::status::request_header_fields_too_large,
                                       "header_too_large", "The request headers are too large."));
        break;
      }
      if (header_ec) {
        if (header_ec != beast::error::timeout && header_ec != bhttp::error::end_of_stream &&
            header_ec != asio::error::operation_aborted && header_ec != asio::error::eof &&
            header_ec != asio::error::connection_reset && header_bytes > 0) {
          co_await write(*stream, transport_error(11, bhttp::status::bad_request, "bad_request",
                                                  "The request is not valid HTTP/1.1."));
        }
        break;
      }
      mark(id, true);
      const auto version = parser.get().version();
      const auto limit = handler_.body_limit(parser.get());
      parser.body_limit(limit);
      if (parser.content_length() && *parser.content_length() > limit) {
        co_await write(
            *stream, transport_error(version, bhttp::status::payload_too_large, "payload_too_large",
                                     "The request body is too large."));
        break;
      }
      stream->expires_after(config_.read_timeout);
      auto [body_ec, body_bytes] = co_await bhttp::async_read(*stream, buffer, parser, kNoThrow);
      if (body_ec == bhttp::error::body_limit) {
        co_await write(
            *stream, transport_error(version, bhttp::status::payload_too_large, "payload_too_large",
                                     "The request body is too large."));
        break;
      }
      if (body_ec) break;
      stream->expires_never();
      Response response = co_await handler_.handle(parser.release(), peer);
      if (stopping_) response.keep_alive(false);
      const bool keep_alive = response.keep_alive();
      co_await write(*stream, std::move(response));
      if (!keep_alive) break;
    }
    stream->socket().shutdown(tcp::socket::shutdown_send, ignored);
    leave(id);
  }

  // Stops accepting, closes idle connections at once, lets busy ones finish their response,
  // and stops the io_context when all are gone or the grace period ends.
  void begin_shutdown() {
    if (stopping_.exchange(true)) return;
    spdlog::info("shutting down: finishing requests in flight");
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    signals_.cancel(ignored);
    {
      std::lock_guard lock(mutex_);
      for (auto& [id, live] : live_) {
        if (live.busy) continue;
        asio::post(live.stream->get_executor(), [stream = live.stream] { stream->cancel(); });
      }
    }
    asio::co_spawn(ioc_, wait_then_stop(), asio::detached);
  }

  asio::awaitable<void> wait_then_stop() {
    const auto deadline = std::chrono::steady_clock::now() + config_.shutdown_grace;
    asio::steady_timer timer(ioc_);
    while (open_.load() > 0 && std::chrono::steady_clock::now() < deadline) {
      timer.expires_after(std::chrono::milliseconds(20));
      co_await timer.async_wait(kNoThrow);
    }
    ioc_.stop();
  }

  ServerConfig config_;
  RequestHandler& handler_;
  int threads_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> stop_requested_{false};
  std::atomic<std::size_t> open_{0};
  std::mutex mutex_;
  std::unordered_map<std::uint64_t, Live> live_;
  std::uint64_t next_id_ = 0;
};

Server::Server(ServerConfig config, RequestHandler& handler)
    : impl_(std::make_unique<Impl>(std::move(config), handler)) {}
Server::~Server() = default;
unsigned short Server::bind() {
  return impl_->bind();
}
void Server::run() {
  impl_->run();
}
void Server::request_stop() {
  impl_->request_stop();
}
std::size_t Server::open_connections() const {
  return impl_->open_connections();
}

}  // namespace trellis::http
