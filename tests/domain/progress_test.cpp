// Progress monitoring math against values worked out by hand.
#include "domain/mtss/progress.hpp"

#include <gtest/gtest.h>

namespace trellis::domain::mtss {
namespace {

// Baseline 35 on 2026-09-07, target 90 twenty weeks (140 days) later.
Goal twenty_week_goal() {
  return {.baseline = 35, .target = 90, .baseline_date = "2026-09-07", .target_date = "2027-01-25"};
}

// Scores on the Mondays after the baseline date: week 1, 2, ...
std::vector<DataPoint> weekly(const std::vector<double>& scores) {
  static const char* mondays[] = {"2026-09-14", "2026-09-21", "2026-09-28",
                                  "2026-10-05", "2026-10-12", "2026-10-19"};
  std::vector<DataPoint> points;
  for (std::size_t i = 0; i < scores.size(); ++i) points.push_back({mondays[i], scores[i]});
  return points;
}

TEST(Progress, AimLineRisesTwoPointSevenFivePerWeekOverTwentyWeeks) {
  const auto analysis = analyse(twenty_week_goal(), {});
  ASSERT_TRUE(analysis.aim_line);
  EXPECT_DOUBLE_EQ(analysis.aim_line->per_week, 2.75);
  EXPECT_EQ(analysis.aim_line->from_date, "2026-09-07");
  EXPECT_DOUBLE_EQ(analysis.aim_line->from_score, 35);
  EXPECT_EQ(analysis.aim_line->to_date, "2027-01-25");
  EXPECT_DOUBLE_EQ(analysis.aim_line->to_score, 90);
  EXPECT_DOUBLE_EQ(*aim_at(*analysis.aim_line, "2026-09-21"), 40.5);
  EXPECT_DOUBLE_EQ(*aim_at(*analysis.aim_line, "2027-01-25"), 90);
}

TEST(Progress, NoAimLineWithoutTargetOrWithTargetDateBeforeBaseline) {
  auto goal = twenty_week_goal();
  goal.target.reset();
  EXPECT_FALSE(analyse(goal, {}).aim_line);
  goal = twenty_week_goal();
  goal.target_date = "2026-09-01";
  EXPECT_FALSE(analyse(goal, {}).aim_line);
  goal.target_date = goal.baseline_date;
  EXPECT_FALSE(analyse(goal, {}).aim_line);
}

// Days 0, 7, 14, 21 with scores 35, 38, 40, 44: mean day 10.5, mean score 39.25,
// Sxx = 245, Sxy = 101.5, slope 0.4142857 per day = 2.9 per week; fitted 34.9 and 43.6.
TEST(Progress, TrendIsTheLeastSquaresFitAndItsSlopeIsTheRateOfImprovement) {
  const std::vector<DataPoint> points = {
      {"2026-09-07", 35}, {"2026-09-14", 38}, {"2026-09-21", 40}, {"2026-09-28", 44}};
  const auto analysis = analyse(twenty_week_goal(), points);
  ASSERT_TRUE(analysis.trend_line);
  EXPECT_NEAR(*analysis.rate_of_improvement_per_week, 2.9, 1e-9);
  EXPECT_EQ(analysis.trend_line->from_date, "2026-09-07");
  EXPECT_NEAR(analysis.trend_line->from_score, 34.9, 1e-9);
  EXPECT_EQ(analysis.trend_line->to_date, "2026-09-28");
  EXPECT_NEAR(analysis.trend_line->to_score, 43.6, 1e-9);
}

TEST(Progress, TrendIgnoresTheOrderPointsArriveIn) {
  const std::vector<DataPoint> points = {
      {"2026-09-28", 44}, {"2026-09-07", 35}, {"2026-09-21", 40}, {"2026-09-14", 38}};
  EXPECT_NEAR(*analyse(twenty_week_goal(), points).rate_of_improvement_per_week, 2.9, 1e-9);
}

TEST(Progress, NoTrendFromOnePointOrPointsOnOneDate) {
  EXPECT_FALSE(analyse(twenty_week_goal(), weekly({40})).trend_line);
  const std::vector<DataPoint> same_day = {{"2026-09-14", 40}, {"2026-09-14", 42}};
  const auto analysis = analyse(twenty_week_goal(), same_day);
  EXPECT_FALSE(analysis.trend_line);
  EXPECT_FALSE(analysis.rate_of_improvement_per_week);
}

// The aim line is at 37.75, 40.5, 43.25 and 46 on weeks 1 to 4.
TEST(Progress, FourPointsBelowTheAimLineSuggestIntensifying) {
  EXPECT_EQ(analyse(twenty_week_goal(), weekly({30, 31, 32, 33})).hint,
            DecisionHint::consider_intensifying);
}

TEST(Progress, FourPointsAboveTheAimLineSuggestFadingOrExiting) {
  EXPECT_EQ(analyse(twenty_week_goal(), weekly({50, 55, 60, 65})).hint,
            DecisionHint::consider_fading_or_exiting);
}

TEST(Progress, PointsOnBothSidesOrOnTheLineSuggestContinuing) {
  EXPECT_EQ(analyse(twenty_week_goal(), weekly({30, 50, 32, 33})).hint, DecisionHint::keep_going);
  // 40.5 lies on the aim line: neither below nor above.
  EXPECT_EQ(analyse(twenty_week_goal(), weekly({30, 40.5, 32, 33})).hint, DecisionHint::keep_going);
}

TEST(Progress, OnlyTheMostRecentFourPointsCount) {
  // Week 1 is above the line; weeks 2 to 5 (aim 40.5 to 49) are below.
  EXPECT_EQ(analyse(twenty_week_goal(), weekly({60, 31, 32, 33, 34})).hint,
            DecisionHint::consider_intensifying);
}

TEST(Progress, NoHintBeforeFourPointsOrWithoutAnAimLine) {
  EXPECT_EQ(analyse(twenty_week_goal(), weekly({30, 31, 32})).hint, DecisionHint::not_enough_data);
  auto goal = twenty_week_goal();
  goal.baseline.reset();
  EXPECT_EQ(analyse(goal, weekly({30, 31, 32, 33})).hint, DecisionHint::not_enough_data);
}

TEST(Progress, ViewNamesTheHintAndLeavesMissingLinesNull) {
  auto goal = twenty_week_goal();
  goal.target.reset();
  const auto json = view(analyse(goal, weekly({30})));
  EXPECT_TRUE(json.at("aim_line").is_null());
  EXPECT_TRUE(json.at("trend_line").is_null());
  EXPECT_TRUE(json.at("rate_of_improvement_per_week").is_null());
  EXPECT_EQ(json.at("decision_hint").as_string(), "not_enough_data");
  const auto full = view(analyse(twenty_week_goal(), weekly({30, 31, 32, 33})));
  EXPECT_DOUBLE_EQ(full.at("aim_rate_per_week").as_double(), 2.75);
  EXPECT_EQ(full.at("decision_hint").as_string(), "consider_intensifying");
}

}  // namespace
}  // namespace trellis::domain::mtss
