// THE access policy: one table that names every action on every record and who may take it.
// Every handler and every operation on many records asks `allows` (per record, all or
// nothing); the SQL that lists visible students is derived from the `see_record` row; the API
// answers each record with the actions this table allows the caller (`allowed_actions`); and
// `trellis policy` / docs/access.md print it. Deny by default: a row names who may, nobody else.
#pragma once

#include <boost/json/array.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "domain/auth/principal.hpp"
#include "store/records.hpp"

namespace trellis::domain::access {

enum class Action : std::uint8_t {
  see_directory_entry,  // name, grade, school, local id: search, lists, pickers
  see_record,           // everything else about the student: profile, timeline, cases, plans, ...
  read_access_log,
  open_case,
  work_case,  // status, manager, focus area, reopen
  close_case,
  create_plan,
  edit_plan,  // fields, status, progress points, reviews
  assign_task,
  edit_task,      // title, description, due date, assignee
  complete_task,  // status and notes
  schedule_meeting,
  run_meeting,  // change, cancel, students, attendees, notes
  manage_group,
  submit_form_response,
  upload_file,
  build_district_form,
  build_school_form,
  read_staff_accounts,
  manage_staff_accounts,
  manage_dictionary,
  run_roster_import,
  export_cases,
  read_audit_log,
  manage_identity_providers,     // single sign-on
  manage_notification_defaults,  // how staff hear of things unless they choose otherwise
};
inline constexpr std::size_t kActionCount =
    static_cast<std::size_t>(Action::manage_notification_defaults) + 1;

// Live relationships between a staff member and a record (and so its student).
enum class Relationship : std::uint8_t {
  class_teacher,  // teaches a class the student is enrolled in
  case_manager,
  task_assignee,
  task_creator,
  meeting_attendee,  // the meeting's organizer is one of its attendees
  plan_owner,
  group_facilitator,
};
inline constexpr std::size_t kRelationshipCount =
    static_cast<std::size_t>(Relationship::group_facilitator) + 1;

// Small bit sets over the two enums, usable in constant tables.
template <class E>
class Set {
 public:
  constexpr Set() = default;
  constexpr Set(std::initializer_list<E> items) {
    for (E e : items) bits_ |= bit(e);
  }
  constexpr bool has(E e) const { return (bits_ & bit(e)) != 0; }
  constexpr bool intersects(Set other) const { return (bits_ & other.bits_) != 0; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr Set& add(E e) {
    bits_ |= bit(e);
    return *this;
  }
  constexpr bool operator==(const Set&) const = default;

 private:
  static constexpr std::uint32_t bit(E e) { return 1u << static_cast<unsigned>(e); }
  std::uint32_t bits_ = 0;
};
using Roles = Set<store::Role>;
using Relationships = Set<Relationship>;

// Where a row's school comes from: the student's school, the record's own school (a group,
// a school's form, a staff account's roles), or nowhere (district-wide settings).
enum class Scope : std::uint8_t { student, school, district };

struct Rule {
  Action action;
  std::string_view name;  // stable: what `allowed_actions` and docs/access.md say
  std::string_view what;  // for people
  Scope scope;
  // Roles that allow the action at the subject's school; district_admin holds every school.
  Roles roles;
  // Live relationships with the subject record that allow it.
  Relationships relationships;
  std::string_view refusal;  // the 403 message
};

std::span<const Rule> policy();
const Rule& rule(Action action);
std::optional<Action> action_named(std::string_view name);
std::string_view name_of(Relationship relationship);
std::string_view name_of(store::Role role);

// What the policy must know of one record to decide.
struct Subject {
  std::optional<Id> school_id;  // the student's or the record's school; empty: district-wide
  Relationships relationships;  // the caller's live relationships with this record
};

bool allows(const Principal& principal, Action action, const Subject& subject);

// The schools at which `principal` holds a role that allows `action` (every school: nullopt).
// Lists use it to turn a row into a SQL predicate instead of asking record by record.
std::optional<std::vector<Id>> schools_allowing(const Principal& principal, Action action);

// The names of `actions` that the policy allows on `subject`, for a record's
// `allowed_actions`.
boost::json::array allowed_actions(const Principal& principal, const Subject& subject,
                                   std::initializer_list<Action> actions);

// The table as Markdown (docs/access.md, the README, `trellis policy`).
std::string policy_markdown();

}  // namespace trellis::domain::access
