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
#include "domain/roster/import_worker.hpp"
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
  std::unique_ptr<domain::roster::ImportWorker> imports;
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
    imports = std::make_unique<domain::roster::ImportWorker>(*db);
    app = std::make_unique<http::App>(http::App{*db, {}, {}, *imports});
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
    imports->stop();
    imports.reset();
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

using Parser = http::bhttp::request_parser<http::bhttp::buffer_body>;
constexpr std::size_t kBodyChunk = 64 * 1024;  // Server's read buffer for bodies

// The rest of the input as the connection would deliver it, read only when the handler asks
// (Server's ConnectionBody without the socket): the declared length and chunked bodies are
// held to the handler's limit, and the body goes to the sink one buffer at a time.
class InputBody final : public http::RequestBody {
 public:
  InputBody(Parser& parser, boost::asio::const_buffer rest) : parser_(parser), rest_(rest) {}

  boost::asio::awaitable<void> stream(const std::function<void(std::string_view)>& sink,
                                      std::uint64_t limit) override {
    FUZZ_CHECK(!started_);  // the dispatcher reads a body once
    started_ = true;
    if (parser_.is_done()) co_return;
    const auto declared = parser_.content_length();
    if (declared && *declared > limit) {
      throw http::BodyError(413, "payload_too_large", "The body is larger than this route takes.");
    }
    parser_.body_limit(limit);
    std::vector<char> chunk(kBodyChunk);
    while (!parser_.is_done()) {
      auto& body = parser_.get().body();
      body.data = chunk.data();
      body.size = chunk.size();
      http::beast::error_code ec;
      const auto used = parser_.put(rest_, ec);
      rest_ += used;
      if (ec == http::bhttp::error::need_buffer) ec = {};
      if (ec == http::bhttp::error::body_limit) {
        throw http::BodyError(413, "payload_too_large",
                              "The body is larger than this route takes.");
      }
      if (ec && ec != http::bhttp::error::need_more) {
        throw http::BodyError(400, "malformed_request", ec.message());
      }
      const std::size_t filled = chunk.size() - parser_.get().body().size;
      if (filled > 0) sink(std::string_view(chunk.data(), filled));
      if (ec == http::bhttp::error::need_more || (used == 0 && filled == 0)) {
        throw http::BodyError(0, "connection_lost", "The input ended before the body did.");
      }
    }
  }

 private:
  Parser& parser_;
  boost::asio::const_buffer rest_;
  bool started_ = false;
};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  harness();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto& h = harness();
  // The header alone first, as Server::read_header does: no body limit yet, so a declared
  // Content-Length is the handler's to judge, and nothing of the body is read.
  Parser parser;
  parser.header_limit(kHeaderLimit);
  parser.body_limit(boost::none);
  parser.eager(false);
  boost::asio::const_buffer rest(data, size);
  http::beast::error_code ec;
  while (rest.size() > 0 && !parser.is_header_done()) {
    const auto used = parser.put(rest, ec);
    rest += used;
    if (ec == http::bhttp::error::need_more) ec = {};
    if (ec || used == 0) break;
  }
  if (ec || !parser.is_header_done()) {
    check_response(h.dispatcher->transport_error(11, http::bhttp::status::bad_request,
                                                 "malformed_request", ec.message()));
    return 0;
  }
  http::Request request(http::bhttp::request_header<>(parser.get().base()));
  InputBody body(parser, rest);
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
  boost::asio::co_spawn(io, h.dispatcher->handle(std::move(request), body, peer),
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
