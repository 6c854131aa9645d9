#include "store/tasks_repo.hpp"

#include <fmt/format.h>

#include "store/query_builder.hpp"
#include "store/students_repo.hpp"

namespace trellis::store::tasks {

namespace sql {
constexpr std::string_view kTaskColumns =
    "t.id, t.student_id, t.assignee_id, t.created_by, t.case_id, t.title, t.description, "
    "t.due_date, t.status, t.completed_at, t.completed_by, t.created_at, t.updated_at";
// What a listing adds to the row; notes_count is a correlated count, still one query per page.
constexpr std::string_view kListingColumns =
    "s.given_name || ' ' || s.family_name, s.grade, s.school_id, "
    "a.given_name || ' ' || a.family_name, c.given_name || ' ' || c.family_name, "
    "(SELECT count(*) FROM task_notes n WHERE n.task_id = t.id)";
constexpr std::string_view kListingFrom =
    "FROM tasks t JOIN students s ON s.id = t.student_id JOIN users a ON a.id = t.assignee_id "
    "LEFT JOIN users c ON c.id = t.created_by";
constexpr std::string_view kFindTask = "SELECT {} FROM tasks t WHERE t.id = $1";
constexpr std::string_view kInsertTask =
    "INSERT INTO tasks (student_id, assignee_id, created_by, case_id, title, description, "
    "due_date, status, completed_at, completed_by, created_at, updated_at) VALUES ($1, $2, $3, "
    "$4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id";
constexpr std::string_view kUpdateTask =
    "UPDATE tasks SET assignee_id = $2, case_id = $3, title = $4, description = $5, "
    "due_date = $6, status = $7, completed_at = $8, completed_by = $9, updated_at = $10 "
    "WHERE id = $1";
// Tasks without a due date sort after every dated one.
constexpr std::string_view kDueKey = "COALESCE(t.due_date, '9999-12-31')";
constexpr std::string_view kNoDueDateKey = "9999-12-31";

constexpr std::string_view kNoteColumns =
    "n.id, n.task_id, n.author_id, COALESCE(u.given_name || ' ' || u.family_name, ''), n.body, "
    "n.created_at";
constexpr std::string_view kNoteFrom = "FROM task_notes n LEFT JOIN users u ON u.id = n.author_id";
constexpr std::string_view kInsertNote =
    "INSERT INTO task_notes (task_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) "
    "RETURNING id";
}  // namespace sql

namespace {

TaskRow read_task(const Row& row) {
  TaskRow t;
  t.id = row[0].as_int();
  t.student_id = row[1].as_int();
  t.assignee_id = row[2].as_int();
  t.created_by = row[3].opt_int();
  t.case_id = row[4].opt_int();
  t.title = row[5].as_string();
  t.description = row[6].as_string();
  t.due_date = row[7].opt_string();
  t.status = row[8].as_string();
  t.completed_at = row[9].opt_int();
  t.completed_by = row[10].opt_int();
  t.created_at = row[11].as_int();
  t.updated_at = row[12].as_int();
  return t;
}

constexpr std::size_t kTaskColumnCount = 13;

TaskListing read_listing(const Row& row) {
  TaskListing listing;
  listing.task = read_task(row);
  listing.student_name = row[kTaskColumnCount].as_string();
  listing.student_grade = row[kTaskColumnCount + 1].as_string();
  listing.student_school_id = row[kTaskColumnCount + 2].as_int();
  listing.assignee_name = row[kTaskColumnCount + 3].as_string();
  listing.created_by_name = row[kTaskColumnCount + 4].opt_string();
  listing.notes_count = row[kTaskColumnCount + 5].as_int();
  return listing;
}

NoteRow read_note(const Row& row) {
  return NoteRow{row[0].as_int(),    row[1].as_int(),    row[2].opt_int(),
                 row[3].as_string(), row[4].as_string(), row[5].as_int()};
}

std::string listing_query(const QueryBuilder& q, std::string_view tail = "") {
  return fmt::format("SELECT {}, {} {} {} {}", sql::kTaskColumns, sql::kListingColumns,
                     sql::kListingFrom, q.where_clause(), tail);
}

}  // namespace

Id insert(Connection& conn, const TaskRow& t) {
  return conn
      .one(sql::kInsertTask, t.student_id, t.assignee_id, t.created_by, t.case_id, t.title,
           t.description, t.due_date, t.status, t.completed_at, t.completed_by, t.created_at,
           t.updated_at)[0]
      .as_int();
}

void update(Connection& conn, const TaskRow& t) {
  conn.run(sql::kUpdateTask, t.id, t.assignee_id, t.case_id, t.title, t.description, t.due_date,
           t.status, t.completed_at, t.completed_by, t.updated_at);
}

std::optional<TaskRow> find(Connection& conn, Id id) {
  auto row = conn.maybe_one(fmt::format(fmt::runtime(sql::kFindTask), sql::kTaskColumns), id);
  if (!row) return std::nullopt;
  return read_task(*row);
}

std::optional<TaskListing> find_visible(Connection& conn, const StudentScope& scope, Id id) {
  QueryBuilder q;
  q.where("t.id = " + q.bind(id));
  q.where(students::visibility_predicate(conn.dialect(), scope, q, "s"));
  auto result = conn.execute(listing_query(q), q.params());
  if (result.rows.empty()) return std::nullopt;
  return read_listing(result.rows.front());
}

Page<TaskListing> list(Connection& conn, const StudentScope& scope, const ListFilter& filter) {
  QueryBuilder q;
  q.where(students::visibility_predicate(conn.dialect(), scope, q, "s"));
  if (filter.assignee_id) q.where("t.assignee_id = " + q.bind(*filter.assignee_id));
  if (filter.student_id) q.where("t.student_id = " + q.bind(*filter.student_id));
  if (filter.status == StatusFilter::open) q.where("t.status = 'open'");
  if (filter.status == StatusFilter::completed) q.where("t.status = 'completed'");
  if (filter.due_before) {
    q.where("t.status = 'open' AND t.due_date < " + q.bind(*filter.due_before));
  }
  q.after_cursor(filter.after, {std::string(sql::kDueKey), "t.id"});
  const auto limit = q.bind(std::int64_t{filter.limit + 1});
  const auto query =
      listing_query(q, fmt::format("ORDER BY {}, t.id LIMIT {}", sql::kDueKey, limit));
  std::vector<TaskListing> rows;
  for (const auto& row : conn.execute(query, q.params()).rows) rows.push_back(read_listing(row));
  return make_page(std::move(rows), filter.limit, [](const TaskListing& last) {
    return std::vector<std::string>{last.task.due_date.value_or(std::string(sql::kNoDueDateKey)),
                                    std::to_string(last.task.id)};
  });
}

Id insert_note(Connection& conn, const NoteRow& note) {
  return conn.one(sql::kInsertNote, note.task_id, note.author_id, note.body, note.created_at)[0]
      .as_int();
}

std::optional<NoteRow> find_note(Connection& conn, Id id) {
  auto row = conn.maybe_one(
      fmt::format("SELECT {} {} WHERE n.id = $1", sql::kNoteColumns, sql::kNoteFrom), id);
  if (!row) return std::nullopt;
  return read_note(*row);
}

Page<NoteRow> notes(Connection& conn, Id task_id, const std::optional<std::string>& after,
                    int limit) {
  QueryBuilder q;
  q.where("n.task_id = " + q.bind(task_id));
  q.after_cursor(after, {"n.id"});
  const auto query = fmt::format("SELECT {} {} {} ORDER BY n.id LIMIT {}", sql::kNoteColumns,
                                 sql::kNoteFrom, q.where_clause(), q.bind(std::int64_t{limit + 1}));
  std::vector<NoteRow> rows;
  for (const auto& row : conn.execute(query, q.params()).rows) rows.push_back(read_note(row));
  return make_page(std::move(rows), limit, [](const NoteRow& last) {
    return std::vector<std::string>{std::to_string(last.id)};
  });
}

}  // namespace trellis::store::tasks
