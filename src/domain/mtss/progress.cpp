#include "domain/mtss/progress.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>

#include "domain/views.hpp"
#include "util/time.hpp"

namespace trellis::domain::mtss {

namespace json = boost::json;

namespace {

constexpr double kDaysPerWeek = 7.0;
constexpr std::size_t kFourPointRule = 4;

// Days since the Unix epoch of a YYYY-MM-DD date.
std::optional<double> day_of(std::string_view date) {
  if (!util::is_valid_date(date)) return std::nullopt;
  const auto at = util::parse_moment(date);
  if (!at) return std::nullopt;
  return static_cast<double>(*at / util::seconds(86'400));
}

std::optional<Line> aim_line_of(const Goal& goal) {
  if (!goal.baseline || !goal.target || !goal.baseline_date || !goal.target_date) {
    return std::nullopt;
  }
  const auto from = day_of(*goal.baseline_date);
  const auto to = day_of(*goal.target_date);
  if (!from || !to || *to <= *from) return std::nullopt;
  const double weeks = (*to - *from) / kDaysPerWeek;
  return Line{*goal.baseline_date, *goal.baseline, *goal.target_date, *goal.target,
              (*goal.target - *goal.baseline) / weeks};
}

struct DatedScore {
  double day;
  double score;
  const DataPoint* point;
};

// Points with valid dates and finite scores (one stored before scores were checked must not
// turn the whole analysis into NaN), oldest first; points on one date keep their order.
std::vector<DatedScore> in_date_order(const std::vector<DataPoint>& points) {
  std::vector<DatedScore> dated;
  dated.reserve(points.size());
  for (const auto& p : points) {
    const auto day = day_of(p.date);
    if (day && std::isfinite(p.score)) dated.push_back({*day, p.score, &p});
  }
  std::stable_sort(dated.begin(), dated.end(),
                   [](const DatedScore& a, const DatedScore& b) { return a.day < b.day; });
  return dated;
}

// Ordinary least squares of score on day; nullopt when every point shares one date.
std::optional<Line> trend_line_of(const std::vector<DatedScore>& dated) {
  if (dated.size() < 2 || dated.front().day == dated.back().day) return std::nullopt;
  const double n = static_cast<double>(dated.size());
  double sum_x = 0, sum_y = 0;
  for (const auto& d : dated) {
    sum_x += d.day;
    sum_y += d.score;
  }
  const double mean_x = sum_x / n, mean_y = sum_y / n;
  double sxx = 0, sxy = 0;
  for (const auto& d : dated) {
    sxx += (d.day - mean_x) * (d.day - mean_x);
    sxy += (d.day - mean_x) * (d.score - mean_y);
  }
  const double per_day = sxy / sxx;
  const auto fitted = [&](double day) { return mean_y + per_day * (day - mean_x); };
  return Line{dated.front().point->date, fitted(dated.front().day), dated.back().point->date,
              fitted(dated.back().day), per_day * kDaysPerWeek};
}

DecisionHint four_point_hint(const std::optional<Line>& aim, const std::vector<DatedScore>& dated) {
  if (!aim || dated.size() < kFourPointRule) return DecisionHint::not_enough_data;
  std::size_t below = 0, above = 0;
  for (auto it = dated.end() - kFourPointRule; it != dated.end(); ++it) {
    const double expected = *aim_at(*aim, it->point->date);
    if (it->score < expected) ++below;
    if (it->score > expected) ++above;
  }
  if (below == kFourPointRule) return DecisionHint::consider_intensifying;
  if (above == kFourPointRule) return DecisionHint::consider_fading_or_exiting;
  return DecisionHint::keep_going;
}

json::value line_or_null(const std::optional<Line>& line) {
  if (!line) return nullptr;
  return json::object{{"from_date", line->from_date},
                      {"from_score", views::number_or_null(line->from_score)},
                      {"to_date", line->to_date},
                      {"to_score", views::number_or_null(line->to_score)},
                      {"per_week", views::number_or_null(line->per_week)}};
}

std::string_view sentence_of(DecisionHint hint) {
  switch (hint) {
    case DecisionHint::not_enough_data:
      return "Four data points and a goal with baseline, target and dates are needed for a "
             "hint.";
    case DecisionHint::keep_going:
      return "The last four points are not all on one side of the aim line: continue.";
    case DecisionHint::consider_intensifying:
      return "The last four points are below the aim line: consider intensifying.";
    case DecisionHint::consider_fading_or_exiting:
      return "The last four points are above the aim line: consider fading or exiting.";
  }
  return "";
}

}  // namespace

std::string_view name_of(DecisionHint hint) {
  switch (hint) {
    case DecisionHint::not_enough_data:
      return "not_enough_data";
    case DecisionHint::keep_going:
      return "keep_going";
    case DecisionHint::consider_intensifying:
      return "consider_intensifying";
    case DecisionHint::consider_fading_or_exiting:
      return "consider_fading_or_exiting";
  }
  return "not_enough_data";
}

std::optional<double> aim_at(const Line& aim_line, std::string_view date) {
  const auto from = day_of(aim_line.from_date);
  const auto day = day_of(date);
  if (!from || !day) return std::nullopt;
  return aim_line.from_score + aim_line.per_week * (*day - *from) / kDaysPerWeek;
}

ProgressAnalysis analyse(const Goal& goal, const std::vector<DataPoint>& points) {
  const auto dated = in_date_order(points);
  ProgressAnalysis analysis;
  analysis.aim_line = aim_line_of(goal);
  analysis.trend_line = trend_line_of(dated);
  if (analysis.trend_line) analysis.rate_of_improvement_per_week = analysis.trend_line->per_week;
  analysis.hint = four_point_hint(analysis.aim_line, dated);
  return analysis;
}

json::object view(const ProgressAnalysis& analysis) {
  json::value aim_rate = nullptr;
  if (analysis.aim_line) aim_rate = views::number_or_null(analysis.aim_line->per_week);
  return {{"aim_line", line_or_null(analysis.aim_line)},
          {"trend_line", line_or_null(analysis.trend_line)},
          {"aim_rate_per_week", std::move(aim_rate)},
          {"rate_of_improvement_per_week", views::or_null(analysis.rate_of_improvement_per_week)},
          {"decision_hint", name_of(analysis.hint)},
          {"decision_hint_text", sentence_of(analysis.hint)}};
}

}  // namespace trellis::domain::mtss
