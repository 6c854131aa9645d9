#include "http/server.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
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
// The body is read into a fixed buffer the handler drains (RequestBody::stream), never into
// a string the size of what the client declared.
using RequestParser = bhttp::request_parser<bhttp::buffer_body>;

constexpr auto use_awaitable_tuple = asio::as_tuple(asio::use_awaitable);

// After its last response a connection keeps reading (and discarding) what the client still
// sends, for at most this long: closing a socket with unread data makes the kernel send a
// reset, which can destroy a response the client has not read yet.
constexpr std::chrono::seconds kLingerTime{2};
// ... and discards at most this much of it: a refused upload is not read.
constexpr std::size_t kLingerBytes = 64 * 1024;
constexpr std::size_t kReadChunk = 4096;
// The fixed buffer a body is read through, allocated only while one is read.
constexpr std::size_t kBodyChunk = 64 * 1024;
// Descriptors kept out of the connection cap: the database, its WAL, logs, spooled bodies.
constexpr std::size_t kReservedDescriptors = 128;
constexpr std::chrono::seconds kRetryAfter{1};
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};
// Under a connection flood one warning per this many rejections keeps the log readable.
constexpr std::uint64_t kRejectionsPerWarning = 1000;

// One client connection. Everything in it is touched only on the connection's strand.
struct Connection {
  Connection(std::uint64_t connection_id, beast::tcp_stream client_stream, std::string address,
             std::size_t buffer_limit)
      : id(connection_id),
        stream(std::move(client_stream)),
        buffer(buffer_limit),
        peer{std::move(address)} {}

  const std::uint64_t id;
  beast::tcp_stream stream;
  // Bounded: a header (at most the header limit) plus what one read brings beyond it.
  beast::flat_buffer buffer;
  ConnectionInfo peer;
  // Waiting for the first byte of the next request: a shutdown may drop the connection.
  bool waiting_for_request = false;
  bool served_a_request = false;
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
// one is gone, and what each client address holds (connections, requests in flight), so
// that one address cannot take the server from the others. References are weak: a
// connection lives exactly as long as its coroutine.
class ConnectionRegistry {
 public:
  enum class Admission { admitted, over_capacity, address_over_capacity, shutting_down };

  ConnectionRegistry(std::size_t capacity, std::size_t per_address, std::size_t requests)
      : capacity_(capacity), per_address_(per_address), requests_per_address_(requests) {}

  Admission admit(const std::shared_ptr<Connection>& connection) {
    std::lock_guard lock(mutex_);
    if (stopping_) return Admission::shutting_down;
    if (live_.size() >= capacity_) return Admission::over_capacity;
    auto& held = addresses_[connection->peer.client_address];
    if (held.connections >= per_address_) {
      if (held.connections == 0) addresses_.erase(connection->peer.client_address);
      return Admission::address_over_capacity;
    }
    ++held.connections;
    live_.emplace(connection->id, connection);
    return Admission::admitted;
  }

  // True when this was the last connection of a shutdown in progress.
  bool remove(std::uint64_t id, const std::string& address) {
    std::lock_guard lock(mutex_);
    if (live_.erase(id) > 0) release(address, &Held::connections);
    return stopping_ && live_.empty();
  }

  // False when the address has its share of requests in flight already.
  bool start_request(const std::string& address) {
    std::lock_guard lock(mutex_);
    auto& held = addresses_[address];
    if (held.requests >= requests_per_address_) return false;
    ++held.requests;
    return true;
  }

  void finish_request(const std::string& address) {
    std::lock_guard lock(mutex_);
    release(address, &Held::requests);
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
  std::size_t capacity() const { return capacity_; }
  std::size_t per_address() const { return per_address_; }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return live_.size();
  }

 private:
  struct Held {
    std::size_t connections = 0;
    std::size_t requests = 0;
  };

  // Forgets an address that holds nothing, so the map stays as small as the live clients.
  void release(const std::string& address, std::size_t Held::*counter) {
    const auto found = addresses_.find(address);
    if (found == addresses_.end()) return;
    auto& held = found->second;
    if (held.*counter > 0) --(held.*counter);
    if (held.connections == 0 && held.requests == 0) addresses_.erase(found);
  }

  const std::size_t capacity_;
  const std::size_t per_address_;
  const std::size_t requests_per_address_;
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> live_;
  std::unordered_map<std::string, Held> addresses_;
  std::atomic<bool> stopping_{false};  // written under mutex_, read without it between requests
};

// Holds one of the address's requests in flight for as long as it lives.
class RequestSlot {
 public:
  RequestSlot(ConnectionRegistry& registry, const std::string& address)
      : registry_(registry), address_(address), held_(registry.start_request(address)) {}
  ~RequestSlot() {
    if (held_) registry_.finish_request(address_);
  }
  RequestSlot(const RequestSlot&) = delete;
  RequestSlot& operator=(const RequestSlot&) = delete;
  bool held() const { return held_; }

 private:
  ConnectionRegistry& registry_;
  const std::string& address_;
  const bool held_;
};

// Raises the soft open-files limit to the hard one (each connection is a descriptor) and
// returns the connection cap that leaves room for the server's own files.
std::size_t fit_to_open_files_limit(std::size_t wanted) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return wanted;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  if (limit.rlim_cur == RLIM_INFINITY) return wanted;
  const auto available = static_cast<std::size_t>(limit.rlim_cur);
  const std::size_t fits =
      available > 2 * kReservedDescriptors ? available - kReservedDescriptors : available / 2;
  if (fits < wanted) {
    spdlog::warn(
        "the open-files limit ({}) leaves room for {} connections: serving at most that many "
        "instead of {}",
        available, fits, wanted);
  }
  return std::min(wanted, fits);
}

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

bool expects_continue(const bhttp::request_header<>& request) {
  return request.version() >= 11 &&
         beast::iequals(request[bhttp::field::expect], std::string_view("100-continue"));
}

// A body that could not be read, as the handler sees it.
BodyError body_error_of(const beast::error_code& ec) {
  if (const auto failure = failure_to_report(ec)) {
    return BodyError(static_cast<unsigned>(failure->status), failure->code, failure->message);
  }
  return BodyError(0, "connection_lost",
                   "The connection ended before the body did: " + ec.message() + ".");
}

// Reads a body from the connection on demand, through one fixed buffer (RequestBody).
class ConnectionBody final : public RequestBody {
 public:
  ConnectionBody(Connection& connection, RequestParser& parser, std::chrono::seconds timeout)
      : connection_(connection), parser_(parser), timeout_(timeout) {}

  asio::awaitable<void> stream(const std::function<void(std::string_view)>& sink,
                               std::uint64_t limit) override {
    if (started_) throw std::logic_error("a request body can be read only once");
    started_ = true;
    if (parser_.is_done()) co_return;
    const auto declared_length = parser_.content_length();
    if (declared_length && *declared_length > limit) {
      throw body_error_of(bhttp::error::body_limit);
    }
    // Beast compared a declared length with the limit only while parsing the header; a
    // chunked body is held to it as it arrives.
    parser_.body_limit(limit);
    if (expects_continue(parser_.get())) co_await send_continue();
    const auto chunk = std::make_unique<char[]>(kBodyChunk);
    while (!parser_.is_done()) {
      auto& body = parser_.get().body();
      body.data = chunk.get();
      body.size = kBodyChunk;
      connection_.stream.expires_after(timeout_);
      auto [ec, bytes] = co_await bhttp::async_read_some(connection_.stream, connection_.buffer,
                                                         parser_, use_awaitable_tuple);
      if (ec && ec != bhttp::error::need_buffer) throw body_error_of(ec);
      const std::size_t filled = kBodyChunk - parser_.get().body().size;
      if (filled > 0) sink(std::string_view(chunk.get(), filled));
    }
  }

 private:
  asio::awaitable<void> send_continue() {
    bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, parser_.get().version()};
    connection_.stream.expires_after(timeout_);
    auto [ec, bytes] = co_await bhttp::async_write(connection_.stream, go_on, use_awaitable_tuple);
    if (ec) throw body_error_of(ec);
  }

  Connection& connection_;
  RequestParser& parser_;
  const std::chrono::seconds timeout_;
  bool started_ = false;
};

// The header as the handler sees it; its body stays on the connection.
Request header_of(const RequestParser& parser) {
  return Request(bhttp::request_header<>(parser.get().base()));
}

// Sets the framing headers. A HEAD response keeps the Content-Length a GET would get, but
// carries no body.
void finalize_response(Response& response, bool keep_alive, bool head_request) {
  response.keep_alive(keep_alive);
  if (!response.file.empty()) {
    // Its length is set when the file is opened; a HEAD response only needs that length.
    return;
  }
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
        registry_(fit_to_open_files_limit(config_.max_connections),
                  config_.max_connections_per_address, config_.max_requests_per_address),
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
  std::size_t connection_capacity() const { return registry_.capacity(); }

 private:
  tcp::endpoint resolve_listen_endpoint();
  void install_signal_handler();
  void run_io();

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> pause_after_accept_error(const beast::error_code& ec);
  void admit(beast::tcp_stream stream);
  void refuse(std::shared_ptr<Connection> connection, ConnectionRegistry::Admission why);
  asio::awaitable<void> answer_busy(std::shared_ptr<Connection> connection);
  void on_connection_finished(std::uint64_t id, const std::string& address,
                              const std::exception_ptr& error);

  asio::awaitable<void> serve(std::shared_ptr<Connection> connection);
  asio::awaitable<bool> await_next_request(Connection& connection);
  asio::awaitable<beast::error_code> read_header(Connection& connection, RequestParser& parser);
  asio::awaitable<bool> serve_request(Connection& connection, RequestParser& parser);
  Response busy_response(unsigned version) const;
  asio::awaitable<void> report_read_failure(Connection& connection, const RequestParser& parser,
                                            const beast::error_code& ec);
  asio::awaitable<beast::error_code> write_response(Connection& connection, Response& response,
                                                    bool head_request = false);
  template <class Serializer>
  asio::awaitable<beast::error_code> write_pieces(Connection& connection, Serializer& serializer);
  asio::awaitable<beast::error_code> write_file(Connection& connection, Response& response,
                                                bool head_request);
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
  // From the moment clients (and scripts that read the port) may know of the server, SIGTERM
  // means a graceful stop, even when it arrives before run(): it is then handled first thing.
  install_signal_handler();
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
  auto connection =
      std::make_shared<Connection>(next_connection_id_++, std::move(stream),
                                   client_address_of(remote), config_.header_limit + kBodyChunk);
  const auto admission = registry_.admit(connection);
  if (admission != ConnectionRegistry::Admission::admitted) {
    refuse(std::move(connection), admission);
    return;
  }
  auto executor = connection->stream.get_executor();
  asio::co_spawn(
      executor, serve(connection),
      [this, id = connection->id, address = connection->peer.client_address](
          const std::exception_ptr& error) { on_connection_finished(id, address, error); });
}

// A full server answers 503 with Retry-After, so that clients back off instead of waiting
// on a connection that is never served.
void Server::Impl::refuse(std::shared_ptr<Connection> connection,
                          ConnectionRegistry::Admission why) {
  if (why == ConnectionRegistry::Admission::shutting_down) return;
  if (rejected_connections_++ % kRejectionsPerWarning == 0) {
    const bool address = why == ConnectionRegistry::Admission::address_over_capacity;
    spdlog::warn("connection limit of {}{} reached: answering new ones 503 ({} so far)",
                 address ? registry_.per_address() : registry_.capacity(),
                 address ? " for " + connection->peer.client_address : std::string(),
                 rejected_connections_);
  }
  auto executor = connection->stream.get_executor();
  asio::co_spawn(executor, answer_busy(std::move(connection)), asio::detached);
}

// Writes the 503 without reading the request (the refusal must cost less than serving);
// bounded by a short deadline.
asio::awaitable<void> Server::Impl::answer_busy(std::shared_ptr<Connection> connection) {
  const CloseOnExit close_on_exit{*connection};
  Response response = busy_response(11);
  finalize_response(response, false, false);
  connection->stream.expires_after(kLingerTime);
  co_await bhttp::async_write(connection->stream, response, use_awaitable_tuple);
  beast::error_code ignored;
  connection->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

Response Server::Impl::busy_response(unsigned version) const {
  Response response = handler_.transport_error(
      version, bhttp::status::service_unavailable, "server_busy",
      "The server is serving as many requests as it allows from this address or in all; try "
      "again shortly.");
  response.set(bhttp::field::retry_after, std::to_string(kRetryAfter.count()));
  return response;
}

void Server::Impl::on_connection_finished(std::uint64_t id, const std::string& address,
                                          const std::exception_ptr& error) {
  if (error) log_uncaught("HTTP connection failed", error);
  if (registry_.remove(id, address)) asio::post(control_, [this] { finish_shutdown(); });
}

asio::awaitable<void> Server::Impl::serve(std::shared_ptr<Connection> connection) {
  Connection& client = *connection;
  const CloseOnExit close_on_exit{client};
  while (co_await await_next_request(client)) {
    RequestParser parser;
    if (!co_await serve_request(client, parser)) co_return;
    client.served_a_request = true;
  }
}

// Reads the header, lets the handler answer (reading as much of the body as it wants) and
// writes the answer. False when the connection is to end.
asio::awaitable<bool> Server::Impl::serve_request(Connection& client, RequestParser& parser) {
  const beast::error_code read_error = co_await read_header(client, parser);
  if (read_error) {
    co_await report_read_failure(client, parser, read_error);
    co_return false;
  }
  const bool client_keeps_alive = parser.get().keep_alive();
  const bool head_request = parser.get().method() == bhttp::verb::head;
  const RequestSlot slot(registry_, client.peer.client_address);
  Response response;
  if (slot.held()) {
    ConnectionBody body(client, parser, config_.read_timeout);
    response = co_await handler_.handle(header_of(parser), body, client.peer);
  } else {
    response = busy_response(parser.get().version());
  }
  // Either side may end the connection; so does a body the handler left unread (it is not
  // read to find the next request). Shutdown is checked after the handler: one that began
  // meanwhile must still close this connection.
  const bool keep_alive =
      client_keeps_alive && response.keep_alive() && parser.is_done() && !registry_.stopping();
  finalize_response(response, keep_alive, head_request);
  const beast::error_code write_error = co_await write_response(client, response, head_request);
  if (write_error) co_return false;
  if (!response.keep_alive()) {
    co_await close_gracefully(client);
    co_return false;
  }
  co_return true;
}

// Waits for the first byte of the next request: a new connection must send it within the
// header timeout, a kept-alive one within the idle timeout. False when the connection should
// end instead: shutdown, timeout, or the client went away.
asio::awaitable<bool> Server::Impl::await_next_request(Connection& connection) {
  if (connection.buffer.size() > 0) co_return true;  // a pipelined request is already here
  if (registry_.stopping()) co_return false;
  connection.waiting_for_request = true;
  connection.stream.expires_after(connection.served_a_request ? config_.idle_timeout
                                                              : config_.header_timeout);
  auto [ec, bytes] = co_await connection.stream.async_read_some(
      connection.buffer.prepare(kReadChunk), use_awaitable_tuple);
  connection.waiting_for_request = false;
  connection.buffer.commit(bytes);
  co_return !ec;
}

// Reads one request header against a single deadline, so a client trickling bytes cannot
// hold the connection longer than the header timeout. The body is the handler's to read.
asio::awaitable<beast::error_code> Server::Impl::read_header(Connection& connection,
                                                             RequestParser& parser) {
  parser.header_limit(static_cast<std::uint32_t>(config_.header_limit));
  // Unlimited until the handler has seen the header: Beast would otherwise hold a declared
  // Content-Length against its own 1 MB default while parsing the header.
  parser.body_limit(boost::none);
  connection.stream.expires_after(config_.header_timeout);
  auto [ec, bytes] = co_await bhttp::async_read_header(connection.stream, connection.buffer, parser,
                                                       use_awaitable_tuple);
  co_return ec;
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
                                                                Response& response,
                                                                bool head_request) {
  if (!response.file.empty()) co_return co_await write_file(connection, response, head_request);
  bhttp::serializer<false, bhttp::string_body> serializer{response};
  co_return co_await write_pieces(connection, serializer);
}

template <class Serializer>
asio::awaitable<beast::error_code> Server::Impl::write_pieces(Connection& connection,
                                                              Serializer& serializer) {
  while (!serializer.is_done()) {
    connection.stream.expires_after(config_.read_timeout);
    auto [ec, bytes] =
        co_await bhttp::async_write_some(connection.stream, serializer, use_awaitable_tuple);
    if (ec) co_return ec;
  }
  co_return beast::error_code{};
}

// A stored file, read from disk as the client takes it: memory holds one serializer buffer,
// whatever the file's size. A file that cannot be opened ends the connection without an
// answer (the handler checked it existed; its status line is not yet sent either way).
asio::awaitable<beast::error_code> Server::Impl::write_file(Connection& connection,
                                                            Response& response, bool head_request) {
  // The header is copied, not moved: the caller reads keep_alive() from it afterwards.
  bhttp::response<bhttp::file_body> streamed{response.base()};
  beast::error_code ec;
  streamed.body().open(response.file.c_str(), beast::file_mode::scan, ec);
  if (ec) {
    spdlog::error("cannot open {} to send it: {}", response.file.string(), ec.message());
    co_return ec;
  }
  streamed.prepare_payload();
  if (head_request) {
    bhttp::response_serializer<bhttp::file_body> serializer{streamed};
    connection.stream.expires_after(config_.read_timeout);
    auto [write_error, bytes] =
        co_await bhttp::async_write_header(connection.stream, serializer, use_awaitable_tuple);
    co_return write_error;
  }
  bhttp::response_serializer<bhttp::file_body> serializer{streamed};
  co_return co_await write_pieces(connection, serializer);
}

// Half-closes, then discards whatever the client still sends until it closes too, or
// kLingerTime passes, or kLingerBytes came (see kLingerTime for why the response would
// otherwise be at risk; a client still sending a refused upload gets a reset instead).
asio::awaitable<void> Server::Impl::close_gracefully(Connection& connection) {
  beast::error_code ec;
  connection.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  connection.stream.expires_after(kLingerTime);
  std::array<char, kReadChunk> discard{};
  std::size_t discarded = 0;
  while (!ec && discarded < kLingerBytes) {
    std::size_t bytes = 0;
    std::tie(ec, bytes) =
        co_await connection.stream.async_read_some(asio::buffer(discard), use_awaitable_tuple);
    discarded += bytes;
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

std::size_t Server::connection_capacity() const {
  return impl_->connection_capacity();
}

}  // namespace trellis::http
