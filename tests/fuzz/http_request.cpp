// Raw bytes as a client sends them: through Beast's request parser with the transport's
// limits, then the dispatcher (router, authentication, media types, handlers and the JSON
// error mapping) on a demo district in a throwaway SQLite database. No socket: the harness
// does what Server does with a parsed request, one request per input.
//
// "Authorization: Bearer district-admin" in an input is replaced by a real API token of the
// demo's district administrator, so seeds can reach the handlers behind sign-in; everything
// else the fuzzer writes meets the server as an anonymous client would.
//
// Properties: handle() never throws; every answer is a valid HTTP status; a JSON answer is
// JSON (a NaN or an infinity would not be).
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <filesystem>

#include "api/routes.hpp"
#include "domain/auth/secrets.hpp"
#include "domain/auth/sign_in.hpp"
#include "domain/demo/demo_district.hpp"
#include "fuzz_target.hpp"
#include "http/dispatcher.hpp"
#include "store/users_repo.hpp"

namespace {

using namespace trellis;
namespace fs = std::filesystem;

constexpr std::size_t kHeaderLimit = 16 * 1024;  // ServerConfig::header_limit's default
constexpr std::string_view kTokenPlaceholder = "Bearer district-admin";

struct Harness {
  fs::path dir;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<http::App> app;
  http::MetricsRegistry metrics;
  http::Router router;
  std::unique_ptr<http::Dispatcher> dispatcher;
  std::string admin_token;

  Harness() {
    // Thousands of requests a second would otherwise each print an access-log line; the
    // lines are still formatted, into a sink that drops them.
    spdlog::set_default_logger(
        std::make_shared<spdlog::logger>("fuzz", std::make_shared<spdlog::sinks::null_sink_mt>()));
    std::string pattern = (fs::temp_directory_path() / "trellis-fuzz-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    dir = pattern;
    db = store::open_database("sqlite:" + (dir / "fuzz.db").string());
    db->migrate();
    domain::demo::seed(*db, domain::secrets::hash_password("trellis-demo"));
    app = std::make_unique<http::App>(http::App{*db, {}, {}});
    app->config.data_dir = dir;
    api::register_routes(router, metrics);
    dispatcher = std::make_unique<http::Dispatcher>(*app, router, metrics);
    db->write([this](store::Connection& conn) {
      const auto user = store::users::find_by_email(conn, "district.admin@demo.trellis.test");
      const auto principal = domain::auth::load_principal(conn, user->id);
      admin_token = domain::auth::create_api_token(conn, *principal, "fuzz", "127.0.0.1")->secret;
    });
  }
  ~Harness() {
    dispatcher.reset();
    db.reset();
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
};

Harness& harness() {
  static Harness h;
  return h;
}

void check_response(const http::Response& response) {
  FUZZ_CHECK(response.result_int() >= 100 && response.result_int() <= 599);
  if (response[http::bhttp::field::content_type].starts_with("application/json")) {
    boost::system::error_code ec;
    boost::json::parse(response.body(), ec);
    if (ec)
      std::fprintf(stderr, "not JSON (%s): %s\n", ec.message().c_str(), response.body().c_str());
    FUZZ_CHECK(!ec);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  harness();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto& h = harness();
  http::bhttp::request_parser<http::bhttp::string_body> parser;
  // Not eager until the header is in: the server reads the header alone (async_read_header),
  // sets the route's body limit, and only then reads the body, where string_body reserves the
  // declared Content-Length. Parsing on eagerly would reserve whatever a header declares.
  parser.eager(false);
  parser.header_limit(kHeaderLimit);
  parser.body_limit(boost::none);
  boost::asio::const_buffer rest(data, size);
  http::beast::error_code ec;
  bool limited = false;
  while (rest.size() > 0 && !parser.is_done()) {
    const auto used = parser.put(rest, ec);
    rest += used;
    if (ec == http::bhttp::error::need_more) ec = {};
    if (ec) break;
    if (parser.is_header_done() && !limited) {
      limited = true;
      const auto limit = h.dispatcher->body_limit(parser.get());
      const auto declared = parser.content_length();
      if (declared && *declared > limit) return 0;  // 413 before the body is read
      parser.body_limit(limit);
      parser.eager(true);
    } else if (used == 0) {
      break;  // the input ends inside a token
    }
  }
  if (ec || !parser.is_done()) {
    const unsigned version = parser.is_header_done() ? parser.get().version() : 11;
    check_response(h.dispatcher->transport_error(version, http::bhttp::status::bad_request,
                                                 "malformed_request", ec.message()));
    return 0;
  }
  auto request = parser.release();
  if (request[http::bhttp::field::authorization] == kTokenPlaceholder) {
    request.set(http::bhttp::field::authorization, "Bearer " + h.admin_token);
  }

  boost::asio::io_context io;
  // Writes complete on the database's thread and post back: keep run() waiting for them.
  auto busy = boost::asio::make_work_guard(io);
  std::exception_ptr thrown;
  std::optional<http::Response> response;
  // handle() keeps a reference to the peer across its suspensions, as Server's connection does.
  const http::ConnectionInfo peer{"127.0.0.1", false};
  boost::asio::co_spawn(io, h.dispatcher->handle(std::move(request), peer),
                        [&](std::exception_ptr e, http::Response r) {
                          thrown = e;
                          response = std::move(r);
                          busy.reset();
                        });
  io.run();
  FUZZ_CHECK(!thrown);
  FUZZ_CHECK(response.has_value());
  check_response(*response);
  // For whoever writes seeds: which answer each input got.
  static const bool verbose = std::getenv("TRELLIS_FUZZ_VERBOSE") != nullptr;
  if (verbose)
    std::fprintf(stderr, "%u %.*s\n", response->result_int(), 200, response->body().c_str());
  return 0;
}
