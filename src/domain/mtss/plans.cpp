#include "domain/mtss/plans.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>

#include "domain/access/access.hpp"
#include "domain/audit/audit.hpp"
#include "domain/views.hpp"
#include "store/audit_repo.hpp"
#include "store/users_repo.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace trellis::domain::mtss {

namespace json = boost::json;

namespace {

using views::or_null;
using views::time_or_null;

constexpr std::array<std::string_view, 6> kAreas = {
    "reading", "math", "behaviour", "attendance", "social_emotional", "other"};
constexpr std::string_view kDateHint = "Enter a date as YYYY-MM-DD.";

using util::check_text;

void check_area(FieldErrors& errors, std::string_view area) {
  if (!is_area(area)) errors["area"] = kAreaHint;
}

void check_tier(FieldErrors& errors, std::int64_t tier) {
  if (tier < 1 || tier > 3) errors["tier"] = "Use tier 1, 2 or 3.";
}

void check_date(FieldErrors& errors, const std::string& field,
                const std::optional<std::string>& date) {
  if (date && !util::is_valid_date(*date)) errors[field] = kDateHint;
}

void check_goal(FieldErrors& errors, const GoalFields& goal) {
  check_text(errors, "goal.measure", goal.measure, kMaxMeasure);
  util::check_finite(errors, "goal.baseline", goal.baseline);
  util::check_finite(errors, "goal.target", goal.target);
  check_date(errors, "goal.baseline_date", goal.baseline_date);
  check_date(errors, "goal.target_date", goal.target_date);
  if (!errors.contains("goal.baseline_date") && !errors.contains("goal.target_date") &&
      goal.baseline_date && goal.target_date && *goal.target_date < *goal.baseline_date) {
    errors["goal.target_date"] = "The target date is before the baseline date.";
  }
}

void check_interventions(FieldErrors& errors, const std::vector<Intervention>& interventions) {
  if (interventions.size() > kMaxInterventions) {
    errors["interventions"] = fmt::format("Name at most {} interventions.", kMaxInterventions);
  }
  for (std::size_t i = 0; i < interventions.size(); ++i) {
    const auto& item = interventions[i];
    const auto field = fmt::format("interventions[{}]", i);
    check_text(errors, field + ".name", item.name, kMaxInterventionName, true);
    check_text(errors, field + ".frequency", item.frequency, kMaxFrequency);
    if (item.minutes && (*item.minutes < 0 || *item.minutes > 24 * 60)) {
      errors[field + ".minutes"] = "Use 0 to 1440 minutes.";
    }
  }
}

std::optional<store::User> active_staff(store::Connection& conn, Id user_id) {
  auto user = store::users::find(conn, user_id);
  if (!user || !access::is_active_staff(*user)) return std::nullopt;
  return user;
}

// Every staff member named on the plan (owner, intervention staff) must be active staff; the
// owner sees the student, so the caller may choose only a colleague in their directory.
void check_staff(store::Connection& conn, const Principal& by, FieldErrors& errors,
                 std::optional<Id> owner_id,
                 const std::optional<std::vector<Intervention>>& interventions) {
  constexpr std::string_view kNotStaff = "This user is not an active staff member.";
  if (owner_id) {
    auto owner = store::users::find(conn, *owner_id);
    if (!owner || !access::in_staff_directory(by, *owner)) {
      errors["owner_id"] = "Choose an active colleague from your staff directory.";
    }
  }
  if (!interventions) return;
  for (std::size_t i = 0; i < interventions->size(); ++i) {
    const auto& staff_id = (*interventions)[i].staff_id;
    if (staff_id && !active_staff(conn, *staff_id)) {
      errors[fmt::format("interventions[{}].staff_id", i)] = kNotStaff;
    }
  }
}

json::array interventions_array(const std::string& stored) {
  auto parsed = json::parse(stored);
  return parsed.is_array() ? parsed.as_array() : json::array{};
}

cases::StudentEvent plan_event(const PlanRow& plan, std::string_view kind, std::string summary) {
  return {.student_id = plan.student_id,
          .kind = std::string(kind),
          .summary = std::move(summary),
          .entity = "plan",
          .entity_id = plan.id,
          .detail = {{"plan_id", plan.id},
                     {"area", plan.area},
                     {"tier", plan.tier},
                     {"group_id", or_null(plan.group_id)}}};
}

std::string title_of(const PlanRow& plan) {
  return fmt::format("tier {} {} plan", plan.tier, plan.area);
}

PlanListing listing_of(store::Connection& conn, Id plan_id) {
  store::StudentScope everyone;
  everyone.everyone = true;
  return *store::plans::find_visible(conn, everyone, plan_id);
}

}  // namespace

access::Subject subject_of(const Principal& by, const PlanListing& listing) {
  access::Relationships held;
  if (listing.plan.owner_id == by.user_id) held.add(access::Relationship::plan_owner);
  return {.school_id = listing.student_school_id, .relationships = held};
}

namespace {

void apply_goal(PlanRow& row, const GoalFields& goal) {
  row.goal_measure = goal.measure;
  row.goal_baseline = goal.baseline;
  row.goal_target = goal.target;
  row.goal_baseline_date = goal.baseline_date;
  row.goal_target_date = goal.target_date;
}

PlanRow with_changes(PlanRow row, const PlanChanges& c) {
  if (c.area) row.area = *c.area;
  if (c.tier) row.tier = *c.tier;
  if (c.skill) row.skill = *c.skill;
  if (c.goal) apply_goal(row, *c.goal);
  if (c.interventions) row.interventions_json = interventions_json(*c.interventions);
  if (c.owner_id) row.owner_id = *c.owner_id;
  return row;
}

Outcome<PlanListing> change_owner_and_record(store::Connection& conn, cases::CaseEngine& engine,
                                             const Actor& actor, const PlanRow& before,
                                             PlanRow after) {
  if (after.owner_id != before.owner_id) {
    constexpr auto kOwner = access::Relationship::plan_owner;
    access::revoke(conn, before.owner_id, before.student_id, kOwner, before.id);
    access::grant(conn, after.owner_id, after.student_id, kOwner, after.id);
  }
  after.updated_at = engine.now();
  store::plans::update(conn, after);
  engine.record(plan_event(after, cases::kinds::plan_updated, "Plan updated: " + title_of(after)));
  audit::record(
      conn, actor,
      {"plan.update", "plan", after.id, after.student_id, audited(before), audited(after)});
  return listing_of(conn, after.id);
}

}  // namespace

bool is_area(std::string_view area) {
  return std::find(kAreas.begin(), kAreas.end(), area) != kAreas.end();
}

FieldErrors check(const NewPlan& plan) {
  FieldErrors errors;
  check_area(errors, plan.area);
  check_tier(errors, plan.tier);
  check_text(errors, "skill", plan.skill, kMaxSkill);
  check_goal(errors, plan.goal);
  check_interventions(errors, plan.interventions);
  return errors;
}

FieldErrors check(const PlanChanges& changes) {
  FieldErrors errors;
  if (changes.area) check_area(errors, *changes.area);
  if (changes.tier) check_tier(errors, *changes.tier);
  if (changes.skill) check_text(errors, "skill", *changes.skill, kMaxSkill);
  if (changes.goal) check_goal(errors, *changes.goal);
  if (changes.interventions) check_interventions(errors, *changes.interventions);
  if (changes.status && *changes.status != kActive && *changes.status != kArchived) {
    errors["status"] = "Use active or archived.";
  }
  return errors;
}

std::string interventions_json(const std::vector<Intervention>& interventions) {
  json::array items;
  for (const auto& item : interventions) {
    items.push_back(json::object{{"name", item.name},
                                 {"frequency", item.frequency},
                                 {"minutes", or_null(item.minutes)},
                                 {"staff_id", or_null(item.staff_id)}});
  }
  return json::serialize(items);
}

Goal goal_of(const PlanRow& plan) {
  return {plan.goal_baseline, plan.goal_target, plan.goal_baseline_date, plan.goal_target_date};
}

json::object audited(const PlanRow& p) {
  return {{"id", p.id},
          {"student_id", p.student_id},
          {"area", p.area},
          {"tier", p.tier},
          {"skill", p.skill},
          {"goal", json::object{{"measure", p.goal_measure},
                                {"baseline", or_null(p.goal_baseline)},
                                {"target", or_null(p.goal_target)},
                                {"baseline_date", or_null(p.goal_baseline_date)},
                                {"target_date", or_null(p.goal_target_date)}}},
          {"interventions", interventions_array(p.interventions_json)},
          {"owner_id", p.owner_id},
          {"status", p.status},
          {"group_id", or_null(p.group_id)},
          {"case_id", or_null(p.case_id)}};
}

json::object view(const Principal& by, const PlanListing& listing) {
  const auto& p = listing.plan;
  auto out = audited(p);
  out.erase("student_id");
  out.erase("owner_id");
  out["student"] = json::object{{"id", p.student_id},
                                {"name", listing.student_name},
                                {"grade", listing.student_grade},
                                {"school_id", listing.student_school_id}};
  out["owner"] = json::object{{"id", p.owner_id}, {"name", listing.owner_name}};
  out["created_by"] = or_null(p.created_by);
  out["created_at"] = util::format_rfc3339(p.created_at);
  out["updated_at"] = util::format_rfc3339(p.updated_at);
  out["archived_at"] = time_or_null(p.archived_at);
  out["allowed_actions"] =
      access::allowed_actions(by, subject_of(by, listing), {access::Action::edit_plan});
  return out;
}

void insert_plan(store::Connection& conn, cases::CaseEngine& engine, const Actor& actor,
                 PlanRow& row) {
  row.created_at = row.updated_at = engine.now();
  row.id = store::plans::insert(conn, row);
  const auto recorded = engine.record(plan_event(row, cases::name_of(cases::Trigger::plan_created),
                                                 "Plan created: " + title_of(row)));
  if (recorded.case_id) {
    row.case_id = recorded.case_id;
    store::plans::update(conn, row);
  }
  audit::record(conn, actor,
                {"plan.create", "plan", row.id, row.student_id, std::nullopt, audited(row)});
}

void archive(store::Connection& conn, cases::CaseEngine& engine, const Actor& actor, PlanRow& row,
             std::string_view why) {
  const auto before = row;
  row.status = std::string(kArchived);
  row.archived_at = row.updated_at = engine.now();
  store::plans::update(conn, row);
  engine.record(plan_event(row, cases::kinds::plan_archived,
                           fmt::format("Plan archived ({}): {}", why, title_of(row))));
  audit::record(conn, actor,
                {"plan.archive", "plan", row.id, row.student_id, audited(before), audited(row)});
}

Outcome<PlanListing> changeable(store::Connection& conn, const Principal& by, Id plan_id) {
  auto found = store::plans::find_visible(conn, access::student_scope(by), plan_id);
  if (!found) return Error::not_found("The plan");
  if (auto refused = access::refusal(by, access::Action::edit_plan, subject_of(by, *found))) {
    return *refused;
  }
  return *found;
}

Outcome<PlanListing> create(store::Connection& conn, const Principal& by, const Actor& actor,
                            const NewPlan& plan) {
  auto student = access::visible_student(conn, by, plan.student_id);
  if (!student) return Error::not_found("The student");
  if (auto refused =
          access::refusal(by, access::Action::create_plan, access::record_subject(*student, {}))) {
    return *refused;
  }
  auto errors = check(plan);
  const Id owner_id = plan.owner_id.value_or(by.user_id);
  check_staff(conn, by, errors, owner_id, plan.interventions);
  if (!errors.empty()) return Error::invalid(std::move(errors));

  cases::CaseEngine engine(conn, actor);
  PlanRow row;
  row.student_id = student->id;
  row.area = plan.area;
  row.tier = plan.tier;
  row.skill = plan.skill;
  apply_goal(row, plan.goal);
  row.interventions_json = interventions_json(plan.interventions);
  row.owner_id = owner_id;
  row.created_by = by.user_id;
  insert_plan(conn, engine, actor, row);
  access::grant(conn, owner_id, student->id, access::Relationship::plan_owner, row.id);
  return listing_of(conn, row.id);
}

Outcome<PlanListing> update(store::Connection& conn, const Principal& by, const Actor& actor,
                            Id plan_id, const PlanChanges& changes) {
  auto found = changeable(conn, by, plan_id);
  if (!found) return found.error();
  auto errors = check(changes);
  check_staff(conn, by, errors, changes.owner_id, changes.interventions);
  if (!errors.empty()) return Error::invalid(std::move(errors));

  const PlanRow& before = found->plan;
  PlanRow after = with_changes(before, changes);
  const auto status = changes.status.value_or(before.status);
  if (status == before.status && after == before) return *found;
  if (before.status == kArchived && status == kArchived) {
    return Error::conflict("plan_archived",
                           "An archived plan cannot be changed; restore it first.");
  }
  cases::CaseEngine engine(conn, actor);
  if (status == kArchived) {
    if (after != before) change_owner_and_record(conn, engine, actor, before, after);
    archive(conn, engine, actor, after, "by hand");
    return listing_of(conn, after.id);
  }
  if (before.status == kArchived) {
    after.status = std::string(kActive);
    after.archived_at.reset();
    engine.record(
        plan_event(after, cases::kinds::plan_restored, "Plan restored: " + title_of(after)));
  }
  return change_owner_and_record(conn, engine, actor, before, std::move(after));
}

Outcome<PlanListing> find(store::Connection& conn, const Principal& by, Id plan_id) {
  auto found = store::plans::find_visible(conn, access::student_scope(by), plan_id);
  if (!found) return Error::not_found("The plan");
  return *found;
}

store::Page<PlanListing> list(store::Connection& conn, const Principal& by,
                              const store::plans::ListFilter& filter) {
  return store::plans::list(conn, access::student_scope(by), filter);
}

Outcome<ProgressPointRow> record_progress(store::Connection& conn, const Principal& by,
                                          const Actor& actor, Id plan_id, const NewPoint& point) {
  auto found = changeable(conn, by, plan_id);
  if (!found) return found.error();
  FieldErrors errors;
  check_date(errors, "date", point.date);
  util::check_finite(errors, "score", point.score);
  check_text(errors, "note", point.note, kMaxPointNote);
  if (!errors.empty()) return Error::invalid(std::move(errors));
  const auto& plan = found->plan;
  if (plan.status == kArchived) {
    return Error::conflict("plan_archived", "The plan is archived; progress is no longer kept.");
  }
  cases::CaseEngine engine(conn, actor);
  ProgressPointRow row{0, plan.id, point.date, point.score, point.note, by.user_id, engine.now()};
  row.id = store::plans::insert_point(conn, row);
  auto event = plan_event(plan, cases::kinds::progress_recorded,
                          fmt::format("Progress recorded: {} on {}", point.score, point.date));
  event.detail["score"] = point.score;
  event.detail["date"] = point.date;
  engine.record(event);
  audit::record(
      conn, actor,
      {"plan.progress_add", "progress_point", row.id, plan.student_id, std::nullopt, view(row)});
  return row;
}

Progress progress_of(store::Connection& conn, const PlanRow& plan) {
  Progress progress;
  progress.student_id = plan.student_id;
  progress.points = store::plans::points(conn, plan.id);
  std::vector<DataPoint> points;
  points.reserve(progress.points.size());
  for (const auto& p : progress.points) points.push_back({p.date, p.score});
  progress.analysis = analyse(goal_of(plan), points);
  return progress;
}

Outcome<Progress> progress(store::Connection& conn, const Principal& by, Id plan_id) {
  auto found = find(conn, by, plan_id);
  if (!found) return found.error();
  return progress_of(conn, found->plan);
}

json::object view(const ProgressPointRow& point) {
  return {{"id", point.id},
          {"plan_id", point.plan_id},
          {"date", point.date},
          {"score", views::number_or_null(point.score)},
          {"note", point.note},
          {"recorded_by", or_null(point.recorded_by)},
          {"recorded_at", util::format_rfc3339(point.recorded_at)}};
}

json::object view(const Progress& progress) {
  json::array points;
  for (const auto& point : progress.points) points.push_back(view(point));
  return {{"points", std::move(points)}, {"analysis", view(progress.analysis)}};
}

}  // namespace trellis::domain::mtss
