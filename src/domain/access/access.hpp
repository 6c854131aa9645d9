// Who may see and do what: the policy table (policy.hpp) applied to records. Deny by default.
#pragma once

#include <optional>
#include <vector>

#include "domain/access/policy.hpp"
#include "domain/auth/principal.hpp"
#include "domain/outcome.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

namespace trellis::domain::access {

// The policy's `see_record` row as a scope the store turns into one SQL predicate, used for
// single records and lists alike: the schools where the principal's roles allow it (or every
// school), their class rosters, and their live relationships (student_access_grants).
store::StudentScope student_scope(const Principal& principal);

// The student when the principal may see their record; nullopt for unknown and unseen alike,
// so the API answers both with 404 and leaks nothing.
std::optional<store::Student> visible_student(store::Connection& conn, const Principal& principal,
                                              Id student_id);

// The principal's live relationships with a student (any record of theirs, or a class roster),
// with the student's school: the subject of the student-wide rows (see a record, assign a
// task, schedule a meeting, submit a form, upload a file).
Subject student_subject(store::Connection& conn, const Principal& principal,
                        const store::Student& student);
// A record of a student; `relationships` are the caller's with that record alone (the case's
// manager, this task's assignee), never with the student's other records.
Subject record_subject(const store::Student& student, Relationships relationships);

// 403 with the row's message when the policy does not allow the action on the subject.
std::optional<Error> refusal(const Principal& principal, Action action, const Subject& subject);
// Whether the principal may take the action on some record (at some school, or
// district-wide): the route-level gate of an action whose records are chosen later (a list of
// staff accounts), so that refused callers are refused before anything is read.
bool allows_somewhere(const Principal& principal, Action action);
// The names of every action the principal's roles allow somewhere: what the web UI offers in
// its menus (`allowed_actions` of GET /auth/me). Records carry their own.
boost::json::array actions_allowed_somewhere(const Principal& principal);
// What the caller may do about a student (their profile's `allowed_actions`).
boost::json::array student_actions(store::Connection& conn, const Principal& principal,
                                   const store::Student& student);
std::optional<Error> refusal_everywhere(const Principal& principal, Action action);

// Someone who may be given work on students (a task, a case, a meeting): an active account
// holding at least one role.
bool is_active_staff(const store::User& user);
// The staff directory (names and roles, for giving someone work): district administrators
// choose among everyone; others among the staff of their own schools. nullopt means every
// school; an empty list, none.
std::optional<std::vector<Id>> staff_directory_schools(const Principal& principal);
// Whether `user` is an active colleague in the principal's staff directory. Giving someone
// work on a student gives them sight of the student, so staff may give it only to colleagues
// they could choose in the directory.
bool in_staff_directory(const Principal& principal, const store::User& user);

// Relationships are kept as rows of student_access_grants, one per (user, student, reason,
// source record), so that the SQL can list a user's students through an index. A grant with
// `ends_at` lapses then (a finished task, a past meeting); without, it lasts until revoked.
void grant(store::Connection& conn, Id user_id, Id student_id, Relationship reason, Id source_id,
           std::optional<std::int64_t> ends_at = std::nullopt);
void revoke(store::Connection& conn, Id user_id, Id student_id, Relationship reason, Id source_id);
// Every grant that one source record gave (a task's, a meeting's), for everyone it named.
void revoke_all(store::Connection& conn, Relationship reason, Id source_id);
// The reason a relationship is stored under (the bulk generator writes grants itself).
std::string_view grant_reason_of(Relationship relationship);
void set_grants_end(store::Connection& conn, Relationship reason, Id source_id,
                    std::optional<std::int64_t> ends_at);
// How long a finished task or a past meeting keeps the sight of the student it gave: long
// enough to write the follow-up, not for ever (see docs/access.md).
inline constexpr std::int64_t kFinishedWorkGraceMicros = 30LL * 24 * 3600 * 1'000'000;

}  // namespace trellis::domain::access
