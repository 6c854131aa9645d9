#include "domain/access/policy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace trellis::domain::access {

namespace {

using store::Role;
using enum Relationship;

constexpr Roles kDistrict{Role::district_admin};
constexpr Roles kAdministrators{Role::district_admin, Role::school_admin};
constexpr Roles kSupportStaff{Role::district_admin, Role::school_admin, Role::interventionist};
// Every relationship gives sight of the student's record: a person given work on a student
// must be able to read what they are working on.
constexpr Relationships kAnyRelationship{class_teacher,    case_manager,     task_assignee,
                                         task_creator,     meeting_attendee, plan_owner,
                                         group_facilitator};

// clang-format off
constexpr std::array<Rule, kActionCount> kPolicy{{
  {Action::see_directory_entry, "student.see_directory_entry",
   "See a student's name, grade, school and local id (search, lists, pickers)",
   Scope::student, kSupportStaff, kAnyRelationship,
   "You may not see this student."},
  {Action::see_record, "student.see_record",
   "See a student's record: profile, timeline, cases, plans, tasks, meetings, files, responses",
   Scope::student, kSupportStaff, kAnyRelationship,
   "You may not see this student's record."},
  {Action::read_access_log, "student.read_access_log",
   "Read who viewed a student's record (the access log)",
   Scope::student, kAdministrators, {},
   "Only administrators of the student's school read the access log."},
  {Action::open_case, "case.open",
   "Open a case by hand",
   Scope::student, kSupportStaff, {},
   "Only counselors, interventionists and administrators of the student's school open cases."},
  {Action::work_case, "case.work",
   "Change a case's status, manager or focus area; reopen it",
   Scope::student, kSupportStaff, {case_manager},
   "Only counselors, interventionists and administrators of the student's school, or the case "
   "manager, work cases."},
  {Action::close_case, "case.close",
   "Close a case (one, or many at once: each is asked)",
   Scope::student, kSupportStaff, {case_manager},
   "Only counselors, interventionists and administrators of the student's school, or the case "
   "manager, close cases."},
  {Action::create_plan, "plan.create",
   "Create a plan (also by adding the student to an intervention group)",
   Scope::student, kSupportStaff, {},
   "Plans are created by the student's support staff."},
  {Action::edit_plan, "plan.edit",
   "Edit or archive a plan; record progress and reviews",
   Scope::student, kSupportStaff, {plan_owner},
   "Only the plan's owner and the student's support staff may do that."},
  {Action::assign_task, "task.assign",
   "Assign a task on a student",
   Scope::student, kSupportStaff, kAnyRelationship,
   "You may not assign tasks for this student."},
  {Action::edit_task, "task.edit",
   "Change a task's title, description, due date or assignee",
   Scope::student, kSupportStaff, {task_creator, task_assignee},
   "Only the task's creator and assignee, and the student's support staff, change it."},
  {Action::complete_task, "task.complete",
   "Change a task's status; add notes",
   Scope::student, kSupportStaff, {task_creator, task_assignee},
   "Only the task's creator and assignee, and the student's support staff, work it."},
  {Action::schedule_meeting, "meeting.schedule",
   "Schedule a meeting about a student, or add them to one",
   Scope::student, kSupportStaff, kAnyRelationship,
   "You may not schedule meetings about this student."},
  {Action::run_meeting, "meeting.run",
   "Change or cancel a meeting; its students, attendees and notes",
   Scope::district, kDistrict, {meeting_attendee},
   "Only the meeting's organizer and attendees change it."},
  {Action::manage_group, "group.manage",
   "Create or change an intervention group and its members",
   Scope::school, kSupportStaff, {group_facilitator},
   "Only the group's facilitator and the school's support staff change this group."},
  {Action::submit_form_response, "form.respond",
   "Submit a form response (a referral) about a student",
   Scope::student, kSupportStaff, kAnyRelationship,
   "You may not submit forms about this student."},
  {Action::upload_file, "file.upload",
   "Upload a file to a student's record",
   Scope::student, kSupportStaff, kAnyRelationship,
   "You may not add files to this student's record."},
  {Action::build_district_form, "form.build_district",
   "Build, change or archive a district form (such as the Referral form)",
   Scope::district, kDistrict, {},
   "Only district administrators build and change district forms."},
  {Action::build_school_form, "form.build_school",
   "Build, change or archive a school's own form",
   Scope::school, kSupportStaff, {},
   "Only the school's administrators, counselors and interventionists build its forms."},
  {Action::read_staff_accounts, "user.read",
   "List and read staff accounts (e-mail, roles, status)",
   Scope::school, kAdministrators, {},
   "Only administrators read the staff accounts of their schools."},
  {Action::manage_staff_accounts, "user.manage",
   "Create staff accounts, change them, give and take roles",
   Scope::school, kAdministrators, {},
   "You may only manage accounts and roles at schools you administer."},
  {Action::manage_dictionary, "dictionary.manage",
   "Change the Case Management Dictionary (switch, triggers, statuses, reasons, focus areas)",
   Scope::district, kDistrict, {},
   "Only district administrators change the Case Management Dictionary."},
  {Action::run_roster_import, "roster.import",
   "Import the roster (OneRoster) and read imports",
   Scope::district, kDistrict, {},
   "Only district administrators import the roster."},
  {Action::export_cases, "case.export",
   "Export cases (each student exported is in their access log)",
   Scope::student, kSupportStaff, {case_manager},
   "Only counselors, interventionists and administrators export cases."},
  {Action::read_audit_log, "audit.read",
   "Read the district's audit log",
   Scope::district, kDistrict, {},
   "Only district administrators read the audit log."},
  {Action::manage_identity_providers, "sso.manage",
   "Configure single sign-on: the district's identity providers",
   Scope::district, kDistrict, {},
   "Only district administrators configure single sign-on."},
  {Action::manage_notification_defaults, "notifications.defaults",
   "Set how staff hear of their work by default (e-mail, the app only, or not at all)",
   Scope::district, kDistrict, {},
   "Only district administrators set the district's notification defaults."},
}};
// clang-format on

constexpr bool table_is_in_enum_order() {
  for (std::size_t i = 0; i < kPolicy.size(); ++i) {
    if (static_cast<std::size_t>(kPolicy[i].action) != i) return false;
  }
  return true;
}
static_assert(table_is_in_enum_order(), "one row per action, in the order of the enum");
// The SQL that lists visible students (store::students::visibility_predicate) counts every
// relationship: keep the row that it expresses saying the same.
static_assert(kPolicy[static_cast<std::size_t>(Action::see_record)].relationships ==
              kAnyRelationship);
static_assert(kPolicy[static_cast<std::size_t>(Action::see_directory_entry)].relationships ==
              kAnyRelationship);

bool role_allows_at(const store::RoleGrant& grant, const Rule& rule, std::optional<Id> school_id) {
  if (!rule.roles.has(grant.role)) return false;
  if (grant.role == Role::district_admin) return true;
  return grant.school_id && school_id && *grant.school_id == *school_id;
}

constexpr std::array<std::string_view, kRelationshipCount> kRelationshipNames{
    "class teacher",    "case manager", "task assignee",    "task creator",
    "meeting attendee", "plan owner",   "group facilitator"};

std::string_view scope_name(Scope scope) {
  switch (scope) {
    case Scope::student:
      return "the student's school";
    case Scope::school:
      return "the record's school";
    case Scope::district:
      return "district-wide";
  }
  return "";
}

std::string roles_cell(const Rule& rule) {
  std::string out;
  for (auto role :
       {Role::district_admin, Role::school_admin, Role::interventionist, Role::teacher}) {
    if (!rule.roles.has(role)) continue;
    if (!out.empty()) out += ", ";
    out += name_of(role);
  }
  return out.empty() ? "nobody" : out;
}

std::string relationships_cell(const Rule& rule) {
  std::string out;
  for (std::size_t i = 0; i < kRelationshipCount; ++i) {
    if (!rule.relationships.has(static_cast<Relationship>(i))) continue;
    if (!out.empty()) out += ", ";
    out += kRelationshipNames[i];
  }
  return out.empty() ? "none" : out;
}

}  // namespace

std::span<const Rule> policy() {
  return kPolicy;
}

const Rule& rule(Action action) {
  return kPolicy[static_cast<std::size_t>(action)];
}

std::optional<Action> action_named(std::string_view name) {
  for (const auto& r : kPolicy) {
    if (r.name == name) return r.action;
  }
  return std::nullopt;
}

std::string_view name_of(Relationship relationship) {
  return kRelationshipNames[static_cast<std::size_t>(relationship)];
}

std::string_view name_of(store::Role role) {
  switch (role) {
    case Role::district_admin:
      return "district administrator";
    case Role::school_admin:
      return "school administrator";
    case Role::interventionist:
      return "counselor/interventionist";
    case Role::teacher:
      return "teacher";
  }
  return "";
}

bool allows(const Principal& principal, Action action, const Subject& subject) {
  const Rule& r = rule(action);
  if (subject.relationships.intersects(r.relationships)) return true;
  return std::any_of(principal.roles.begin(), principal.roles.end(), [&](const auto& grant) {
    return role_allows_at(grant, r, subject.school_id);
  });
}

std::optional<std::vector<Id>> schools_allowing(const Principal& principal, Action action) {
  const Rule& r = rule(action);
  std::vector<Id> schools;
  for (const auto& grant : principal.roles) {
    if (!r.roles.has(grant.role)) continue;
    if (grant.role == Role::district_admin) return std::nullopt;
    if (grant.school_id) schools.push_back(*grant.school_id);
  }
  std::sort(schools.begin(), schools.end());
  schools.erase(std::unique(schools.begin(), schools.end()), schools.end());
  return schools;
}

boost::json::array allowed_actions(const Principal& principal, const Subject& subject,
                                   std::initializer_list<Action> actions) {
  boost::json::array names;
  for (Action action : actions) {
    if (allows(principal, action, subject)) names.emplace_back(rule(action).name);
  }
  return names;
}

std::string policy_markdown() {
  std::string out =
      "| action | what | school that counts | roles there | relationships |\n"
      "| --- | --- | --- | --- | --- |\n";
  for (const auto& r : kPolicy) {
    out += fmt::format("| `{}` | {} | {} | {} | {} |\n", r.name, r.what, scope_name(r.scope),
                       roles_cell(r), relationships_cell(r));
  }
  return out;
}

}  // namespace trellis::domain::access
