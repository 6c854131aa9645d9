#include "domain/mtss/reviews.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>

#include "domain/audit/audit.hpp"
#include "domain/cases/case_engine.hpp"
#include "domain/mtss/plans.hpp"
#include "domain/views.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace trellis::domain::mtss {

namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 6> kDecisions = {
    "continue", "modify", "intensify", "fade", "exit", "refer_for_evaluation"};

// What the reviewer saw: how many points, the latest one, and the analysis of them all.
json::object progress_summary(const Progress& progress) {
  auto summary = view(progress.analysis);
  summary["points"] = progress.points.size();
  json::value latest = nullptr;
  if (!progress.points.empty()) {
    const auto& last = progress.points.back();
    latest = json::object{{"date", last.date}, {"score", views::number_or_null(last.score)}};
  }
  summary["latest"] = std::move(latest);
  return summary;
}

FieldErrors check(const NewReview& review) {
  FieldErrors errors;
  if (!util::is_valid_date(review.date)) errors["date"] = "Enter a date as YYYY-MM-DD.";
  if (!is_decision(review.decision)) {
    errors["decision"] = "Use continue, modify, intensify, fade, exit or refer_for_evaluation.";
  }
  util::check_text(errors, "notes", review.notes, kMaxReviewNotes);
  if (review.tier && (*review.tier < 1 || *review.tier > 3)) errors["tier"] = "Use tier 1, 2 or 3.";
  return errors;
}

}  // namespace

std::int64_t tier_after(std::string_view decision, std::int64_t tier) {
  if (decision == "intensify") return std::min<std::int64_t>(tier + 1, 3);
  if (decision == "fade") return std::max<std::int64_t>(tier - 1, 1);
  return tier;
}

bool is_decision(std::string_view decision) {
  return std::find(kDecisions.begin(), kDecisions.end(), decision) != kDecisions.end();
}

Outcome<ReviewRow> review(store::Connection& conn, const Principal& by, const Actor& actor,
                          Id plan_id, const NewReview& review) {
  auto found = changeable(conn, by, plan_id);
  if (!found) return found.error();
  auto errors = check(review);
  if (!errors.empty()) return Error::invalid(std::move(errors));
  PlanRow plan = found->plan;
  if (plan.status == kArchived) {
    return Error::conflict("plan_archived", "The plan is archived; restore it to review it.");
  }

  cases::CaseEngine engine(conn, actor);
  ReviewRow row;
  row.plan_id = plan.id;
  row.date = review.date;
  row.reviewer_id = by.user_id;
  row.progress_summary_json = json::serialize(progress_summary(progress_of(conn, plan)));
  row.decision = review.decision;
  row.notes = review.notes;
  row.tier_before = plan.tier;
  row.tier_after = review.tier.value_or(tier_after(review.decision, plan.tier));
  row.archived = review.decision == "exit";
  row.created_at = engine.now();
  row.id = store::plans::insert_review(conn, row);

  const auto recorded = engine.record(
      {.student_id = plan.student_id,
       .kind = std::string(cases::name_of(cases::Trigger::plan_reviewed)),
       .summary = fmt::format("Plan reviewed: {} (tier {} to {})", review.decision, row.tier_before,
                              row.tier_after),
       .entity = "plan",
       .entity_id = plan.id,
       .detail = {{"plan_id", plan.id}, {"review_id", row.id}, {"decision", review.decision}}});
  audit::record(conn, actor,
                {"plan.review", "plan_review", row.id, plan.student_id, std::nullopt, view(row)});

  const auto before = plan;
  plan.tier = row.tier_after;
  if (!plan.case_id && recorded.case_id) plan.case_id = recorded.case_id;
  if (row.archived) {
    archive(conn, engine, actor, plan, "review decided exit");
  } else if (plan != before) {
    plan.updated_at = engine.now();
    store::plans::update(conn, plan);
    audit::record(
        conn, actor,
        {"plan.update", "plan", plan.id, plan.student_id, audited(before), audited(plan)});
  }
  return row;
}

Outcome<PlanReviews> reviews(store::Connection& conn, const Principal& by, Id plan_id) {
  auto found = find(conn, by, plan_id);
  if (!found) return found.error();
  return PlanReviews{found->plan.student_id, store::plans::reviews(conn, plan_id)};
}

json::object view(const ReviewRow& r) {
  return {{"id", r.id},
          {"plan_id", r.plan_id},
          {"date", r.date},
          {"reviewer_id", views::or_null(r.reviewer_id)},
          {"progress_summary", json::parse(r.progress_summary_json)},
          {"decision", r.decision},
          {"notes", r.notes},
          {"tier_before", r.tier_before},
          {"tier_after", r.tier_after},
          {"archived", r.archived},
          {"created_at", util::format_rfc3339(r.created_at)}};
}

}  // namespace trellis::domain::mtss
