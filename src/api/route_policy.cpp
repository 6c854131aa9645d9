#include "api/route_policy.hpp"

#include "domain/access/access.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace trellis::api {

namespace {

using domain::access::Action;
using enum Action;

RoutePolicy open(std::string_view method, std::string_view pattern) {
  return {method, pattern, Guard::open, {}, false};
}
RoutePolicy self(std::string_view method, std::string_view pattern) {
  return {method, pattern, Guard::self, {}, false};
}
RoutePolicy staff(std::string_view method, std::string_view pattern) {
  return {method, pattern, Guard::staff, {}, false};
}
// A list or write whose rows the policy decides; no record shown beyond summary fields.
RoutePolicy rows(std::string_view method, std::string_view pattern, std::vector<Action> actions) {
  return {method, pattern, Guard::policy, std::move(actions), false};
}
// A read of a student's record: in the access log.
RoutePolicy record(std::string_view method, std::string_view pattern,
                   std::vector<Action> actions = {see_record}) {
  return {method, pattern, Guard::policy, std::move(actions), true};
}

const std::vector<RoutePolicy>& table() {
  static const std::vector<RoutePolicy> policies{
      open("GET", "/healthz"),
      open("GET", "/readyz"),
      open("GET", "/metrics"),
      open("POST", "/api/v1/auth/login"),
      open("GET", "/api/v1/auth/demo-sign-ins"),
      // Single sign-on: the sign-in page's buttons and messages, and the browser's round trip
      // through the identity provider, all before anyone is signed in.
      open("GET", "/api/v1/auth/providers"),
      open("GET", "/api/v1/auth/sign-in-problems/{code}"),
      open("GET", "/api/v1/auth/oidc/{id}/start"),
      open("GET", "/api/v1/auth/oidc/{id}/initiate"),
      open("GET", "/api/v1/auth/oidc/callback"),
      self("POST", "/api/v1/auth/logout"),
      self("GET", "/api/v1/auth/me"),
      self("POST", "/api/v1/auth/tokens"),
      self("GET", "/api/v1/auth/tokens"),
      self("DELETE", "/api/v1/auth/tokens/{id}"),
      // One's own notifications: the store asks by the caller's id, so nobody reads another's.
      self("GET", "/api/v1/notifications"),
      self("GET", "/api/v1/notifications/unread-count"),
      self("POST", "/api/v1/notifications/read-all"),
      self("POST", "/api/v1/notifications/{id}/read"),
      self("GET", "/api/v1/notifications/preferences"),
      self("PUT", "/api/v1/notifications/preferences"),

      staff("GET", "/api/v1/schools"),
      staff("GET", "/api/v1/staff"),
      rows("GET", "/api/v1/users", {read_staff_accounts}),
      rows("POST", "/api/v1/users", {manage_staff_accounts}),
      rows("GET", "/api/v1/users/{id}", {read_staff_accounts}),
      rows("PATCH", "/api/v1/users/{id}", {manage_staff_accounts}),
      rows("GET", "/api/v1/admin/audit", {read_audit_log}),

      staff("GET", "/api/v1/admin/case-management"),
      rows("PUT", "/api/v1/admin/case-management", {manage_dictionary}),
      staff("GET", "/api/v1/admin/case-management/versions"),
      rows("POST", "/api/v1/admin/case-management/backfill", {manage_dictionary}),
      staff("GET", "/api/v1/admin/dictionaries/{kind}"),
      rows("POST", "/api/v1/admin/dictionaries/{kind}", {manage_dictionary}),
      rows("PATCH", "/api/v1/admin/dictionaries/{kind}/{id}", {manage_dictionary}),
      rows("POST", "/api/v1/admin/imports/oneroster", {run_roster_import}),
      rows("GET", "/api/v1/admin/imports/{id}", {run_roster_import}),
      rows("GET", "/api/v1/admin/identity-providers", {manage_identity_providers}),
      rows("POST", "/api/v1/admin/identity-providers", {manage_identity_providers}),
      rows("GET", "/api/v1/admin/identity-providers/{id}", {manage_identity_providers}),
      rows("PATCH", "/api/v1/admin/identity-providers/{id}", {manage_identity_providers}),
      rows("POST", "/api/v1/admin/identity-providers/{id}/check", {manage_identity_providers}),
      rows("GET", "/api/v1/admin/notification-defaults", {manage_notification_defaults}),
      rows("PUT", "/api/v1/admin/notification-defaults", {manage_notification_defaults}),
      rows("GET", "/api/v1/admin/sign-in-settings", {manage_identity_providers}),
      rows("PUT", "/api/v1/admin/sign-in-settings", {manage_identity_providers}),

      rows("GET", "/api/v1/students", {see_directory_entry}),
      record("GET", "/api/v1/students/{id}"),
      // The log of disclosures itself: administrators audit it; reading it is not a disclosure.
      rows("GET", "/api/v1/students/{id}/access-log", {read_access_log}),
      record("GET", "/api/v1/students/{id}/timeline"),
      record("GET", "/api/v1/students/{id}/cases"),
      record("GET", "/api/v1/students/{id}/files"),
      rows("POST", "/api/v1/students/{id}/files", {upload_file}),
      record("GET", "/api/v1/students/{id}/form-responses"),
      record("GET", "/api/v1/files/{id}"),
      record("GET", "/api/v1/files/{id}/meta"),

      rows("GET", "/api/v1/cases", {see_directory_entry}),
      rows("POST", "/api/v1/cases", {open_case}),
      record("GET", "/api/v1/cases/export", {export_cases}),
      rows("POST", "/api/v1/cases/bulk-close", {close_case}),
      record("GET", "/api/v1/cases/{id}"),
      rows("PATCH", "/api/v1/cases/{id}", {work_case}),
      rows("POST", "/api/v1/cases/{id}/close", {close_case}),
      rows("POST", "/api/v1/cases/{id}/reopen", {work_case}),
      rows("GET", "/api/v1/dashboard/summary", {see_directory_entry}),

      rows("GET", "/api/v1/tasks", {see_directory_entry}),
      rows("GET", "/api/v1/tasks/mine", {see_directory_entry}),
      rows("POST", "/api/v1/tasks", {assign_task}),
      record("GET", "/api/v1/tasks/{id}"),
      rows("PATCH", "/api/v1/tasks/{id}", {edit_task, complete_task}),
      record("GET", "/api/v1/tasks/{id}/notes"),
      rows("POST", "/api/v1/tasks/{id}/notes", {complete_task}),

      rows("GET", "/api/v1/meetings", {see_directory_entry}),
      rows("POST", "/api/v1/meetings", {schedule_meeting}),
      record("GET", "/api/v1/meetings/{id}"),
      record("GET", "/api/v1/meetings/{id}.ics"),
      rows("PATCH", "/api/v1/meetings/{id}", {run_meeting}),
      rows("POST", "/api/v1/meetings/{id}/students", {run_meeting, schedule_meeting}),
      rows("DELETE", "/api/v1/meetings/{id}/students/{student_id}", {run_meeting}),
      record("GET", "/api/v1/meetings/{id}/notes"),
      rows("POST", "/api/v1/meetings/{id}/notes", {run_meeting}),

      // The list shows skill, goal and interventions: every student on the page is logged.
      record("GET", "/api/v1/plans"),
      rows("POST", "/api/v1/plans", {create_plan}),
      record("GET", "/api/v1/plans/{id}"),
      rows("PATCH", "/api/v1/plans/{id}", {edit_plan}),
      record("GET", "/api/v1/plans/{id}/progress"),
      rows("POST", "/api/v1/plans/{id}/progress", {edit_plan}),
      record("GET", "/api/v1/plans/{id}/reviews"),
      rows("POST", "/api/v1/plans/{id}/reviews", {edit_plan}),

      rows("GET", "/api/v1/intervention-groups", {see_directory_entry}),
      rows("POST", "/api/v1/intervention-groups", {manage_group}),
      rows("GET", "/api/v1/intervention-groups/{id}", {see_directory_entry}),
      rows("PATCH", "/api/v1/intervention-groups/{id}", {manage_group}),
      rows("GET", "/api/v1/intervention-groups/{id}/members", {see_directory_entry}),
      rows("POST", "/api/v1/intervention-groups/{id}/members", {manage_group, create_plan}),
      rows("DELETE", "/api/v1/intervention-groups/{id}/members/{student_id}", {manage_group}),

      staff("GET", "/api/v1/forms"),
      rows("POST", "/api/v1/forms", {build_district_form, build_school_form}),
      staff("GET", "/api/v1/forms/{id}"),
      rows("PATCH", "/api/v1/forms/{id}", {build_district_form, build_school_form}),
      record("GET", "/api/v1/forms/{id}/responses"),
      rows("POST", "/api/v1/forms/{id}/responses", {submit_form_response}),
      record("GET", "/api/v1/form-responses/{id}"),
  };
  return policies;
}

std::string_view guard_name(Guard guard) {
  switch (guard) {
    case Guard::open:
      return "no sign-in";
    case Guard::self:
      return "the caller's own";
    case Guard::staff:
      return "any staff member";
    case Guard::policy:
      return "policy";
  }
  return "";
}

}  // namespace

std::span<const RoutePolicy> route_policies() {
  return table();
}

const RoutePolicy* policy_of(std::string_view method, std::string_view pattern) {
  for (const auto& entry : table()) {
    if (entry.method == method && entry.pattern == pattern) return &entry;
  }
  return nullptr;
}

void apply_route_policies(http::Router& router) {
  for (const auto& route : router.routes()) {
    const auto method = http::bhttp::to_string(route->method);
    const auto* entry = policy_of(std::string_view(method.data(), method.size()), route->pattern);
    if (!entry) {
      throw std::logic_error(fmt::format("{} {} has no entry in api/route_policy.cpp",
                                         std::string_view(method.data(), method.size()),
                                         route->pattern));
    }
    route->auth = entry->guard == Guard::open ? http::Auth::none : http::Auth::signed_in;
  }
}

std::string routes_markdown() {
  std::string out =
      "| route | decided by | shows a record (access-logged) |\n| --- | --- | --- |\n";
  for (const auto& entry : table()) {
    std::string decided(guard_name(entry.guard));
    if (entry.guard == Guard::policy) {
      decided.clear();
      for (auto action : entry.actions) {
        if (!decided.empty()) decided += ", ";
        decided += fmt::format("`{}`", domain::access::rule(action).name);
      }
    }
    out += fmt::format("| `{} {}` | {} | {} |\n", entry.method, entry.pattern, decided,
                       entry.shows_record ? "yes" : "");
  }
  return out;
}

std::string access_document() {
  return fmt::format(
      R"(# Who may see and do what

<!-- Generated by `trellis policy` from src/domain/access/policy.cpp and
     src/api/route_policy.cpp; a test fails when this file is not current. -->

Trellis decides every action on every record with one policy table. A row names an action
and who may take it: a role at the school that counts for the record (the student's school,
or the school of a group or form; district administrators hold every school), or a live
relationship with the record. Nobody else may: deny by default.

{}
Roles: a staff member holds roles per school (district administrator, school administrator,
counselor/interventionist, teacher); any role that allows an action allows it. Teachers hold
no school-wide sight of students: they see their class rosters and the students they are
given work on.

## Relationships give access, and take it back

A relationship is kept as a grant (`student_access_grants`: user, student, reason, source
record). The grant is made and removed in the same transaction as the change that makes or
ends the relationship:

| relationship | given when | ends when |
| --- | --- | --- |
| class teacher | the roster enrolls the student in the teacher's class | the enrollment ends |
| case manager | someone is made the case's manager | the manager is changed or removed |
| task assignee | a task is assigned | the task is reassigned; 30 days after it is completed |
| task creator | a task is created | 30 days after it is completed |
| meeting attendee | a person is invited (the organizer is one) | the attendee or the student is taken off, the meeting is cancelled; 30 days after it ends |
| plan owner | a plan is created or handed over | the owner is changed |
| group facilitator | a student joins a group | the student leaves, or the facilitator is changed |

**Why 30 days after finished work.** A person who did the work writes the follow-up after it:
the note after a meeting, the answer to a question about a completed task a week later. A
month covers that; after it the work is history, and the student's own school still holds
the record. Keeping sight for ever would let a year of small tasks add up to a district-wide
view of students nobody works with any more.

**Giving access.** A person given work on a student (a task, a case, a plan, a group, a
meeting) sees that student's record. So staff may give work only to an active colleague in
their own staff directory (`GET /api/v1/staff`: colleagues at their schools; everyone for
district administrators).

**Many records at once.** Bulk close, group member adds and meeting student adds ask the
policy for each record with the same row as the single operation: one refusal refuses all.

**What the API says.** Each record in an answer carries `allowed_actions`: the rows of this
table that allow the caller to act on it. `GET /api/v1/auth/me` carries the rows the caller's
roles allow somewhere. The web UI shows controls from these, never from roles.

## The access log

Every answer that shows a student's record beyond directory information (name, grade, school,
local id) writes an entry in that student's access log before it is sent, naming the kind of
record and its id (34 CFR 99.32). Lists, search and the dashboard show summary fields only
(directory information, and the status, dates and counts of cases, plans and tasks) and are
not logged; the plan list shows goals and interventions, so it logs each student on the page.
An export logs every student it contains. Reading a student's access log is not itself logged:
it is the record of disclosures, read by the administrators who audit it.

## Routes

Every route has an entry; the server refuses to start with a route that has none.

{})",
      domain::access::policy_markdown(), routes_markdown());
}

void require_allowed(const http::RequestContext& ctx, domain::access::Action action) {
  if (auto refused = domain::access::refusal(ctx.caller(), action, {})) {
    throw http::RequestError(*refused);
  }
}

}  // namespace trellis::api
