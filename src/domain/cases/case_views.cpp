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

json::object dashboard_case(const store::case_queries::DashboardRow& row, std::int64_t now) {
  const auto& c = row.c;
  const auto end = c.closed_at.value_or(now);
  return {
      {"id", c.id},
      {"student",
       {{"id", row.student_id},
        {"name", row.given_name + " " + row.family_name},
        {"given_name", row.given_name},
        {"family_name", row.family_name},
        {"local_id", or_null(row.local_id)},
        {"grade", row.grade},
        {"school_id", row.school_id},
        {"school_name", row.school_name}}},
      {"status", {{"id", c.status_id}, {"name", row.status_name}, {"closed", row.status_closed}}},
      {"is_open", c.is_open()},
      {"opened_at", util::format_rfc3339(c.opened_at)},
      {"opened_by", {{"kind", c.opened_by_kind}, {"event_id", or_null(c.opened_by_event_id)}}},
      {"opened_rule", c.opened_rule},
      {"dictionary_version_id", or_null(c.dictionary_version_id)},
      {"manager", named_or_null(c.manager_id, row.manager_name)},
      {"focus_area", named_or_null(c.focus_area_id, row.focus_area_name)},
      {"days_open", (end - c.opened_at) / kDay},
      {"tasks",
       {{"done", row.tasks.done}, {"total", row.tasks.total}, {"overdue", row.tasks.overdue}}},
      {"next_meeting_at", time_or_null(row.next_meeting_at)},
      {"last_activity_at", util::format_rfc3339(c.last_activity_at)},
      {"closed_at", time_or_null(c.closed_at)},
      {"close_reason", named_or_null(c.close_reason_id, row.close_reason_name)},
  };
}

json::object student_case(const store::case_queries::DashboardRow& row, std::int64_t now) {
  auto body = dashboard_case(row, now);
  body["close_note"] = or_null(row.c.close_note);
  return body;
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
