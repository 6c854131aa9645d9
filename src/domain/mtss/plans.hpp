// MTSS plans (MTSS > Plans): one student, an area, a tier 1-3, a skill, a goal (measure,
// baseline, target, their dates), interventions and an owner; active or archived; progress
// data points judged against the goal (progress.hpp).
//
// Who may do what is the access policy's (domain/access/policy.hpp): `plan.create` and
// `plan.edit` (progress and reviews too). A teacher who sees the student is refused with 403;
// they refer (forms, tasks) rather than plan. Creating a plan is the `plan_created` trigger of
// the case engine; the owner gains access to the student (Relationship::plan_owner) while
// they own the plan.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/access/policy.hpp"
#include "domain/auth/principal.hpp"
#include "domain/cases/case_engine.hpp"
#include "domain/mtss/progress.hpp"
#include "domain/outcome.hpp"
#include "store/database.hpp"
#include "store/plans_repo.hpp"

namespace trellis::domain::mtss {

using store::plans::PlanListing;
using store::plans::PlanRow;
using store::plans::ProgressPointRow;
using FieldErrors = std::map<std::string, std::string>;

// The policy's subject for a plan: the student's school and whether the caller owns it.
access::Subject subject_of(const Principal& by, const PlanListing& listing);

inline constexpr std::size_t kMaxSkill = 200;
inline constexpr std::size_t kMaxMeasure = 200;
inline constexpr std::size_t kMaxInterventionName = 200;
inline constexpr std::size_t kMaxFrequency = 100;
inline constexpr std::size_t kMaxInterventions = 20;
inline constexpr std::size_t kMaxPointNote = 2000;

// reading, math, behaviour, attendance, social_emotional, other
bool is_area(std::string_view area);
inline constexpr std::string_view kAreaHint =
    "Use reading, math, behaviour, attendance, social_emotional or other.";
inline constexpr std::string_view kActive = "active";
inline constexpr std::string_view kArchived = "archived";

struct Intervention {
  std::string name;
  std::string frequency;  // "3x weekly"
  std::optional<std::int64_t> minutes;
  std::optional<Id> staff_id;
};

struct GoalFields {
  std::string measure;  // "words correct per minute"
  std::optional<double> baseline;
  std::optional<double> target;
  std::optional<std::string> baseline_date;  // YYYY-MM-DD
  std::optional<std::string> target_date;    // YYYY-MM-DD
};

struct NewPlan {
  Id student_id = 0;
  std::string area;
  std::int64_t tier = 1;
  std::string skill;
  GoalFields goal;
  std::vector<Intervention> interventions;
  std::optional<Id> owner_id;  // the caller when absent
};

// What a PATCH may change; absent fields stay as they are. A goal or interventions given
// replace the whole goal or list.
struct PlanChanges {
  std::optional<std::string> area;
  std::optional<std::int64_t> tier;
  std::optional<std::string> skill;
  std::optional<GoalFields> goal;
  std::optional<std::vector<Intervention>> interventions;
  std::optional<Id> owner_id;
  std::optional<std::string> status;  // active, archived
};

// Checks that need no database: area, tier 1..3, lengths, dates real and the target date not
// before the baseline date, intervention minutes not negative.
FieldErrors check(const NewPlan& plan);
FieldErrors check(const PlanChanges& changes);

Outcome<PlanListing> create(store::Connection& conn, const Principal& by, const Actor& actor,
                            const NewPlan& plan);
// Edits a plan; status archived/active archives or restores it (a `plan_archived` or
// `plan_updated` event). An archived plan cannot be edited otherwise (409).
Outcome<PlanListing> update(store::Connection& conn, const Principal& by, const Actor& actor,
                            Id plan_id, const PlanChanges& changes);
Outcome<PlanListing> find(store::Connection& conn, const Principal& by, Id plan_id);
// A filter naming a student the caller may not see answers an empty page.
store::Page<PlanListing> list(store::Connection& conn, const Principal& by,
                              const store::plans::ListFilter& filter);

// The building blocks intervention groups and reviews share with plans. Each works inside
// the caller's transaction with the caller's one CaseEngine.
//
// Writes a new plan for `row.student_id`, its `plan_created` event (which may open or join
// the case; the plan keeps that case) and its audit entry. Grants nothing.
void insert_plan(store::Connection& conn, cases::CaseEngine& engine, const Actor& actor,
                 PlanRow& row);
// Archives an active plan: the row, a `plan_archived` event and the audit entry.
void archive(store::Connection& conn, cases::CaseEngine& engine, const Actor& actor, PlanRow& row,
             std::string_view why);
// The plan when `by` may change it (see above): not found when they may not see it,
// forbidden when they may only look.
Outcome<PlanListing> changeable(store::Connection& conn, const Principal& by, Id plan_id);
// The interventions as stored and shown.
std::string interventions_json(const std::vector<Intervention>& interventions);
Goal goal_of(const PlanRow& plan);

// With `allowed_actions` for `by` (plan.edit).
boost::json::object view(const Principal& by, const PlanListing& listing);
boost::json::object audited(const PlanRow& plan);

// Progress monitoring.
struct NewPoint {
  std::string date;  // YYYY-MM-DD
  double score = 0;
  std::string note;
};
struct Progress {
  Id student_id = 0;  // whose record it is (the access log)
  std::vector<ProgressPointRow> points;
  ProgressAnalysis analysis;
};
// Adds a data point (a `progress_recorded` event, audited); an archived plan is 409.
Outcome<ProgressPointRow> record_progress(store::Connection& conn, const Principal& by,
                                          const Actor& actor, Id plan_id, const NewPoint& point);
Outcome<Progress> progress(store::Connection& conn, const Principal& by, Id plan_id);
Progress progress_of(store::Connection& conn, const PlanRow& plan);
// {"points": [...], "analysis": {...}}
boost::json::object view(const Progress& progress);
boost::json::object view(const ProgressPointRow& point);

}  // namespace trellis::domain::mtss
