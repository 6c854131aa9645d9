#include "store/generator_repo.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <stdexcept>

#include "store/pending_rows.hpp"
#include "store/users_repo.hpp"

namespace trellis::store::bulk {

namespace sql {
constexpr std::string_view kNextIds =
    "SELECT (SELECT coalesce(max(id), 0) + 1 FROM schools), "
    "(SELECT coalesce(max(id), 0) + 1 FROM users), "
    "(SELECT coalesce(max(id), 0) + 1 FROM students), "
    "(SELECT coalesce(max(id), 0) + 1 FROM classes), "
    "(SELECT coalesce(max(id), 0) + 1 FROM cases), "
    "(SELECT coalesce(max(id), 0) + 1 FROM student_events), "
    "(SELECT coalesce(max(id), 0) + 1 FROM tasks), "
    "(SELECT coalesce(max(id), 0) + 1 FROM task_notes), "
    "(SELECT coalesce(max(id), 0) + 1 FROM meetings), "
    "(SELECT coalesce(max(id), 0) + 1 FROM meeting_students), "
    "(SELECT coalesce(max(id), 0) + 1 FROM meeting_notes), "
    "(SELECT coalesce(max(id), 0) + 1 FROM intervention_groups), "
    "(SELECT coalesce(max(id), 0) + 1 FROM plans), "
    "(SELECT coalesce(max(id), 0) + 1 FROM progress_points), "
    "(SELECT coalesce(max(id), 0) + 1 FROM plan_reviews), "
    "(SELECT coalesce(max(id), 0) + 1 FROM intervention_group_members), "
    "(SELECT coalesce(max(id), 0) + 1 FROM form_responses)";
constexpr std::string_view kAnyStudent = "SELECT 1 FROM students LIMIT 1";
// The tables whose ids the generator chooses: PostgreSQL's identity sequences must move past.
constexpr std::array kTablesWithChosenIds = {"schools",       "users",
                                             "students",      "classes",
                                             "cases",         "student_events",
                                             "tasks",         "task_notes",
                                             "meetings",      "meeting_students",
                                             "meeting_notes", "intervention_groups",
                                             "plans",         "progress_points",
                                             "plan_reviews",  "intervention_group_members",
                                             "form_responses"};
constexpr std::string_view kAdvanceSequence =
    "SELECT setval(pg_get_serial_sequence('{0}', 'id'), (SELECT max(id) FROM {0}))";
constexpr std::string_view kBackdateBuiltinDictionary =
    "UPDATE dictionary_versions SET effective_at = $1 WHERE id = 1 AND NOT EXISTS (SELECT 1 FROM "
    "dictionary_versions WHERE id > 1)";
constexpr std::string_view kFormNamed =
    "SELECT f.id, f.tags, f.current_version, v.id FROM forms f JOIN form_versions v ON "
    "v.form_id = f.id AND v.number = f.current_version WHERE f.name = $1 AND f.archived = 0 "
    "ORDER BY f.id LIMIT 1";
constexpr std::string_view kBackdateForm =
    "UPDATE forms SET created_at = $2, updated_at = $2 WHERE id = $1 AND built_in = 1";
constexpr std::string_view kBackdateFormVersion =
    "UPDATE form_versions SET created_at = $2 WHERE form_id = $1 AND number = 1 AND EXISTS "
    "(SELECT 1 FROM forms WHERE id = $1 AND built_in = 1)";
constexpr std::string_view kSqliteCache = "PRAGMA cache_size = -262144";  // 256 MiB
constexpr std::string_view kAnalyze = "ANALYZE";

// Columns in the order Writer::add binds them.
constexpr std::string_view kSchools =
    "schools (id, sourced_id, name, level, identifier, active, created_at, updated_at)";
constexpr std::string_view kUsers =
    "users (id, sourced_id, email, given_name, family_name, password_hash, active, created_at, "
    "updated_at)";
constexpr std::string_view kUserRoles = "user_roles (user_id, role, school_id)";
constexpr std::string_view kStudents =
    "students (id, sourced_id, local_id, given_name, family_name, middle_name, preferred_name, "
    "grade, school_id, birth_date, sex, email, demographics, active, created_at, updated_at)";
constexpr std::string_view kClasses =
    "classes (id, sourced_id, school_id, title, class_code, grades, subjects, created_at, "
    "updated_at)";
constexpr std::string_view kEnrollments = "enrollments (class_id, student_id, user_id, role)";
constexpr std::string_view kCases =
    "cases (id, student_id, school_id, grade, status_id, opened_at, opened_by_kind, "
    "opened_by_event_id, "
    "opened_by_user_id, opened_rule, dictionary_version_id, manager_id, focus_area_id, "
    "closed_at, closed_by, close_reason_id, close_note, last_activity_at, updated_at)";
constexpr std::string_view kEvents =
    "student_events (id, student_id, kind, at, actor_id, summary, entity, entity_id, case_id, "
    "detail)";
constexpr std::string_view kTasks =
    "tasks (id, student_id, assignee_id, created_by, case_id, title, description, due_date, "
    "status, completed_at, completed_by, created_at, updated_at)";
constexpr std::string_view kTaskNotes = "task_notes (id, task_id, author_id, body, created_at)";
constexpr std::string_view kMeetings =
    "meetings (id, title, starts_at, ends_at, location, status, sequence, created_by, "
    "created_at, updated_at)";
constexpr std::string_view kAttendees = "meeting_attendees (meeting_id, user_id)";
constexpr std::string_view kMeetingStudents =
    "meeting_students (id, meeting_id, student_id, added_at, added_by, case_id)";
constexpr std::string_view kMeetingNotes =
    "meeting_notes (id, meeting_id, student_id, author_id, body, decision, created_at)";
constexpr std::string_view kGrants =
    "student_access_grants (user_id, student_id, reason, source_id, created_at, ends_at)";
constexpr std::string_view kGroups =
    "intervention_groups (id, name, intervention, school_id, tier, facilitator_id, schedule, "
    "area, skill, goal_measure, goal_target, goal_target_date, frequency, minutes, status, "
    "created_by, created_at, updated_at)";
constexpr std::string_view kPlans =
    "plans (id, student_id, area, tier, skill, goal_measure, goal_baseline, goal_target, "
    "goal_baseline_date, goal_target_date, interventions, owner_id, status, group_id, case_id, "
    "created_by, created_at, updated_at, archived_at)";
constexpr std::string_view kProgressPoints =
    "progress_points (id, plan_id, date, score, note, recorded_by, recorded_at)";
constexpr std::string_view kReviews =
    "plan_reviews (id, plan_id, date, reviewer_id, progress_summary, decision, notes, "
    "tier_before, tier_after, archived, created_at)";
constexpr std::string_view kGroupMembers =
    "intervention_group_members (id, group_id, student_id, plan_id, added_at, added_by)";
constexpr std::string_view kFormResponses =
    "form_responses (id, form_id, form_version_id, student_id, answers, submitted_by, "
    "submitted_at, case_id)";
}  // namespace sql

// Declared parents first: flush() writes them in this order so every foreign key finds its row.
struct Writer::Tables {
  PendingRows schools{sql::kSchools};
  PendingRows users{sql::kUsers};
  PendingRows user_roles{sql::kUserRoles};
  PendingRows students{sql::kStudents};
  PendingRows classes{sql::kClasses};
  PendingRows enrollments{sql::kEnrollments};
  PendingRows cases{sql::kCases};
  PendingRows events{sql::kEvents};
  PendingRows tasks{sql::kTasks};
  PendingRows task_notes{sql::kTaskNotes};
  PendingRows meetings{sql::kMeetings};
  PendingRows attendees{sql::kAttendees};
  PendingRows meeting_students{sql::kMeetingStudents};
  PendingRows meeting_notes{sql::kMeetingNotes};
  PendingRows grants{sql::kGrants};
  PendingRows groups{sql::kGroups};
  PendingRows plans{sql::kPlans};
  PendingRows progress_points{sql::kProgressPoints};
  PendingRows reviews{sql::kReviews};
  PendingRows group_members{sql::kGroupMembers};
  PendingRows form_responses{sql::kFormResponses};

  std::array<PendingRows*, 21> in_order() {
    return {&schools,       &users,     &user_roles,       &students,      &classes,
            &enrollments,   &cases,     &events,           &tasks,         &task_notes,
            &meetings,      &attendees, &meeting_students, &meeting_notes, &grants,
            &groups,        &plans,     &progress_points,  &reviews,       &group_members,
            &form_responses};
  }
};

NextIds next_ids(Connection& conn) {
  const auto row = conn.one(sql::kNextIds);
  return {row[0].as_int(),  row[1].as_int(),  row[2].as_int(),  row[3].as_int(),  row[4].as_int(),
          row[5].as_int(),  row[6].as_int(),  row[7].as_int(),  row[8].as_int(),  row[9].as_int(),
          row[10].as_int(), row[11].as_int(), row[12].as_int(), row[13].as_int(), row[14].as_int(),
          row[15].as_int(), row[16].as_int()};
}

bool has_students(Connection& conn) {
  return conn.maybe_one(sql::kAnyStudent).has_value();
}

Writer::Writer(Connection& conn) : conn_(conn), tables_(std::make_unique<Tables>()) {}
Writer::~Writer() = default;

void Writer::add(const School& s, std::int64_t at) {
  tables_->schools.add(s.id, s.sourced_id, s.name, s.level, s.identifier, s.active, at, at);
}

void Writer::add(const User& u, std::int64_t at) {
  tables_->users.add(u.id, u.sourced_id, u.email, u.given_name, u.family_name, u.password_hash,
                     u.active, at, at);
  for (const auto& grant : u.roles) {
    tables_->user_roles.add(u.id, role_name(grant.role), grant.school_id);
  }
}

void Writer::add(const Student& s, std::int64_t at) {
  tables_->students.add(s.id, s.sourced_id, s.local_id, s.given_name, s.family_name, s.middle_name,
                        s.preferred_name, s.grade, s.school_id, s.birth_date, s.sex, s.email,
                        s.demographics_json, s.active, at, at);
  places_[s.id] = {s.school_id, s.grade};
}

Writer::Place Writer::place_of(Id student_id) {
  if (auto found = places_.find(student_id); found != places_.end()) return found->second;
  const auto row = conn_.one("SELECT school_id, grade FROM students WHERE id = $1", student_id);
  return places_[student_id] = {row[0].as_int(), row[1].as_string()};
}

void Writer::add(const roster::Class& c, std::int64_t at) {
  tables_->classes.add(c.id, c.sourced_id, c.school_id, c.title, c.class_code, c.grades, c.subjects,
                       at, at);
}

void Writer::add(const EnrollmentRow& e) {
  tables_->enrollments.add(e.class_id, e.student_id, e.user_id, e.role);
}

void Writer::add(const CaseRow& c) {
  const auto place = place_of(c.student_id);
  tables_->cases.add(c.id, c.student_id, place.school_id, place.grade, c.status_id, c.opened_at,
                     c.opened_by_kind, c.opened_by_event_id, c.opened_by_user_id, c.opened_rule,
                     c.dictionary_version_id, c.manager_id, c.focus_area_id, c.closed_at,
                     c.closed_by, c.close_reason_id, c.close_note, c.last_activity_at,
                     c.updated_at);
}

void Writer::add(const EventRow& e) {
  tables_->events.add(e.id, e.student_id, e.kind, e.at, e.actor_id, e.summary, e.entity,
                      e.entity_id, e.case_id, e.detail_json);
}

void Writer::add(const tasks::TaskRow& t) {
  tables_->tasks.add(t.id, t.student_id, t.assignee_id, t.created_by, t.case_id, t.title,
                     t.description, t.due_date, t.status, t.completed_at, t.completed_by,
                     t.created_at, t.updated_at);
}

void Writer::add(const tasks::NoteRow& n) {
  tables_->task_notes.add(n.id, n.task_id, n.author_id, n.body, n.created_at);
}

void Writer::add(const MeetingRow& m) {
  tables_->meetings.add(m.id, m.title, m.starts_at, m.ends_at, m.location, m.status, m.sequence,
                        m.created_by, m.created_at, m.updated_at);
}

void Writer::add_attendee(Id meeting_id, Id user_id) {
  tables_->attendees.add(meeting_id, user_id);
}

void Writer::add(const MeetingStudentRow& r) {
  tables_->meeting_students.add(r.id, r.meeting_id, r.student_id, r.added_at, r.added_by,
                                r.case_id);
}

void Writer::add(const MeetingNote& n) {
  tables_->meeting_notes.add(n.id, n.meeting_id, n.student_id, n.author_id, n.body, n.decision,
                             n.created_at);
}

void Writer::add(const GrantRow& g) {
  tables_->grants.add(g.user_id, g.student_id, g.reason, g.source_id, g.created_at, g.ends_at);
}

void Writer::add(const groups::GroupRow& g) {
  tables_->groups.add(g.id, g.name, g.intervention, g.school_id, g.tier, g.facilitator_id,
                      g.schedule, g.area, g.skill, g.goal_measure, g.goal_target,
                      g.goal_target_date, g.frequency, g.minutes, g.status, g.created_by,
                      g.created_at, g.updated_at);
}

void Writer::add(const plans::PlanRow& p) {
  tables_->plans.add(p.id, p.student_id, p.area, p.tier, p.skill, p.goal_measure, p.goal_baseline,
                     p.goal_target, p.goal_baseline_date, p.goal_target_date, p.interventions_json,
                     p.owner_id, p.status, p.group_id, p.case_id, p.created_by, p.created_at,
                     p.updated_at, p.archived_at);
}

void Writer::add(const plans::ProgressPointRow& p) {
  tables_->progress_points.add(p.id, p.plan_id, p.date, p.score, p.note, p.recorded_by,
                               p.recorded_at);
}

void Writer::add(const plans::ReviewRow& r) {
  tables_->reviews.add(r.id, r.plan_id, r.date, r.reviewer_id, r.progress_summary_json, r.decision,
                       r.notes, r.tier_before, r.tier_after, r.archived, r.created_at);
}

void Writer::add(const GroupMemberRow& m) {
  tables_->group_members.add(m.id, m.group_id, m.student_id, m.plan_id, m.added_at, m.added_by);
}

void Writer::add(const forms::ResponseRow& r) {
  tables_->form_responses.add(r.id, r.form_id, r.form_version_id, r.student_id, r.answers_json,
                              r.submitted_by, r.submitted_at, r.case_id);
}

std::int64_t Writer::flush() {
  std::int64_t written = 0;
  for (auto* table : tables_->in_order()) {
    written += static_cast<std::int64_t>(table->rows());
    table->write(conn_);
  }
  return written;
}

void backdate_builtin_dictionary(Connection& conn, std::int64_t at) {
  conn.run(sql::kBackdateBuiltinDictionary, at);
}

std::optional<forms::FormListing> form_named(Connection& conn, const std::string& name) {
  const auto row = conn.maybe_one(sql::kFormNamed, name);
  if (!row) return std::nullopt;
  forms::FormListing listing;
  listing.form.id = (*row)[0].as_int();
  listing.form.name = name;
  listing.form.tags_json = (*row)[1].as_string();
  listing.form.current_version = (*row)[2].as_int();
  listing.current_version_id = (*row)[3].as_int();
  return listing;
}

void backdate_builtin_form(Connection& conn, Id form_id, std::int64_t at) {
  conn.run(sql::kBackdateForm, form_id, at);
  conn.run(sql::kBackdateFormVersion, form_id, at);
}

void prepare_connection(Connection& conn) {
  if (conn.dialect() == Dialect::sqlite) conn.run(sql::kSqliteCache);
}

void finish(Connection& conn) {
  if (conn.dialect() == Dialect::postgres) {
    for (const auto* table : sql::kTablesWithChosenIds) {
      conn.run(fmt::format(fmt::runtime(sql::kAdvanceSequence), table));
    }
  }
  conn.run(sql::kAnalyze);
}

}  // namespace trellis::store::bulk
