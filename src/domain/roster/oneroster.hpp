// OneRoster 1.1/1.2 CSV import: reads an export (a zip or a folder), validates every file,
// row and field, and hands valid rows to a store::roster::Sink, parents before children.
// Every problem is reported with file, line, column and reason. Strict mode refuses the whole
// import on any error; lenient mode imports the valid rows (and rejects rows that reference
// a rejected row). The export is read, validated and compared with the roster before any
// write; then one write transaction applies the changes alone: it lands whole or not at all.
//
// Mapping (decided here, documented in the README):
// - orgs of type school or department become schools (classes name departments as their
//   school in real exports); district, local, state and national orgs are not schools.
// - users with role student become students (grade: the first of `grades`; school: the first
//   school org, in 1.2 the org of the primary student role). teacher, aide and proctor become
//   staff with the teacher role at their school (aides work in classrooms and see the class
//   rosters, no more); administrator, principal and siteAdministrator become school_admin at
//   their school, or district_admin at a district org; districtAdministrator becomes
//   district_admin. systemAdministrator is not granted (warning). parent, guardian and
//   relative are not imported (warning). Staff get no password; an administrator invites
//   them. Staff without an e-mail get <sourcedId>@roster.invalid until one is set.
// - status=tobedeleted (and 1.0's inactive) deactivates a known row (active=0) and never
//   deletes; an unknown one is created inactive so that what refers to it still resolves.
#pragma once

#include <array>
#include <atomic>
#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/auth/principal.hpp"
#include "domain/outcome.hpp"
#include "store/database.hpp"
#include "store/roster_repo.hpp"
#include "util/csv.hpp"

namespace trellis::domain::roster {

enum class Mode { strict, lenient };
const char* mode_name(Mode mode);
std::optional<Mode> parse_mode(std::string_view name);

enum class Severity { error, warning };

struct Problem {
  Severity severity = Severity::error;
  std::string file;        // "users.csv"; "" for the export as a whole
  std::size_t line = 0;    // 1 is the header; 0 for the whole file
  std::size_t column = 0;  // 1-based; 0 for the whole row or file
  std::string field;       // the column's name where there is one
  std::string reason;
};

struct EntityCounts {
  std::size_t created = 0, updated = 0, deactivated = 0, unchanged = 0, rejected = 0;
};

struct Summary {
  std::array<EntityCounts, store::roster::kEntityCount> entities{};
  std::size_t rows = 0;  // data rows read
  std::size_t errors = 0, warnings = 0;
  std::string version;       // oneroster.version of the manifest
  double seconds = 0;        // reading, validating and comparing
  double write_seconds = 0;  // the write transaction: the write lock is held this long
  EntityCounts& of(store::roster::Entity e) { return entities[static_cast<std::size_t>(e)]; }
  const EntityCounts& of(store::roster::Entity e) const {
    return entities[static_cast<std::size_t>(e)];
  }
};

struct Progress {
  std::string file;
  std::size_t file_index = 0, file_count = 0;
  std::size_t rows = 0;                         // rows of this file so far
  std::size_t bytes_done = 0, bytes_total = 0;  // over all files
};
using ProgressFn = std::function<void(const Progress&)>;

// What an export may hold, so that no upload can make an import take unbounded memory or
// time. A zip's directory is checked when it is opened, and what its files inflate to is
// counted again while they are read (a directory may lie). Each refusal names its limit. The
// defaults hold a district of a million students with room to spare: its generated export is
// about 430 MB, enrollments.csv 220 MB of it, and CSV deflates about 15:1.
struct Limits {
  std::uint64_t max_total_bytes = std::uint64_t{4} << 30;  // all files, uncompressed
  std::uint64_t max_file_bytes = std::uint64_t{2} << 30;   // one file, uncompressed
  // Uncompressed : compressed, per file; files under kRatioFloor are never refused for it.
  std::uint64_t max_ratio = 100;
  static constexpr std::uint64_t kRatioFloor = std::uint64_t{1} << 20;
  std::size_t max_entries = 100;  // names in a zip (files and folders) or files in a folder
  std::size_t max_row_bytes = 64 * 1024;
  std::size_t max_field_bytes = 16 * 1024;
};

// A size as limits are set and named in refusals: "2 GiB", "64 KiB", "1000 bytes".
std::string bytes_text(std::uint64_t n);

// A limit broken while the export is read: the import stops there (a fatal problem).
class LimitExceeded : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The files of an export, read as streams, within its limits.
class Source {
 public:
  explicit Source(const Limits& limits) : limits_(limits) {}
  virtual ~Source() = default;
  const Limits& limits() const { return limits_; }
  // The actual name of `file` ("users.csv") in the export, matched without regard to case.
  virtual std::optional<std::string> find(const std::string& file) const = 0;
  virtual std::size_t size(const std::string& name) const = 0;
  // A stream of the file that throws LimitExceeded once it inflates beyond the limits.
  virtual util::CsvReader::Pull open(const std::string& name) = 0;

 private:
  Limits limits_;
};

// A zip file or a folder; a clear error when it is neither, the zip is damaged, or its
// directory already breaks a limit (code export_limit_exceeded).
Outcome<std::unique_ptr<Source>> open_source(const std::string& path, const Limits& limits = {});
// A zip held in memory (tests and fuzzing).
Outcome<std::unique_ptr<Source>> open_zip_bytes(std::string bytes, const Limits& limits = {});
// A zip stored in `length` bytes of the file at `path` from `offset` (an upload received into a
// temporary file, alone or as one part of a multipart body), read from disk as the import goes.
// The source owns the file, and removes it when it is destroyed, whether or not it opened.
Outcome<std::unique_ptr<Source>> open_zip_in_file(const std::filesystem::path& path,
                                                  std::uint64_t offset, std::uint64_t length,
                                                  const Limits& limits = {});

struct Result {
  Summary summary;
  std::vector<Problem> problems;     // in the order found; capped (summary counts all)
  std::optional<std::string> fatal;  // the export could not be read at all
  bool written = false;              // committed
};

// Validates the export and puts the valid rows into `sink`, whatever it finds wrong; the
// caller decides whether to commit (import_oneroster).
Result read_oneroster(Source& source, store::roster::Sink& sink, const ProgressFn& progress = {});

struct ImportOptions {
  Mode mode = Mode::strict;
  ProgressFn progress;
  Actor actor = Actor::system();
  std::optional<store::Id> run_id;  // the import run, named in the audit entry
  // Set by a shutdown: the import stops at its next checkpoint (ImportCancelled) and writes
  // nothing.
  const std::atomic<bool>* cancel = nullptr;
  // More changed rows than this and the import is read again inside the write transaction
  // (store::roster::PlanTooLarge).
  std::size_t max_planned_changes = store::roster::kMaxPlannedSteps;
};

// The import was cancelled (the server shut down); what() says so for the run's report.
class ImportCancelled : public std::runtime_error {
 public:
  ImportCancelled()
      : std::runtime_error(
            "cancelled: the server shut down before the import finished; nothing was imported") {}
};

// The whole import: planned on a read connection, then its changes applied in one write
// transaction, audited as one entry; nothing is written on a fatal problem, or on any error in
// strict mode, or when nothing changed.
Result import_oneroster(store::Database& db, Source& source, const ImportOptions& options);

// Records a run (queued), runs the import, and stores the outcome and the report.
store::Id create_run(store::Database& db, const std::string& source_name, Mode mode,
                     const Actor& actor);
Result execute_run(store::Database& db, store::Id run_id, Source& source,
                   const ImportOptions& options);
// Marks a run failed with `message` (the export could not even be opened).
void fail_run(store::Database& db, store::Id run_id, const std::string& message);
// At start: runs a stopped server left queued or running, created before `created_before`, are
// failed, saying so (an import writes in one transaction, so none of theirs was kept). Returns
// how many.
std::size_t fail_interrupted_runs(store::Database& db, std::int64_t created_before);
inline constexpr std::string_view kInterrupted =
    "The server stopped before this import finished; nothing of it was imported. Run it again.";

// The run as the API and --report show it: status, progress (while it runs, from this
// process), summary and the problems after `after_id` (at most `limit`, with next_cursor).
std::optional<boost::json::object> run_view(store::Connection& conn, store::Id run_id,
                                            store::Id after_id, int limit);

std::string summary_json(const Summary& summary);
const char* severity_name(Severity severity);

}  // namespace trellis::domain::roster
