// Tasks: one student, one staff member to do it, a due date and a notes thread. Assigning a
// task is the `task_assigned` event of the case engine and gives the assignee (and the
// creator) access to the student until 30 days after the task is completed; reassigned, the
// previous assignee loses it. Whoever may see the student may see the task; the policy says who
// may assign, edit and complete it (task.assign, task.edit, task.complete).
#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "domain/access/access.hpp"
#include "domain/auth/principal.hpp"
#include "domain/outcome.hpp"
#include "store/database.hpp"
#include "store/tasks_repo.hpp"

namespace trellis::domain::tasks {

inline constexpr std::size_t kMaxTitle = 200;
inline constexpr std::size_t kMaxDescription = 10000;
inline constexpr std::size_t kMaxNote = 10000;

using store::tasks::NoteRow;
using store::tasks::TaskListing;
using store::tasks::TaskRow;

enum class Status { open, completed };
std::string_view name_of(Status status);
std::optional<Status> parse_status(std::string_view name);

struct NewTask {
  Id student_id = 0;
  Id assignee_id = 0;
  std::string title;
  std::string description;
  std::optional<std::string> due_date;
};

// What a PATCH may change; absent fields stay as they are.
struct TaskChanges {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::optional<std::string>> due_date;  // an empty inner value clears it
  std::optional<Id> assignee_id;
  std::optional<Status> status;
};

using FieldErrors = std::map<std::string, std::string>;

// The policy's subject for a task: the student's school, and whether the caller is its
// assignee or creator.
access::Subject subject_of(const Principal& by, const TaskListing& listing);
// What the caller may do with the task, for its `allowed_actions`.
boost::json::array allowed_actions(const Principal& by, const TaskListing& listing);
// Field checks that need no database: title 1..200 characters (not blank), description up to
// 10,000, due date a real YYYY-MM-DD date.
FieldErrors check(const NewTask& task);
FieldErrors check(const TaskChanges& changes);

// Overdue: still open and due before `today` (YYYY-MM-DD), the district's date
// (util::district_date).
bool is_overdue(const TaskRow& task, std::string_view today);

// When the task's assignee and creator grants end: a finished task keeps their sight of the
// student for a grace period (the follow-up note, the question a week later); an open one
// (nullopt), for as long as it is open. The demo generator writes its grants by this too.
std::optional<std::int64_t> sight_ends(const TaskRow& task);

// The task JSON of the API, with what the caller may do with it (`allowed_actions`). A summary
// (lists) leaves out the description: it is the student's record, whose reads are logged, and
// lists show summary fields only.
enum class Detail { summary, full };
boost::json::object view(const Principal& by, const TaskListing& listing, std::string_view today,
                         Detail detail);
// The note JSON of the API.
boost::json::object view(const NoteRow& note);

// Assigns a task in one transaction: the task, the assignee's access to the student, the
// `task_assigned` event (which may open or join the student's case; the task remembers that
// case) and the audit entry. Not found when the caller may not see the student; invalid when
// the assignee is not an active staff member.
Outcome<TaskListing> assign(store::Connection& conn, const Principal& by, const Actor& actor,
                            const NewTask& task);
// Edits, completes or reopens a task, or hands it to someone else (who gains access in place
// of the previous assignee; it is a new `task_assigned` event).
Outcome<TaskListing> update(store::Connection& conn, const Principal& by, const Actor& actor,
                            Id task_id, const TaskChanges& changes);
Outcome<NoteRow> add_note(store::Connection& conn, const Principal& by, const Actor& actor,
                          Id task_id, const std::string& body);

Outcome<TaskListing> find(store::Connection& conn, const Principal& by, Id task_id);
store::Page<TaskListing> list(store::Connection& conn, const Principal& by,
                              const store::tasks::ListFilter& filter);
struct TaskNotes {
  Id student_id = 0;  // whose record the notes are, for the access log
  store::Page<NoteRow> page;
};
Outcome<TaskNotes> notes(store::Connection& conn, const Principal& by, Id task_id,
                         const std::optional<std::string>& after, int limit);

}  // namespace trellis::domain::tasks
