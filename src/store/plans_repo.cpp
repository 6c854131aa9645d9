#include "store/plans_repo.hpp"

#include <fmt/format.h>

#include "store/query_builder.hpp"
#include "store/students_repo.hpp"

namespace trellis::store::plans {

namespace sql {
constexpr std::string_view kPlanColumns =
    "p.id, p.student_id, p.area, p.tier, p.skill, p.goal_measure, p.goal_baseline, "
    "p.goal_target, p.goal_baseline_date, p.goal_target_date, p.interventions, p.owner_id, "
    "p.status, p.group_id, p.case_id, p.created_by, p.created_at, p.updated_at, p.archived_at";
constexpr std::string_view kListingColumns =
    "s.given_name || ' ' || s.family_name, s.grade, s.school_id, "
    "o.given_name || ' ' || o.family_name";
constexpr std::string_view kListingFrom =
    "FROM plans p JOIN students s ON s.id = p.student_id JOIN users o ON o.id = p.owner_id";
constexpr std::string_view kInsertPlan =
    "INSERT INTO plans (student_id, area, tier, skill, goal_measure, goal_baseline, goal_target, "
    "goal_baseline_date, goal_target_date, interventions, owner_id, status, group_id, case_id, "
    "created_by, created_at, updated_at, archived_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
    "$10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id";
constexpr std::string_view kUpdatePlan =
    "UPDATE plans SET area = $2, tier = $3, skill = $4, goal_measure = $5, goal_baseline = $6, "
    "goal_target = $7, goal_baseline_date = $8, goal_target_date = $9, interventions = $10, "
    "owner_id = $11, status = $12, case_id = $13, updated_at = $14, archived_at = $15 "
    "WHERE id = $1";
constexpr std::string_view kInsertPoint =
    "INSERT INTO progress_points (plan_id, date, score, note, recorded_by, recorded_at) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
constexpr std::string_view kPoints =
    "SELECT id, plan_id, date, score, note, recorded_by, recorded_at FROM progress_points "
    "WHERE plan_id = $1 ORDER BY date, id";
constexpr std::string_view kInsertReview =
    "INSERT INTO plan_reviews (plan_id, date, reviewer_id, progress_summary, decision, notes, "
    "tier_before, tier_after, archived, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
    "$10) RETURNING id";
constexpr std::string_view kReviews =
    "SELECT id, plan_id, date, reviewer_id, progress_summary, decision, notes, tier_before, "
    "tier_after, archived, created_at FROM plan_reviews WHERE plan_id = $1 ORDER BY date, id";
}  // namespace sql

namespace {

std::optional<double> opt_double(const Value& value) {
  if (value.is_null()) return std::nullopt;
  return value.as_double();
}

PlanRow read_plan(const Row& row) {
  PlanRow p;
  p.id = row[0].as_int();
  p.student_id = row[1].as_int();
  p.area = row[2].as_string();
  p.tier = row[3].as_int();
  p.skill = row[4].as_string();
  p.goal_measure = row[5].as_string();
  p.goal_baseline = opt_double(row[6]);
  p.goal_target = opt_double(row[7]);
  p.goal_baseline_date = row[8].opt_string();
  p.goal_target_date = row[9].opt_string();
  p.interventions_json = row[10].as_string();
  p.owner_id = row[11].as_int();
  p.status = row[12].as_string();
  p.group_id = row[13].opt_int();
  p.case_id = row[14].opt_int();
  p.created_by = row[15].opt_int();
  p.created_at = row[16].as_int();
  p.updated_at = row[17].as_int();
  p.archived_at = row[18].opt_int();
  return p;
}

constexpr std::size_t kPlanColumnCount = 19;

PlanListing read_listing(const Row& row) {
  PlanListing listing;
  listing.plan = read_plan(row);
  listing.student_name = row[kPlanColumnCount].as_string();
  listing.student_grade = row[kPlanColumnCount + 1].as_string();
  listing.student_school_id = row[kPlanColumnCount + 2].as_int();
  listing.owner_name = row[kPlanColumnCount + 3].as_string();
  return listing;
}

std::string listing_query(const QueryBuilder& q, std::string_view tail = "") {
  return fmt::format("SELECT {}, {} {} {} {}", sql::kPlanColumns, sql::kListingColumns,
                     sql::kListingFrom, q.where_clause(), tail);
}

}  // namespace

Id insert(Connection& conn, const PlanRow& p) {
  return conn
      .one(sql::kInsertPlan, p.student_id, p.area, p.tier, p.skill, p.goal_measure, p.goal_baseline,
           p.goal_target, p.goal_baseline_date, p.goal_target_date, p.interventions_json,
           p.owner_id, p.status, p.group_id, p.case_id, p.created_by, p.created_at, p.updated_at,
           p.archived_at)[0]
      .as_int();
}

void update(Connection& conn, const PlanRow& p) {
  conn.run(sql::kUpdatePlan, p.id, p.area, p.tier, p.skill, p.goal_measure, p.goal_baseline,
           p.goal_target, p.goal_baseline_date, p.goal_target_date, p.interventions_json,
           p.owner_id, p.status, p.case_id, p.updated_at, p.archived_at);
}

std::optional<PlanRow> find(Connection& conn, Id id) {
  auto row =
      conn.maybe_one(fmt::format("SELECT {} FROM plans p WHERE p.id = $1", sql::kPlanColumns), id);
  if (!row) return std::nullopt;
  return read_plan(*row);
}

std::optional<PlanListing> find_visible(Connection& conn, const StudentScope& scope, Id id) {
  QueryBuilder q;
  q.where("p.id = " + q.bind(id));
  q.where(students::visibility_predicate(conn.dialect(), scope, q, "s"));
  auto result = conn.execute(listing_query(q), q.params());
  if (result.rows.empty()) return std::nullopt;
  return read_listing(result.rows.front());
}

Page<PlanListing> list(Connection& conn, const StudentScope& scope, const ListFilter& filter) {
  QueryBuilder q;
  q.where(students::visibility_predicate(conn.dialect(), scope, q, "s"));
  if (filter.student_id) q.where("p.student_id = " + q.bind(*filter.student_id));
  if (filter.status) q.where("p.status = " + q.bind(*filter.status));
  if (filter.area) q.where("p.area = " + q.bind(*filter.area));
  if (filter.tier) q.where("p.tier = " + q.bind(*filter.tier));
  if (filter.owner_id) q.where("p.owner_id = " + q.bind(*filter.owner_id));
  if (filter.school_id) q.where("s.school_id = " + q.bind(*filter.school_id));
  if (filter.group_id) q.where("p.group_id = " + q.bind(*filter.group_id));
  q.after_cursor(filter.after, {"p.id"});
  const auto limit = q.bind(std::int64_t{filter.limit + 1});
  const auto query = listing_query(q, fmt::format("ORDER BY p.id LIMIT {}", limit));
  std::vector<PlanListing> rows;
  for (const auto& row : conn.execute(query, q.params()).rows) rows.push_back(read_listing(row));
  return make_page(std::move(rows), filter.limit, [](const PlanListing& last) {
    return std::vector<std::string>{std::to_string(last.plan.id)};
  });
}

Id insert_point(Connection& conn, const ProgressPointRow& p) {
  return conn
      .one(sql::kInsertPoint, p.plan_id, p.date, p.score, p.note, p.recorded_by, p.recorded_at)[0]
      .as_int();
}

std::vector<ProgressPointRow> points(Connection& conn, Id plan_id) {
  std::vector<ProgressPointRow> points;
  for (const auto& row : conn.run(sql::kPoints, plan_id).rows) {
    points.push_back({row[0].as_int(), row[1].as_int(), row[2].as_string(), row[3].as_double(),
                      row[4].as_string(), row[5].opt_int(), row[6].as_int()});
  }
  return points;
}

Id insert_review(Connection& conn, const ReviewRow& r) {
  return conn
      .one(sql::kInsertReview, r.plan_id, r.date, r.reviewer_id, r.progress_summary_json,
           r.decision, r.notes, r.tier_before, r.tier_after, r.archived, r.created_at)[0]
      .as_int();
}

std::vector<ReviewRow> reviews(Connection& conn, Id plan_id) {
  std::vector<ReviewRow> reviews;
  for (const auto& row : conn.run(sql::kReviews, plan_id).rows) {
    reviews.push_back({row[0].as_int(), row[1].as_int(), row[2].as_string(), row[3].opt_int(),
                       row[4].as_string(), row[5].as_string(), row[6].as_string(), row[7].as_int(),
                       row[8].as_int(), row[9].as_bool(), row[10].as_int()});
  }
  return reviews;
}

}  // namespace trellis::store::plans
