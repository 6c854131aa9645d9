#include "store/students_repo.hpp"

#include <fmt/format.h>

#include <cctype>

#include "store/dialect.hpp"
#include "store/query_builder.hpp"
#include "util/time.hpp"

namespace trellis::store {

namespace sql {
constexpr std::string_view kStudentColumns =
    "s.id, s.sourced_id, s.local_id, s.given_name, s.family_name, s.middle_name, "
    "s.preferred_name, s.grade, s.school_id, s.birth_date, s.sex, s.email, s.demographics, "
    "s.active, s.created_at, s.updated_at, lower(s.family_name), lower(s.given_name)";
constexpr std::string_view kFindStudent = "SELECT {} FROM students s WHERE s.id = $1";
constexpr std::string_view kFindVisibleStudent = "SELECT {} FROM students s WHERE s.id = $1 AND {}";
constexpr std::string_view kInsertStudent =
    "INSERT INTO students (sourced_id, local_id, given_name, family_name, middle_name, "
    "preferred_name, grade, school_id, birth_date, sex, email, demographics, active, created_at, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) "
    "RETURNING id";
constexpr std::string_view kSchoolColumns =
    "SELECT id, sourced_id, name, level, identifier, active FROM schools ";
constexpr std::string_view kInsertSchool =
    "INSERT INTO schools (sourced_id, name, level, identifier, active, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id";
}  // namespace sql

namespace {

struct StudentRow {
  Student student;
  std::string family_key;  // lower(family_name) as the database sorts it
  std::string given_key;
};

StudentRow read_student(const Row& row) {
  Student s;
  s.id = row[0].as_int();
  s.sourced_id = row[1].opt_string();
  s.local_id = row[2].opt_string();
  s.given_name = row[3].as_string();
  s.family_name = row[4].as_string();
  s.middle_name = row[5].opt_string();
  s.preferred_name = row[6].opt_string();
  s.grade = row[7].as_string();
  s.school_id = row[8].as_int();
  s.birth_date = row[9].opt_string();
  s.sex = row[10].opt_string();
  s.email = row[11].opt_string();
  s.demographics_json = row[12].as_string();
  s.active = row[13].as_bool();
  s.created_at = row[14].as_int();
  s.updated_at = row[15].as_int();
  return {std::move(s), row[16].as_string(), row[17].as_string()};
}

}  // namespace

namespace students {

// THE access rule as SQL, for single records and lists alike. The domain decides the scope
// (domain/access); this only expresses it: school-wide roles, then the user's class rosters,
// then any named grant (case, task, meeting, group, plan). Written as "school, or one of a
// set of ids" rather than correlated EXISTS tests so that a list for a school-scoped user is
// driven by that user's students (a MULTI-INDEX OR in SQLite, a bitmap OR in PostgreSQL)
// instead of walking a district's million rows in sort order and testing each.
std::string school_membership(Dialect dialect, const StudentScope& scope, QueryBuilder& q,
                              std::string_view school_id_column) {
  if (scope.school_ids.empty()) return "1 = 0";
  // One school (most people's) as an equality, so an index on (school_id, sort key) gives rows
  // already in order; PostgreSQL does not keep index order through = ANY.
  if (scope.school_ids.size() == 1) {
    return fmt::format("{} = {}", school_id_column, q.bind(scope.school_ids.front()));
  }
  auto membership =
      id_list_membership(dialect, school_id_column, static_cast<int>(q.params().size() + 1));
  q.bind(encode_id_list(scope.school_ids));
  return membership;
}

std::string related_membership(Dialect dialect, const StudentScope& scope, QueryBuilder& q,
                               std::string_view student_id_column) {
  const auto user = q.bind(scope.user_id);
  const auto now = q.bind(scope.now);
  return fmt::format(
      "{2} {3} (SELECT se.student_id FROM enrollments te JOIN enrollments se ON "
      "se.class_id = te.class_id WHERE te.user_id = {1} AND te.active = 1 AND se.active = 1 "
      "UNION ALL SELECT g.student_id FROM student_access_grants g WHERE g.user_id = {1} AND "
      "(g.ends_at IS NULL OR g.ends_at > {0})){4}",
      now, user, student_id_column, dialect == Dialect::postgres ? "= ANY(ARRAY" : "IN",
      dialect == Dialect::postgres ? ")" : "");
}

std::string visibility_predicate(Dialect dialect, const StudentScope& scope, QueryBuilder& q,
                                 std::string_view alias) {
  if (scope.everyone) return "1 = 1";
  // Written so both databases find the visible students through indexes, each arm of the OR
  // on its own (SQLite's MULTI-INDEX OR, PostgreSQL's BitmapOr, which needs = ANY(ARRAY(...))).
  const auto by_school = school_membership(dialect, scope, q, fmt::format("{}.school_id", alias));
  return fmt::format("({} OR {})", by_school,
                     related_membership(dialect, scope, q, fmt::format("{}.id", alias)));
}

std::optional<Student> find(Connection& conn, Id id) {
  auto row = conn.maybe_one(fmt::format(fmt::runtime(sql::kFindStudent), sql::kStudentColumns), id);
  if (!row) return std::nullopt;
  return read_student(*row).student;
}

std::string name_or_local_id_matches(const std::string& query, QueryBuilder& q) {
  const auto prefix = q.bind(like_prefix(query));
  const auto exact = q.bind(query);
  return fmt::format(
      "(lower(s.family_name) LIKE {0} ESCAPE '\\' OR lower(s.given_name) LIKE {0} ESCAPE '\\' "
      "OR s.local_id = {1})",
      prefix, exact);
}

std::vector<Student> find_many(Connection& conn, const std::vector<Id>& ids) {
  std::vector<Student> students;
  if (ids.empty()) return students;
  const auto query = fmt::format(
      "SELECT {} FROM students s WHERE {} ORDER BY lower(s.family_name), lower(s.given_name), s.id",
      sql::kStudentColumns, id_list_membership(conn.dialect(), "s.id", 1));
  for (const auto& row : conn.run(query, encode_id_list(ids)).rows) {
    students.push_back(read_student(row).student);
  }
  return students;
}

std::vector<Student> find_many_visible(Connection& conn, const StudentScope& scope,
                                       const std::vector<Id>& ids) {
  std::vector<Student> students;
  if (ids.empty()) return students;
  QueryBuilder q;
  q.bind(encode_id_list(ids));
  q.where(id_list_membership(conn.dialect(), "s.id", 1));
  q.where(visibility_predicate(conn.dialect(), scope, q, "s"));
  const auto query = fmt::format("SELECT {} FROM students s {} ORDER BY s.id", sql::kStudentColumns,
                                 q.where_clause());
  for (const auto& row : conn.execute(query, q.params()).rows) {
    students.push_back(read_student(row).student);
  }
  return students;
}

std::optional<Student> find_visible(Connection& conn, const StudentScope& scope, Id id) {
  QueryBuilder q;
  q.bind(id);
  const auto predicate = visibility_predicate(conn.dialect(), scope, q, "s");
  const auto query =
      fmt::format(fmt::runtime(sql::kFindVisibleStudent), sql::kStudentColumns, predicate);
  auto result = conn.execute(query, q.params());
  if (result.rows.empty()) return std::nullopt;
  return read_student(result.rows.front()).student;
}

namespace {

constexpr std::string_view kNameOrder = "lower(s.family_name), lower(s.given_name), s.id";

// "starts with" for a lowercased prefix as an index range on lower(column). Only for a prefix
// ending in an ASCII letter or digit (has_prefix_range), where the range [prefix, prefix with
// its last character raised by one) holds every match under any collation.
// - SQLite compares bytes (BINARY) and folds only ASCII, in lower() and in LIKE alike, so the
//   range is exactly the match. A LIKE on a bound pattern there would also make SQLite prepare
//   the statement again at every execution (its LIKE optimisation depends on the value): a
//   quarter of a search's time.
// - PostgreSQL's collation may order linguistically, so the range is ANDed with the LIKE that
//   defines the match.
bool has_prefix_range(const std::string& query) {
  return !query.empty() && std::isalnum(static_cast<unsigned char>(query.back()));
}

std::string prefix_range(Dialect dialect, std::string_view column, const std::string& query,
                         QueryBuilder& q) {
  auto low = ascii_lower(query);
  auto high = low;
  high.back() = static_cast<char>(high.back() + 1);
  auto range = fmt::format("{0} >= {1} AND {0} < {2}", column, q.bind(low), q.bind(high));
  if (dialect == Dialect::sqlite) return range;
  return fmt::format("{} AND {} LIKE {} ESCAPE '\\'", range, column, q.bind(like_prefix(query)));
}

// A name search as a union of small index walks, each already in page order and cut at the
// page size, instead of one walk of the whole name index testing every row (for a counselor
// that was the visibility subquery on each of 100,000 rows, 30 searches a second). The page is
// the first `limit` of the union, so each branch carries every other filter.
// - The whole district: the family-name range, the given-name range, the exact local id.
// - Otherwise: the same three within the schools of the person's school-wide roles (index
//   (school_id, lower(family_name), ...)), and the students related to them (rosters, grants:
//   a few hundred) tested by name and local id.
std::optional<std::string> name_search(Dialect dialect, const StudentScope& scope,
                                       const std::string& query, const std::string& limit,
                                       QueryBuilder& q) {
  if (!has_prefix_range(query)) return std::nullopt;
  // Each parameter is bound only where a branch uses it: PostgreSQL refuses a statement with a
  // parameter it cannot type.
  const auto other_filters = q.where_clause();
  const auto family = [&] { return prefix_range(dialect, "lower(s.family_name)", query, q); };
  const auto given = [&] { return prefix_range(dialect, "lower(s.given_name)", query, q); };
  const auto branch = [&](const std::string& condition) {
    return fmt::format(
        "SELECT id FROM (SELECT s.id FROM students s {} {} {} ORDER BY {} LIMIT {}) AS branch",
        other_filters, other_filters.empty() ? "WHERE" : "AND", condition, kNameOrder, limit);
  };
  std::vector<std::string> branches;
  if (scope.everyone) {
    branches = {branch(family()), branch(given()), branch("s.local_id = " + q.bind(query))};
  } else {
    if (!scope.school_ids.empty()) {
      const auto schools = school_membership(dialect, scope, q, "s.school_id");
      branches.push_back(branch(schools + " AND " + family()));
      branches.push_back(branch(schools + " AND " + given()));
      branches.push_back(branch(schools + " AND s.local_id = " + q.bind(query)));
    }
    branches.push_back(branch(related_membership(dialect, scope, q, "s.id") + " AND ((" + family() +
                              ") OR (" + given() + ") OR s.local_id = " + q.bind(query) + ")"));
  }
  std::string all;
  for (const auto& one : branches) all += (all.empty() ? "" : " UNION ALL ") + one;
  return fmt::format("SELECT {} FROM students s WHERE s.id IN ({}) ORDER BY {} LIMIT {}",
                     sql::kStudentColumns, all, kNameOrder, limit);
}

std::string search_query(Dialect dialect, const StudentScope& scope, const SearchFilter& filter,
                         QueryBuilder& q) {
  const auto limit = q.bind(std::int64_t{filter.limit + 1});
  if (filter.query) {
    if (auto query = name_search(dialect, scope, *filter.query, limit, q)) return *query;
    q.where(name_or_local_id_matches(*filter.query, q));
  }
  q.where(visibility_predicate(dialect, scope, q, "s"));
  return fmt::format("SELECT {} FROM students s {} ORDER BY {} LIMIT {}", sql::kStudentColumns,
                     q.where_clause(), kNameOrder, limit);
}

}  // namespace

Page<Student> search(Connection& conn, const StudentScope& scope, const SearchFilter& filter) {
  QueryBuilder q;
  if (!filter.include_inactive) q.where("s.active = 1");
  if (filter.school_id) q.where("s.school_id = " + q.bind(*filter.school_id));
  if (filter.grade) q.where("s.grade = " + q.bind(*filter.grade));
  q.after_cursor(filter.after, {"lower(s.family_name)", "lower(s.given_name)", "s.id"});
  const auto query = search_query(conn.dialect(), scope, filter, q);
  std::vector<StudentRow> rows;
  for (const auto& row : conn.execute(query, q.params()).rows) rows.push_back(read_student(row));
  auto page = make_page(std::move(rows), filter.limit, [](const StudentRow& last) {
    return std::vector<std::string>{last.family_key, last.given_key,
                                    std::to_string(last.student.id)};
  });
  Page<Student> students{{}, page.next_cursor};
  for (auto& row : page.items) students.items.push_back(std::move(row.student));
  return students;
}

Id insert(Connection& conn, const Student& s) {
  return conn
      .one(sql::kInsertStudent, s.sourced_id, s.local_id, s.given_name, s.family_name,
           s.middle_name, s.preferred_name, s.grade, s.school_id, s.birth_date, s.sex, s.email,
           s.demographics_json, s.active, util::now_micros())[0]
      .as_int();
}

}  // namespace students

namespace schools {

namespace {
School read_school(const Row& row) {
  return School{row[0].as_int(),    row[1].opt_string(), row[2].as_string(),
                row[3].as_string(), row[4].opt_string(), row[5].as_bool()};
}
}  // namespace

std::vector<School> list(Connection& conn) {
  std::vector<School> schools;
  for (const auto& row : conn.run(std::string(sql::kSchoolColumns) + "ORDER BY name, id").rows) {
    schools.push_back(read_school(row));
  }
  return schools;
}

std::optional<School> find(Connection& conn, Id id) {
  auto row = conn.maybe_one(std::string(sql::kSchoolColumns) + "WHERE id = $1", id);
  if (!row) return std::nullopt;
  return read_school(*row);
}

Id insert(Connection& conn, const School& school) {
  return conn
      .one(sql::kInsertSchool, school.sourced_id, school.name, school.level, school.identifier,
           school.active, util::now_micros())[0]
      .as_int();
}

}  // namespace schools
}  // namespace trellis::store
