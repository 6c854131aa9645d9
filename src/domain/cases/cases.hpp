// Working cases by hand: change status, manager and focus area; close with a reason; reopen;
// open; bulk close at the end of a year; and the backfill of rule 6. Each change is on the
// student's timeline and in the audit log, in one transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/access/policy.hpp"
#include "domain/auth/principal.hpp"
#include "domain/outcome.hpp"
#include "store/cases_queries.hpp"
#include "store/cases_repo.hpp"

namespace trellis::domain::cases {

// The policy's subject for a case of a student at `school_id`: its manager's relationship.
access::Subject subject_of(const Principal& principal, Id school_id, const store::CaseRow& c);
// What the caller may do with the case, for its `allowed_actions`.
boost::json::array allowed_actions(const Principal& principal, Id school_id,
                                   const store::CaseRow& c);

// An optional field that may also be set to "none" (JSON null): outer empty = unchanged.
using Nullable = std::optional<std::optional<Id>>;

struct CaseChanges {
  std::optional<Id> status_id;  // an open status; closing goes through close()
  Nullable manager_id;
  Nullable focus_area_id;
};
Outcome<store::CaseRow> change(store::Connection& conn, const Principal& principal,
                               const Actor& actor, Id case_id, const CaseChanges& changes);

inline constexpr std::size_t kMaxCloseNote = 5000;  // characters

struct Closing {
  std::optional<Id> status_id;  // a closed status
  std::optional<Id> reason_id;  // a reason for close
  std::optional<std::string> note;
};
// Rule 7: closing needs a closed status and a reason for close.
Outcome<store::CaseRow> close(store::Connection& conn, const Principal& principal,
                              const Actor& actor, Id case_id, const Closing& closing);
// Rule 7: a closed case can be reopened by hand when the student has no other open case.
Outcome<store::CaseRow> reopen(store::Connection& conn, const Principal& principal,
                               const Actor& actor, Id case_id);
Outcome<store::CaseRow> open(store::Connection& conn, const Principal& principal,
                             const Actor& actor, Id student_id);

// Closes every open case matching the filter (the dashboard's filters, focus area among them,
// or a list of case ids) that the caller may see; administrators only. Answers how many were
// closed. Named cases that are not all open and visible are a 422 that closes none.
Outcome<std::int64_t> bulk_close(store::Connection& conn, const Principal& principal,
                                 const Actor& actor, store::case_queries::DashboardFilter filter,
                                 const Closing& closing);

struct BackfillRequest {
  std::string trigger;
  std::int64_t from = 0;  // inclusive
  std::int64_t to = 0;    // exclusive
  bool apply = false;
};
struct BackfillStudent {
  store::Student student;
  std::vector<store::EventRow> events;  // oldest first
  std::optional<Id> case_id;            // after apply
};
// Rule 6: the events of one trigger in a date range that no case holds, for students with no
// open case; with apply, opens their cases (audited). District administrators only.
Outcome<std::vector<BackfillStudent>> backfill(store::Connection& conn, const Principal& principal,
                                               const Actor& actor, const BackfillRequest& request);

// The UTC date ("YYYY-MM-DD") of a moment: the day against which tasks are overdue.
std::string utc_date(std::int64_t at);

}  // namespace trellis::domain::cases

namespace trellis::domain::cases {

// The dashboard list for the caller: only cases of students they may see.
store::Page<store::case_queries::DashboardRow> dashboard(
    store::Connection& conn, const Principal& principal,
    const store::case_queries::DashboardFilter& filter, std::int64_t now);
// The dashboard's rows that the policy lets the caller export (`case.export`, asked per case).
std::vector<store::case_queries::DashboardRow> dashboard_export(
    store::Connection& conn, const Principal& principal,
    const store::case_queries::DashboardFilter& filter, std::int64_t now);
// A student's cases, open and closed, newest first, when the caller may see the student.
std::vector<store::case_queries::DashboardRow> student_cases(store::Connection& conn,
                                                             const Principal& principal,
                                                             Id student_id, std::int64_t now);
store::case_queries::Summary summary(store::Connection& conn, const Principal& principal,
                                     std::int64_t now, int weeks);

// The Individual Student Case page.
struct CasePage {
  store::case_queries::DashboardRow row;
  std::optional<store::EventRow> opened_by;  // "why is this case open?" (rule 8)
  std::optional<store::DictionaryVersion> dictionary_version;
  std::vector<store::case_queries::CaseTask> tasks;
  std::vector<store::case_queries::CaseMeeting> meetings;
  store::Page<store::EventRow> timeline;  // the case's newest events
};
// nullopt when the case is unknown or its student is not visible to the caller.
std::optional<CasePage> case_page(store::Connection& conn, const Principal& principal, Id case_id,
                                  std::int64_t now);

}  // namespace trellis::domain::cases
