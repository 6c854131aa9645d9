// The HTTP/1.1 transport: accepts connections, reads requests within limits and timeouts,
// hands them to a RequestHandler and writes the responses back. Knows nothing of routes.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "http/types.hpp"

namespace trellis::http {

struct ServerConfig {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  int threads = 0;  // 0 = one per hardware thread
  std::size_t header_limit = 16 * 1024;
  // A new connection must deliver a whole request header within this, and so must every
  // request from its first byte: idle and trickling connections cannot pile up.
  std::chrono::seconds header_timeout{10};
  // Each piece of a body read or a response written (a slow but steady client may take
  // longer in all; a stalled one is dropped).
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds idle_timeout{60};  // keep-alive wait for the next request
  std::chrono::seconds shutdown_grace{20};
  // Beyond this many open connections new ones are answered 503 and closed. Lowered at start
  // to what the open-files limit (raised to its hard limit) leaves room for.
  std::size_t max_connections = 10000;
  // Per client address (many staff share one school's address behind NAT: a browser keeps up
  // to 6 connections, so 256 serves ~40 busy staff at once, and one address still cannot take
  // the server's connections from everyone else).
  std::size_t max_connections_per_address = 256;
  // Requests of one address being handled at once; more are answered 503 with Retry-After.
  std::size_t max_requests_per_address = 64;
};

class Server {
 public:
  // `handler` must outlive the Server.
  Server(ServerConfig config, RequestHandler& handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; returns the port actually bound (port 0 picks a free one). Throws
  // std::runtime_error naming the address when that fails. Calling it again returns the port.
  unsigned short bind();
  // Serves on `threads` threads until a graceful shutdown completes (SIGINT/SIGTERM or
  // request_stop()); binds first if bind() was not called. Call once.
  void run();
  // Starts a graceful shutdown; thread-safe, callable before or during run().
  void request_stop();
  std::size_t open_connections() const;
  // The connection cap in force (max_connections, lowered to fit the open-files limit).
  std::size_t connection_capacity() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace trellis::http
