// Roster rows as an import delivers them, keyed by their SIS sourcedId, and the writer that
// puts them into the database. Every sourcedId -> id map is loaded once (RosterIndex); each
// row is compared with the database before the write transaction, and only the rows that
// differ are written, each with one prepared statement: an INSERT for a new sourcedId, an
// UPDATE that only touches the row when a value differs (so a re-import changes nothing, not
// even updated_at). Existing students are always UPDATEd, never replaced: cases follow their
// school and grade through a trigger on UPDATE.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "store/database.hpp"
#include "store/pending_rows.hpp"
#include "store/records.hpp"
#include "util/string_arena.hpp"

namespace trellis::store::roster {

enum class Entity { school, session, course, class_, student, staff, enrollment };
inline constexpr int kEntityCount = 7;
const char* entity_name(Entity entity);  // "schools", "academic_sessions", ...

enum class Change { created, updated, unchanged, deactivated };

struct SchoolRow {
  std::string sourced_id;
  std::string name;
  std::optional<std::string> identifier;
  bool active = true;
};

struct SessionRow {
  std::string sourced_id;
  std::string title;
  std::string kind;
  std::optional<std::string> start_date, end_date, school_year;
  std::optional<std::string> parent;  // sourcedId, already written or known
  bool active = true;
};

struct CourseRow {
  std::string sourced_id;
  std::string title;
  std::optional<std::string> course_code, grades, subjects;
  std::optional<std::string> school;  // sourcedId
  bool active = true;
};

struct ClassRow {
  std::string sourced_id;
  std::string school;  // sourcedId
  std::string title;
  std::optional<std::string> class_code, class_type, grades, subjects, period;
  std::optional<std::string> term;    // sourcedId
  std::optional<std::string> course;  // sourcedId
  bool active = true;
};

struct StudentRow {
  std::string sourced_id;
  std::string school;  // sourcedId
  std::optional<std::string> local_id;
  std::string given_name, family_name;
  std::optional<std::string> middle_name, preferred_name, email;
  std::string grade;
  // From demographics.csv; empty keeps what the database has.
  std::optional<std::string> birth_date, sex, demographics_json;
  bool active = true;
};

struct StaffRole {
  Role role;
  std::optional<std::string> school;  // sourcedId; empty: district-wide
};

struct StaffRow {
  std::string sourced_id;
  std::string email;
  std::string given_name, family_name;
  std::vector<StaffRole> roles;  // added when missing; roles are never taken away here
  bool active = true;
};

struct EnrollmentRow {
  std::string sourced_id;
  std::string class_;  // sourcedId
  std::string person;  // sourcedId of a student or a staff user
  bool student = true;
  std::string role;  // student, teacher, administrator, aide, proctor
  bool primary = false;
  std::optional<std::string> begin_date, end_date;
  bool active = true;
};

// sourcedId -> id of one entity, for every row the database and this import hold. The
// sourcedIds live in an arena: a million-student import keeps millions of them.
class IdMap {
 public:
  std::optional<Id> find(std::string_view sourced_id) const {
    const auto found = ids_.find(sourced_id);
    return found == ids_.end() ? std::nullopt : std::optional<Id>(found->second);
  }
  void set(std::string_view sourced_id, Id id) {
    if (const auto found = ids_.find(sourced_id); found != ids_.end()) {
      found->second = id;
    } else {
      ids_.emplace(arena_.keep(sourced_id), id);
    }
  }

 private:
  util::StringArena arena_;
  std::unordered_map<std::string_view, Id> ids_;
};

// Where validated rows go. Parents are put before their children.
class Sink {
 public:
  virtual ~Sink() = default;
  // Whether the database (or this import) already has the sourcedId.
  virtual bool known(Entity entity, const std::string& sourced_id) const = 0;
  // The user id that holds `email` (any case), if any.
  virtual std::optional<std::string> email_owner(const std::string& email) const = 0;
  virtual Change put(const SchoolRow& row) = 0;
  virtual Change put(const SessionRow& row) = 0;
  virtual Change put(const CourseRow& row) = 0;
  virtual Change put(const ClassRow& row) = 0;
  virtual Change put(const StudentRow& row) = 0;
  virtual Change put(const StaffRow& row) = 0;
  virtual Change put(const EnrollmentRow& row) = 0;
  // Sets active=0 on a known row; unchanged when it already was inactive.
  virtual Change deactivate(Entity entity, const std::string& sourced_id) = 0;
  // Writes whatever put() still holds back; called once after the last row.
  virtual void finish() = 0;
};

// What the database holds before an import: every sourcedId's id per entity and every
// e-mail's user. Loaded once, outside the write transaction, and only read after that.
struct RosterIndex {
  IdMap ids[kEntityCount];
  std::unordered_map<std::string, std::pair<Id, std::string>> emails;  // lower(email) -> user
  void load(Connection& conn);
};

// A row the import changes: created, updated, or deactivated.
struct Deactivation {
  Entity entity;
  std::string sourced_id;
};
using Step = std::variant<SchoolRow, SessionRow, CourseRow, ClassRow, StudentRow, StaffRow,
                          EnrollmentRow, Deactivation>;

// Planning gave up: more rows change than a plan keeps in memory (kMaxPlannedSteps). Nearly
// every row of such an import is written (a first import, a new school year), so comparing
// first saves no lock time: the import is read again inside the write transaction instead.
class PlanTooLarge : public std::runtime_error {
 public:
  PlanTooLarge() : std::runtime_error("roster import: too many changes to plan") {}
};
inline constexpr std::size_t kMaxPlannedSteps = 50000;

// The Sink on a database connection. An import runs it twice, so that the write lock is held
// only to apply changes:
// - plan, on a read connection, before any write: compares each row with the database by the
//   same change-only condition the UPDATE would use (one SELECT by primary key) and keeps the
//   rows that create, change or deactivate something (steps()); nothing is written. A row that
//   refers to a row this import creates has changed (no stored row can refer to it yet).
// - apply, in the write transaction: puts those steps. New rows get INSERTs (on PostgreSQL they
//   wait and go in by multi-row INSERT ... RETURNING, a round trip per 128 rows; their ids are
//   filled in before anything asks for them; on SQLite a row is inserted at once, a statement
//   there being a function call, not a round trip), known rows the change-only UPDATE.
// Both read the sourcedIds of `index`, loaded once, and keep this import's new rows apart, so
// the same index serves a rerun of the write (PostgreSQL retries it after a conflict).
class DatabaseWriter final : public Sink {
 public:
  enum class Mode { plan, apply };
  DatabaseWriter(Connection& conn, std::int64_t now, const RosterIndex& index, Mode mode,
                 std::size_t max_steps = kMaxPlannedSteps);
  ~DatabaseWriter() override;
  bool known(Entity entity, const std::string& sourced_id) const override;
  std::optional<std::string> email_owner(const std::string& email) const override;
  Change put(const SchoolRow& row) override;
  Change put(const SessionRow& row) override;
  Change put(const CourseRow& row) override;
  Change put(const ClassRow& row) override;
  Change put(const StudentRow& row) override;
  Change put(const StaffRow& row) override;
  Change put(const EnrollmentRow& row) override;
  Change deactivate(Entity entity, const std::string& sourced_id) override;
  void finish() override;
  // Planning: the changes found, in the order the rows came (parents before children); put()
  // throws PlanTooLarge beyond `max_steps` of them.
  std::vector<Step> take_steps() { return std::move(steps_); }

 private:
  // The row's id: stored (index), or new in this import (kPendingId while it waits).
  std::optional<Id> lookup(Entity entity, const std::string& sourced_id) const;
  std::optional<Id> id_of(Entity entity, const std::optional<std::string>& sourced_id);
  Id require(Entity entity, const std::string& sourced_id);
  // A new row: `add_row` adds its INSERT values to the entity's pending rows. A known one:
  // the change-only UPDATE with the row's id as $1 and `values` after it (when planning, the
  // SELECT of the same condition).
  template <class AddRow, class... Args>
  Change upsert(Entity entity, const std::string& sourced_id, AddRow add_row,
                const char* update_sql, const Args&... values);
  // Planning: whether the change-only statement `update_sql` would touch row `id` (the
  // statement's last parameter, updated_at, dropped when `stamped`).
  bool would_change(const char* update_sql, bool stamped, std::span<const Param> params);
  template <class Row>
  Change record(const Row& row, Change change);
  // Writes the entity's pending rows and records the ids they were given.
  void write_pending(Entity entity);
  // Writes the entity's one pending row and answers its id.
  Id insert_now(Entity entity);

  Connection& conn_;
  std::int64_t now_;
  const RosterIndex& index_;
  const Mode mode_;
  const std::size_t max_steps_;
  bool fresh_reference_ = false;      // planning: the row refers to a row this import creates
  IdMap added_[kEntityCount];         // rows this import creates
  std::vector<PendingRows> inserts_;  // per entity
  std::unordered_map<std::string, std::pair<Id, std::string>> emails_;  // this import's
  std::unordered_map<const char*, std::string> selects_;  // update SQL -> its condition's SELECT
  std::vector<Step> steps_;
};

// Puts the planned steps in the write transaction (DatabaseWriter in apply mode).
void apply(Connection& conn, std::int64_t now, const RosterIndex& index,
           const std::vector<Step>& steps);

// Import runs and their report.
struct ImportProblemRow {
  std::string severity;  // error, warning
  std::string file;
  std::int64_t line = 0;
  std::int64_t column = 0;
  std::string field;
  std::string reason;
};

struct ImportRun {
  Id id = 0;
  std::string kind;  // oneroster
  std::string source;
  std::string mode;    // strict, lenient
  std::string status;  // queued, running, succeeded, failed
  std::optional<Id> requested_by;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> started_at, finished_at;
  std::optional<std::string> summary_json, error;
  std::int64_t errors = 0, warnings = 0;
};

namespace import_runs {
Id create(Connection& conn, const ImportRun& run);
void mark_running(Connection& conn, Id id, std::int64_t at);
void finish(Connection& conn, const ImportRun& run, const std::vector<ImportProblemRow>& problems);
std::optional<ImportRun> find(Connection& conn, Id id);
// Runs still queued or running that were created before `created_before`.
std::vector<Id> unfinished(Connection& conn, std::int64_t created_before);
// Problems of a run in report order, from `after_id` on.
std::vector<std::pair<Id, ImportProblemRow>> problems(Connection& conn, Id run_id, Id after_id,
                                                      int limit);
}  // namespace import_runs

}  // namespace trellis::store::roster
