// The pure rules of tasks: what a valid task is and when one is overdue.
#include "domain/tasks/tasks.hpp"

#include <gtest/gtest.h>

#include "util/time.hpp"

namespace trellis::domain::tasks {
namespace {

NewTask valid_task() {
  NewTask task;
  task.student_id = 1;
  task.assignee_id = 2;
  task.title = "Call home";
  task.due_date = "2026-03-01";
  return task;
}

TaskRow task_due(std::optional<std::string> due_date, std::string status = "open") {
  TaskRow task;
  task.due_date = std::move(due_date);
  task.status = std::move(status);
  return task;
}

TEST(TaskChecks, AValidTaskHasNoProblems) {
  EXPECT_TRUE(check(valid_task()).empty());
  auto undated = valid_task();
  undated.due_date.reset();
  EXPECT_TRUE(check(undated).empty());
}

TEST(TaskChecks, TitleIsRequiredNotBlankAndAtMost200Characters) {
  auto task = valid_task();
  task.title = "  \t ";
  EXPECT_EQ(check(task).at("title"), "Required.");
  task.title = std::string(kMaxTitle, 'x');
  EXPECT_TRUE(check(task).empty());
  task.title += 'x';
  EXPECT_EQ(check(task).at("title"), "Use at most 200 characters.");
}

TEST(TaskChecks, DescriptionIsAtMost10000Characters) {
  auto task = valid_task();
  task.description = std::string(kMaxDescription + 1, 'x');
  EXPECT_TRUE(check(task).contains("description"));
}

TEST(TaskChecks, DueDateMustBeARealCalendarDate) {
  for (const char* bad : {"2026-02-30", "tomorrow", "2026-3-1", "01/03/2026", ""}) {
    auto task = valid_task();
    task.due_date = bad;
    EXPECT_EQ(check(task).at("due_date"), "Enter a date as YYYY-MM-DD.") << bad;
  }
}

TEST(TaskChecks, ChangesCheckOnlyWhatTheyChange) {
  EXPECT_TRUE(check(TaskChanges{}).empty());
  TaskChanges clear_date;
  clear_date.due_date = std::optional<std::string>{};
  EXPECT_TRUE(check(clear_date).empty());
  TaskChanges blank_title;
  blank_title.title = "";
  EXPECT_TRUE(check(blank_title).contains("title"));
}

TEST(TaskOverdue, OpenAndDueBeforeTodayIsOverdue) {
  EXPECT_TRUE(is_overdue(task_due("2026-02-28"), "2026-03-01"));
  EXPECT_FALSE(is_overdue(task_due("2026-03-01"), "2026-03-01")) << "due today is not late yet";
  EXPECT_FALSE(is_overdue(task_due("2026-03-02"), "2026-03-01"));
  EXPECT_FALSE(is_overdue(task_due(std::nullopt), "2026-03-01"));
  EXPECT_FALSE(is_overdue(task_due("2026-02-28", "completed"), "2026-03-01"));
}

// "Today" is the district's date (serve --time-zone), through daylight saving time.
TEST(TaskOverdue, TodayIsTheDistrictsDate) {
  const auto at = [](const char* text) { return *util::parse_rfc3339(text); };
  EXPECT_EQ(util::district_date(at("2026-03-01T23:59:59-05:00")), "2026-03-02") << "UTC at first";
  util::set_district_time_zone("America/Chicago");
  EXPECT_EQ(util::district_date(at("2026-12-08T00:00:00Z")), "2026-12-07") << "6 pm in Chicago";
  EXPECT_EQ(util::district_date(at("2026-12-08T05:59:59Z")), "2026-12-07");
  EXPECT_EQ(util::district_date(at("2026-12-08T06:00:00Z")), "2026-12-08");
  EXPECT_EQ(util::district_date(at("2026-07-01T04:59:59Z")), "2026-06-30") << "CDT, UTC-5";
  EXPECT_EQ(util::district_date(at("2026-07-01T05:00:00Z")), "2026-07-01");
  util::set_district_time_zone("Pacific/Auckland");
  EXPECT_EQ(util::district_date(at("2026-12-07T11:00:00Z")), "2026-12-08");
  EXPECT_THROW(util::set_district_time_zone("Mars/Olympus_Mons"), std::invalid_argument);
  util::set_district_time_zone("UTC");
  EXPECT_EQ(util::district_date(at("2026-12-07T23:59:59Z")), "2026-12-07");
}

// The morning digest's cutoff: 07:00 on the district's date, through clock changes.
TEST(DistrictTimeOfDay, IsThatHourOnTheDistrictsDate) {
  const auto at = [](const char* text) { return *util::parse_rfc3339(text); };
  util::set_district_time_zone("America/Chicago");
  // 6 pm on 7 December in Chicago (CST, UTC-6): 07:00 that day.
  EXPECT_EQ(util::district_time_of_day(at("2026-12-08T00:00:00Z"), 7), at("2026-12-07T13:00:00Z"));
  EXPECT_EQ(util::district_time_of_day(at("2026-07-01T12:00:00Z"), 7), at("2026-07-01T12:00:00Z"))
      << "CDT, UTC-5";
  // 8 March 2026: 02:00 does not happen (clocks go to 03:00 CDT); 1 November: 01:00 happens
  // twice, the first (CDT) counts.
  EXPECT_EQ(util::district_time_of_day(at("2026-03-08T18:00:00Z"), 2), at("2026-03-08T08:00:00Z"));
  EXPECT_EQ(util::district_time_of_day(at("2026-11-01T18:00:00Z"), 1), at("2026-11-01T06:00:00Z"));
  util::set_district_time_zone("UTC");
  EXPECT_EQ(util::district_time_of_day(at("2026-12-07T23:59:59Z"), 7), at("2026-12-07T07:00:00Z"));
}

TEST(TaskStatus, ParsesTheTwoStatusesOnly) {
  EXPECT_EQ(parse_status("open"), Status::open);
  EXPECT_EQ(parse_status("completed"), Status::completed);
  EXPECT_EQ(parse_status("done"), std::nullopt);
  EXPECT_EQ(name_of(Status::completed), "completed");
}

}  // namespace
}  // namespace trellis::domain::tasks
