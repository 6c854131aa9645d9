#include <spdlog/spdlog.h>

#include <iostream>

#include <unistd.h>

#include "cli/commands.hpp"
#include "domain/auth/secrets.hpp"
#include "util/batched_log_sink.hpp"

namespace {

// One logger whose lines are written to stderr in batches: every 100 ms, and at once for a
// warning or an error, so that a request thread never writes to the terminal or wakes another
// thread for its line.
void set_up_logging() {
  auto sink = std::make_shared<trellis::util::BatchedLogSink>(STDERR_FILENO);
  auto logger = std::make_shared<spdlog::logger>("trellis", std::move(sink));
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
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
