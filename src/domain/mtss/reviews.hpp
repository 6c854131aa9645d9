// Plan reviews: on a date, a reviewer looks at the plan's progress and decides to continue,
// modify, intensify, fade, exit or refer for evaluation. The progress summary is filled from
// the data points when the review is written and kept with it. Intensify raises the tier by
// one (at most 3) and fade lowers it (at least 1) unless the review names a tier; exit
// archives the plan. A review is the `plan_reviewed` trigger of the case engine. Who may
// review: whoever may change the plan (plans.hpp).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/auth/principal.hpp"
#include "domain/outcome.hpp"
#include "store/database.hpp"
#include "store/plans_repo.hpp"

namespace trellis::domain::mtss {

using store::plans::ReviewRow;

inline constexpr std::size_t kMaxReviewNotes = 10000;

struct NewReview {
  std::string date;  // YYYY-MM-DD
  std::string decision;
  std::string notes;
  std::optional<std::int64_t> tier;  // the tier after the review, overriding the decision's
};

bool is_decision(std::string_view decision);
// The tier a decision leads to when the review names none.
std::int64_t tier_after(std::string_view decision, std::int64_t tier);

// An archived plan is 409.
Outcome<ReviewRow> review(store::Connection& conn, const Principal& by, const Actor& actor,
                          Id plan_id, const NewReview& review);
// A plan's reviews, oldest first, with the student whose record they are (the access log).
struct PlanReviews {
  Id student_id = 0;
  std::vector<ReviewRow> items;
};
Outcome<PlanReviews> reviews(store::Connection& conn, const Principal& by, Id plan_id);

boost::json::object view(const ReviewRow& review);

}  // namespace trellis::domain::mtss
