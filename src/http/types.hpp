// Types shared by the HTTP transport (server.cpp), the dispatcher and the API handlers.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace trellis::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace asio = boost::asio;

using Request = bhttp::request<bhttp::string_body>;

// What handlers answer: Beast's string-bodied response or, when `file` is set, that response's
// header with the file's content as its body, which the transport streams from disk in pieces
// (Beast's file_body), so that a download is never held whole in memory.
struct Response : bhttp::response<bhttp::string_body> {
  using Message = bhttp::response<bhttp::string_body>;
  using Message::Message;
  Response() = default;
  Response(Message&& message) : Message(std::move(message)) {}  // NOLINT: a widening
  std::filesystem::path file;
};

// What the transport knows about the peer of one request.
struct ConnectionInfo {
  std::string client_address;  // remote IP, without the port
  bool tls = false;            // true when terminated by us (never, today) or trusted proxy header
};

// Why a request body could not be read: `status` is what to answer (413, 400), or 0 when the
// connection is lost (timeout, reset) and nothing can be answered.
class BodyError : public std::runtime_error {
 public:
  BodyError(unsigned status, std::string code, const std::string& message)
      : std::runtime_error(message), status(status), code(std::move(code)) {}
  unsigned status;
  std::string code;
};

// The body of one request, read from the connection only when the handler asks for it: a
// request refused from its header (401, 403, 404, 413) is answered without reading a byte
// of it, and the transport then closes the connection. The first call sends the interim
// `100 Continue` to a client that asked for one.
class RequestBody {
 public:
  virtual ~RequestBody() = default;
  // Hands the body to `sink` in pieces of at most one fixed read buffer; throws BodyError
  // when it is longer than `limit` (a declared Content-Length is refused before reading),
  // malformed or cut off, and whatever `sink` throws.
  virtual asio::awaitable<void> stream(const std::function<void(std::string_view)>& sink,
                                       std::uint64_t limit) = 0;
  // The whole body in memory, for small ones (JSON).
  asio::awaitable<std::string> read(std::size_t limit) {
    std::string body;
    // A named local: GCC 12 mishandles non-trivial temporaries inside co_await expressions.
    const std::function<void(std::string_view)> append = [&body](std::string_view piece) {
      body.append(piece);
    };
    co_await stream(append, limit);
    co_return body;
  }
};

// Decides everything about a request once the transport has read its header. The transport
// owns sockets, limits and timeouts; the dispatcher owns routing, authentication, which
// bodies are read (and how far) and metrics.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  // Produces the response to `request` (its header; the body is left in `body`). Never
  // throws: failures become JSON error responses.
  virtual asio::awaitable<Response> handle(Request request, RequestBody& body,
                                           const ConnectionInfo& peer) = 0;
  // Builds the JSON error response the API uses everywhere (also used by the transport for
  // 400 malformed requests, 431 and 503 cases it detects itself).
  virtual Response transport_error(unsigned version, bhttp::status status, std::string code,
                                   std::string message) const = 0;
};

}  // namespace trellis::http
