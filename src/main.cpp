#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "cli/commands.hpp"
#include "domain/auth/secrets.hpp"

namespace {

// One asynchronous logger: request threads hand lines to a background thread instead of
// writing to the terminal themselves.
void set_up_logging() {
  spdlog::init_thread_pool(65536, 1);
  auto logger = spdlog::create_async<spdlog::sinks::stderr_sink_mt>("trellis");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  spdlog::set_default_logger(logger);
  spdlog::flush_every(std::chrono::seconds(1));
}

}  // namespace

int main(int argc, char** argv) {
  trellis::domain::secrets::initialise();
  set_up_logging();

  CLI::App app{"Trellis: student support and case management for K-12 districts"};
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the subcommand: trellis serve --db ...
  trellis::cli::GlobalOptions options;
  app.add_option("--db", options.db_url,
                 "Database: sqlite:PATH (default sqlite:DATA_DIR/trellis.db) or postgresql://...")
      ->envname("TRELLIS_DB");
  app.add_option("--data-dir", options.data_dir, "Folder for the SQLite database and files")
      ->envname("TRELLIS_DATA_DIR");
  trellis::cli::add_serve(app, options);
  trellis::cli::add_migrate(app, options);
  trellis::cli::add_user(app, options);
  trellis::cli::add_demo(app, options);
  trellis::cli::add_backup(app, options);
  trellis::cli::add_password_sign_in(app, options);
  trellis::cli::add_send_digests(app, options);
  trellis::cli::add_import(app, options);
  trellis::cli::add_policy(app);

  int status = 0;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    status = app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "trellis: " << e.what() << "\n";
    status = 1;
  }
  spdlog::shutdown();
  return status;
}
