#include "http/outbound.hpp"

#include <curl/curl.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <memory>
#include <mutex>

namespace trellis::http {

namespace asio = boost::asio;

namespace {

// curl_global_init is not thread-safe: the first client, made before the server's threads
// start, does it once for the process.
void initialise_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("libcurl could not be initialised");
    }
  });
}

bool is_loopback_host(std::string_view host) {
  return host == "127.0.0.1" || host == "[::1]" || host == "localhost";
}

// https always; http only to the loopback, and only when allowed (tests).
void check_url(const std::string& url, const OutboundLimits& limits) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) throw OutboundError("\"" + url + "\" is not a URL.");
  const auto scheme = parsed->scheme();
  if (scheme == "https") return;
  if (scheme == "http" && limits.allow_http_loopback && is_loopback_host(parsed->encoded_host())) {
    return;
  }
  throw OutboundError("\"" + url + "\" is not an https URL.");
}

struct Received {
  std::string body;
  std::size_t limit = 0;
  bool over_limit = false;
};

std::size_t on_data(char* data, std::size_t size, std::size_t count, void* user) {
  auto& received = *static_cast<Received*>(user);
  const auto bytes = size * count;
  if (received.body.size() + bytes > received.limit) {
    received.over_limit = true;
    return 0;  // libcurl ends the transfer with CURLE_WRITE_ERROR
  }
  received.body.append(data, bytes);
  return bytes;
}

struct EasyDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};

std::string percent_encoded(std::string_view text) {
  return boost::urls::encode(text, boost::urls::unreserved_chars);
}

}  // namespace

std::string form_encode(const FormFields& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += percent_encoded(name) + "=" + percent_encoded(value);
  }
  return out;
}

OutboundHttp::OutboundHttp(OutboundLimits limits, std::size_t threads)
    : limits_(limits), pool_(threads) {
  initialise_curl_once();
}

OutboundHttp::~OutboundHttp() {
  stop();
}

void OutboundHttp::stop() {
  pool_.join();
}

asio::awaitable<OutboundResponse> OutboundHttp::get(std::string url) {
  Call call{std::move(url), std::nullopt, std::nullopt};
  co_return co_await run(std::move(call));
}

asio::awaitable<OutboundResponse> OutboundHttp::post_form(std::string url, FormFields fields,
                                                          std::optional<BasicAuth> auth) {
  Call call{std::move(url), form_encode(fields), std::move(auth)};
  co_return co_await run(std::move(call));
}

// co_spawn on the pool runs the blocking transfer there; its completion (or exception) is
// delivered back on the awaiting coroutine's executor.
asio::awaitable<OutboundResponse> OutboundHttp::run(Call call) {
  check_url(call.url, limits_);
  auto transfer = [this, call = std::move(call)]() -> asio::awaitable<OutboundResponse> {
    co_return perform(call);
  };
  co_return co_await asio::co_spawn(pool_.get_executor(), std::move(transfer), asio::use_awaitable);
}

OutboundResponse OutboundHttp::perform(const Call& call) const {
  std::unique_ptr<CURL, EasyDeleter> curl(curl_easy_init());
  if (!curl) throw OutboundError("Trellis could not start a request.");
  CURL* c = curl.get();
  Received received{{}, limits_.max_response_bytes, false};
  char error_text[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_URL, call.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, limits_.allow_http_loopback ? "http,https" : "https");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: we are threaded
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(limits_.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(limits_.total_timeout.count()));
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
                   static_cast<curl_off_t>(limits_.max_response_bytes));
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "Trellis/" TRELLIS_VERSION);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &received);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_text);
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(
      curl_slist_append(nullptr, "Accept: application/json"), curl_slist_free_all);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  if (call.form_body) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, call.form_body->c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(call.form_body->size()));
  }
  std::string user, password;
  if (call.auth) {
    // RFC 6749 2.3.1: the client id and secret are form-encoded before Basic encodes them.
    user = percent_encoded(call.auth->user);
    password = percent_encoded(call.auth->password);
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(c, CURLOPT_USERNAME, user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, password.c_str());
  }
  const auto code = curl_easy_perform(c);
  if (received.over_limit || code == CURLE_FILESIZE_EXCEEDED) {
    throw OutboundError("The answer from " + call.url + " is larger than " +
                        std::to_string(limits_.max_response_bytes / 1024) + " KiB.");
  }
  if (code != CURLE_OK) {
    throw OutboundError("No answer from " + call.url + ": " +
                        (error_text[0] ? error_text : curl_easy_strerror(code)) + ".");
  }
  OutboundResponse response;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  char* content_type = nullptr;
  curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &content_type);
  if (content_type) response.content_type = content_type;
  response.body = std::move(received.body);
  return response;
}

}  // namespace trellis::http
