#include "store/cases_queries.hpp"

#include <fmt/format.h>

#include <limits>

#include "store/dialect.hpp"
#include "store/query_builder.hpp"
#include "store/students_repo.hpp"

namespace trellis::store::case_queries {

namespace sql {
// Task progress and the next meeting are correlated subqueries on indexed columns
// (tasks_case, meeting_students_student), so a page costs one query however long it is.
constexpr std::string_view kDashboardSelect =
    "SELECT c.id, c.student_id, c.status_id, c.opened_at, c.opened_by_kind, "
    "c.opened_by_event_id, c.opened_by_user_id, c.opened_rule, c.dictionary_version_id, "
    "c.manager_id, c.focus_area_id, c.closed_at, c.closed_by, c.close_reason_id, c.close_note, "
    "c.last_activity_at, c.updated_at, s.given_name, s.family_name, s.local_id, s.grade, "
    "s.school_id, sc.name, st.name, st.closed, m.given_name || ' ' || m.family_name, fa.name, "
    "cr.name, "
    "(SELECT count(*) FROM tasks t WHERE t.case_id = c.id AND t.status = 'completed'), "
    "(SELECT count(*) FROM tasks t WHERE t.case_id = c.id), "
    "(SELECT count(*) FROM tasks t WHERE t.case_id = c.id AND t.status = 'open' AND t.due_date < "
    "{today}), "
    "(SELECT min(mt.starts_at) FROM meeting_students ms JOIN meetings mt ON mt.id = "
    "ms.meeting_id WHERE ms.student_id = c.student_id AND ms.removed_at IS NULL AND mt.status = "
    "'scheduled' AND mt.starts_at >= {now}), "
    "lower(s.family_name), lower(s.given_name) "
    "FROM cases c JOIN students s ON s.id = c.student_id JOIN schools sc ON sc.id = s.school_id "
    "JOIN dictionary_values st ON st.id = c.status_id LEFT JOIN users m ON m.id = c.manager_id "
    "LEFT JOIN dictionary_values fa ON fa.id = c.focus_area_id LEFT JOIN dictionary_values cr ON "
    "cr.id = c.close_reason_id ";
constexpr std::string_view kCountWithStatus =
    "SELECT count(*) FROM cases WHERE status_id = $1 AND (closed_at IS NULL) = ($2 = 1)";
constexpr std::string_view kTasksOfCase =
    "SELECT t.id, t.title, t.status, t.due_date, t.assignee_id, u.given_name || ' ' || "
    "u.family_name FROM tasks t JOIN users u ON u.id = t.assignee_id WHERE t.case_id = $1 "
    "ORDER BY t.status DESC, t.due_date, t.id";
constexpr std::string_view kMeetingsOfCase =
    "SELECT mt.id, mt.title, mt.starts_at, mt.ends_at, mt.status FROM meeting_students ms JOIN "
    "meetings mt ON mt.id = ms.meeting_id WHERE ms.student_id = $1 AND ms.removed_at IS NULL "
    "AND mt.ends_at >= $2 AND mt.starts_at < $3 ORDER BY mt.starts_at, mt.id";
}  // namespace sql

namespace {

struct SortSpec {
  std::vector<QueryBuilder::SortKey> keys;
  bool descending;
};

SortSpec sort_spec(CaseSort sort) {
  switch (sort) {
    case CaseSort::opened_oldest:
      return {{{"c.opened_at", true}, {"c.id", true}}, false};
    case CaseSort::last_activity:
      return {{{"c.last_activity_at", true}, {"c.id", true}}, true};
    case CaseSort::student_name:
      return {{{"lower(s.family_name)", false}, {"lower(s.given_name)", false}, {"c.id", true}},
              false};
    case CaseSort::opened_newest:
      break;
  }
  return {{{"c.opened_at", true}, {"c.id", true}}, true};
}

// The ORDER BY of a page. `sorted`: the rows are few and found some other way (a part of the
// district: a school's cases already taken, the related students' few), so they are best
// sorted; left alone, PostgreSQL walks every open case in date order hoping to meet them soon
// (2 s at a million students), so the first key becomes an expression no index provides.
// Otherwise the order is the index's, for a walk that stops at the page.
enum class Ordering { index_walk, sorted };

std::string order_by(const SortSpec& spec, Ordering ordering) {
  std::vector<std::string> terms;
  for (const auto& key : spec.keys) {
    std::string term = key.column;
    if (terms.empty() && ordering == Ordering::sorted) {
      term = "(" + key.column + (key.is_integer ? " + 0)" : " || '')");
    }
    terms.push_back(term + (spec.descending ? " DESC" : ""));
  }
  return fmt::format("{}", fmt::join(terms, ", "));
}

Ordering ordering_for(const StudentScope& scope) {
  return scope.everyone ? Ordering::index_walk : Ordering::sorted;
}

std::vector<std::string> keys_of(CaseSort sort, const DashboardRow& row, const Row& r) {
  switch (sort) {
    case CaseSort::opened_oldest:
    case CaseSort::opened_newest:
      return {std::to_string(row.c.opened_at), std::to_string(row.c.id)};
    case CaseSort::last_activity:
      return {std::to_string(row.c.last_activity_at), std::to_string(row.c.id)};
    case CaseSort::student_name:
      return {r[32].as_string(), r[33].as_string(), std::to_string(row.c.id)};
  }
  return {};
}

DashboardRow read_row(const Row& r, CaseSort sort) {
  DashboardRow d;
  d.c = cases::read_case(r, 0);
  const auto& c = d.c;
  d.student_id = c.student_id;
  d.given_name = r[17].as_string();
  d.family_name = r[18].as_string();
  d.local_id = r[19].opt_string();
  d.grade = r[20].as_string();
  d.school_id = r[21].as_int();
  d.school_name = r[22].as_string();
  d.status_name = r[23].as_string();
  d.status_closed = r[24].as_bool();
  d.manager_name = r[25].opt_string();
  d.focus_area_name = r[26].opt_string();
  d.close_reason_name = r[27].opt_string();
  d.tasks = {r[28].as_int(), r[29].as_int(), r[30].as_int()};
  d.next_meeting_at = r[31].opt_int();
  d.sort_keys = keys_of(sort, d, r);
  return d;
}

// The dashboard's filters but the access rule, on cases c joined to students s.
void add_filters(Dialect dialect, const DashboardFilter& f, QueryBuilder& q) {
  if (f.status == "open") q.where("c.closed_at IS NULL");
  if (f.status == "closed") q.where("c.closed_at IS NOT NULL");
  if (f.status_id) q.where("c.status_id = " + q.bind(*f.status_id));
  if (f.student_id) q.where("c.student_id = " + q.bind(*f.student_id));
  if (f.school_id) q.where("c.school_id = " + q.bind(*f.school_id));
  if (f.grade) q.where("c.grade = " + q.bind(*f.grade));
  if (f.trigger) q.where("c.opened_by_kind = " + q.bind(*f.trigger));
  if (f.manager_id) q.where("c.manager_id = " + q.bind(*f.manager_id));
  if (f.focus_area_id) q.where("c.focus_area_id = " + q.bind(*f.focus_area_id));
  if (f.opened_from) q.where("c.opened_at >= " + q.bind(*f.opened_from));
  if (f.opened_to) q.where("c.opened_at < " + q.bind(*f.opened_to));
  if (f.query) q.where(students::name_or_local_id_matches(*f.query, q));
  if (!f.case_ids.empty()) {
    q.where(id_list_membership(dialect, "c.id", static_cast<int>(q.params().size() + 1)));
    q.bind(encode_id_list(f.case_ids));
  }
}

// A page for someone who sees part of the district, as the union of two index walks, each in
// page order and cut at the page size: the cases of their schools (cases.school_id, which a
// trigger keeps equal to the student's school, through (school_id, opened_at, id)), and the
// cases of the few students related to them, found through those students and sorted. One
// query over both with an OR could use neither index for the order (975 pages a second for a
// counselor at 100,000 students, a quarter of a district administrator's).
std::string scoped_page_query(Dialect dialect, const StudentScope& scope, const SortSpec& spec,
                              const std::string& select, QueryBuilder& q, int limit) {
  const auto other_filters = q.where_clause();
  const auto page = q.bind(std::int64_t{limit});
  const auto branch = [&](const std::string& condition, const std::string& order) {
    return fmt::format(
        "SELECT id FROM (SELECT c.id FROM cases c JOIN students s ON s.id = c.student_id {} {} "
        "{} ORDER BY {} LIMIT {}) AS branch",
        other_filters, other_filters.empty() ? "WHERE" : "AND", condition, order, page);
  };
  std::string branches;
  if (!scope.school_ids.empty()) {
    branches = branch(students::school_membership(dialect, scope, q, "c.school_id"),
                      order_by(spec, Ordering::index_walk)) +
               " UNION ALL ";
  }
  branches += branch(students::related_membership(dialect, scope, q, "c.student_id"),
                     order_by(spec, Ordering::sorted));
  // The outer sort is over at most two pages of rows: sorted, never an index walk.
  return fmt::format("{} WHERE c.id IN ({}) ORDER BY {} LIMIT {}", select, branches,
                     order_by(spec, Ordering::sorted), page);
}

std::vector<DashboardRow> run_list(Connection& conn, const StudentScope& scope,
                                   const DashboardFilter& filter, const std::string& today,
                                   std::int64_t now, std::optional<int> limit) {
  QueryBuilder q;
  const auto select = fmt::format(fmt::runtime(sql::kDashboardSelect),
                                  fmt::arg("today", q.bind(today)), fmt::arg("now", q.bind(now)));
  const auto spec = sort_spec(filter.sort);
  add_filters(conn.dialect(), filter, q);
  q.after_keys(filter.after, spec.keys, spec.descending);
  std::string query;
  if (!scope.everyone && limit) {
    query = scoped_page_query(conn.dialect(), scope, spec, select, q, *limit);
  } else {
    q.where(students::visibility_predicate(conn.dialect(), scope, q, "s"));
    query = select + q.where_clause() + " ORDER BY " + order_by(spec, ordering_for(scope));
    if (limit) query += " LIMIT " + q.bind(std::int64_t{*limit});
  }
  std::vector<DashboardRow> rows;
  for (const auto& row : conn.execute(query, q.params()).rows) {
    rows.push_back(read_row(row, filter.sort));
  }
  return rows;
}

std::vector<Count> counts(Connection& conn, const std::string& query,
                          const std::vector<Param>& params) {
  std::vector<Count> items;
  for (const auto& r : conn.execute(query, params).rows) {
    items.push_back({r[0].as_string(), r[1].as_string(), r[2].as_int()});
  }
  return items;
}

}  // namespace

Page<DashboardRow> list(Connection& conn, const StudentScope& scope, const DashboardFilter& filter,
                        const std::string& today, std::int64_t now) {
  auto rows = run_list(conn, scope, filter, today, now, filter.limit + 1);
  return make_page(std::move(rows), filter.limit,
                   [](const DashboardRow& last) { return last.sort_keys; });
}

std::vector<DashboardRow> all(Connection& conn, const StudentScope& scope,
                              const DashboardFilter& filter, const std::string& today,
                              std::int64_t now) {
  auto unpaged = filter;
  unpaged.after.reset();
  return run_list(conn, scope, unpaged, today, now, std::nullopt);
}

std::optional<DashboardRow> one(Connection& conn, const StudentScope& scope, Id case_id,
                                const std::string& today, std::int64_t now) {
  QueryBuilder q;
  const auto select = fmt::format(fmt::runtime(sql::kDashboardSelect),
                                  fmt::arg("today", q.bind(today)), fmt::arg("now", q.bind(now)));
  q.where("c.id = " + q.bind(case_id));
  q.where(students::visibility_predicate(conn.dialect(), scope, q, "s"));
  auto result = conn.execute(select + q.where_clause(), q.params());
  if (result.rows.empty()) return std::nullopt;
  return read_row(result.rows.front(), CaseSort::opened_newest);
}

Summary summary(Connection& conn, const StudentScope& scope, std::int64_t weeks_from) {
  QueryBuilder q;
  const auto visible = students::visibility_predicate(conn.dialect(), scope, q, "s");
  const auto from = "FROM cases c JOIN students s ON s.id = c.student_id ";
  const auto open_where = fmt::format("WHERE {} AND c.closed_at IS NULL ", visible);
  const auto& params = q.params();
  Summary out;
  auto totals =
      conn.execute(fmt::format("SELECT count(*) FILTER (WHERE c.closed_at IS NULL), "
                               "count(*) FILTER (WHERE c.closed_at IS NOT NULL) {} WHERE {}",
                               from, visible),
                   params);
  if (!totals.rows.empty()) {
    out.open = totals.rows[0][0].as_int();
    out.closed = totals.rows[0][1].as_int();
  }
  out.by_status = counts(
      conn,
      fmt::format("SELECT CAST(st.id AS TEXT), st.name, count(*) {} JOIN dictionary_values st ON "
                  "st.id = c.status_id {} GROUP BY st.id, st.name ORDER BY st.id",
                  from, open_where),
      params);
  out.by_trigger = counts(conn,
                          fmt::format("SELECT c.opened_by_kind, c.opened_by_kind, count(*) {} {} "
                                      "GROUP BY c.opened_by_kind ORDER BY c.opened_by_kind",
                                      from, open_where),
                          params);
  out.by_school = counts(
      conn,
      fmt::format("SELECT CAST(sc.id AS TEXT), sc.name, count(*) {} JOIN schools sc ON sc.id = "
                  "s.school_id {} GROUP BY sc.id, sc.name ORDER BY sc.name",
                  from, open_where),
      params);
  out.by_school_grade = counts(
      conn,
      fmt::format("SELECT CAST(s.school_id AS TEXT) || '/' || s.grade, s.grade, count(*) {} {} "
                  "GROUP BY s.school_id, s.grade ORDER BY s.school_id, s.grade",
                  from, open_where),
      params);
  // Weeks start on Monday: the Unix epoch was a Thursday, 3 days after a Monday.
  constexpr std::int64_t kWeek = 7LL * 86'400'000'000LL;
  constexpr std::int64_t kMondayOffset = 3LL * 86'400'000'000LL;
  QueryBuilder weekly = q;
  const auto since = weekly.bind(weeks_from);
  const auto week_query = fmt::format(
      "SELECT ((c.opened_at + {1}) / {0}) * {0} - {1}, c.opened_by_kind, count(*) {2} WHERE {3} "
      "AND c.opened_at >= {4} GROUP BY 1, 2 ORDER BY 1, 2",
      kWeek, kMondayOffset, from, visible, since);
  for (const auto& r : conn.execute(week_query, weekly.params()).rows) {
    out.opened_per_week.push_back({r[0].as_int(), r[1].as_string(), r[2].as_int()});
  }
  return out;
}

std::int64_t count_with_status(Connection& conn, Id status_id, bool open) {
  return conn.one(sql::kCountWithStatus, status_id, open)[0].as_int();
}

std::vector<CaseTask> tasks_of_case(Connection& conn, Id case_id) {
  std::vector<CaseTask> items;
  for (const auto& r : conn.run(sql::kTasksOfCase, case_id).rows) {
    items.push_back({r[0].as_int(), r[1].as_string(), r[2].as_string(), r[3].opt_string(),
                     r[4].as_int(), r[5].as_string()});
  }
  return items;
}

std::vector<CaseMeeting> meetings_of_case(Connection& conn, const CaseRow& c) {
  std::vector<CaseMeeting> items;
  for (const auto& r : conn.run(sql::kMeetingsOfCase, c.student_id, c.opened_at,
                                c.closed_at.value_or(std::numeric_limits<std::int64_t>::max()))
                           .rows) {
    items.push_back(
        {r[0].as_int(), r[1].as_string(), r[2].as_int(), r[3].as_int(), r[4].as_string()});
  }
  return items;
}

}  // namespace trellis::store::case_queries
