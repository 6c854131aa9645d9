#include "http/server.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

namespace trellis::http {

namespace {

using tcp = asio::ip::tcp;
using RequestParser = bhttp::request_parser<bhttp::string_body>;

constexpr auto use_awaitable_tuple = asio::as_tuple(asio::use_awaitable);

// After its last response a connection keeps reading (and discarding) what the client still
// sends, for at most this long: closing a socket with unread data makes the kernel send a
// reset, which can destroy a response the client has not read yet.
constexpr std::chrono::seconds kLingerTime{2};
constexpr std::size_t kReadChunk = 4096;
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};
// Under a connection flood one warning per this many rejections keeps the log readable.
constexpr std::uint64_t kRejectionsPerWarning = 1000;

// One client connection. Everything in it is touched only on the connection's strand.
struct Connection {
  Connection(std::uint64_t connection_id, beast::tcp_stream client_stream, std::string address)
      : id(connection_id), stream(std::move(client_stream)), peer{std::move(address)} {}

  const std::uint64_t id;
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  ConnectionInfo peer;
  // Waiting for the first byte of the next request: a shutdown may drop the connection.
  bool waiting_for_request = false;
};

void close_if_idle(Connection& connection) {
  if (connection.waiting_for_request) connection.stream.close();
}

// Closes the socket when serve() ends, whichever way it ends. Leaving that to the last
// shared_ptr is a race: a shutdown's close_if_idle, still queued on the connection's strand,
// holds one, and once the last connection is gone the io_context stops without running it,
// so the socket stayed open until the Server was destroyed.
struct CloseOnExit {
  Connection& connection;
  ~CloseOnExit() {
    beast::error_code ignored;
    connection.stream.socket().close(ignored);
  }
};

// The live connections, so that a shutdown can find the idle ones and learn when the last
// one is gone. References are weak: a connection lives exactly as long as its coroutine.
class ConnectionRegistry {
 public:
  enum class Admission { admitted, over_capacity, shutting_down };

  explicit ConnectionRegistry(std::size_t capacity) : capacity_(capacity) {}

  Admission admit(const std::shared_ptr<Connection>& connection) {
    std::lock_guard lock(mutex_);
    if (stopping_) return Admission::shutting_down;
    if (live_.size() >= capacity_) return Admission::over_capacity;
    live_.emplace(connection->id, connection);
    return Admission::admitted;
  }

  // True when this was the last connection of a shutdown in progress.
  bool remove(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    live_.erase(id);
    return stopping_ && live_.empty();
  }

  // Refuses all further connections and returns the live ones.
  std::vector<std::shared_ptr<Connection>> stop_admitting() {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    std::vector<std::shared_ptr<Connection>> live;
    live.reserve(live_.size());
    for (const auto& [id, weak] : live_) {
      if (auto connection = weak.lock()) live.push_back(std::move(connection));
    }
    return live;
  }

  bool stopping() const { return stopping_.load(); }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return live_.size();
  }

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> live_;
  std::atomic<bool> stopping_{false};  // written under mutex_, read without it between requests
};

struct TransportFailure {
  bhttp::status status;
  const char* code;
  const char* message;
};

// What the client should be told about a failed read; nothing for timeouts, resets, a clean
// end of stream or a shutdown, where the connection is simply dropped.
std::optional<TransportFailure> failure_to_report(const beast::error_code& ec) {
  if (ec == bhttp::error::body_limit) {
    return TransportFailure{bhttp::status::payload_too_large, "payload_too_large",
                            "The request body is larger than this endpoint accepts."};
  }
  if (ec == bhttp::error::header_limit) {
    return TransportFailure{bhttp::status::request_header_fields_too_large, "header_too_large",
                            "The request header is too large."};
  }
  const bool is_parse_error =
      ec.category() == make_error_code(bhttp::error::bad_method).category() &&
      ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
  if (is_parse_error) {
    return TransportFailure{bhttp::status::bad_request, "bad_request",
                            "The request is not valid HTTP/1.1."};
  }
  return std::nullopt;
}

bool expects_continue(const Request& request) {
  return request.version() >= 11 &&
         beast::iequals(request[bhttp::field::expect], std::string_view("100-continue"));
}

// Sets the framing headers. A HEAD response keeps the Content-Length a GET would get, but
// carries no body.
void finalize_response(Response& response, bool keep_alive, bool head_request) {
  response.keep_alive(keep_alive);
  if (!head_request) {
    response.prepare_payload();
    return;
  }
  if (!response.has_content_length()) response.content_length(response.body().size());
  response.body().clear();
}

// IPv4 clients of a dual-stack listener show up as ::ffff:a.b.c.d; logs and rate limits
// want the plain IPv4 address.
std::string client_address_of(const tcp::endpoint& remote) {
  const asio::ip::address address = remote.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

void log_uncaught(std::string_view where, const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    spdlog::error("{}: {}", where, e.what());
  } catch (...) {
    spdlog::error("{}: unknown exception", where);
  }
}

int thread_count(int configured) {
  if (configured > 0) return configured;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerConfig config, RequestHandler& handler)
      : config_(std::move(config)),
        handler_(handler),
        threads_(thread_count(config_.threads)),
        registry_(config_.max_connections),
        ioc_(threads_),
        control_(asio::make_strand(ioc_)),
        acceptor_(control_),
        grace_timer_(control_) {}

  unsigned short bind();
  void run();
  void request_stop() {
    asio::post(control_, [this] { begin_shutdown(); });
  }
  std::size_t open_connections() const { return registry_.size(); }

 private:
  tcp::endpoint resolve_listen_endpoint();
  void install_signal_handler();
  void run_io();

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> pause_after_accept_error(const beast::error_code& ec);
  void admit(beast::tcp_stream stream);
  void warn_over_capacity();
  void on_connection_finished(std::uint64_t id, const std::exception_ptr& error);

  asio::awaitable<void> serve(std::shared_ptr<Connection> connection);
  asio::awaitable<bool> await_next_request(Connection& connection);
  asio::awaitable<beast::error_code> read_request(Connection& connection, RequestParser& parser);
  beast::error_code apply_body_limit(RequestParser& parser) const;
  asio::awaitable<void> report_read_failure(Connection& connection, const RequestParser& parser,
                                            const beast::error_code& ec);
  asio::awaitable<beast::error_code> write_response(Connection& connection, Response& response);
  asio::awaitable<void> close_gracefully(Connection& connection);

  void begin_shutdown();
  void give_up_waiting();
  void finish_shutdown();

  const ServerConfig config_;
  RequestHandler& handler_;
  const int threads_;
  ConnectionRegistry registry_;
  // Destroyed after the I/O objects declared below it, as Asio requires; destroying it also
  // destroys the coroutines of connections still open when a shutdown gave up on them.
  asio::io_context ioc_;
  // Serialises the acceptor, the signal set and the shutdown steps.
  asio::strand<asio::io_context::executor_type> control_;
  tcp::acceptor acceptor_;
  asio::steady_timer grace_timer_;
  std::optional<asio::signal_set> signals_;
  tcp::endpoint listen_endpoint_;
  // The members below are touched only on control_.
  std::uint64_t next_connection_id_ = 0;
  std::uint64_t rejected_connections_ = 0;
  bool shutdown_started_ = false;
  bool shutdown_finished_ = false;
};

unsigned short Server::Impl::bind() {
  if (acceptor_.is_open()) return listen_endpoint_.port();
  const tcp::endpoint endpoint = resolve_listen_endpoint();
  beast::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    beast::error_code ignored;
    acceptor_.close(ignored);
    throw std::runtime_error(
        fmt::format("cannot listen on {}:{}: {}", config_.host, config_.port, ec.message()));
  }
  listen_endpoint_ = acceptor_.local_endpoint();
  return listen_endpoint_.port();
}

tcp::endpoint Server::Impl::resolve_listen_endpoint() {
  tcp::resolver resolver(ioc_);
  beast::error_code ec;
  const auto results =
      resolver.resolve(config_.host, std::to_string(config_.port),
                       tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || results.empty()) {
    throw std::runtime_error(fmt::format("cannot listen on {}:{}: cannot resolve the host: {}",
                                         config_.host, config_.port,
                                         ec ? ec.message() : "no address"));
  }
  return results.begin()->endpoint();
}

void Server::Impl::run() {
  bind();
  install_signal_handler();
  asio::co_spawn(control_, accept_loop(), [](const std::exception_ptr& error) {
    if (error) log_uncaught("HTTP accept loop failed", error);
  });
  spdlog::info("HTTP server listening on {}:{} with {} thread(s)",
               listen_endpoint_.address().to_string(), listen_endpoint_.port(), threads_);
  {
    std::vector<std::jthread> workers;
    workers.reserve(static_cast<std::size_t>(threads_ - 1));
    for (int i = 1; i < threads_; ++i) workers.emplace_back([this] { run_io(); });
    run_io();
  }
  // Removing the handler gives the signals their default meaning back.
  signals_.reset();
  spdlog::info("HTTP server stopped");
}

void Server::Impl::install_signal_handler() {
  signals_.emplace(control_, SIGINT, SIGTERM);
  signals_->async_wait([this](const beast::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("received signal {}: shutting down gracefully (send it again to force)", signal);
    begin_shutdown();
  });
}

// An exception escaping run() would otherwise take a thread out of service for good.
void Server::Impl::run_io() {
  for (;;) {
    try {
      ioc_.run();
      return;
    } catch (const std::exception& e) {
      spdlog::error("uncaught exception in the HTTP server: {}", e.what());
    }
  }
}

asio::awaitable<void> Server::Impl::accept_loop() {
  while (acceptor_.is_open()) {
    auto [ec, socket] =
        co_await acceptor_.async_accept(asio::make_strand(ioc_), use_awaitable_tuple);
    if (ec) {
      co_await pause_after_accept_error(ec);
      continue;
    }
    admit(beast::tcp_stream(std::move(socket)));
  }
}

// Errors such as "too many open files" would repeat at once; waiting a moment lets
// connections close instead of spinning a core.
asio::awaitable<void> Server::Impl::pause_after_accept_error(const beast::error_code& ec) {
  if (ec == asio::error::operation_aborted) co_return;
  spdlog::warn("accepting a connection failed: {}", ec.message());
  asio::steady_timer pause(control_, kAcceptRetryDelay);
  co_await pause.async_wait(use_awaitable_tuple);
}

void Server::Impl::admit(beast::tcp_stream stream) {
  beast::error_code ec;
  const tcp::endpoint remote = stream.socket().remote_endpoint(ec);
  if (ec) return;  // the client is already gone
  auto connection = std::make_shared<Connection>(next_connection_id_++, std::move(stream),
                                                 client_address_of(remote));
  switch (registry_.admit(connection)) {
    case ConnectionRegistry::Admission::admitted:
      break;
    case ConnectionRegistry::Admission::over_capacity:
      warn_over_capacity();
      return;
    case ConnectionRegistry::Admission::shutting_down:
      return;
  }
  auto executor = connection->stream.get_executor();
  asio::co_spawn(executor, serve(connection),
                 [this, id = connection->id](const std::exception_ptr& error) {
                   on_connection_finished(id, error);
                 });
}

void Server::Impl::warn_over_capacity() {
  if (rejected_connections_++ % kRejectionsPerWarning == 0) {
    spdlog::warn("connection limit of {} reached: closing new connections ({} so far)",
                 config_.max_connections, rejected_connections_);
  }
}

void Server::Impl::on_connection_finished(std::uint64_t id, const std::exception_ptr& error) {
  if (error) log_uncaught("HTTP connection failed", error);
  if (registry_.remove(id)) asio::post(control_, [this] { finish_shutdown(); });
}

asio::awaitable<void> Server::Impl::serve(std::shared_ptr<Connection> connection) {
  Connection& client = *connection;
  const CloseOnExit close_on_exit{client};
  while (co_await await_next_request(client)) {
    RequestParser parser;
    const beast::error_code read_error = co_await read_request(client, parser);
    if (read_error) {
      co_await report_read_failure(client, parser, read_error);
      co_return;
    }
    Request request = parser.release();
    const bool client_keeps_alive = request.keep_alive();
    const bool head_request = request.method() == bhttp::verb::head;
    Response response = co_await handler_.handle(std::move(request), client.peer);
    // Either side may end the connection. Shutdown is checked after the handler: one that
    // began meanwhile must still close this connection.
    const bool keep_alive = client_keeps_alive && response.keep_alive() && !registry_.stopping();
    finalize_response(response, keep_alive, head_request);
    const beast::error_code write_error = co_await write_response(client, response);
    if (write_error) co_return;
    if (!response.keep_alive()) {
      co_await close_gracefully(client);
      co_return;
    }
  }
}

// Waits up to the idle timeout for the first byte of the next request. False when the
// connection should end instead: shutdown, timeout, or the client went away.
asio::awaitable<bool> Server::Impl::await_next_request(Connection& connection) {
  if (connection.buffer.size() > 0) co_return true;  // a pipelined request is already here
  if (registry_.stopping()) co_return false;
  connection.waiting_for_request = true;
  connection.stream.expires_after(config_.idle_timeout);
  auto [ec, bytes] = co_await connection.stream.async_read_some(
      connection.buffer.prepare(kReadChunk), use_awaitable_tuple);
  connection.waiting_for_request = false;
  connection.buffer.commit(bytes);
  co_return !ec;
}

// Reads one whole request against a single deadline, so a client trickling bytes cannot
// hold the connection longer than read_timeout.
asio::awaitable<beast::error_code> Server::Impl::read_request(Connection& connection,
                                                              RequestParser& parser) {
  parser.header_limit(static_cast<std::uint32_t>(config_.header_limit));
  // Unlimited until the handler has seen the header: Beast would otherwise hold a declared
  // Content-Length against its own 1 MB default while parsing the header.
  parser.body_limit(boost::none);
  connection.stream.expires_after(config_.read_timeout);
  auto [header_error, header_bytes] = co_await bhttp::async_read_header(
      connection.stream, connection.buffer, parser, use_awaitable_tuple);
  if (header_error) co_return header_error;
  if (const beast::error_code too_large = apply_body_limit(parser)) co_return too_large;
  if (parser.is_done()) co_return beast::error_code{};
  if (expects_continue(parser.get())) {
    bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, parser.get().version()};
    auto [continue_error, continue_bytes] =
        co_await bhttp::async_write(connection.stream, go_on, use_awaitable_tuple);
    if (continue_error) co_return continue_error;
  }
  auto [body_error, body_bytes] =
      co_await bhttp::async_read(connection.stream, connection.buffer, parser, use_awaitable_tuple);
  co_return body_error;
}

beast::error_code Server::Impl::apply_body_limit(RequestParser& parser) const {
  const std::size_t limit = handler_.body_limit(parser.get());
  // Beast compares a declared Content-Length with the limit only while parsing the header,
  // which is over; chunked bodies are checked against the limit as they arrive.
  const auto declared_length = parser.content_length();
  if (declared_length && *declared_length > limit) return bhttp::error::body_limit;
  parser.body_limit(limit);
  return {};
}

asio::awaitable<void> Server::Impl::report_read_failure(Connection& connection,
                                                        const RequestParser& parser,
                                                        const beast::error_code& ec) {
  const auto failure = failure_to_report(ec);
  if (!failure) co_return;
  // Before the request line is parsed the client's version is unknown; 1.1 is the safe guess.
  const unsigned version = parser.is_header_done() ? parser.get().version() : 11;
  Response response =
      handler_.transport_error(version, failure->status, failure->code, failure->message);
  finalize_response(response, false, false);
  const beast::error_code write_error = co_await write_response(connection, response);
  if (!write_error) co_await close_gracefully(connection);
}

// Writes in pieces, each with its own deadline: a slow but steady reader can download a
// large file, a reader that stops reading is dropped.
asio::awaitable<beast::error_code> Server::Impl::write_response(Connection& connection,
                                                                Response& response) {
  bhttp::serializer<false, bhttp::string_body> serializer{response};
  while (!serializer.is_done()) {
    connection.stream.expires_after(config_.read_timeout);
    auto [ec, bytes] =
        co_await bhttp::async_write_some(connection.stream, serializer, use_awaitable_tuple);
    if (ec) co_return ec;
  }
  co_return beast::error_code{};
}

// Half-closes, then discards whatever the client still sends until it closes too or
// kLingerTime passes (see kLingerTime for why the response would otherwise be at risk).
asio::awaitable<void> Server::Impl::close_gracefully(Connection& connection) {
  beast::error_code ec;
  connection.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  connection.stream.expires_after(kLingerTime);
  connection.buffer.clear();
  while (!ec) {
    std::tie(ec, std::ignore) = co_await connection.stream.async_read_some(
        connection.buffer.prepare(kReadChunk), use_awaitable_tuple);
  }
  connection.stream.close();
}

void Server::Impl::begin_shutdown() {
  if (shutdown_started_) return;
  shutdown_started_ = true;
  beast::error_code ignored;
  acceptor_.close(ignored);
  if (signals_) {
    signals_->cancel(ignored);
    signals_->clear(ignored);
  }
  const auto live = registry_.stop_admitting();
  spdlog::info("HTTP server shutting down: {} open connection(s), waiting up to {}s", live.size(),
               config_.shutdown_grace.count());
  if (live.empty()) {
    finish_shutdown();
    return;
  }
  grace_timer_.expires_after(config_.shutdown_grace);
  grace_timer_.async_wait([this](const beast::error_code& ec) {
    if (!ec) give_up_waiting();
  });
  // Weak: a queued check must not keep a finished connection (and its socket) alive.
  for (const auto& connection : live) {
    asio::post(connection->stream.get_executor(), [weak = std::weak_ptr<Connection>(connection)] {
      if (auto alive = weak.lock()) close_if_idle(*alive);
    });
  }
}

void Server::Impl::give_up_waiting() {
  spdlog::warn("{} HTTP connection(s) still busy after {}s: stopping without them",
               registry_.size(), config_.shutdown_grace.count());
  ioc_.stop();
}

void Server::Impl::finish_shutdown() {
  if (shutdown_finished_) return;
  shutdown_finished_ = true;
  grace_timer_.cancel();
  // Stopping explicitly rather than waiting for the io_context to run out of work: the
  // handler may keep work of its own (timers, background tasks) on it.
  ioc_.stop();
}

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
