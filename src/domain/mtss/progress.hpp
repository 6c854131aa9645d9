// Progress monitoring: a plan's data points against its goal. The aim line runs from the
// baseline (on the baseline date) to the target (on the target date); the trend line is the
// least-squares fit of the points; the rate of improvement is the trend's slope per week. The
// decision hint follows the four-point rule: the four most recent points all below the aim
// line suggest intensifying, all above suggest fading or exiting.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trellis::domain::mtss {

struct DataPoint {
  std::string date;  // YYYY-MM-DD
  double score = 0;
};

struct Goal {
  std::optional<double> baseline;
  std::optional<double> target;
  std::optional<std::string> baseline_date;  // YYYY-MM-DD; the aim line starts here
  std::optional<std::string> target_date;    // YYYY-MM-DD; and ends here
};

// A straight line between two dated scores, with its slope in score points per week.
struct Line {
  std::string from_date;
  double from_score = 0;
  std::string to_date;
  double to_score = 0;
  double per_week = 0;
};

enum class DecisionHint {
  not_enough_data,  // fewer than four points, or no aim line to judge them against
  keep_going,       // the last four points are neither all below nor all above the aim line
  consider_intensifying,
  consider_fading_or_exiting,
};
std::string_view name_of(DecisionHint hint);

struct ProgressAnalysis {
  std::optional<Line> aim_line;    // needs baseline, target and both dates, target date later
  std::optional<Line> trend_line;  // needs two points on different dates; spans first to last
  std::optional<double> rate_of_improvement_per_week;  // the trend's slope
  DecisionHint hint = DecisionHint::not_enough_data;
};

// Score on the aim line at `date`; nullopt without an aim line or for a malformed date.
std::optional<double> aim_at(const Line& aim_line, std::string_view date);

// `points` in any order; dates must be valid YYYY-MM-DD (checked by the caller).
ProgressAnalysis analyse(const Goal& goal, const std::vector<DataPoint>& points);

// {"aim_line": {...}|null, "trend_line": {...}|null, "rate_of_improvement_per_week": n|null,
//  "aim_rate_per_week": n|null, "decision_hint": "consider_intensifying", ...}
boost::json::object view(const ProgressAnalysis& analysis);

}  // namespace trellis::domain::mtss
