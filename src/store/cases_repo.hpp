// The Case Management Dictionary, student events (the timeline) and cases.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

namespace trellis::store {

// The dictionary switch and triggers in force, as of one version.
struct DictionarySettings {
  Id version_id = 0;
  std::int64_t effective_at = 0;
  bool enabled = false;
  std::vector<std::string> open_case_on;  // trigger names
};

struct DictionaryVersion {
  Id id = 0;
  std::int64_t effective_at = 0;
  std::optional<Id> changed_by;
  std::string change;
  bool enabled = false;
  std::vector<std::string> open_case_on;
};

// A case status, a reason for close or a focus area.
struct DictionaryValue {
  Id id = 0;
  std::string kind;  // case_status, close_reason, focus_area
  std::string name;
  bool closed = false;      // statuses only
  bool is_default = false;  // statuses only
  bool built_in = false;
  bool retired = false;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct EventRow {
  Id id = 0;
  Id student_id = 0;
  std::string kind;
  std::int64_t at = 0;
  std::optional<Id> actor_id;
  std::string actor_name;  // filled on reads
  std::string summary;
  std::optional<std::string> entity;
  std::optional<Id> entity_id;
  std::optional<Id> case_id;
  std::string detail_json = "{}";
};

struct CaseRow {
  Id id = 0;
  Id student_id = 0;
  Id status_id = 0;
  std::int64_t opened_at = 0;
  std::string opened_by_kind;  // a trigger name, "manual" or "backfill"
  std::optional<Id> opened_by_event_id;
  std::optional<Id> opened_by_user_id;
  std::string opened_rule;  // why: the rule in words, e.g. "Open Case On Event: task_assigned"
  std::optional<Id> dictionary_version_id;
  std::optional<Id> manager_id;
  std::optional<Id> focus_area_id;
  std::optional<std::int64_t> closed_at;
  std::optional<Id> closed_by;
  std::optional<Id> close_reason_id;
  std::optional<std::string> close_note;
  std::int64_t last_activity_at = 0;
  std::int64_t updated_at = 0;

  bool is_open() const { return !closed_at.has_value(); }
};

namespace dictionary {
DictionarySettings current(Connection& conn);
Id add_version(Connection& conn, const DictionaryVersion& version);
std::optional<DictionaryVersion> find_version(Connection& conn, Id id);
// Newest first.
Page<DictionaryVersion> versions(Connection& conn, const std::optional<std::string>& after,
                                 int limit);

std::vector<DictionaryValue> values(Connection& conn, const std::string& kind);
std::optional<DictionaryValue> find_value(Connection& conn, Id id);
// Throws ConstraintViolation(unique) for a name already used by that kind.
Id insert_value(Connection& conn, const DictionaryValue& value);
void update_value(Connection& conn, const DictionaryValue& value);
// Clears the default flag of every value of `kind` (before another becomes the default).
void clear_default(Connection& conn, const std::string& kind);
std::optional<Id> default_status(Connection& conn);
// The state of a value as of a version.
void record_history(Connection& conn, Id version_id, const DictionaryValue& value);
}  // namespace dictionary

namespace events {
Id insert(Connection& conn, const EventRow& event);
std::optional<EventRow> find(Connection& conn, Id id);
struct TimelineFilter {
  Id student_id = 0;
  std::optional<std::string> kind = std::nullopt;
  std::optional<Id> case_id = std::nullopt;
  std::optional<std::string> after = std::nullopt;  // cursor
  int limit = 50;
};
// Newest first, with the actor's name.
Page<EventRow> timeline(Connection& conn, const TimelineFilter& filter);
// Events of `kind` recorded in [from, to) that no case holds, of students without an open case,
// oldest first: what a backfill would open cases for.
std::vector<EventRow> unlinked(Connection& conn, const std::string& kind, std::int64_t from,
                               std::int64_t to);
void link_to_case(Connection& conn, const std::vector<Id>& event_ids, Id case_id);
}  // namespace events

namespace cases {
// A case from the 17 columns of the cases table, in table order, starting at column `first`.
CaseRow read_case(const Row& row, std::size_t first);
// Inserts an open case unless the student already has one (the unique partial index decides,
// so racing servers cannot both insert); the new id, or nullopt when one was open.
std::optional<Id> insert_if_none_open(Connection& conn, const CaseRow& row);
std::optional<CaseRow> find(Connection& conn, Id id);
std::optional<CaseRow> find_open_for_student(Connection& conn, Id student_id);
std::vector<CaseRow> for_student(Connection& conn, Id student_id);
void update(Connection& conn, const CaseRow& row);
void touch(Connection& conn, Id case_id, std::int64_t at);
}  // namespace cases

}  // namespace trellis::store
