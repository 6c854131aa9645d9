#include "store/users_repo.hpp"

#include <fmt/format.h>

#include <array>
#include <map>

#include "store/dialect.hpp"
#include "store/query_builder.hpp"
#include "util/cursor.hpp"
#include "util/time.hpp"

namespace trellis::store {

namespace sql {
constexpr std::string_view kUserColumns =
    "id, sourced_id, email, given_name, family_name, password_hash, active, created_at, "
    "updated_at";
constexpr std::string_view kFindUser =
    "SELECT id, sourced_id, email, given_name, family_name, password_hash, active, created_at, "
    "updated_at FROM users WHERE id = $1";
constexpr std::string_view kFindUserByEmail =
    "SELECT id, sourced_id, email, given_name, family_name, password_hash, active, created_at, "
    "updated_at FROM users WHERE lower(email) = lower($1)";
constexpr std::string_view kRolesOfUser =
    "SELECT role, school_id FROM user_roles WHERE user_id = $1 ORDER BY id";
constexpr std::string_view kInsertUser =
    "INSERT INTO users (sourced_id, email, given_name, family_name, password_hash, active, "
    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id";
constexpr std::string_view kUpdateUser =
    "UPDATE users SET email = $2, given_name = $3, family_name = $4, password_hash = $5, "
    "active = $6, updated_at = $7 WHERE id = $1";
constexpr std::string_view kDeleteRoles = "DELETE FROM user_roles WHERE user_id = $1";
constexpr std::string_view kInsertRole =
    "INSERT INTO user_roles (user_id, role, school_id) VALUES ($1, $2, $3)";
constexpr std::string_view kRolesOfUsers =
    "SELECT user_id, role, school_id FROM user_roles WHERE {} ORDER BY id";
}  // namespace sql

namespace {

constexpr std::array<std::string_view, 4> kRoleNames = {"district_admin", "school_admin",
                                                        "interventionist", "teacher"};

User read_user(const Row& row) {
  User user;
  user.id = row[0].as_int();
  user.sourced_id = row[1].opt_string();
  user.email = row[2].as_string();
  user.given_name = row[3].as_string();
  user.family_name = row[4].as_string();
  user.password_hash = row[5].opt_string();
  user.active = row[6].as_bool();
  user.created_at = row[7].as_int();
  user.updated_at = row[8].as_int();
  return user;
}

std::optional<User> with_roles(Connection& conn, std::optional<Row> row) {
  if (!row) return std::nullopt;
  User user = read_user(*row);
  for (const auto& r : conn.run(sql::kRolesOfUser, user.id).rows) {
    user.roles.push_back(read_role_grant(r[0], r[1]));
  }
  return user;
}

// Loads the roles of a whole page in one query rather than one per user.
void attach_roles(Connection& conn, std::vector<User>& users) {
  if (users.empty()) return;
  std::vector<Id> ids;
  std::map<Id, User*> by_id;
  for (auto& user : users) {
    ids.push_back(user.id);
    by_id[user.id] = &user;
  }
  const auto query = fmt::format(fmt::runtime(sql::kRolesOfUsers),
                                 id_list_membership(conn.dialect(), "user_id", 1));
  for (const auto& r : conn.run(query, encode_id_list(ids)).rows) {
    by_id.at(r[0].as_int())->roles.push_back(read_role_grant(r[1], r[2]));
  }
}

}  // namespace

std::string_view role_name(Role role) {
  return kRoleNames.at(static_cast<std::size_t>(role));
}

std::optional<Role> parse_role(std::string_view name) {
  for (std::size_t i = 0; i < kRoleNames.size(); ++i) {
    if (kRoleNames[i] == name) return static_cast<Role>(i);
  }
  return std::nullopt;
}

RoleGrant read_role_grant(const Value& role, const Value& school) {
  return RoleGrant{parse_role(role.as_string()).value_or(Role::teacher), school.opt_int()};
}

namespace users {

std::optional<User> find(Connection& conn, Id id) {
  return with_roles(conn, conn.maybe_one(sql::kFindUser, id));
}

std::optional<User> find_by_email(Connection& conn, std::string_view email) {
  return with_roles(conn, conn.maybe_one(sql::kFindUserByEmail, std::string(email)));
}

Id insert(Connection& conn, const User& user) {
  const Id id = conn.one(sql::kInsertUser, user.sourced_id, user.email, user.given_name,
                         user.family_name, user.password_hash, user.active, util::now_micros())[0]
                    .as_int();
  replace_roles(conn, id, user.roles);
  return id;
}

void update(Connection& conn, const User& user) {
  conn.run(sql::kUpdateUser, user.id, user.email, user.given_name, user.family_name,
           user.password_hash, user.active, util::now_micros());
}

void replace_roles(Connection& conn, Id user_id, const std::vector<RoleGrant>& roles) {
  conn.run(sql::kDeleteRoles, user_id);
  for (const auto& grant : roles) {
    conn.run(sql::kInsertRole, user_id, std::string(role_name(grant.role)), grant.school_id);
  }
}

Page<User> list(Connection& conn, const ListFilter& filter) {
  QueryBuilder q;
  if (filter.school_id) {
    q.where("id IN (SELECT user_id FROM user_roles WHERE school_id = " + q.bind(*filter.school_id) +
            ")");
  }
  if (filter.any_of_schools) {
    q.bind(encode_id_list(*filter.any_of_schools));
    q.where("id IN (SELECT user_id FROM user_roles WHERE " +
            id_list_membership(conn.dialect(), "school_id", static_cast<int>(q.params().size())) +
            ")");
  }
  if (filter.active_only) q.where("active <> 0");
  if (filter.query) {
    const auto p = q.bind(like_prefix(*filter.query));
    q.where("(lower(family_name) LIKE " + p + " ESCAPE '\\' OR lower(given_name) LIKE " + p +
            " ESCAPE '\\' OR lower(email) LIKE " + p + " ESCAPE '\\')");
  }
  q.after_cursor(filter.after, {"lower(family_name)", "lower(given_name)", "id"});
  const auto query = fmt::format(
      "SELECT {} FROM users {} ORDER BY lower(family_name), lower(given_name), id LIMIT {}",
      sql::kUserColumns, q.where_clause(), q.bind(std::int64_t{filter.limit + 1}));
  std::vector<User> found;
  for (const auto& row : conn.execute(query, q.params()).rows) found.push_back(read_user(row));
  auto page = make_page(std::move(found), filter.limit, [](const User& last) {
    return std::vector<std::string>{ascii_lower(last.family_name), ascii_lower(last.given_name),
                                    std::to_string(last.id)};
  });
  attach_roles(conn, page.items);
  return page;
}

}  // namespace users
}  // namespace trellis::store
