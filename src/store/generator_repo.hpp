// Bulk writes for the district generator (`trellis demo --students N`): rows arrive with the
// ids the generator chose, wait in memory and are written by multi-row INSERT statements, one
// text per table and batch size, so a million timeline events cost a few thousand statements
// instead of a million requests through the per-request repositories. Same SQL on SQLite and
// PostgreSQL.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "store/audit_repo.hpp"
#include "store/cases_repo.hpp"
#include "store/database.hpp"
#include "store/forms_repo.hpp"
#include "store/groups_repo.hpp"
#include "store/meetings_repo.hpp"
#include "store/plans_repo.hpp"
#include "store/records.hpp"
#include "store/tasks_repo.hpp"

namespace trellis::store::bulk {

struct EnrollmentRow {
  Id class_id = 0;
  std::optional<Id> student_id;  // exactly one of student_id / user_id
  std::optional<Id> user_id;
  std::string role;  // student, teacher
};

struct MeetingStudentRow {
  Id id = 0;
  Id meeting_id = 0;
  Id student_id = 0;
  std::int64_t added_at = 0;
  std::optional<Id> added_by;
  std::optional<Id> case_id;
};

struct GroupMemberRow {
  Id id = 0;
  Id group_id = 0;
  Id student_id = 0;
  Id plan_id = 0;
  std::int64_t added_at = 0;
  Id added_by = 0;
};

struct GrantRow {
  Id user_id = 0;
  Id student_id = 0;
  std::string reason;
  Id source_id = 0;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> ends_at;  // nullopt: while the relationship lasts
};

// The first free id of each table whose ids the generator chooses (max(id) + 1).
struct NextIds {
  Id school = 1;
  Id user = 1;
  Id student = 1;
  Id class_ = 1;
  Id case_ = 1;
  Id event = 1;
  Id task = 1;
  Id task_note = 1;
  Id meeting = 1;
  Id meeting_student = 1;
  Id meeting_note = 1;
  Id group = 1;
  Id plan = 1;
  Id progress_point = 1;
  Id review = 1;
  Id group_member = 1;
  Id form_response = 1;
};
NextIds next_ids(Connection& conn);

// Whether any student is on the roster (the generator wants an empty district).
bool has_students(Connection& conn);

// Collects rows and writes them, parents before children, when flushed. Rows without an id
// field (roles, enrollments, attendees, grants) take the database's next id. Not thread-safe;
// one per transaction.
class Writer {
 public:
  explicit Writer(Connection& conn);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Roster rows carry no timestamps of their own; `at` is their created_at and updated_at.
  void add(const School& school, std::int64_t at);
  void add(const User& user, std::int64_t at);  // with user.roles
  void add(const Student& student, std::int64_t at);
  void add(const roster::Class& cls, std::int64_t at);
  void add(const EnrollmentRow& enrollment);
  void add(const CaseRow& c);
  void add(const EventRow& event);
  void add(const tasks::TaskRow& task);
  void add(const tasks::NoteRow& note);
  void add(const MeetingRow& meeting);
  void add_attendee(Id meeting_id, Id user_id);
  void add(const MeetingStudentRow& row);
  void add(const MeetingNote& note);
  void add(const GrantRow& grant);
  void add(const groups::GroupRow& group);
  void add(const plans::PlanRow& plan);
  void add(const plans::ProgressPointRow& point);
  void add(const plans::ReviewRow& review);
  void add(const GroupMemberRow& member);
  void add(const forms::ResponseRow& response);

  // Writes every row added since the last flush; returns how many.
  std::int64_t flush();

 private:
  struct Tables;
  struct Place {
    Id school_id = 0;
    std::string grade;
  };
  // The school and grade a case is placed at (cases.school_id, cases.grade): its student's.
  Place place_of(Id student_id);

  Connection& conn_;
  std::unique_ptr<Tables> tables_;
  std::unordered_map<Id, Place> places_;  // students added through this writer
};

// Makes the dictionary's built-in first version take effect at `at` (the start of the
// generated history) so the versions read in order of time.
void backdate_builtin_dictionary(Connection& conn, std::int64_t at);

// The current version of the form with this exact name (the built-in "Referral"), if any.
std::optional<forms::FormListing> form_named(Connection& conn, const std::string& name);

// Makes a built-in form and its first version exist from `at` (the start of the generated
// history), so no response predates the form it answers.
void backdate_builtin_form(Connection& conn, Id form_id, std::int64_t at);

// SQLite: a page cache large enough to keep the indexes being filled in memory.
void prepare_connection(Connection& conn);

// After writing rows with chosen ids: PostgreSQL's identity sequences continue after them, and
// both databases refresh the planner's statistics (ANALYZE).
void finish(Connection& conn);

}  // namespace trellis::store::bulk
