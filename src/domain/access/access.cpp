#include "domain/access/access.hpp"

#include <algorithm>

#include "store/audit_repo.hpp"
#include "store/students_repo.hpp"

namespace trellis::domain::access {

using store::Role;

namespace {
bool grants_school_wide_view(Role role) {
  return role == Role::school_admin || role == Role::interventionist;
}
}  // namespace

store::StudentScope student_scope(const Principal& principal) {
  store::StudentScope scope;
  scope.user_id = principal.user_id;
  for (const auto& grant : principal.roles) {
    if (grant.role == Role::district_admin) scope.everyone = true;
    if (grants_school_wide_view(grant.role) && grant.school_id) {
      scope.school_ids.push_back(*grant.school_id);
    }
  }
  std::sort(scope.school_ids.begin(), scope.school_ids.end());
  scope.school_ids.erase(std::unique(scope.school_ids.begin(), scope.school_ids.end()),
                         scope.school_ids.end());
  return scope;
}

std::optional<store::Student> visible_student(store::Connection& conn, const Principal& principal,
                                              Id student_id) {
  return store::students::find_visible(conn, student_scope(principal), student_id);
}

bool is_district_admin(const Principal& principal) {
  return std::any_of(principal.roles.begin(), principal.roles.end(),
                     [](const auto& g) { return g.role == Role::district_admin; });
}

bool is_active_staff(const store::User& user) {
  return user.active && !user.roles.empty();
}

bool supports_school(const Principal& principal, Id school_id) {
  return std::any_of(principal.roles.begin(), principal.roles.end(), [&](const auto& g) {
    return g.role == Role::district_admin ||
           (grants_school_wide_view(g.role) && g.school_id == school_id);
  });
}

bool can_work_cases(const Principal& principal, const store::Student& student,
                    std::optional<Id> case_manager_id) {
  return case_manager_id == principal.user_id || supports_school(principal, student.school_id);
}

void grant(store::Connection& conn, Id user_id, Id student_id, std::string_view reason,
           Id source_id) {
  store::roster::grant_access(conn, user_id, student_id, std::string(reason), source_id);
}

bool administers_school(const Principal& principal, Id school_id) {
  return is_district_admin(principal) ||
         std::any_of(principal.roles.begin(), principal.roles.end(), [&](const auto& g) {
           return g.role == Role::school_admin && g.school_id == school_id;
         });
}

bool can_manage_users(const Principal& principal) {
  return std::any_of(principal.roles.begin(), principal.roles.end(), [](const auto& g) {
    return g.role == Role::district_admin || g.role == Role::school_admin;
  });
}

std::optional<std::vector<Id>> staff_directory_schools(const Principal& principal) {
  if (is_district_admin(principal)) return std::nullopt;
  std::vector<Id> schools;
  for (const auto& grant : principal.roles) {
    if (grant.school_id) schools.push_back(*grant.school_id);
  }
  return schools;
}

bool can_read_audit(const Principal& principal) {
  return is_district_admin(principal);
}

bool can_read_access_log(const Principal& principal, const store::Student& student) {
  return administers_school(principal, student.school_id);
}

}  // namespace trellis::domain::access
