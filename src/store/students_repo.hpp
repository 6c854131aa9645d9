#pragma once

#include <optional>
#include <string>

#include "store/database.hpp"
#include "store/query_builder.hpp"
#include "store/records.hpp"

namespace trellis::store {

namespace students {

// The one access rule as an SQL condition on the students row aliased `alias`, binding its
// values into `q`. Every query that returns students or their records filters with this.
std::string visibility_predicate(Dialect dialect, const StudentScope& scope, QueryBuilder& q,
                                 std::string_view alias);

// The two arms of that rule, for queries that walk each through its own index (a name search,
// the dashboard): `school_id_column` in the schools of the scope's school-wide roles ("1 = 0"
// without any), and `student_id_column` among the students related to the scope's user (class
// rosters, live access grants). For a district-wide scope use visibility_predicate.
std::string school_membership(Dialect dialect, const StudentScope& scope, QueryBuilder& q,
                              std::string_view school_id_column);
std::string related_membership(Dialect dialect, const StudentScope& scope, QueryBuilder& q,
                               std::string_view student_id_column);

// The student when `scope` may see them, else nullopt (unknown and invisible look the same).
std::optional<Student> find_visible(Connection& conn, const StudentScope& scope, Id id);
// Without an access check: for the domain's own bookkeeping, never for answering users.
std::optional<Student> find(Connection& conn, Id id);
// "Family or given name starts with `query` (any case), or the local id is `query`", on the
// students row aliased s: the one meaning of a name search.
std::string name_or_local_id_matches(const std::string& query, QueryBuilder& q);
// Several at once, by name, without an access check (the caller checked).
std::vector<Student> find_many(Connection& conn, const std::vector<Id>& ids);
// Those of `ids` that `scope` may see, in one query (unknown and invisible ids are left out).
std::vector<Student> find_many_visible(Connection& conn, const StudentScope& scope,
                                       const std::vector<Id>& ids);

struct SearchFilter {
  std::optional<std::string> query;  // family/given name prefix, or local id
  std::optional<Id> school_id;
  std::optional<std::string> grade;
  bool include_inactive = false;
  std::optional<std::string> after;  // cursor
  int limit = 50;
};
Page<Student> search(Connection& conn, const StudentScope& scope, const SearchFilter& filter);

Id insert(Connection& conn, const Student& student);

}  // namespace students

namespace schools {
std::vector<School> list(Connection& conn);
std::optional<School> find(Connection& conn, Id id);
Id insert(Connection& conn, const School& school);
}  // namespace schools

}  // namespace trellis::store
