// Requests Trellis makes to other servers (an OpenID provider's discovery document, keys and
// token endpoint). libcurl does the protocol and TLS; each request runs on this client's own
// threads, never on the server's I/O threads, and has a connect timeout, a total timeout and a
// size limit, so a slow or hostile provider costs a worker thread for seconds at most.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace trellis::http {

struct OutboundLimits {
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds total_timeout{10'000};
  std::size_t max_response_bytes = 1024 * 1024;
  // http:// to 127.0.0.1 / ::1 / localhost as well as https:// (tests with a local provider).
  bool allow_http_loopback = false;
};

struct OutboundResponse {
  long status = 0;
  std::string content_type;
  std::string body;
};

// The request did not get an answer: refused URL, DNS, connection, TLS, timeout, or an answer
// over the size limit. what() is a sentence for an administrator.
class OutboundError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using FormFields = std::vector<std::pair<std::string, std::string>>;

struct BasicAuth {
  std::string user;
  std::string password;
};

class OutboundHttp {
 public:
  explicit OutboundHttp(OutboundLimits limits, std::size_t threads = 2);
  ~OutboundHttp();
  OutboundHttp(const OutboundHttp&) = delete;
  OutboundHttp& operator=(const OutboundHttp&) = delete;

  // Each resumes the awaiting coroutine on its own executor once the answer is in (any HTTP
  // status counts as an answer); throws OutboundError otherwise. Redirects are not followed.
  boost::asio::awaitable<OutboundResponse> get(std::string url);
  boost::asio::awaitable<OutboundResponse> post_form(std::string url, FormFields fields,
                                                     std::optional<BasicAuth> auth);

  // Waits for the requests under way (each ends within its total timeout).
  void stop();

 private:
  struct Call {
    std::string url;
    std::optional<std::string> form_body;
    std::optional<BasicAuth> auth;
  };
  boost::asio::awaitable<OutboundResponse> run(Call call);
  OutboundResponse perform(const Call& call) const;

  OutboundLimits limits_;
  boost::asio::thread_pool pool_;
};

// application/x-www-form-urlencoded, as a token endpoint expects (RFC 6749 appendix B).
std::string form_encode(const FormFields& fields);

}  // namespace trellis::http
