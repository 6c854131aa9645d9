#include "domain/cases/case_engine.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <boost/json/serialize.hpp>

#include "util/time.hpp"

namespace trellis::domain::cases {

namespace {
constexpr std::array<Trigger, 6> kTriggers = {
    Trigger::form_submitted,        Trigger::plan_created,  Trigger::task_assigned,
    Trigger::meeting_student_added, Trigger::plan_reviewed, Trigger::file_attached,
};
constexpr std::array<std::string_view, 6> kTriggerNames = {
    "form_submitted",        "plan_created",  "task_assigned",
    "meeting_student_added", "plan_reviewed", "file_attached",
};
}  // namespace

const std::array<Trigger, 6>& all_triggers() {
  return kTriggers;
}

std::string_view name_of(Trigger trigger) {
  return kTriggerNames[static_cast<std::size_t>(trigger)];
}

std::optional<Trigger> parse_trigger(std::string_view name) {
  for (std::size_t i = 0; i < kTriggerNames.size(); ++i) {
    if (kTriggerNames[i] == name) return kTriggers[i];
  }
  return std::nullopt;
}

std::string opened_rule(std::string_view kind) {
  return fmt::format("Open Case On Event: {}{}", kind,
                     kind == name_of(Trigger::form_submitted) ? " (form tagged openCase)" : "");
}

CaseEngine::CaseEngine(store::Connection& conn, Actor actor)
    : conn_(conn),
      actor_(std::move(actor)),
      now_(util::now_micros()),
      settings_(store::dictionary::current(conn)),
      default_status_id_(store::dictionary::default_status(conn).value()) {}

bool CaseEngine::opens_case(const StudentEvent& event) const {
  if (!settings_.enabled) return false;
  const auto& selected = settings_.open_case_on;
  if (std::find(selected.begin(), selected.end(), event.kind) == selected.end()) return false;
  // Rule 3: a form opens a case only when it carries the openCase tag.
  return event.kind != name_of(Trigger::form_submitted) || event.form_tagged_open_case;
}

Id CaseEngine::add_timeline_entry(const StudentEvent& event, std::optional<Id> case_id) {
  store::EventRow row;
  row.student_id = event.student_id;
  row.kind = event.kind;
  row.at = now_;
  row.actor_id = actor_.user_id;
  row.summary = event.summary;
  row.entity = event.entity;
  row.entity_id = event.entity_id;
  row.case_id = case_id;
  row.detail_json = boost::json::serialize(event.detail);
  return store::events::insert(conn_, row);
}

RecordedEvent CaseEngine::record(const StudentEvent& event) {
  if (auto open = store::cases::find_open_for_student(conn_, event.student_id)) {
    const auto event_id = add_timeline_entry(event, open->id);
    store::cases::touch(conn_, open->id, now_);
    return {event_id, open->id, false};
  }
  const auto event_id = add_timeline_entry(event, std::nullopt);
  if (!opens_case(event)) return {event_id, std::nullopt, false};

  if (auto opened = try_open(event.student_id, event_id, event.kind, opened_rule(event.kind))) {
    return {event_id, *opened, true};
  }
  // Another transaction opened the student's case since we looked (two servers racing on
  // PostgreSQL); the unique index made our insert a no-op, so join theirs.
  auto theirs = store::cases::find_open_for_student(conn_, event.student_id);
  if (!theirs) throw store::DatabaseError("an open case vanished while opening one");
  store::events::link_to_case(conn_, {event_id}, theirs->id);
  store::cases::touch(conn_, theirs->id, now_);
  return {event_id, theirs->id, false};
}

std::optional<Id> CaseEngine::try_open(Id student_id, std::optional<Id> event_id,
                                       std::string opened_by_kind, std::string rule) {
  store::CaseRow row;
  row.student_id = student_id;
  row.status_id = default_status_id_;
  row.opened_at = now_;
  row.opened_by_kind = std::move(opened_by_kind);
  row.opened_by_event_id = event_id;
  row.opened_by_user_id = actor_.user_id;
  row.opened_rule = std::move(rule);
  row.dictionary_version_id = settings_.version_id;
  auto case_id = store::cases::insert_if_none_open(conn_, row);
  if (!case_id) return std::nullopt;
  if (event_id) store::events::link_to_case(conn_, {*event_id}, *case_id);
  add_timeline_entry({.student_id = student_id,
                      .kind = std::string(kinds::case_opened),
                      .summary = "Case opened: " + row.opened_rule,
                      .entity = "case",
                      .entity_id = *case_id},
                     *case_id);
  return case_id;
}

Outcome<Id> CaseEngine::open_by_hand(Id student_id, const std::string& opened_by_name) {
  if (!settings_.enabled) {
    return Error{ErrorKind::conflict, "case_management_disabled",
                 "Case management is turned off in the Case Management Dictionary."};
  }
  auto case_id =
      try_open(student_id, std::nullopt, "manual", "Opened by hand by " + opened_by_name);
  if (!case_id) {
    return Error::conflict("case_already_open", "The student already has an open case.");
  }
  return *case_id;
}

Outcome<Id> CaseEngine::open_by_backfill(Id student_id, const std::vector<store::EventRow>& events,
                                         const std::string& rule) {
  auto case_id = try_open(student_id, events.front().id, events.front().kind, rule);
  if (!case_id) {
    return Error::conflict("case_already_open", "The student already has an open case.");
  }
  std::vector<Id> ids;
  for (const auto& event : events) ids.push_back(event.id);
  store::events::link_to_case(conn_, ids, *case_id);
  return *case_id;
}

RecordedEvent CaseEngine::record_on_case(Id case_id, const StudentEvent& event) {
  const auto event_id = add_timeline_entry(event, case_id);
  store::cases::touch(conn_, case_id, now_);
  return {event_id, case_id, false};
}

}  // namespace trellis::domain::cases
