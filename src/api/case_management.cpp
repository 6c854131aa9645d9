// The Case Management Dictionary (district administrators): the switch and the triggers,
// case statuses, reasons for close and focus areas, the version history, and the backfill.
#include <boost/json.hpp>

#include "api/routes.hpp"
#include "domain/cases/case_engine.hpp"
#include "domain/cases/case_views.hpp"
#include "domain/cases/cases.hpp"
#include "domain/cases/dictionary.hpp"
#include "domain/views.hpp"
#include "http/context.hpp"
#include "http/json_fields.hpp"
#include "util/time.hpp"

namespace trellis::api {

using namespace http;
namespace json = boost::json;
using domain::Error;
namespace dictionary = domain::dictionary;

namespace {

// What each trigger does, for the dictionary screen.
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kTriggerDescriptions = {{
    {"form_submitted", "Submitting a form tagged openCase (the referral form is) opens a case."},
    {"plan_created",
     "Creating an MTSS plan, also by adding a student to an intervention group, "
     "opens a case."},
    {"task_assigned", "Assigning a staff member a task for a student opens a case."},
    {"meeting_student_added", "Adding a student to a student meeting opens a case."},
    {"plan_reviewed", "Conducting a plan review opens a case."},
    {"file_attached", "Attaching a file to a student's profile opens a case."},
}};

json::object settings_body(const store::DictionarySettings& settings) {
  auto body = domain::views::case_settings(settings);
  json::array triggers;
  for (const auto& [name, description] : kTriggerDescriptions) {
    triggers.push_back(json::object{{"name", name}, {"description", description}});
  }
  body["triggers"] = std::move(triggers);
  body["note"] = "Turning a trigger on opens cases only for events recorded from then on.";
  return body;
}

dictionary::ValueKind kind_of(const RequestContext& ctx) {
  auto kind = dictionary::parse_path_kind(ctx.path_text("kind"));
  if (!kind) throw RequestError(Error::not_found("The dictionary"));
  return *kind;
}

asio::awaitable<Response> get_settings(RequestContext& ctx) {
  auto settings =
      ctx.read([](store::Connection& conn) { return store::dictionary::current(conn); });
  co_return ctx.ok(settings_body(settings));
}

std::vector<std::string> read_triggers(JsonFields& fields) {
  std::vector<std::string> names;
  const auto* value = fields.value("open_case_on", Need::required);
  if (!value) return names;
  if (!value->is_array()) {
    fields.fail("open_case_on", "Expected a list of trigger names.");
    return names;
  }
  for (const auto& item : value->get_array()) {
    if (!item.is_string()) {
      fields.fail("open_case_on", "Expected a list of trigger names.");
      return names;
    }
    names.emplace_back(item.get_string());
  }
  return names;
}

asio::awaitable<Response> put_settings(RequestContext& ctx) {
  JsonFields fields(ctx.json_body());
  dictionary::SettingsChange change;
  change.enabled = fields.boolean("enabled", Need::required).value_or(false);
  change.open_case_on = read_triggers(fields);
  fields.done();
  auto settings = take(co_await ctx.write([&](store::Connection& conn) {
    return dictionary::change_settings(conn, ctx.caller(), ctx.actor(), change);
  }));
  co_return ctx.ok(settings_body(settings));
}

asio::awaitable<Response> list_versions(RequestContext& ctx) {
  const auto limit = ctx.page_limit();
  auto page = ctx.read([&](store::Connection& conn) {
    return store::dictionary::versions(conn, ctx.cursor(), limit);
  });
  json::array items;
  for (const auto& version : page.items)
    items.push_back(domain::views::dictionary_version(version));
  co_return ctx.page(std::move(items), page.next_cursor);
}

asio::awaitable<Response> list_values(RequestContext& ctx) {
  const auto kind = std::string(dictionary::name_of(kind_of(ctx)));
  const bool include_retired = ctx.query("include_retired") != "false";
  auto values =
      ctx.read([&](store::Connection& conn) { return store::dictionary::values(conn, kind); });
  json::array items;
  for (const auto& value : values) {
    if (include_retired || !value.retired) items.push_back(domain::views::dictionary_value(value));
  }
  co_return ctx.page(std::move(items), std::nullopt);
}

dictionary::ValueChanges read_value_changes(RequestContext& ctx, Need name_need) {
  JsonFields fields(ctx.json_body());
  dictionary::ValueChanges changes;
  changes.name = fields.text("name", name_need, dictionary::kMaxValueName);
  changes.closed = fields.boolean("closed", Need::optional);
  changes.is_default = fields.boolean("is_default", Need::optional);
  changes.retired = fields.boolean("retired", Need::optional);
  fields.done();
  return changes;
}

asio::awaitable<Response> create_value(RequestContext& ctx) {
  const auto kind = kind_of(ctx);
  const auto changes = read_value_changes(ctx, Need::required);
  auto value = take(co_await ctx.write([&](store::Connection& conn) {
    return dictionary::create_value(conn, ctx.caller(), ctx.actor(), kind, changes);
  }));
  co_return ctx.created(domain::views::dictionary_value(value));
}

asio::awaitable<Response> update_value(RequestContext& ctx) {
  const auto kind = kind_of(ctx);
  const auto id = ctx.path_id("id");
  const auto changes = read_value_changes(ctx, Need::optional);
  auto value = take(co_await ctx.write([&](store::Connection& conn) {
    return dictionary::update_value(conn, ctx.caller(), ctx.actor(), kind, id, changes);
  }));
  co_return ctx.ok(domain::views::dictionary_value(value));
}

std::int64_t read_moment(JsonFields& fields, std::string_view key) {
  auto text = fields.text(key, Need::required, 40);
  if (!text) return 0;
  auto at = util::parse_moment(*text);
  if (!at) fields.fail(key, "Expected a date (YYYY-MM-DD) or an RFC 3339 time.");
  return at.value_or(0);
}

json::object backfill_body(const std::vector<domain::cases::BackfillStudent>& students,
                           bool applied) {
  json::array items;
  std::size_t events = 0;
  for (const auto& item : students) {
    json::array event_items;
    for (const auto& event : item.events)
      event_items.push_back(domain::views::timeline_event(event));
    events += item.events.size();
    items.push_back(json::object{
        {"student", domain::views::student_directory_entry(item.student)},
        {"events", std::move(event_items)},
        {"case_id", item.case_id ? json::value(*item.case_id) : json::value(nullptr)}});
  }
  return {{"applied", applied},
          {"student_count", students.size()},
          {"event_count", events},
          {"students", std::move(items)}};
}

asio::awaitable<Response> backfill(RequestContext& ctx) {
  JsonFields fields(ctx.json_body());
  domain::cases::BackfillRequest request;
  request.trigger = fields.text("trigger", Need::required, 40).value_or("");
  request.from = read_moment(fields, "from");
  request.to = read_moment(fields, "to");
  request.apply = fields.boolean("apply", Need::optional).value_or(false);
  fields.done();
  auto students = take(co_await ctx.write([&](store::Connection& conn) {
    return domain::cases::backfill(conn, ctx.caller(), ctx.actor(), request);
  }));
  co_return ctx.ok(backfill_body(students, request.apply));
}

}  // namespace

void register_case_management(Router& router) {
  router.add(bhttp::verb::get, "/api/v1/admin/case-management", get_settings);
  router.add(bhttp::verb::put, "/api/v1/admin/case-management", put_settings).body = BodyKind::json;
  router.add(bhttp::verb::get, "/api/v1/admin/case-management/versions", list_versions);
  router.add(bhttp::verb::post, "/api/v1/admin/case-management/backfill", backfill).body =
      BodyKind::json;
  router.add(bhttp::verb::get, "/api/v1/admin/dictionaries/{kind}", list_values);
  router.add(bhttp::verb::post, "/api/v1/admin/dictionaries/{kind}", create_value).body =
      BodyKind::json;
  router.add(bhttp::verb::patch, "/api/v1/admin/dictionaries/{kind}/{id}", update_value).body =
      BodyKind::json;
}

}  // namespace trellis::api
