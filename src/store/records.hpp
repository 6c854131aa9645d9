// Plain rows as the repositories return them. No behaviour here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace trellis::store {

using Id = std::int64_t;

struct School {
  Id id = 0;
  std::optional<std::string> sourced_id;
  std::string name;
  std::string level;  // elementary, middle, high, other
  std::optional<std::string> identifier;
  bool active = true;
};

enum class Role { district_admin, school_admin, interventionist, teacher };

struct RoleGrant {
  Role role;
  std::optional<Id> school_id;  // empty: district-wide
  bool operator==(const RoleGrant&) const = default;
};

struct User {
  Id id = 0;
  std::optional<std::string> sourced_id;
  std::string email;
  std::string given_name;
  std::string family_name;
  std::optional<std::string> password_hash;
  bool active = true;
  std::vector<RoleGrant> roles;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct Student {
  Id id = 0;
  std::optional<std::string> sourced_id;
  std::optional<std::string> local_id;
  std::string given_name;
  std::string family_name;
  std::optional<std::string> middle_name;
  std::optional<std::string> preferred_name;
  std::string grade;
  Id school_id = 0;
  std::optional<std::string> birth_date;
  std::optional<std::string> sex;
  std::optional<std::string> email;
  std::string demographics_json = "{}";
  bool active = true;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct Session {
  Id id = 0;
  Id user_id = 0;
  std::string csrf_token;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  std::int64_t expires_at = 0;
};

struct ApiToken {
  Id id = 0;
  Id user_id = 0;
  std::string name;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> last_used_at;
  std::optional<std::int64_t> revoked_at;
};

struct AuditEntry {
  Id id = 0;
  std::int64_t at = 0;
  std::optional<Id> actor_id;
  std::string action;  // e.g. "user.create"
  std::string entity;  // e.g. "user"
  std::optional<Id> entity_id;
  std::optional<Id> student_id;
  std::optional<std::string> before_json;
  std::optional<std::string> after_json;
  std::optional<std::string> client_address;
};

struct AccessLogEntry {
  Id id = 0;
  std::int64_t at = 0;
  Id student_id = 0;
  Id user_id = 0;
  std::string user_name;  // filled on reads
  std::string action;     // view, export, download
  std::optional<std::string> detail;
  std::optional<std::string> client_address;
};

// Which students a user may see: the one access rule expressed as data, so single-record
// checks and list filters are the same SQL predicate (store/students_repo.cpp).
struct StudentScope {
  bool everyone = false;       // district-wide role
  std::vector<Id> school_ids;  // school-wide roles
  Id user_id = 0;              // class rosters and access grants of this user
  std::int64_t now = 0;        // grants that lapsed before this (microseconds) no longer count
};

// A page of a keyset-paged list.
template <class T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;
};

}  // namespace trellis::store
