#include "domain/access/access.hpp"

#include <algorithm>
#include <array>

#include "store/audit_repo.hpp"
#include "store/students_repo.hpp"
#include "util/time.hpp"

namespace trellis::domain::access {

namespace {

// The reasons stored in student_access_grants, one per relationship (class rosters are
// enrollments, not grants).
constexpr std::array<std::string_view, kRelationshipCount> kGrantReasons{
    "class_teacher",    "case_manager", "task_assignee",    "task_creator",
    "meeting_attendee", "plan_owner",   "group_facilitator"};

std::string reason_of(Relationship relationship) {
  return std::string(grant_reason_of(relationship));
}

}  // namespace

store::StudentScope student_scope(const Principal& principal) {
  store::StudentScope scope;
  scope.user_id = principal.user_id;
  scope.now = util::now_micros();
  auto schools = schools_allowing(principal, Action::see_record);
  scope.everyone = !schools.has_value();
  if (schools) scope.school_ids = std::move(*schools);
  return scope;
}

std::optional<store::Student> visible_student(store::Connection& conn, const Principal& principal,
                                              Id student_id) {
  return store::students::find_visible(conn, student_scope(principal), student_id);
}

Subject student_subject(store::Connection& conn, const Principal& principal,
                        const store::Student& student) {
  Subject subject{.school_id = student.school_id, .relationships = {}};
  const auto reasons =
      store::roster::live_grant_reasons(conn, principal.user_id, student.id, util::now_micros());
  for (std::size_t i = 0; i < kRelationshipCount; ++i) {
    if (std::find(reasons.begin(), reasons.end(), kGrantReasons[i]) != reasons.end()) {
      subject.relationships.add(static_cast<Relationship>(i));
    }
  }
  if (store::roster::teaches(conn, principal.user_id, student.id)) {
    subject.relationships.add(Relationship::class_teacher);
  }
  return subject;
}

Subject record_subject(const store::Student& student, Relationships relationships) {
  return {.school_id = student.school_id, .relationships = relationships};
}

std::optional<Error> refusal(const Principal& principal, Action action, const Subject& subject) {
  if (allows(principal, action, subject)) return std::nullopt;
  return Error::forbidden(std::string(rule(action).refusal));
}

bool allows_somewhere(const Principal& principal, Action action) {
  const auto schools = schools_allowing(principal, action);
  return !schools || !schools->empty();
}

boost::json::array actions_allowed_somewhere(const Principal& principal) {
  boost::json::array names;
  for (const auto& row : policy()) {
    if (allows_somewhere(principal, row.action)) names.emplace_back(row.name);
  }
  return names;
}

boost::json::array student_actions(store::Connection& conn, const Principal& principal,
                                   const store::Student& student) {
  return allowed_actions(
      principal, student_subject(conn, principal, student),
      {Action::open_case, Action::create_plan, Action::assign_task, Action::schedule_meeting,
       Action::submit_form_response, Action::upload_file, Action::read_access_log});
}

std::optional<Error> refusal_everywhere(const Principal& principal, Action action) {
  if (allows_somewhere(principal, action)) return std::nullopt;
  return Error::forbidden(std::string(rule(action).refusal));
}

bool is_active_staff(const store::User& user) {
  return user.active && !user.roles.empty();
}

std::optional<std::vector<Id>> staff_directory_schools(const Principal& principal) {
  std::vector<Id> schools;
  for (const auto& grant : principal.roles) {
    if (grant.role == store::Role::district_admin) return std::nullopt;
    if (grant.school_id) schools.push_back(*grant.school_id);
  }
  return schools;
}

bool in_staff_directory(const Principal& principal, const store::User& user) {
  if (!is_active_staff(user)) return false;
  const auto schools = staff_directory_schools(principal);
  if (!schools) return true;
  return std::any_of(user.roles.begin(), user.roles.end(), [&](const auto& grant) {
    return grant.school_id &&
           std::find(schools->begin(), schools->end(), *grant.school_id) != schools->end();
  });
}

void grant(store::Connection& conn, Id user_id, Id student_id, Relationship reason, Id source_id,
           std::optional<std::int64_t> ends_at) {
  store::roster::grant_access(conn, user_id, student_id, reason_of(reason), source_id, ends_at);
}

void revoke(store::Connection& conn, Id user_id, Id student_id, Relationship reason, Id source_id) {
  store::roster::revoke_access(conn, user_id, student_id, reason_of(reason), source_id);
}

void revoke_all(store::Connection& conn, Relationship reason, Id source_id) {
  store::roster::revoke_source(conn, reason_of(reason), source_id);
}

void set_grants_end(store::Connection& conn, Relationship reason, Id source_id,
                    std::optional<std::int64_t> ends_at) {
  store::roster::set_grants_end(conn, reason_of(reason), source_id, ends_at);
}

std::string_view grant_reason_of(Relationship relationship) {
  return kGrantReasons[static_cast<std::size_t>(relationship)];
}

}  // namespace trellis::domain::access
