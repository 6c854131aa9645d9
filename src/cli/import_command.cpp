// trellis import oneroster FILE.zip|DIR: the import with a progress bar and a summary.
#include <fmt/format.h>
#include <malloc.h>
#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <fstream>
#include <iostream>
#include <limits>

#include "cli/commands.hpp"
#include "domain/roster/oneroster.hpp"

namespace trellis::cli {

namespace {

namespace roster = domain::roster;

struct ImportOptions {
  std::string path;
  bool strict = false;
  bool lenient = false;
  std::string report;
};

// A bar redrawn in place on a terminal; plain lines (one per file and every few seconds)
// when stderr is a file or a pipe.
roster::ProgressFn progress_printer() {
  const bool terminal = ::isatty(STDERR_FILENO) != 0;
  auto last_file = std::make_shared<std::string>();
  return [terminal, last_file](const roster::Progress& p) {
    const double fraction =
        p.bytes_total == 0 ? 1.0
                           : static_cast<double>(p.bytes_done) / static_cast<double>(p.bytes_total);
    const int percent = static_cast<int>(fraction * 100.0 + 0.5);
    if (terminal) {
      constexpr int kWidth = 30;
      const int filled = static_cast<int>(fraction * kWidth);
      std::cerr << fmt::format("\r[{}{}] {:3}%  {} ({}/{}): {} rows   ", std::string(filled, '#'),
                               std::string(kWidth - filled, '.'), percent, p.file, p.file_index,
                               p.file_count, p.rows)
                << std::flush;
    } else if (*last_file != p.file || p.rows % (64 * 4096) == 0) {
      std::cerr << fmt::format("import: {} ({}/{}): {} rows, {}%\n", p.file, p.file_index,
                               p.file_count, p.rows, percent);
    }
    *last_file = p.file;
  };
}

void print_summary(const roster::Result& result) {
  if (::isatty(STDERR_FILENO)) std::cerr << "\n";
  const auto& s = result.summary;
  std::cout << fmt::format("{:<18} {:>9} {:>9} {:>11} {:>9} {:>9}\n", "", "created", "updated",
                           "deactivated", "unchanged", "rejected");
  for (int e = 0; e < store::roster::kEntityCount; ++e) {
    const auto& c = s.entities[static_cast<std::size_t>(e)];
    std::cout << fmt::format("{:<18} {:>9} {:>9} {:>11} {:>9} {:>9}\n",
                             store::roster::entity_name(static_cast<store::roster::Entity>(e)),
                             c.created, c.updated, c.deactivated, c.unchanged, c.rejected);
  }
  const double rate = s.seconds > 0 ? static_cast<double>(s.rows) / s.seconds : 0;
  std::cout << fmt::format("{} rows in {:.2f} s ({:.0f} rows/s), {} errors, {} warnings\n", s.rows,
                           s.seconds, rate, s.errors, s.warnings);
  std::cout << fmt::format("write lock held {:.3f} s\n", s.write_seconds);
  constexpr std::size_t kShown = 20;
  for (std::size_t i = 0; i < result.problems.size() && i < kShown; ++i) {
    const auto& p = result.problems[i];
    std::cout << fmt::format("  {} {}:{}:{} {}{}\n", roster::severity_name(p.severity),
                             p.file.empty() ? "export" : p.file, p.line, p.column,
                             p.field.empty() ? "" : p.field + ": ", p.reason);
  }
  if (result.problems.size() > kShown) {
    std::cout << fmt::format("  ... {} more (see --report)\n", result.problems.size() - kShown);
  }
}

void write_report(const std::string& file, store::Database& db, store::Id run_id) {
  std::string json;
  db.read([&](store::Connection& conn) {
    json = boost::json::serialize(
        roster::run_view(conn, run_id, 0, std::numeric_limits<int>::max()).value());
  });
  std::ofstream out(file, std::ios::binary);
  out << json << "\n";
  if (!out) throw std::runtime_error("cannot write the report to " + file);
}

// An import allocates and frees millions of small strings. glibc's defaults give the top of
// the heap back to the system whenever it shrinks and grow it again right after: that
// (sysmalloc and its page faults) was a third of the CPU time of a 100,000-student import.
// Keeping up to 128 MB at the top costs no memory that is not used anyway.
void keep_heap_top() {
  constexpr int kKeep = 128 << 20;
  ::mallopt(M_TOP_PAD, kKeep);
  ::mallopt(M_TRIM_THRESHOLD, 2 * kKeep);
}

void import_oneroster(const GlobalOptions& global, const ImportOptions& o) {
  if (o.strict && o.lenient) throw std::runtime_error("choose --strict or --lenient, not both");
  keep_heap_top();
  const auto mode = o.lenient ? roster::Mode::lenient : roster::Mode::strict;
  auto db = open_migrated(global);
  const auto actor = domain::Actor::system();
  const auto run_id = roster::create_run(*db, o.path, mode, actor);
  auto source = roster::open_source(o.path);
  if (!source.ok()) {
    roster::fail_run(*db, run_id, source.error().message);
    if (!o.report.empty()) write_report(o.report, *db, run_id);
    throw std::runtime_error(source.error().message);
  }
  roster::ImportOptions options;
  options.mode = mode;
  options.actor = actor;
  options.progress = progress_printer();
  const auto result = roster::execute_run(*db, run_id, **source, options);
  print_summary(result);
  if (!o.report.empty()) write_report(o.report, *db, run_id);
  if (result.fatal) throw std::runtime_error(*result.fatal);
  if (!result.written) {
    throw std::runtime_error(fmt::format(
        "strict mode: {} errors, nothing was imported (--lenient imports the valid rows)",
        result.summary.errors));
  }
  std::cout << fmt::format("Import {} succeeded.\n", run_id);
}

}  // namespace

void add_import(CLI::App& app, GlobalOptions& global) {
  auto options = std::make_shared<ImportOptions>();
  auto* import = app.add_subcommand("import", "Import the roster from the district's SIS");
  import->require_subcommand(1);
  auto* oneroster =
      import->add_subcommand("oneroster", "Import a OneRoster 1.1/1.2 CSV export (zip or folder)");
  oneroster->add_option("SOURCE", options->path, "FILE.zip or DIR")->required();
  oneroster->add_flag("--strict", options->strict,
                      "Refuse the whole import on any error (the default)");
  oneroster->add_flag("--lenient", options->lenient, "Import the valid rows and report the rest");
  oneroster->add_option("--report", options->report, "Write the full report as JSON to FILE");
  oneroster->callback([&global, options] { import_oneroster(global, *options); });
}

}  // namespace trellis::cli
