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
  std::chrono::seconds read_timeout{30};  // whole request, from its first byte to its last
  std::chrono::seconds idle_timeout{60};  // keep-alive wait for the next request
  std::chrono::seconds shutdown_grace{20};
  std::size_t max_connections = 10000;
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

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace trellis::http
