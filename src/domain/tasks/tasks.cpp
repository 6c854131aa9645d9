#include "domain/tasks/tasks.hpp"
#include "domain/views.hpp"

#include <boost/json.hpp>

#include "domain/access/access.hpp"
#include "domain/audit/audit.hpp"
#include "domain/cases/case_engine.hpp"
#include "domain/notifications/notifications.hpp"
#include "store/audit_repo.hpp"
#include "store/users_repo.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace trellis::domain::tasks {

namespace json = boost::json;

namespace {

using views::or_null;
using views::time_or_null;

constexpr std::string_view kNotStaff = "Choose an active colleague from your staff directory.";

using util::check_text;
using util::trimmed;

void check_due_date(FieldErrors& errors, const std::optional<std::string>& due_date) {
  if (due_date && !util::is_valid_date(*due_date)) {
    errors["due_date"] = "Enter a date as YYYY-MM-DD.";
  }
}

// Tasks go to active colleagues in the caller's staff directory: the assignee will see the
// student, and staff may give that only to colleagues they could choose.
std::optional<store::User> staff_member(store::Connection& conn, const Principal& by, Id user_id) {
  auto user = store::users::find(conn, user_id);
  if (!user || !access::in_staff_directory(by, *user)) return std::nullopt;
  return user;
}

// Completed, the task's grants start to run out; reopened, they last again.
void keep_sight_while_open(store::Connection& conn, const TaskRow& task) {
  access::set_grants_end(conn, access::Relationship::task_assignee, task.id, sight_ends(task));
  access::set_grants_end(conn, access::Relationship::task_creator, task.id, sight_ends(task));
}

// Which rows a change needs: moving the work (edit) or doing it (complete).
access::Action action_of(const TaskChanges& c) {
  if (c.title || c.description || c.due_date || c.assignee_id) return access::Action::edit_task;
  return access::Action::complete_task;
}

// The row as the audit log keeps it, before and after a change.
json::object audited(const TaskRow& t) {
  return {{"id", t.id},
          {"student_id", t.student_id},
          {"assignee_id", t.assignee_id},
          {"title", t.title},
          {"description", t.description},
          {"due_date", or_null(t.due_date)},
          {"status", t.status},
          {"completed_at", time_or_null(t.completed_at)},
          {"case_id", or_null(t.case_id)}};
}

cases::StudentEvent task_event(const TaskRow& task, std::string kind, std::string summary) {
  return {.student_id = task.student_id,
          .kind = std::move(kind),
          .summary = std::move(summary),
          .entity = "task",
          .entity_id = task.id,
          .detail = {{"task_id", task.id},
                     {"title", task.title},
                     {"assignee_id", task.assignee_id},
                     {"due_date", or_null(task.due_date)}}};
}

// The `task_assigned` trigger: the task joins the case it opened or joined. A task keeps the
// case it was first linked to when a later assignment finds no case open.
// The assignee hears of it (unless they assigned it to themself).
void tell_assignee(store::Connection& conn, const Actor& actor, const TaskRow& task) {
  notifications::notify(conn, actor, {task.assignee_id},
                        {notifications::Kind::task_assigned, task.title,
                         "/tasks/" + std::to_string(task.id), "task", task.id, task.student_id});
}

void record_assignment(cases::CaseEngine& engine, TaskRow& task, const store::User& assignee) {
  const auto recorded = engine.record(task_event(
      task, std::string(cases::name_of(cases::Trigger::task_assigned)),
      "Task assigned to " + assignee.given_name + " " + assignee.family_name + ": " + task.title));
  if (recorded.case_id) task.case_id = recorded.case_id;
}

void record_status_change(cases::CaseEngine& engine, const TaskRow& task) {
  const bool completed = task.status == name_of(Status::completed);
  engine.record(task_event(
      task, std::string(completed ? cases::kinds::task_completed : cases::kinds::task_reopened),
      (completed ? "Task completed: " : "Task reopened: ") + task.title));
}

void apply_status(TaskRow& task, Status status, Id by, std::int64_t now) {
  task.status = std::string(name_of(status));
  if (status == Status::completed) {
    task.completed_at = now;
    task.completed_by = by;
  } else {
    task.completed_at.reset();
    task.completed_by.reset();
  }
}

TaskRow with_changes(TaskRow task, const TaskChanges& c, Id by, std::int64_t now) {
  if (c.title) task.title = trimmed(*c.title);
  if (c.description) task.description = *c.description;
  if (c.due_date) task.due_date = *c.due_date;
  if (c.assignee_id) task.assignee_id = *c.assignee_id;
  if (c.status && name_of(*c.status) != task.status) apply_status(task, *c.status, by, now);
  return task;
}

// The task as the API shows it, read without the caller's scope: someone who handed their own
// task to another may no longer see the student, yet is answered with what they changed.
TaskListing listing_of(store::Connection& conn, Id task_id) {
  store::StudentScope everyone;
  everyone.everyone = true;
  return *store::tasks::find_visible(conn, everyone, task_id);
}

}  // namespace

std::string_view name_of(Status status) {
  return status == Status::completed ? "completed" : "open";
}

std::optional<std::int64_t> sight_ends(const TaskRow& task) {
  if (task.status == name_of(Status::open) || !task.completed_at) return std::nullopt;
  return *task.completed_at + access::kFinishedWorkGraceMicros;
}

std::optional<Status> parse_status(std::string_view name) {
  if (name == "open") return Status::open;
  if (name == "completed") return Status::completed;
  return std::nullopt;
}

FieldErrors check(const NewTask& task) {
  FieldErrors errors;
  check_text(errors, "title", task.title, kMaxTitle, true);
  check_text(errors, "description", task.description, kMaxDescription, false);
  check_due_date(errors, task.due_date);
  return errors;
}

FieldErrors check(const TaskChanges& changes) {
  FieldErrors errors;
  if (changes.title) check_text(errors, "title", *changes.title, kMaxTitle, true);
  if (changes.description) {
    check_text(errors, "description", *changes.description, kMaxDescription, false);
  }
  if (changes.due_date) check_due_date(errors, *changes.due_date);
  return errors;
}

bool is_overdue(const TaskRow& task, std::string_view today) {
  return task.status == name_of(Status::open) && task.due_date && *task.due_date < today;
}

json::object view(const Principal& by, const TaskListing& listing, std::string_view today,
                  Detail detail) {
  const auto& t = listing.task;
  json::value created_by = nullptr;
  if (t.created_by) {
    created_by = json::object{{"id", *t.created_by},
                              {"name", listing.created_by_name.value_or(std::string())}};
  }
  json::object body{
      {"id", t.id},
      {"student", json::object{{"id", t.student_id},
                               {"name", listing.student_name},
                               {"grade", listing.student_grade},
                               {"school_id", listing.student_school_id}}},
      {"assignee", json::object{{"id", t.assignee_id}, {"name", listing.assignee_name}}},
      {"created_by", std::move(created_by)},
      {"title", t.title},
      {"due_date", or_null(t.due_date)},
      {"status", t.status},
      {"overdue", is_overdue(t, today)},
      {"completed_at", time_or_null(t.completed_at)},
      {"completed_by", or_null(t.completed_by)},
      {"case_id", or_null(t.case_id)},
      {"notes_count", listing.notes_count},
      {"created_at", util::format_rfc3339(t.created_at)},
      {"updated_at", util::format_rfc3339(t.updated_at)},
      {"allowed_actions", allowed_actions(by, listing)}};
  if (detail == Detail::full) body["description"] = t.description;
  return body;
}

json::object view(const NoteRow& note) {
  json::value author = nullptr;
  if (note.author_id) author = json::object{{"id", *note.author_id}, {"name", note.author_name}};
  return {{"id", note.id},
          {"task_id", note.task_id},
          {"author", std::move(author)},
          {"body", note.body},
          {"created_at", util::format_rfc3339(note.created_at)}};
}

access::Subject subject_of(const Principal& by, const TaskListing& listing) {
  access::Relationships held;
  if (listing.task.assignee_id == by.user_id) held.add(access::Relationship::task_assignee);
  if (listing.task.created_by == by.user_id) held.add(access::Relationship::task_creator);
  return {.school_id = listing.student_school_id, .relationships = held};
}

boost::json::array allowed_actions(const Principal& by, const TaskListing& listing) {
  return access::allowed_actions(by, subject_of(by, listing),
                                 {access::Action::edit_task, access::Action::complete_task});
}

Outcome<TaskListing> assign(store::Connection& conn, const Principal& by, const Actor& actor,
                            const NewTask& task) {
  auto student = access::visible_student(conn, by, task.student_id);
  if (!student) return Error::not_found("The student");
  auto errors = check(task);
  if (auto refused = access::refusal(by, access::Action::assign_task,
                                     access::student_subject(conn, by, *student))) {
    return *refused;
  }
  auto assignee = staff_member(conn, by, task.assignee_id);
  if (!assignee) errors["assignee_id"] = kNotStaff;
  if (!errors.empty()) return Error::invalid(std::move(errors));

  cases::CaseEngine engine(conn, actor);
  TaskRow row;
  row.student_id = student->id;
  row.assignee_id = assignee->id;
  row.created_by = by.user_id;
  row.title = trimmed(task.title);
  row.description = task.description;
  row.due_date = task.due_date;
  row.created_at = row.updated_at = engine.now();
  row.id = store::tasks::insert(conn, row);
  access::grant(conn, assignee->id, student->id, access::Relationship::task_assignee, row.id);
  access::grant(conn, by.user_id, student->id, access::Relationship::task_creator, row.id);
  record_assignment(engine, row, *assignee);
  if (row.case_id) store::tasks::update(conn, row);
  tell_assignee(conn, actor, row);
  audit::record(conn, actor,
                {"task.create", "task", row.id, row.student_id, std::nullopt, audited(row)});
  return listing_of(conn, row.id);
}

Outcome<TaskListing> update(store::Connection& conn, const Principal& by, const Actor& actor,
                            Id task_id, const TaskChanges& changes) {
  auto existing = store::tasks::find_visible(conn, access::student_scope(by), task_id);
  if (!existing) return Error::not_found("The task");
  if (auto refused = access::refusal(by, action_of(changes), subject_of(by, *existing))) {
    return *refused;
  }
  auto errors = check(changes);
  const TaskRow& before = existing->task;
  std::optional<store::User> new_assignee;
  if (changes.assignee_id && *changes.assignee_id != before.assignee_id) {
    new_assignee = staff_member(conn, by, *changes.assignee_id);
    if (!new_assignee) errors["assignee_id"] = kNotStaff;
  }
  if (!errors.empty()) return Error::invalid(std::move(errors));

  cases::CaseEngine engine(conn, actor);
  TaskRow after = with_changes(before, changes, by.user_id, engine.now());
  if (after == before) return *existing;  // nothing to write, nothing to audit
  after.updated_at = engine.now();
  if (new_assignee) {
    constexpr auto kAssignee = access::Relationship::task_assignee;
    access::revoke(conn, before.assignee_id, before.student_id, kAssignee, before.id);
    // A completed task handed on gives no more than the grace period left.
    access::grant(conn, after.assignee_id, after.student_id, kAssignee, after.id,
                  sight_ends(after));
    record_assignment(engine, after, *new_assignee);
    tell_assignee(conn, actor, after);
  }
  if (after.status != before.status) {
    record_status_change(engine, after);
    keep_sight_while_open(conn, after);
  }
  store::tasks::update(conn, after);
  audit::record(
      conn, actor,
      {"task.update", "task", after.id, after.student_id, audited(before), audited(after)});
  return listing_of(conn, after.id);
}

Outcome<NoteRow> add_note(store::Connection& conn, const Principal& by, const Actor& actor,
                          Id task_id, const std::string& body) {
  auto task = store::tasks::find_visible(conn, access::student_scope(by), task_id);
  if (!task) return Error::not_found("The task");
  if (auto refused = access::refusal(by, access::Action::complete_task, subject_of(by, *task))) {
    return *refused;
  }
  FieldErrors errors;
  check_text(errors, "body", body, kMaxNote, true);
  if (!errors.empty()) return Error::invalid(std::move(errors));

  cases::CaseEngine engine(conn, actor);
  store::tasks::NoteRow note;
  note.task_id = task_id;
  note.author_id = by.user_id;
  note.body = body;
  note.created_at = engine.now();
  note.id = store::tasks::insert_note(conn, note);
  auto event = task_event(task->task, std::string(cases::kinds::task_note_added),
                          "Note added to task: " + task->task.title);
  event.detail["note_id"] = note.id;
  engine.record(event);
  audit::record(conn, actor,
                {"task.note_add", "task_note", note.id, task->task.student_id, std::nullopt,
                 json::object{{"task_id", task_id}, {"body", body}}});
  return *store::tasks::find_note(conn, note.id);
}

Outcome<TaskListing> find(store::Connection& conn, const Principal& by, Id task_id) {
  auto task = store::tasks::find_visible(conn, access::student_scope(by), task_id);
  if (!task) return Error::not_found("The task");
  return *task;
}

store::Page<TaskListing> list(store::Connection& conn, const Principal& by,
                              const store::tasks::ListFilter& filter) {
  return store::tasks::list(conn, access::student_scope(by), filter);
}

Outcome<TaskNotes> notes(store::Connection& conn, const Principal& by, Id task_id,
                         const std::optional<std::string>& after, int limit) {
  auto task = store::tasks::find_visible(conn, access::student_scope(by), task_id);
  if (!task) return Error::not_found("The task");
  return TaskNotes{task->task.student_id, store::tasks::notes(conn, task_id, after, limit)};
}

}  // namespace trellis::domain::tasks
