#include "domain/cases/case_views.hpp"

#include "domain/views.hpp"

#include <boost/json.hpp>

#include "util/time.hpp"

namespace trellis::domain::views {

namespace json = boost::json;

namespace {
json::value named_or_null(const std::optional<store::Id>& id,
                          const std::optional<std::string>& name) {
  if (!id) return nullptr;
  return json::object{{"id", *id}, {"name", name.value_or("")}};
}
json::array trigger_list(const std::vector<std::string>& names) {
  json::array list;
  for (const auto& name : names) list.emplace_back(name);
  return list;
}
constexpr std::int64_t kDay = 86'400'000'000LL;
}  // namespace

json::object case_settings(const store::DictionarySettings& s) {
  return {{"enabled", s.enabled},
          {"open_case_on", trigger_list(s.open_case_on)},
          {"version_id", s.version_id},
          {"effective_at", util::format_rfc3339(s.effective_at)}};
}

json::object dictionary_version(const store::DictionaryVersion& v) {
  return {{"id", v.id},
          {"effective_at", util::format_rfc3339(v.effective_at)},
          {"changed_by", or_null(v.changed_by)},
          {"change", v.change},
          {"enabled", v.enabled},
          {"open_case_on", trigger_list(v.open_case_on)}};
}

json::object dictionary_value(const store::DictionaryValue& v) {
  json::object out{{"id", v.id},           {"kind", v.kind},
                   {"name", v.name},       {"built_in", v.built_in},
                   {"retired", v.retired}, {"updated_at", util::format_rfc3339(v.updated_at)}};
  if (v.kind == "case_status") {
    out["closed"] = v.closed;
    out["is_default"] = v.is_default;
  }
  return out;
}

json::object case_record(const store::CaseRow& c) {
  return {{"id", c.id},
          {"student_id", c.student_id},
          {"status_id", c.status_id},
          {"opened_at", util::format_rfc3339(c.opened_at)},
          {"opened_by_kind", c.opened_by_kind},
          {"opened_by_event_id", or_null(c.opened_by_event_id)},
          {"opened_rule", c.opened_rule},
          {"dictionary_version_id", or_null(c.dictionary_version_id)},
          {"manager_id", or_null(c.manager_id)},
          {"focus_area_id", or_null(c.focus_area_id)},
          {"closed_at", time_or_null(c.closed_at)},
          {"close_reason_id", or_null(c.close_reason_id)},
          {"close_note", or_null(c.close_note)}};
}

namespace {

// {"id": …, "name": …} of a named dictionary value or person, or null.
void write_named_or_null(util::JsonWriter& out, const std::optional<store::Id>& id,
                         const std::optional<std::string>& name) {
  if (!id) {
    out.null();
    return;
  }
  out.begin_object().field("id", *id).field("name", name.value_or("")).end_object();
}

void write_time_or_null(util::JsonWriter& out, const std::optional<std::int64_t>& at) {
  if (at) {
    out.value(util::format_rfc3339(*at));
  } else {
    out.null();
  }
}

void write_student(util::JsonWriter& out, const store::case_queries::DashboardRow& row) {
  out.begin_object()
      .field("id", row.student_id)
      .field("name", row.given_name + " " + row.family_name)
      .field("given_name", row.given_name)
      .field("family_name", row.family_name)
      .field("local_id", row.local_id)
      .field("grade", row.grade)
      .field("school_id", row.school_id)
      .field("school_name", row.school_name)
      .end_object();
}

}  // namespace

void write_case(util::JsonWriter& out, const store::case_queries::DashboardRow& row,
                std::int64_t now, CaseView view, const json::array& allowed_actions) {
  const auto& c = row.c;
  const auto end = c.closed_at.value_or(now);
  out.begin_object().field("id", c.id).key("student");
  write_student(out, row);
  out.key("status")
      .begin_object()
      .field("id", c.status_id)
      .field("name", row.status_name)
      .field("closed", row.status_closed)
      .end_object();
  out.field("is_open", c.is_open())
      .field("opened_at", util::format_rfc3339(c.opened_at))
      .key("opened_by")
      .begin_object()
      .field("kind", c.opened_by_kind)
      .field("event_id", c.opened_by_event_id)
      .end_object()
      .field("opened_rule", c.opened_rule)
      .field("dictionary_version_id", c.dictionary_version_id)
      .key("manager");
  write_named_or_null(out, c.manager_id, row.manager_name);
  out.key("focus_area");
  write_named_or_null(out, c.focus_area_id, row.focus_area_name);
  out.field("days_open", (end - c.opened_at) / kDay)
      .key("tasks")
      .begin_object()
      .field("done", row.tasks.done)
      .field("total", row.tasks.total)
      .field("overdue", row.tasks.overdue)
      .end_object()
      .key("next_meeting_at");
  write_time_or_null(out, row.next_meeting_at);
  out.field("last_activity_at", util::format_rfc3339(c.last_activity_at)).key("closed_at");
  write_time_or_null(out, c.closed_at);
  out.key("close_reason");
  write_named_or_null(out, c.close_reason_id, row.close_reason_name);
  if (view == CaseView::record) out.field("close_note", c.close_note);
  out.key("allowed_actions").value(allowed_actions).end_object();
}

json::object timeline_event(const store::EventRow& e) {
  boost::system::error_code ec;
  auto detail = json::parse(e.detail_json, ec);
  return {{"id", e.id},
          {"student_id", e.student_id},
          {"kind", e.kind},
          {"at", util::format_rfc3339(e.at)},
          {"actor", named_or_null(e.actor_id, e.actor_name)},
          {"summary", e.summary},
          {"entity", or_null(e.entity)},
          {"entity_id", or_null(e.entity_id)},
          {"case_id", or_null(e.case_id)},
          {"detail", ec ? json::value(json::object{}) : detail}};
}

}  // namespace trellis::domain::views
