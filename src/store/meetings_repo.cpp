#include "store/meetings_repo.hpp"

#include <fmt/format.h>

#include "store/dialect.hpp"
#include "store/query_builder.hpp"
#include "store/students_repo.hpp"

namespace trellis::store {

namespace sql {
constexpr std::string_view kMeetingColumns =
    "m.id, m.title, m.starts_at, m.ends_at, m.location, m.status, m.sequence, m.created_by, "
    "m.created_at, m.updated_at";
constexpr std::string_view kInsertMeeting =
    "INSERT INTO meetings (title, starts_at, ends_at, location, status, sequence, created_by, "
    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id";
constexpr std::string_view kUpdateMeeting =
    "UPDATE meetings SET title = $2, starts_at = $3, ends_at = $4, location = $5, status = $6, "
    "sequence = $7, updated_at = $8 WHERE id = $1";
constexpr std::string_view kTouchMeeting = "UPDATE meetings SET updated_at = $2 WHERE id = $1";
constexpr std::string_view kFindMeeting = "SELECT {} FROM meetings m WHERE m.id = $1";
constexpr std::string_view kFindVisibleMeeting = "SELECT {} FROM meetings m WHERE m.id = $1 AND {}";
constexpr std::string_view kListMeetings =
    "SELECT {} FROM meetings m {} ORDER BY m.starts_at, m.id LIMIT {}";
// Who may see a meeting, besides district-wide roles: {0} is the user, {1} the student access
// rule on a students row `s`.
constexpr std::string_view kMeetingVisibility =
    "(m.created_by = {0} OR EXISTS (SELECT 1 FROM meeting_attendees va WHERE va.meeting_id = m.id "
    "AND va.user_id = {0}) OR EXISTS (SELECT 1 FROM meeting_students vs JOIN students s ON s.id = "
    "vs.student_id WHERE vs.meeting_id = m.id AND vs.removed_at IS NULL AND {1}))";

constexpr std::string_view kAddAttendee =
    "INSERT INTO meeting_attendees (meeting_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
constexpr std::string_view kRemoveAttendee =
    "DELETE FROM meeting_attendees WHERE meeting_id = $1 AND user_id = $2";
constexpr std::string_view kAttendees =
    "SELECT a.meeting_id, u.id, u.given_name || ' ' || u.family_name, u.email FROM "
    "meeting_attendees a JOIN users u ON u.id = a.user_id WHERE {} ORDER BY a.meeting_id, "
    "lower(u.family_name), lower(u.given_name), u.id";

constexpr std::string_view kAddStudent =
    "INSERT INTO meeting_students (meeting_id, student_id, added_at, added_by, case_id) VALUES "
    "($1, $2, $3, $4, $5)";
constexpr std::string_view kRemoveStudent =
    "UPDATE meeting_students SET removed_at = $3 WHERE meeting_id = $1 AND student_id = $2 AND "
    "removed_at IS NULL";
constexpr std::string_view kCurrentStudentIds =
    "SELECT student_id FROM meeting_students WHERE meeting_id = $1 AND removed_at IS NULL ORDER BY "
    "student_id";
constexpr std::string_view kVisibleStudents =
    "SELECT ms.meeting_id, s.id, s.given_name || ' ' || s.family_name, s.grade, s.school_id, "
    "ms.case_id FROM meeting_students ms JOIN students s ON s.id = ms.student_id {} ORDER BY "
    "ms.meeting_id, lower(s.family_name), lower(s.given_name), s.id";

constexpr std::string_view kInsertNote =
    "INSERT INTO meeting_notes (meeting_id, student_id, author_id, body, decision, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
constexpr std::string_view kNotes =
    "SELECT n.id, n.meeting_id, n.student_id, n.author_id, COALESCE(u.given_name || ' ' || "
    "u.family_name, ''), n.body, n.decision, n.created_at FROM meeting_notes n LEFT JOIN users u "
    "ON u.id = n.author_id {} ORDER BY n.id LIMIT {}";
// Notes about a student show only to those who may see the student.
constexpr std::string_view kNoteVisibility =
    "(n.student_id IS NULL OR EXISTS (SELECT 1 FROM students s WHERE s.id = n.student_id AND {}))";
}  // namespace sql

namespace {

MeetingRow read_meeting(const Row& r) {
  return MeetingRow{r[0].as_int(),    r[1].as_string(), r[2].as_int(), r[3].as_int(),
                    r[4].as_string(), r[5].as_string(), r[6].as_int(), r[7].opt_int(),
                    r[8].as_int(),    r[9].as_int()};
}

std::string meeting_visibility(Dialect dialect, const StudentScope& scope, QueryBuilder& q) {
  if (scope.everyone) return "1 = 1";
  const auto user = q.bind(scope.user_id);
  const auto through_student = students::visibility_predicate(dialect, scope, q, "s");
  return fmt::format(fmt::runtime(sql::kMeetingVisibility), user, through_student);
}

// "<column> IN (the ids)" with the ids bound as one parameter.
std::string among(Dialect dialect, std::string_view column, const std::vector<Id>& ids,
                  QueryBuilder& q) {
  q.bind(encode_id_list(ids));
  return id_list_membership(dialect, column, static_cast<int>(q.params().size()));
}

}  // namespace

namespace meetings {

Id insert(Connection& conn, const MeetingRow& m) {
  return conn
      .one(sql::kInsertMeeting, m.title, m.starts_at, m.ends_at, m.location, m.status, m.sequence,
           m.created_by, m.created_at)[0]
      .as_int();
}

void update(Connection& conn, const MeetingRow& m) {
  conn.run(sql::kUpdateMeeting, m.id, m.title, m.starts_at, m.ends_at, m.location, m.status,
           m.sequence, m.updated_at);
}

void touch(Connection& conn, Id meeting_id, std::int64_t at) {
  conn.run(sql::kTouchMeeting, meeting_id, at);
}

std::optional<MeetingRow> find(Connection& conn, Id id) {
  auto row = conn.maybe_one(fmt::format(fmt::runtime(sql::kFindMeeting), sql::kMeetingColumns), id);
  if (!row) return std::nullopt;
  return read_meeting(*row);
}

std::optional<MeetingRow> find_visible(Connection& conn, const StudentScope& scope, Id id) {
  QueryBuilder q;
  q.bind(id);
  const auto visible = meeting_visibility(conn.dialect(), scope, q);
  const auto query =
      fmt::format(fmt::runtime(sql::kFindVisibleMeeting), sql::kMeetingColumns, visible);
  auto result = conn.execute(query, q.params());
  if (result.rows.empty()) return std::nullopt;
  return read_meeting(result.rows.front());
}

Page<MeetingRow> list(Connection& conn, const StudentScope& scope, const ListFilter& filter) {
  QueryBuilder q;
  q.where(meeting_visibility(conn.dialect(), scope, q));
  if (filter.from) q.where("m.starts_at >= " + q.bind(*filter.from));
  if (filter.to) q.where("m.starts_at < " + q.bind(*filter.to));
  if (filter.status) q.where("m.status = " + q.bind(*filter.status));
  if (filter.student_id) {
    q.where(fmt::format(
        "EXISTS (SELECT 1 FROM meeting_students fs WHERE fs.meeting_id = m.id AND fs.student_id = "
        "{} AND fs.removed_at IS NULL)",
        q.bind(*filter.student_id)));
  }
  if (filter.attendee_id) {
    q.where(fmt::format(
        "EXISTS (SELECT 1 FROM meeting_attendees fa WHERE fa.meeting_id = m.id AND fa.user_id = "
        "{})",
        q.bind(*filter.attendee_id)));
  }
  q.after_keys(filter.after, {{"m.starts_at", true}, {"m.id", true}}, false);
  const auto limit = q.bind(std::int64_t{filter.limit + 1});
  const auto query =
      fmt::format(fmt::runtime(sql::kListMeetings), sql::kMeetingColumns, q.where_clause(), limit);
  std::vector<MeetingRow> rows;
  for (const auto& row : conn.execute(query, q.params()).rows) rows.push_back(read_meeting(row));
  return make_page(std::move(rows), filter.limit, [](const MeetingRow& last) {
    return std::vector<std::string>{std::to_string(last.starts_at), std::to_string(last.id)};
  });
}

void add_attendee(Connection& conn, Id meeting_id, Id user_id) {
  conn.run(sql::kAddAttendee, meeting_id, user_id);
}

void remove_attendee(Connection& conn, Id meeting_id, Id user_id) {
  conn.run(sql::kRemoveAttendee, meeting_id, user_id);
}

std::vector<MeetingAttendee> attendees(Connection& conn, const std::vector<Id>& meeting_ids) {
  if (meeting_ids.empty()) return {};
  QueryBuilder q;
  const auto condition = among(conn.dialect(), "a.meeting_id", meeting_ids, q);
  const auto query = fmt::format(fmt::runtime(sql::kAttendees), condition);
  std::vector<MeetingAttendee> result;
  for (const auto& r : conn.execute(query, q.params()).rows) {
    result.push_back({r[0].as_int(), r[1].as_int(), r[2].as_string(), r[3].as_string()});
  }
  return result;
}

void add_student(Connection& conn, Id meeting_id, Id student_id, std::optional<Id> added_by,
                 std::int64_t at, std::optional<Id> case_id) {
  conn.run(sql::kAddStudent, meeting_id, student_id, at, added_by, case_id);
}

bool remove_student(Connection& conn, Id meeting_id, Id student_id, std::int64_t at) {
  return conn.run(sql::kRemoveStudent, meeting_id, student_id, at).affected > 0;
}

std::vector<Id> current_student_ids(Connection& conn, Id meeting_id) {
  std::vector<Id> ids;
  for (const auto& r : conn.run(sql::kCurrentStudentIds, meeting_id).rows) {
    ids.push_back(r[0].as_int());
  }
  return ids;
}

std::vector<MeetingStudent> visible_students(Connection& conn, const StudentScope& scope,
                                             const std::vector<Id>& meeting_ids) {
  if (meeting_ids.empty()) return {};
  QueryBuilder q;
  q.where(among(conn.dialect(), "ms.meeting_id", meeting_ids, q));
  q.where("ms.removed_at IS NULL");
  q.where(students::visibility_predicate(conn.dialect(), scope, q, "s"));
  const auto query = fmt::format(fmt::runtime(sql::kVisibleStudents), q.where_clause());
  std::vector<MeetingStudent> result;
  for (const auto& r : conn.execute(query, q.params()).rows) {
    result.push_back({r[0].as_int(), r[1].as_int(), r[2].as_string(), r[3].as_string(),
                      r[4].as_int(), r[5].opt_int()});
  }
  return result;
}

Id insert_note(Connection& conn, const MeetingNote& n) {
  return conn
      .one(sql::kInsertNote, n.meeting_id, n.student_id, n.author_id, n.body, n.decision,
           n.created_at)[0]
      .as_int();
}

Page<MeetingNote> notes(Connection& conn, const StudentScope& scope, Id meeting_id,
                        std::optional<Id> student_id, const std::optional<std::string>& after,
                        int limit) {
  QueryBuilder q;
  q.where("n.meeting_id = " + q.bind(meeting_id));
  if (student_id) q.where("n.student_id = " + q.bind(*student_id));
  q.where(fmt::format(fmt::runtime(sql::kNoteVisibility),
                      students::visibility_predicate(conn.dialect(), scope, q, "s")));
  q.after_keys(after, {{"n.id", true}}, false);
  const auto query =
      fmt::format(fmt::runtime(sql::kNotes), q.where_clause(), q.bind(std::int64_t{limit + 1}));
  std::vector<MeetingNote> result;
  for (const auto& r : conn.execute(query, q.params()).rows) {
    result.push_back({r[0].as_int(), r[1].as_int(), r[2].opt_int(), r[3].opt_int(),
                      r[4].as_string(), r[5].as_string(), r[6].opt_string(), r[7].as_int()});
  }
  return make_page(std::move(result), limit, [](const MeetingNote& last) {
    return std::vector<std::string>{std::to_string(last.id)};
  });
}

}  // namespace meetings
}  // namespace trellis::store
