// Tasks for one student assigned to one staff member, and their notes threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.hpp"
#include "store/records.hpp"

namespace trellis::store::tasks {

struct TaskRow {
  Id id = 0;
  Id student_id = 0;
  Id assignee_id = 0;
  std::optional<Id> created_by;
  std::optional<Id> case_id;
  std::string title;
  std::string description;
  std::optional<std::string> due_date;  // YYYY-MM-DD
  std::string status = "open";          // open, completed
  std::optional<std::int64_t> completed_at;
  std::optional<Id> completed_by;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;

  bool operator==(const TaskRow&) const = default;
};

// A task as the API shows it: with its student, the names of the people on it and the size of
// its notes thread, read in the same query.
struct TaskListing {
  TaskRow task;
  std::string student_name;
  std::string student_grade;
  Id student_school_id = 0;
  std::string assignee_name;
  std::optional<std::string> created_by_name;
  std::int64_t notes_count = 0;
};

struct NoteRow {
  Id id = 0;
  Id task_id = 0;
  std::optional<Id> author_id;
  std::string author_name;  // filled on reads
  std::string body;
  std::int64_t created_at = 0;
};

Id insert(Connection& conn, const TaskRow& task);
void update(Connection& conn, const TaskRow& task);
// Without an access check: for the domain's own bookkeeping.
std::optional<TaskRow> find(Connection& conn, Id id);
// The task when `scope` may see its student, else nullopt (unknown and invisible alike).
std::optional<TaskListing> find_visible(Connection& conn, const StudentScope& scope, Id id);

enum class StatusFilter { open, completed, all };

struct ListFilter {
  std::optional<Id> assignee_id;
  std::optional<Id> student_id;
  StatusFilter status = StatusFilter::open;
  // Only open tasks due before this date (YYYY-MM-DD), i.e. overdue as of that day.
  std::optional<std::string> due_before;
  std::optional<std::string> after;  // cursor
  int limit = 50;
};
// Tasks of students `scope` may see, soonest due first (no due date last), then oldest first.
Page<TaskListing> list(Connection& conn, const StudentScope& scope, const ListFilter& filter);

Id insert_note(Connection& conn, const NoteRow& note);
std::optional<NoteRow> find_note(Connection& conn, Id id);
// The thread in the order it was written, with the authors' names.
Page<NoteRow> notes(Connection& conn, Id task_id, const std::optional<std::string>& after,
                    int limit);

}  // namespace trellis::store::tasks
