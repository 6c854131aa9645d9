// The case engine (DESIGN.md, "The case engine"): every action on a student is recorded as a
// student event on the student's timeline, and, by the Case Management Dictionary, opens or
// joins the student's case in the same transaction as the action itself.
#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/auth/principal.hpp"
#include "domain/outcome.hpp"
#include "store/cases_repo.hpp"
#include "store/database.hpp"

namespace trellis::domain::cases {

// The six kinds of event the dictionary can choose to open a case (rule 1).
enum class Trigger {
  form_submitted,
  plan_created,
  task_assigned,
  meeting_student_added,
  plan_reviewed,
  file_attached,
};
const std::array<Trigger, 6>& all_triggers();
std::string_view name_of(Trigger trigger);
std::optional<Trigger> parse_trigger(std::string_view name);
// The case's "why is this case open" when event `kind` opened it.
std::string opened_rule(std::string_view kind);

// Event kinds that never open a case, named once so timelines and filters agree.
namespace kinds {
inline constexpr std::string_view task_note_added = "task_note_added";
inline constexpr std::string_view task_completed = "task_completed";
inline constexpr std::string_view task_reopened = "task_reopened";
inline constexpr std::string_view meeting_rescheduled = "meeting_rescheduled";
inline constexpr std::string_view meeting_cancelled = "meeting_cancelled";
inline constexpr std::string_view meeting_student_removed = "meeting_student_removed";
inline constexpr std::string_view meeting_note_added = "meeting_note_added";
inline constexpr std::string_view progress_recorded = "progress_recorded";
inline constexpr std::string_view plan_updated = "plan_updated";
inline constexpr std::string_view plan_archived = "plan_archived";
inline constexpr std::string_view plan_restored = "plan_restored";
inline constexpr std::string_view case_opened = "case_opened";
inline constexpr std::string_view case_status_changed = "case_status_changed";
inline constexpr std::string_view case_manager_changed = "case_manager_changed";
inline constexpr std::string_view case_focus_area_changed = "case_focus_area_changed";
inline constexpr std::string_view case_closed = "case_closed";
inline constexpr std::string_view case_reopened = "case_reopened";
}  // namespace kinds

// One action on one student, as the module that performed it describes it.
struct StudentEvent {
  Id student_id = 0;
  std::string kind;     // a trigger's name, or one of `kinds`
  std::string summary;  // one line for the timeline: "Task assigned to Ana Diaz: Call home"
  std::optional<std::string> entity = std::nullopt;  // "task", "meeting", "file", ...
  std::optional<Id> entity_id = std::nullopt;
  boost::json::object detail = {};
  // form_submitted only: the form carries the openCase tag (rule 3).
  bool form_tagged_open_case = false;
};

struct RecordedEvent {
  Id event_id = 0;
  std::optional<Id> case_id;  // the open case the event joined, or opened
  bool opened_case = false;
};

// Works inside the caller's write transaction, so the event, the case it opens and the action
// itself commit or roll back together. Construct one per transaction: the dictionary is read
// once, so an action on 400 students reads it once.
class CaseEngine {
 public:
  CaseEngine(store::Connection& conn, Actor actor);

  // Rule 4: writes the timeline entry; opens a case with the default status when case
  // management is on, the kind is selected (and, for forms, tagged) and the student has no
  // open case; otherwise links the event to the open case, if there is one.
  RecordedEvent record(const StudentEvent& event);

  // Opens a case by hand ("open a case" on the student profile); conflict when case
  // management is off or the student already has an open case. The caller checks access.
  Outcome<Id> open_by_hand(Id student_id, const std::string& opened_by_name);

  // Rule 6's backfill: opens the student's case for `events` (oldest first, all unlinked, of
  // one trigger kind) and links them all to it.
  Outcome<Id> open_by_backfill(Id student_id, const std::vector<store::EventRow>& events,
                               const std::string& rule);

  // An event about a case itself (status changed, closed, reopened): on the case's timeline.
  RecordedEvent record_on_case(Id case_id, const StudentEvent& event);

  const store::DictionarySettings& settings() const { return settings_; }
  std::int64_t now() const { return now_; }
  Id default_status_id() const { return default_status_id_; }
  const Actor& actor() const { return actor_; }

 private:
  bool opens_case(const StudentEvent& event) const;
  // Inserts an open case unless one is open; adds its case_opened entry. nullopt: one was open.
  std::optional<Id> try_open(Id student_id, std::optional<Id> event_id, std::string opened_by_kind,
                             std::string rule);
  Id add_timeline_entry(const StudentEvent& event, std::optional<Id> case_id);

  store::Connection& conn_;
  Actor actor_;
  std::int64_t now_;
  store::DictionarySettings settings_;
  Id default_status_id_;
};

}  // namespace trellis::domain::cases
