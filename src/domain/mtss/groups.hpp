// Intervention groups: an intervention run by a facilitator on a schedule for several
// students, with a plan template. Adding students makes each a plan from the template (tier,
// area, skill, goal, the group's intervention with its frequency, minutes and facilitator;
// owned by the facilitator) in one transaction, all or nothing; each plan is a `plan_created`
// event, so cases open where that trigger is on. The facilitator gains access to the members
// (access::grant_reason::group_facilitator, source = the group) and loses it when they leave;
// a member who leaves has their group plan archived.
//
// Who may do what:
// - See a group and its members list: the school's support staff (access::supports_school)
//   and the facilitator.
// - Create and change a group, add and remove members: the school's support staff. Members
//   must be students the caller may see.
// - Adding is all or nothing: unknown or invisible students answer 404 and students already in
//   the group 409, each naming the offending ids (message and `fields.student_ids`); nothing is
//   added for anyone. Ids repeated in one request count once.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/auth/principal.hpp"
#include "domain/mtss/plans.hpp"
#include "domain/outcome.hpp"
#include "store/database.hpp"
#include "store/groups_repo.hpp"

namespace trellis::domain::mtss {

using store::groups::GroupListing;
using store::groups::GroupRow;

inline constexpr std::size_t kMaxGroupName = 200;
inline constexpr std::size_t kMaxSchedule = 500;
inline constexpr std::size_t kMaxMembersPerRequest = 1000;

struct GroupDraft {
  std::string name;
  std::string intervention;
  Id school_id = 0;
  std::int64_t tier = 2;
  std::optional<Id> facilitator_id;  // the caller when absent
  std::string schedule;
  std::string area;
  std::string skill;
  std::string goal_measure;
  std::optional<double> goal_target;
  std::optional<std::string> goal_target_date;
  std::string frequency;
  std::optional<std::int64_t> minutes;
};

// What a PATCH may change; absent fields stay. Template changes shape the plans of students
// added afterwards; plans already made stay as they are. A new facilitator takes over the
// access to the current members.
struct GroupChanges {
  std::optional<std::string> name;
  std::optional<std::string> intervention;
  std::optional<std::int64_t> tier;
  std::optional<Id> facilitator_id;
  std::optional<std::string> schedule;
  std::optional<std::string> area;
  std::optional<std::string> skill;
  std::optional<std::string> goal_measure;
  std::optional<double> goal_target;
  std::optional<std::string> goal_target_date;
  std::optional<std::string> frequency;
  std::optional<std::int64_t> minutes;
  std::optional<std::string> status;  // active, archived
};

struct AddedMember {
  Id student_id = 0;
  Id plan_id = 0;
  std::optional<Id> case_id;
};

Outcome<GroupListing> create(store::Connection& conn, const Principal& by, const Actor& actor,
                             const GroupDraft& draft);
Outcome<GroupListing> update(store::Connection& conn, const Principal& by, const Actor& actor,
                             Id group_id, const GroupChanges& changes);
Outcome<GroupListing> find_group(store::Connection& conn, const Principal& by, Id group_id);
store::Page<GroupListing> list(store::Connection& conn, const Principal& by,
                               const store::groups::ListFilter& filter);
Outcome<std::vector<store::groups::Member>> members(store::Connection& conn, const Principal& by,
                                                    Id group_id);
// A member's plan, made from the group's template and owned by the facilitator (no id, case,
// interventions or times yet).
PlanRow plan_from_template(const GroupRow& group, Id student_id, Id created_by);
Outcome<std::vector<AddedMember>> add_members(store::Connection& conn, const Principal& by,
                                              const Actor& actor, Id group_id,
                                              std::vector<Id> student_ids);
Outcome<Done> remove_member(store::Connection& conn, const Principal& by, const Actor& actor,
                            Id group_id, Id student_id);

// With `allowed_actions` for `by` (group.manage).
boost::json::object view(const Principal& by, const GroupListing& listing);
boost::json::object view(const store::groups::Member& member);
boost::json::object view(const AddedMember& added);

}  // namespace trellis::domain::mtss
