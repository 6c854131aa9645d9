// Who may see and do what. Deny by default: every rule here names a reason to allow.
#pragma once

#include <optional>
#include <vector>

#include "domain/auth/principal.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

namespace trellis::domain::access {

// The one rule for seeing students, as a scope the store turns into one SQL predicate used
// for single records and for lists alike. A user sees a student through: a district-wide
// role; a school-wide role (school administrator, interventionist/counselor) at the
// student's school; a class they teach that the student is enrolled in; or a named grant
// (case manager, task assignee, meeting attendee, group facilitator, plan owner).
// Teachers hold no school-wide view.
store::StudentScope student_scope(const Principal& principal);

// The student when the principal may see them; nullopt for unknown and unseen alike, so the
// API answers both with 404 and leaks nothing.
std::optional<store::Student> visible_student(store::Connection& conn, const Principal& principal,
                                              Id student_id);

bool is_district_admin(const Principal& principal);
// Someone who may be given work on students (a task, a case, a meeting): an active account
// holding at least one role.
bool is_active_staff(const store::User& user);
// Working a student's case (change status, manager, focus area; close; reopen; open by hand):
// district administrators, school administrators and interventionists/counselors at the
// student's school, and the case's manager. Teachers refer; they do not run cases.
// Support staff of a school: district administrators, and school administrators and
// interventionists/counselors at that school. They run cases, plans and intervention groups.
bool supports_school(const Principal& principal, Id school_id);
bool can_work_cases(const Principal& principal, const store::Student& student,
                    std::optional<Id> case_manager_id);
// Named reasons for student_access_grants (the last clause of the rule above).
namespace grant_reason {
inline constexpr std::string_view case_manager = "case_manager";
inline constexpr std::string_view task_assignee = "task_assignee";
inline constexpr std::string_view meeting_attendee = "meeting_attendee";
inline constexpr std::string_view group_facilitator = "group_facilitator";
inline constexpr std::string_view plan_owner = "plan_owner";
}  // namespace grant_reason
void grant(store::Connection& conn, Id user_id, Id student_id, std::string_view reason,
           Id source_id);
// District administrators administer every school; school administrators their own.
bool administers_school(const Principal& principal, Id school_id);
// Managing staff accounts: district administrators, and school administrators for roles at
// their schools.
bool can_manage_users(const Principal& principal);
// The staff directory (names and roles, for giving someone work: a task, a case, a meeting):
// district administrators choose among everyone; others among the staff of their schools.
// nullopt means every school; an empty list, none.
std::optional<std::vector<Id>> staff_directory_schools(const Principal& principal);
// The district-wide audit log.
bool can_read_audit(const Principal& principal);
// A student's access log: administrators of the student's school.
bool can_read_access_log(const Principal& principal, const store::Student& student);

}  // namespace trellis::domain::access
