// The import: read and compared with the roster before the write transaction, which applies
// the changes alone; and the import runs that record it.
#include <boost/json/parse.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>

#include "domain/audit/audit.hpp"
#include "domain/notifications/notifications.hpp"
#include "domain/roster/oneroster.hpp"
#include "domain/transaction.hpp"
#include "domain/views.hpp"
#include "util/time.hpp"

namespace trellis::domain::roster {

namespace {

bool refused(const Result& result, Mode mode) {
  return result.fatal || (mode == Mode::strict && result.summary.errors > 0);
}

// Progress of the runs this process is running: the import's one transaction is not visible
// to others until it commits, so progress is kept in memory until then.
class RunningImports {
 public:
  void set(store::Id id, const Progress& p) {
    std::lock_guard lock(mutex_);
    progress_[id] = p;
  }
  void erase(store::Id id) {
    std::lock_guard lock(mutex_);
    progress_.erase(id);
  }
  std::optional<Progress> get(store::Id id) {
    std::lock_guard lock(mutex_);
    const auto found = progress_.find(id);
    if (found == progress_.end()) return std::nullopt;
    return found->second;
  }

 private:
  std::mutex mutex_;
  std::map<store::Id, Progress> progress_;
};

RunningImports& running_imports() {
  static RunningImports imports;
  return imports;
}

}  // namespace

namespace {

// The work failed on purpose: strict mode found errors, or the export was unreadable.
class Refused : public std::exception {
 public:
  const char* what() const noexcept override { return "roster import refused"; }
};

void audit_import(store::Connection& conn, const ImportOptions& options, const Summary& summary) {
  audit::record(conn, options.actor,
                {"roster.import", "import_run", options.run_id, std::nullopt, std::nullopt,
                 boost::json::parse(summary_json(summary))});
}

// Reads, validates and compares the export with the roster on a read connection: nothing
// waits for it. Then the write transaction applies the changes it found, and only them.
// Nothing when the plan grew too large (store::roster::PlanTooLarge).
std::optional<Result> import_planned(store::Database& db, Source& source,
                                     const ImportOptions& options) {
  for (int attempt = 1;; ++attempt) {
    const auto now = util::now_micros();
    auto index = std::make_unique<store::roster::RosterIndex>();
    std::vector<store::roster::Step> steps;
    Result result;
    try {
      db.read([&](store::Connection& conn) {
        index->load(conn);
        store::roster::DatabaseWriter planner(conn, now, *index,
                                              store::roster::DatabaseWriter::Mode::plan,
                                              options.max_planned_changes);
        result = read_oneroster(source, planner, options.progress);
        steps = planner.take_steps();
      });
    } catch (const store::roster::PlanTooLarge&) {
      return std::nullopt;
    }
    if (refused(result, options.mode)) return result;
    if (options.cancel && *options.cancel) throw ImportCancelled();
    result.written = true;
    if (steps.empty()) return result;  // a re-import of the same files: no write, no audit
    try {
      const auto started = std::chrono::steady_clock::now();
      db.write_alone([&](store::Connection& conn) {
        store::roster::apply(conn, now, *index, steps);
        audit_import(conn, options, result.summary);
      });
      result.summary.write_seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      return result;
    } catch (const store::ConstraintViolation&) {
      // The roster changed between the plan and the write (another server's import, an account
      // made by hand with the same e-mail): plan again, once, against what is there now.
      if (attempt == 2) throw;
    }
  }
}

// The import read inside the write transaction, every row written as it comes: for imports
// that change nearly every row, where a plan would only double the work and the memory.
Result import_in_one_pass(store::Database& db, Source& source, const ImportOptions& options) {
  Result result;
  const auto started = std::chrono::steady_clock::now();
  try {
    db.write_alone([&](store::Connection& conn) {
      // PostgreSQL may run the work again after a serialization failure: start afresh.
      store::roster::RosterIndex index;
      index.load(conn);
      store::roster::DatabaseWriter writer(conn, util::now_micros(), index,
                                           store::roster::DatabaseWriter::Mode::apply);
      result = read_oneroster(source, writer, options.progress);
      if (refused(result, options.mode)) throw Refused();
      audit_import(conn, options, result.summary);
    });
    result.written = true;
  } catch (const Refused&) {
    result.written = false;
  }
  result.summary.write_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace

Result import_oneroster(store::Database& db, Source& source, const ImportOptions& options) {
  if (auto planned = import_planned(db, source, options)) return std::move(*planned);
  return import_in_one_pass(db, source, options);
}

store::Id create_run(store::Database& db, const std::string& source_name, Mode mode,
                     const Actor& actor) {
  store::Id id = 0;
  db.write([&](store::Connection& conn) {
    store::roster::ImportRun run;
    run.kind = "oneroster";
    run.source = source_name;
    run.mode = mode_name(mode);
    run.status = "queued";
    run.requested_by = actor.user_id;
    run.created_at = util::now_micros();
    id = store::roster::import_runs::create(conn, run);
  });
  return id;
}

namespace {

// The administrator who started the import hears how it ended, with the run finished.
void tell_who_asked(store::Connection& conn, const store::roster::ImportRun& run) {
  const auto stored = store::roster::import_runs::find(conn, run.id);
  if (!stored || !stored->requested_by) return;  // the command line: nobody to tell
  const auto id = std::to_string(run.id);
  notifications::notify(
      conn, Actor::system(), {*stored->requested_by},
      {run.status == "succeeded" ? notifications::Kind::import_finished
                                 : notifications::Kind::import_failed,
       "Roster import " + id, "/admin/imports/" + id, "import_run", run.id, std::nullopt});
}

void finish_run(store::Database& db, store::roster::ImportRun run,
                const std::vector<Problem>& problems) {
  std::vector<store::roster::ImportProblemRow> rows;
  rows.reserve(problems.size());
  for (const auto& p : problems) {
    rows.push_back({severity_name(p.severity), p.file, static_cast<std::int64_t>(p.line),
                    static_cast<std::int64_t>(p.column), p.field, p.reason});
  }
  run.finished_at = util::now_micros();
  db.write([&](store::Connection& conn) {
    store::roster::import_runs::finish(conn, run, rows);
    tell_who_asked(conn, run);
  });
}

}  // namespace

Result execute_run(store::Database& db, store::Id run_id, Source& source,
                   const ImportOptions& options) {
  const auto started = util::now_micros();
  db.write([&](store::Connection& conn) {
    store::roster::import_runs::mark_running(conn, run_id, started);
  });
  auto with_run = options;
  with_run.run_id = run_id;
  with_run.progress = [&options, run_id](const Progress& p) {
    // The importer reports progress every 4,096 rows: the checkpoint where a shutdown stops it.
    if (options.cancel && *options.cancel) throw ImportCancelled();
    running_imports().set(run_id, p);
    if (options.progress) options.progress(p);
  };
  Result result;
  try {
    result = import_oneroster(db, source, with_run);
  } catch (const std::exception& e) {
    // A zip that breaks halfway, a database that went away: the run says so.
    result = Result{};
    result.fatal = e.what();
    result.problems.push_back({Severity::error, "", 0, 0, "", e.what()});
    result.summary.errors = 1;
  }
  running_imports().erase(run_id);
  store::roster::ImportRun run;
  run.id = run_id;
  run.started_at = started;
  run.status = result.written ? "succeeded" : "failed";
  run.summary_json = summary_json(result.summary);
  if (result.fatal) {
    run.error = *result.fatal;
  } else if (!result.written) {
    run.error = "strict mode: the export has errors, nothing was imported";
  }
  run.errors = static_cast<std::int64_t>(result.summary.errors);
  run.warnings = static_cast<std::int64_t>(result.summary.warnings);
  finish_run(db, run, result.problems);
  return result;
}

void fail_run(store::Database& db, store::Id run_id, const std::string& message) {
  store::roster::ImportRun run;
  run.id = run_id;
  run.status = "failed";
  run.error = message;
  run.errors = 1;
  run.started_at = util::now_micros();
  finish_run(db, run, {{Severity::error, "", 0, 0, "", message}});
}

std::size_t fail_interrupted_runs(store::Database& db, std::int64_t created_before) {
  std::vector<store::Id> ids;
  db.read([&](store::Connection& conn) {
    ids = store::roster::import_runs::unfinished(conn, created_before);
  });
  for (const auto id : ids) fail_run(db, id, std::string(kInterrupted));
  return ids.size();
}

std::optional<boost::json::object> run_view(store::Connection& conn, store::Id run_id,
                                            store::Id after_id, int limit) {
  const auto run = store::roster::import_runs::find(conn, run_id);
  if (!run) return std::nullopt;
  boost::json::object progress;
  if (const auto p = running_imports().get(run_id); p && run->status == "running") {
    progress = {
        {"file", p->file},      {"files_done", p->file_index - 1}, {"files_total", p->file_count},
        {"rows_done", p->rows}, {"bytes_done", p->bytes_done},     {"bytes_total", p->bytes_total}};
  }
  boost::json::array problems;
  const auto rows = store::roster::import_runs::problems(conn, run_id, after_id, limit);
  for (const auto& [id, p] : rows) {
    problems.push_back({{"id", id},
                        {"severity", p.severity},
                        {"file", p.file},
                        {"line", p.line},
                        {"column", p.column},
                        {"field", p.field},
                        {"reason", p.reason}});
  }
  const auto next = static_cast<int>(rows.size()) == limit && !rows.empty()
                        ? boost::json::value(std::to_string(rows.back().first))
                        : boost::json::value(nullptr);
  return boost::json::object{{"id", run->id},
                             {"kind", run->kind},
                             {"source", run->source},
                             {"mode", run->mode},
                             {"status", run->status},
                             {"requested_by", views::or_null(run->requested_by)},
                             {"created_at", util::format_rfc3339(run->created_at)},
                             {"started_at", views::time_or_null(run->started_at)},
                             {"finished_at", views::time_or_null(run->finished_at)},
                             {"progress", std::move(progress)},
                             {"summary", run->summary_json ? boost::json::parse(*run->summary_json)
                                                           : boost::json::value(nullptr)},
                             {"error", views::or_null(run->error)},
                             {"errors", run->errors},
                             {"warnings", run->warnings},
                             {"problems", {{"items", std::move(problems)}, {"next_cursor", next}}}};
}

}  // namespace trellis::domain::roster
