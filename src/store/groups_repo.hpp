// Intervention groups and their members (each member has the plan the group made for them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

namespace trellis::store::groups {

struct GroupRow {
  Id id = 0;
  std::string name;
  std::string intervention;
  Id school_id = 0;
  std::int64_t tier = 2;
  Id facilitator_id = 0;
  std::string schedule;
  // The plan template.
  std::string area;
  std::string skill;
  std::string goal_measure;
  std::optional<double> goal_target;
  std::optional<std::string> goal_target_date;
  std::string frequency;
  std::optional<std::int64_t> minutes;
  std::string status = "active";  // active, archived
  std::optional<Id> created_by;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;

  bool operator==(const GroupRow&) const = default;
};

// A group as the API shows it: with its facilitator's name and how many students are in it.
struct GroupListing {
  GroupRow group;
  std::string facilitator_name;
  std::int64_t member_count = 0;
};

Id insert(Connection& conn, const GroupRow& group);
void update(Connection& conn, const GroupRow& group);
// Members came or went.
void touch(Connection& conn, Id id, std::int64_t at);
// Groups are seen by district-wide roles (scope.everyone), school-wide roles at the group's
// school (scope.school_ids) and the facilitator (scope.user_id).
std::optional<GroupListing> find_visible(Connection& conn, const StudentScope& scope, Id id);

struct ListFilter {
  std::optional<Id> school_id;
  std::optional<Id> facilitator_id;
  std::optional<std::string> status;  // empty: both
  std::optional<std::string> after;   // cursor
  int limit = 50;
};
Page<GroupListing> list(Connection& conn, const StudentScope& scope, const ListFilter& filter);

struct Member {
  Id student_id = 0;
  std::string student_name;
  std::string student_grade;
  std::optional<Id> plan_id;
  std::int64_t added_at = 0;
};
// The current members, by name.
std::vector<Member> members(Connection& conn, Id group_id);
// Those of `student_ids` who are current members.
std::vector<Id> current_members_among(Connection& conn, Id group_id,
                                      const std::vector<Id>& student_ids);
void add_member(Connection& conn, Id group_id, Id student_id, Id plan_id, Id added_by,
                std::int64_t at);
// Marks the current membership removed and answers the plan it made; nullopt when the student
// was not a member.
std::optional<std::optional<Id>> remove_member(Connection& conn, Id group_id, Id student_id,
                                               std::int64_t at);

}  // namespace trellis::store::groups
