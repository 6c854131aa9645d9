// Types shared by the HTTP transport (server.cpp), the dispatcher and the API handlers.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <string>

namespace trellis::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace asio = boost::asio;

using Request = bhttp::request<bhttp::string_body>;
using Response = bhttp::response<bhttp::string_body>;

// What the transport knows about the peer of one request.
struct ConnectionInfo {
  std::string client_address;  // remote IP, without the port
  bool tls = false;            // true when terminated by us (never, today) or trusted proxy header
};

// Decides everything about a request once the transport has read it. The transport owns
// sockets, limits and timeouts; the dispatcher owns routing, authentication and metrics.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  // Largest body accepted for this request line (decided from the header alone); bigger
  // bodies are answered 413 by the transport without reading them.
  virtual std::size_t body_limit(const bhttp::request_header<>& header) const = 0;
  // Produces the response. Never throws: failures become JSON error responses.
  virtual asio::awaitable<Response> handle(Request request, const ConnectionInfo& peer) = 0;
  // Builds the JSON error response the API uses everywhere (also used by the transport for
  // 400 malformed requests, 413 and 431/408 cases it detects itself).
  virtual Response transport_error(unsigned version, bhttp::status status, std::string code,
                                   std::string message) const = 0;
};

}  // namespace trellis::http
