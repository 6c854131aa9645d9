// The Case Management Dashboard's reads: the filtered, sorted, keyset-paged list with each
// case's task progress and next meeting in one query, the summary counts for the charts, and
// the pieces of the Individual Student Case page.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/cases_repo.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

namespace trellis::store::case_queries {

enum class CaseSort { opened_newest, opened_oldest, last_activity, student_name };

struct DashboardFilter {
  std::string status = "open";  // open, closed or all
  std::optional<Id> status_id;
  std::optional<Id> student_id;
  std::optional<Id> school_id;
  std::optional<std::string> grade;
  std::optional<std::string> trigger;  // opened_by_kind
  std::optional<Id> manager_id;
  std::optional<Id> focus_area_id;
  std::optional<std::int64_t> opened_from;  // inclusive
  std::optional<std::int64_t> opened_to;    // exclusive
  std::optional<std::string> query;         // student name prefix or local id
  std::vector<Id> case_ids;                 // when not empty, only these cases
  CaseSort sort = CaseSort::opened_newest;
  std::optional<std::string> after;  // cursor
  int limit = 50;
};

struct TaskProgress {
  std::int64_t done = 0;
  std::int64_t total = 0;
  std::int64_t overdue = 0;
};

struct DashboardRow {
  CaseRow c;
  Id student_id = 0;
  std::string given_name;
  std::string family_name;
  std::optional<std::string> local_id;
  std::string grade;
  Id school_id = 0;
  std::string school_name;
  std::string status_name;
  bool status_closed = false;
  std::optional<std::string> manager_name;
  std::optional<std::string> focus_area_name;
  std::optional<std::string> close_reason_name;
  TaskProgress tasks;
  std::optional<std::int64_t> next_meeting_at;
  std::vector<std::string> sort_keys;
};

// `today` is the date (YYYY-MM-DD) before which an open task is overdue; `now` bounds the
// next meeting. Only cases of students `scope` may see.
Page<DashboardRow> list(Connection& conn, const StudentScope& scope, const DashboardFilter& filter,
                        const std::string& today, std::int64_t now);
// Every matching case (no paging), in the list's order: CSV export and bulk close.
std::vector<DashboardRow> all(Connection& conn, const StudentScope& scope,
                              const DashboardFilter& filter, const std::string& today,
                              std::int64_t now);
std::optional<DashboardRow> one(Connection& conn, const StudentScope& scope, Id case_id,
                                const std::string& today, std::int64_t now);

struct Count {
  std::string key;
  std::string label;
  std::int64_t count = 0;
};
struct WeekCount {
  std::int64_t week_start = 0;  // Monday 00:00 UTC
  std::string trigger;
  std::int64_t count = 0;
};
struct Summary {
  std::int64_t open = 0;
  std::int64_t closed = 0;
  std::vector<Count> by_status;  // open cases
  std::vector<Count> by_trigger;
  std::vector<Count> by_school;
  std::vector<Count> by_school_grade;  // key "school_id/grade"
  std::vector<WeekCount> opened_per_week;
};
Summary summary(Connection& conn, const StudentScope& scope, std::int64_t weeks_from);

// Cases holding a status; open cases only when `open`, else closed ones only.
std::int64_t count_with_status(Connection& conn, Id status_id, bool open);

struct CaseTask {
  Id id = 0;
  std::string title;
  std::string status;
  std::optional<std::string> due_date;
  Id assignee_id = 0;
  std::string assignee_name;
};
std::vector<CaseTask> tasks_of_case(Connection& conn, Id case_id);

struct CaseMeeting {
  Id id = 0;
  std::string title;
  std::int64_t starts_at = 0;
  std::int64_t ends_at = 0;
  std::string status;
};
// The student's meetings while the case was open (from its opening on).
std::vector<CaseMeeting> meetings_of_case(Connection& conn, const CaseRow& c);

}  // namespace trellis::store::case_queries
