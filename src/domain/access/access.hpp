// Who may see and do what. Deny by default: every rule here names a reason to allow.
#pragma once

#include <optional>

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
// District administrators administer every school; school administrators their own.
bool administers_school(const Principal& principal, Id school_id);
// Managing staff accounts: district administrators, and school administrators for roles at
// their schools.
bool can_manage_users(const Principal& principal);
// The district-wide audit log.
bool can_read_audit(const Principal& principal);
// A student's access log: administrators of the student's school.
bool can_read_access_log(const Principal& principal, const store::Student& student);

}  // namespace trellis::domain::access
