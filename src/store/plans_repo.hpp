// MTSS plans, their progress data points and their reviews.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

namespace trellis::store::plans {

struct PlanRow {
  Id id = 0;
  Id student_id = 0;
  std::string area;  // reading, math, behaviour, attendance, social_emotional, other
  std::int64_t tier = 1;
  std::string skill;
  std::string goal_measure;
  std::optional<double> goal_baseline;
  std::optional<double> goal_target;
  std::optional<std::string> goal_baseline_date;  // YYYY-MM-DD
  std::optional<std::string> goal_target_date;    // YYYY-MM-DD
  std::string interventions_json = "[]";          // [{"name","frequency","minutes","staff_id"}]
  Id owner_id = 0;
  std::string status = "active";  // active, archived
  std::optional<Id> group_id;
  std::optional<Id> case_id;
  std::optional<Id> created_by;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::optional<std::int64_t> archived_at;

  bool operator==(const PlanRow&) const = default;
};

// A plan as the API shows it: with its student and owner, read in the same query.
struct PlanListing {
  PlanRow plan;
  std::string student_name;
  std::string student_grade;
  Id student_school_id = 0;
  std::string owner_name;
};

Id insert(Connection& conn, const PlanRow& plan);
void update(Connection& conn, const PlanRow& plan);
// Without an access check: for the domain's own bookkeeping.
std::optional<PlanRow> find(Connection& conn, Id id);
// The plan when `scope` may see its student, else nullopt (unknown and invisible alike).
std::optional<PlanListing> find_visible(Connection& conn, const StudentScope& scope, Id id);

struct ListFilter {
  std::optional<Id> student_id;
  std::optional<std::string> status;  // active, archived; empty: both
  std::optional<std::string> area;
  std::optional<std::int64_t> tier;
  std::optional<Id> owner_id;
  std::optional<Id> school_id;
  std::optional<Id> group_id;
  std::optional<std::string> after;  // cursor
  int limit = 50;
};
// Plans of students `scope` may see, oldest first.
Page<PlanListing> list(Connection& conn, const StudentScope& scope, const ListFilter& filter);

struct ProgressPointRow {
  Id id = 0;
  Id plan_id = 0;
  std::string date;  // YYYY-MM-DD
  double score = 0;
  std::string note;
  std::optional<Id> recorded_by;
  std::int64_t recorded_at = 0;
};
Id insert_point(Connection& conn, const ProgressPointRow& point);
// Oldest date first.
std::vector<ProgressPointRow> points(Connection& conn, Id plan_id);

struct ReviewRow {
  Id id = 0;
  Id plan_id = 0;
  std::string date;  // YYYY-MM-DD
  std::optional<Id> reviewer_id;
  std::string progress_summary_json = "{}";
  std::string decision;
  std::string notes;
  std::int64_t tier_before = 1;
  std::int64_t tier_after = 1;
  bool archived = false;
  std::int64_t created_at = 0;
};
Id insert_review(Connection& conn, const ReviewRow& review);
// Oldest date first.
std::vector<ReviewRow> reviews(Connection& conn, Id plan_id);

}  // namespace trellis::store::plans
