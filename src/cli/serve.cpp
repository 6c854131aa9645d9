#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

#include "api/provider_directory.hpp"
#include "api/routes.hpp"
#include "cli/commands.hpp"
#include "domain/notifications/digest.hpp"
#include "domain/notifications/mail_delivery.hpp"
#include "domain/notifications/notifications.hpp"
#include "domain/roster/import_worker.hpp"
#include "domain/roster/oneroster.hpp"
#include "http/dispatcher.hpp"
#include "http/outbound.hpp"
#include "http/server.hpp"
#include "http/smtp.hpp"
#include "http/spooled_body.hpp"
#include "util/time.hpp"

namespace trellis::cli {

namespace {

// The lived-in demo's size: three schools of a few hundred students each.
constexpr std::int64_t kDemoStudents = 1000;

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  int threads = 0;
  bool demo = false;         // the demo district with a year of history
  bool demo_roster = false;  // the demo district's roster alone
  bool oidc_allow_http_loopback = false;
  std::string public_url;
  // E-mail for notifications: none without --smtp-url.
  std::string smtp_url;
  std::string smtp_user;
  std::string smtp_password_file;
  MailFrom mail_from;
  int mail_retry_seconds = 30;
  bool secure_cookies = false;
  bool trust_proxy = false;
  std::size_t max_upload_mb = 10;
  http::ServerConfig limits;  // the connection caps and the header timeout
  std::string web_dir;        // empty: the UI built into the binary
  std::string time_zone = "America/Chicago";
};

std::pair<std::string, unsigned short> split_listen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("--listen takes HOST:PORT");
  const int port = std::stoi(listen.substr(colon + 1));
  if (port < 0 || port > 65535) throw std::runtime_error("--listen port must be 0..65535");
  return {listen.substr(0, colon), static_cast<unsigned short>(port)};
}

http::StaticSite load_web_ui(const ServeOptions& options) {
  auto site = options.web_dir.empty()
                  ? http::StaticSite::embedded(options.time_zone)
                  : http::StaticSite::from_directory(options.web_dir, options.time_zone);
  if (!site.has_ui()) {
    spdlog::warn(
        "this binary has no web UI built in (web/dist was missing when it was "
        "built): serving the API only; run make, or pass --web-dir");
  }
  return site;
}

// The SMTP password: from --smtp-password-file, else TRELLIS_SMTP_PASSWORD; never an argument,
// which other users of the machine can read in the process list.
std::string smtp_password(const ServeOptions& options) {
  if (!options.smtp_password_file.empty()) {
    std::ifstream in(options.smtp_password_file);
    if (!in) throw std::runtime_error("cannot read --smtp-password-file");
    std::string password;
    std::getline(in, password);
    return password;
  }
  const char* from_environment = std::getenv("TRELLIS_SMTP_PASSWORD");
  return from_environment ? from_environment : "";
}

// E-mail for notifications when --smtp-url is given: the delivery worker, started. Without
// it notifications stay in the app, and the server says so once.
std::unique_ptr<domain::notifications::MailDelivery> start_mail_delivery(
    store::Database& db, const ServeOptions& options) {
  namespace notifications = domain::notifications;
  if (options.smtp_url.empty()) {
    notifications::configure_mail(std::nullopt);
    spdlog::info("no SMTP server configured (--smtp-url): notifications stay in the app");
    return nullptr;
  }
  configure_mail(options.mail_from, options.public_url, "--smtp-url");
  http::SmtpSettings smtp{options.smtp_url, options.smtp_user, smtp_password(options),
                          options.mail_from.address};
  notifications::MailDelivery::Options delivery;
  delivery.first_retry = std::chrono::seconds(options.mail_retry_seconds);
  auto worker = std::make_unique<notifications::MailDelivery>(
      db,
      [smtp](const std::string& recipient, const std::string& message) {
        http::send_mail(smtp, recipient, message);
      },
      delivery);
  worker->start();
  spdlog::info("notifications are e-mailed through {}", options.smtp_url);
  return worker;
}

// What a server that stopped mid-request left behind: received bodies in DATA_DIR/tmp and
// import runs still queued or running. Servers sharing a PostgreSQL database or a data
// directory may be busy with theirs, so there only what is an hour old counts as left (an
// import takes about a minute); an embedded SQLite database has no other server.
void recover_from_a_stop(store::Database& db, const std::filesystem::path& data_dir) {
  constexpr auto kAbandoned = std::chrono::hours(1);
  const auto removed = http::SpooledBody::remove_abandoned(data_dir / "tmp", kAbandoned);
  const bool alone = db.dialect() == store::Dialect::sqlite;
  const auto before =
      util::now_micros() -
      (alone ? 0 : std::chrono::duration_cast<std::chrono::microseconds>(kAbandoned).count());
  const auto failed = domain::roster::fail_interrupted_runs(db, before);
  if (removed + failed > 0) {
    spdlog::warn("after a stop: removed {} abandoned upload(s), failed {} interrupted import(s)",
                 removed, failed);
  }
}

void serve(const GlobalOptions& global, const ServeOptions& options) {
  util::set_district_time_zone(options.time_zone);
  const auto site = load_web_ui(options);
  auto db = open_migrated(global);
  if (options.demo) {
    generate_demo_and_print(*db, kDemoStudents);
  } else if (options.demo_roster) {
    seed_demo_and_print(*db);
  }

  recover_from_a_stop(*db, global.data_dir);

  domain::roster::ImportWorker imports(*db);
  http::App app{*db, {}, {}, imports};
  app.config.secure_cookies = options.secure_cookies;
  app.config.trust_proxy = options.trust_proxy;
  app.config.data_dir = global.data_dir;
  app.config.max_upload_bytes = options.max_upload_mb * 1024 * 1024;
  app.config.demo = options.demo || options.demo_roster;
  app.config.oidc_allow_http_loopback = options.oidc_allow_http_loopback;
  app.config.public_url = options.public_url;
  // Requests to identity providers run on threads of their own, stopped after the server.
  http::OutboundHttp outbound({.allow_http_loopback = options.oidc_allow_http_loopback});
  api::ProviderDirectory providers(outbound, {options.oidc_allow_http_loopback});
  app.providers = &providers;
  auto mail = start_mail_delivery(*db, options);
  domain::notifications::DigestSchedule digests(*db);

  http::MetricsRegistry metrics;
  http::Router router;
  api::register_routes(router, metrics);
  http::Dispatcher dispatcher(app, router, metrics, &site);

  http::ServerConfig config = options.limits;
  std::tie(config.host, config.port) = split_listen(options.listen);
  config.threads = options.threads;
  http::Server server(config, dispatcher);
  metrics.set_gauge("trellis_http_open_connections", "Open client connections.",
                    [&server] { return static_cast<double>(server.open_connections()); });
  const auto port = server.bind();
  // Tests and scripts read this line to learn the port (with --listen HOST:0).
  std::cout << "Trellis is listening on http://" << config.host << ":" << port << std::endl;
  server.run();
  // After the last request: a roster import still running is cancelled and waited for.
  imports.stop();
  if (mail) mail->stop();
  digests.stop();
  // The database thread finishes the writes before this one (and lets go of them) before the
  // server, whose executor their completions name, is destroyed.
  db->write([](store::Connection&) {});
  spdlog::info("stopped");
}

}  // namespace

void add_serve(CLI::App& app, GlobalOptions& global) {
  auto options = std::make_shared<ServeOptions>();
  auto* cmd = app.add_subcommand("serve", "Serve the API and the web UI");
  cmd->add_option("--listen", options->listen, "HOST:PORT to listen on (port 0: any free port)")
      ->envname("TRELLIS_LISTEN");
  cmd->add_option("--threads", options->threads, "Worker threads (default: one per core)")
      ->envname("TRELLIS_THREADS");
  auto* demo = cmd->add_flag("--demo", options->demo,
                             "Serve the demo district: 1,000 students with a school year of "
                             "case management history, made on first start; the sign-in page "
                             "lists its sign-ins");
  cmd->add_flag("--demo-roster", options->demo_roster,
                "Serve the demo district's roster alone (schools, staff and students, no "
                "history): a clean start, and what the tests start from")
      ->excludes(demo);
  cmd->add_flag("--secure-cookies", options->secure_cookies,
                "Mark cookies Secure (when users reach Trellis over HTTPS)")
      ->envname("TRELLIS_SECURE_COOKIES");
  cmd->add_flag("--trust-proxy", options->trust_proxy,
                "Take the client address from X-Forwarded-For (behind a load balancer)")
      ->envname("TRELLIS_TRUST_PROXY");
  cmd->add_option("--max-upload-mb", options->max_upload_mb,
                  "Largest student file accepted, in MB (MiB; default 10)")
      ->check(CLI::Range(1, 1024))
      ->envname("TRELLIS_MAX_UPLOAD_MB");
  // The connection caps: counts, so one range check and the default shown.
  const auto add_cap = [cmd](std::string name, std::size_t& value, std::string help,
                             std::string env) {
    cmd->add_option(std::move(name), value, std::move(help))
        ->capture_default_str()
        ->check(CLI::Range(1, 1'000'000))
        ->envname(std::move(env));
  };
  add_cap("--max-connections", options->limits.max_connections,
          "Open connections in all; beyond them new ones are answered 503 (lowered to fit the "
          "open-files limit)",
          "TRELLIS_MAX_CONNECTIONS");
  add_cap("--max-connections-per-address", options->limits.max_connections_per_address,
          "Open connections from one client address (a school's staff behind one NAT share it)",
          "TRELLIS_MAX_CONNECTIONS_PER_ADDRESS");
  add_cap("--max-requests-per-address", options->limits.max_requests_per_address,
          "Requests from one client address handled at once; more are answered 503",
          "TRELLIS_MAX_REQUESTS_PER_ADDRESS");
  auto* header_timeout = cmd->add_option_function<int>(
      "--header-timeout",
      [options](int seconds) { options->limits.header_timeout = std::chrono::seconds(seconds); },
      "Seconds a connection has to send a whole request header (default 10)");
  header_timeout->check(CLI::Range(1, 300))->envname("TRELLIS_HEADER_TIMEOUT");
  cmd->add_option("--web-dir", options->web_dir,
                  "Serve the web UI from this folder (e.g. web/dist) instead of the built-in one")
      ->check(CLI::ExistingDirectory)
      ->envname("TRELLIS_WEB_DIR");
  cmd->add_flag("--oidc-allow-http-loopback", options->oidc_allow_http_loopback,
                "Accept identity providers at http://127.0.0.1 or localhost (tests with a local "
                "provider; production issuers are https)");
  cmd->add_option("--smtp-url", options->smtp_url,
                  "E-mail notifications through this SMTP server: smtp://host:587 (STARTTLS "
                  "required) or smtps://host:465; none: notifications stay in the app")
      ->envname("TRELLIS_SMTP_URL");
  cmd->add_option("--smtp-user", options->smtp_user,
                  "SMTP user name (password: "
                  "--smtp-password-file or TRELLIS_SMTP_PASSWORD)")
      ->envname("TRELLIS_SMTP_USER");
  cmd->add_option("--smtp-password-file", options->smtp_password_file,
                  "A file whose first line is the SMTP password")
      ->envname("TRELLIS_SMTP_PASSWORD_FILE");
  add_mail_from_options(*cmd, options->mail_from);
  cmd->add_option("--mail-retry-seconds", options->mail_retry_seconds,
                  "Wait before sending a failed e-mail again, doubled each time up to an hour")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->add_option("--public-url", options->public_url,
                  "Where people reach this server, e.g. https://trellis.district.org: the "
                  "single sign-on redirect URI is made from it (default: each request's Host)")
      ->envname("TRELLIS_PUBLIC_URL");
  cmd->add_option(
         "--time-zone", options->time_zone,
         "The district's time zone (IANA name): the UI shows dates and times in it, and its "
         "date decides what is due today and what is overdue")
      ->capture_default_str()
      ->envname("TRELLIS_TIME_ZONE");
  cmd->callback([&global, options] { serve(global, *options); });
}

void add_mail_from_options(CLI::App& command, MailFrom& from) {
  command.add_option("--mail-from", from.address, "The address notification e-mail comes from")
      ->envname("TRELLIS_MAIL_FROM");
  command.add_option("--mail-from-name", from.name, "The name it comes from")
      ->capture_default_str()
      ->envname("TRELLIS_MAIL_FROM_NAME");
}

void configure_mail(const MailFrom& from, std::string public_url, const std::string& needed_by) {
  if (from.address.find('@') == std::string::npos) {
    throw std::runtime_error(needed_by + " needs --mail-from, the e-mail address mail comes from");
  }
  if (public_url.empty()) {
    throw std::runtime_error(needed_by + " needs --public-url, for the links in e-mails");
  }
  while (public_url.ends_with('/')) public_url.pop_back();
  domain::notifications::configure_mail(
      domain::notifications::MailSettings{{from.name, from.address}, std::move(public_url)});
}

}  // namespace trellis::cli
