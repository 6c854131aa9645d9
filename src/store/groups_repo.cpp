#include "store/groups_repo.hpp"

#include <fmt/format.h>

#include "store/dialect.hpp"
#include "store/query_builder.hpp"

namespace trellis::store::groups {

namespace sql {
constexpr std::string_view kGroupColumns =
    "g.id, g.name, g.intervention, g.school_id, g.tier, g.facilitator_id, g.schedule, g.area, "
    "g.skill, g.goal_measure, g.goal_target, g.goal_target_date, g.frequency, g.minutes, "
    "g.status, g.created_by, g.created_at, g.updated_at";
constexpr std::string_view kListingColumns =
    "f.given_name || ' ' || f.family_name, (SELECT count(*) FROM intervention_group_members m "
    "WHERE m.group_id = g.id AND m.removed_at IS NULL)";
constexpr std::string_view kListingFrom =
    "FROM intervention_groups g JOIN users f ON f.id = g.facilitator_id";
constexpr std::string_view kInsertGroup =
    "INSERT INTO intervention_groups (name, intervention, school_id, tier, facilitator_id, "
    "schedule, area, skill, goal_measure, goal_target, goal_target_date, frequency, minutes, "
    "status, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
    "$10, $11, $12, $13, $14, $15, $16, $17) RETURNING id";
constexpr std::string_view kUpdateGroup =
    "UPDATE intervention_groups SET name = $2, intervention = $3, tier = $4, facilitator_id = $5, "
    "schedule = $6, area = $7, skill = $8, goal_measure = $9, goal_target = $10, "
    "goal_target_date = $11, frequency = $12, minutes = $13, status = $14, updated_at = $15 "
    "WHERE id = $1";
constexpr std::string_view kMembers =
    "SELECT m.student_id, s.given_name || ' ' || s.family_name, s.grade, m.plan_id, m.added_at "
    "FROM intervention_group_members m JOIN students s ON s.id = m.student_id "
    "WHERE m.group_id = $1 AND m.removed_at IS NULL "
    "ORDER BY lower(s.family_name), lower(s.given_name), s.id";
constexpr std::string_view kAddMember =
    "INSERT INTO intervention_group_members (group_id, student_id, plan_id, added_at, added_by) "
    "VALUES ($1, $2, $3, $4, $5)";
constexpr std::string_view kRemoveMember =
    "UPDATE intervention_group_members SET removed_at = $3 WHERE group_id = $1 AND "
    "student_id = $2 AND removed_at IS NULL RETURNING plan_id";
}  // namespace sql

namespace {

GroupRow read_group(const Row& row) {
  GroupRow g;
  g.id = row[0].as_int();
  g.name = row[1].as_string();
  g.intervention = row[2].as_string();
  g.school_id = row[3].as_int();
  g.tier = row[4].as_int();
  g.facilitator_id = row[5].as_int();
  g.schedule = row[6].as_string();
  g.area = row[7].as_string();
  g.skill = row[8].as_string();
  g.goal_measure = row[9].as_string();
  if (!row[10].is_null()) g.goal_target = row[10].as_double();
  g.goal_target_date = row[11].opt_string();
  g.frequency = row[12].as_string();
  g.minutes = row[13].opt_int();
  g.status = row[14].as_string();
  g.created_by = row[15].opt_int();
  g.created_at = row[16].as_int();
  g.updated_at = row[17].as_int();
  return g;
}

constexpr std::size_t kGroupColumnCount = 18;

GroupListing read_listing(const Row& row) {
  return {read_group(row), row[kGroupColumnCount].as_string(), row[kGroupColumnCount + 1].as_int()};
}

// Who sees a group, as one condition on the row aliased g.
void where_visible(QueryBuilder& q, const StudentScope& scope) {
  if (scope.everyone) return;
  std::string condition = "g.facilitator_id = " + q.bind(scope.user_id);
  for (Id school_id : scope.school_ids) condition += " OR g.school_id = " + q.bind(school_id);
  q.where("(" + condition + ")");
}

std::string listing_query(const QueryBuilder& q, std::string_view tail = "") {
  return fmt::format("SELECT {}, {} {} {} {}", sql::kGroupColumns, sql::kListingColumns,
                     sql::kListingFrom, q.where_clause(), tail);
}

}  // namespace

Id insert(Connection& conn, const GroupRow& g) {
  return conn
      .one(sql::kInsertGroup, g.name, g.intervention, g.school_id, g.tier, g.facilitator_id,
           g.schedule, g.area, g.skill, g.goal_measure, g.goal_target, g.goal_target_date,
           g.frequency, g.minutes, g.status, g.created_by, g.created_at, g.updated_at)[0]
      .as_int();
}

void update(Connection& conn, const GroupRow& g) {
  conn.run(sql::kUpdateGroup, g.id, g.name, g.intervention, g.tier, g.facilitator_id, g.schedule,
           g.area, g.skill, g.goal_measure, g.goal_target, g.goal_target_date, g.frequency,
           g.minutes, g.status, g.updated_at);
}

void touch(Connection& conn, Id id, std::int64_t at) {
  conn.run("UPDATE intervention_groups SET updated_at = $2 WHERE id = $1", id, at);
}

std::optional<GroupListing> find_visible(Connection& conn, const StudentScope& scope, Id id) {
  QueryBuilder q;
  q.where("g.id = " + q.bind(id));
  where_visible(q, scope);
  auto result = conn.execute(listing_query(q), q.params());
  if (result.rows.empty()) return std::nullopt;
  return read_listing(result.rows.front());
}

Page<GroupListing> list(Connection& conn, const StudentScope& scope, const ListFilter& filter) {
  QueryBuilder q;
  where_visible(q, scope);
  if (filter.school_id) q.where("g.school_id = " + q.bind(*filter.school_id));
  if (filter.facilitator_id) q.where("g.facilitator_id = " + q.bind(*filter.facilitator_id));
  if (filter.status) q.where("g.status = " + q.bind(*filter.status));
  q.after_cursor(filter.after, {"g.id"});
  const auto limit = q.bind(std::int64_t{filter.limit + 1});
  const auto query = listing_query(q, fmt::format("ORDER BY g.id LIMIT {}", limit));
  std::vector<GroupListing> rows;
  for (const auto& row : conn.execute(query, q.params()).rows) rows.push_back(read_listing(row));
  return make_page(std::move(rows), filter.limit, [](const GroupListing& last) {
    return std::vector<std::string>{std::to_string(last.group.id)};
  });
}

std::vector<Member> members(Connection& conn, Id group_id) {
  std::vector<Member> members;
  for (const auto& row : conn.run(sql::kMembers, group_id).rows) {
    members.push_back({row[0].as_int(), row[1].as_string(), row[2].as_string(), row[3].opt_int(),
                       row[4].as_int()});
  }
  return members;
}

std::vector<Id> current_members_among(Connection& conn, Id group_id,
                                      const std::vector<Id>& student_ids) {
  const auto query = fmt::format(
      "SELECT student_id FROM intervention_group_members WHERE group_id = $1 AND removed_at IS "
      "NULL AND {} ORDER BY student_id",
      id_list_membership(conn.dialect(), "student_id", 2));
  std::vector<Id> ids;
  for (const auto& row : conn.run(query, group_id, encode_id_list(student_ids)).rows) {
    ids.push_back(row[0].as_int());
  }
  return ids;
}

void add_member(Connection& conn, Id group_id, Id student_id, Id plan_id, Id added_by,
                std::int64_t at) {
  conn.run(sql::kAddMember, group_id, student_id, plan_id, at, added_by);
}

std::optional<std::optional<Id>> remove_member(Connection& conn, Id group_id, Id student_id,
                                               std::int64_t at) {
  auto row = conn.maybe_one(sql::kRemoveMember, group_id, student_id, at);
  if (!row) return std::nullopt;
  return (*row)[0].opt_int();
}

}  // namespace trellis::store::groups
