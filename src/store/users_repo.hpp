#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "store/database.hpp"
#include "store/records.hpp"

namespace trellis::store {

std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view name);
// A role and its school as stored (columns role, school_id).
RoleGrant read_role_grant(const Value& role, const Value& school);

namespace users {

std::optional<User> find(Connection& conn, Id id);
std::optional<User> find_by_email(Connection& conn, std::string_view email);
Id insert(Connection& conn, const User& user);  // also inserts user.roles
void update(Connection& conn, const User& user);
void replace_roles(Connection& conn, Id user_id, const std::vector<RoleGrant>& roles);

struct ListFilter {
  std::optional<Id> school_id;
  // Only staff holding a role at one of these schools (the staff directory of a school-scoped
  // user); empty finds no one.
  std::optional<std::vector<Id>> any_of_schools;
  bool active_only = false;
  std::optional<std::string> query;  // name or email prefix
  std::optional<std::string> after;  // cursor
  int limit = 50;
};
Page<User> list(Connection& conn, const ListFilter& filter);

}  // namespace users
}  // namespace trellis::store
