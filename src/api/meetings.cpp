// Student meetings: schedule, list, change and cancel, students on and off, notes per student,
// and the meeting as a calendar file (.ics).
#include <boost/json.hpp>
#include <string>
#include <vector>

#include "api/access_log.hpp"
#include "api/routes.hpp"
#include "domain/meetings/meetings.hpp"
#include "http/context.hpp"
#include "http/json_fields.hpp"
#include "util/time.hpp"

namespace trellis::api {

using namespace http;
namespace json = boost::json;
namespace meetings = domain::meetings;
using domain::Error;

namespace {

std::optional<std::int64_t> read_time(JsonFields& fields, std::string_view key, Need need) {
  auto text = fields.text(key, need, 64);
  if (!text) return std::nullopt;
  auto at = util::parse_rfc3339(*text);
  if (!at) fields.fail(key, "Use an RFC 3339 time such as 2026-11-28T14:05:00Z.");
  return at;
}

std::optional<std::int64_t> query_time(RequestContext& ctx, std::string_view name) {
  auto text = ctx.query(name);
  if (!text || text->empty()) return std::nullopt;
  auto at = util::parse_rfc3339(*text);
  if (!at) {
    throw RequestError(Error::invalid({{std::string(name), "Use an RFC 3339 time."}}));
  }
  return at;
}

// A meeting shows its students' records beyond directory information (their cases, the notes
// about them): each read is logged for every student it concerns. This names the path kind and
// the meeting for that entry.
std::string what_of(store::Id meeting_id, std::string_view part = {}) {
  return "meeting " + std::to_string(meeting_id) + (part.empty() ? "" : " ") + std::string(part);
}

meetings::MeetingDraft read_draft(RequestContext& ctx) {
  JsonFields fields(ctx.json_body());
  meetings::MeetingDraft draft;
  auto title = fields.text("title", Need::required, meetings::kMaxTitleLength);
  auto starts_at = read_time(fields, "starts_at", Need::required);
  auto ends_at = read_time(fields, "ends_at", Need::required);
  auto location = fields.text("location", Need::optional, meetings::kMaxLocationLength);
  auto attendee_ids = fields.ids("attendee_ids", Need::optional);
  auto student_ids = fields.ids("student_ids", Need::optional);
  fields.done();
  draft.title = *title;
  draft.starts_at = *starts_at;
  draft.ends_at = *ends_at;
  draft.location = location.value_or("");
  draft.attendee_ids = attendee_ids.value_or(std::vector<store::Id>{});
  draft.student_ids = student_ids.value_or(std::vector<store::Id>{});
  return draft;
}

meetings::MeetingChanges read_changes(RequestContext& ctx) {
  JsonFields fields(ctx.json_body());
  meetings::MeetingChanges changes;
  changes.title = fields.text("title", Need::optional, meetings::kMaxTitleLength);
  changes.starts_at = read_time(fields, "starts_at", Need::optional);
  changes.ends_at = read_time(fields, "ends_at", Need::optional);
  changes.location = fields.text("location", Need::optional, meetings::kMaxLocationLength);
  changes.attendee_ids = fields.ids("attendee_ids", Need::optional);
  if (auto status = fields.text("status", Need::optional, 20)) {
    // A cancelled meeting stays cancelled, so "scheduled" only confirms the status quo.
    if (*status == "cancelled") {
      changes.cancel = true;
    } else if (*status != "scheduled") {
      fields.fail("status", "Use \"cancelled\" to cancel the meeting.");
    }
  }
  fields.done();
  return changes;
}

asio::awaitable<Response> list_meetings(RequestContext& ctx) {
  store::meetings::ListFilter filter;
  filter.from = query_time(ctx, "from");
  filter.to = query_time(ctx, "to");
  filter.student_id = ctx.query_int("student_id");
  if (auto attendee = ctx.query("attendee_id"); attendee && *attendee == "me") {
    filter.attendee_id = ctx.caller().user_id;
  } else {
    filter.attendee_id = ctx.query_int("attendee_id");
  }
  if (auto status = ctx.query("status"); status && !status->empty()) {
    if (*status != "scheduled" && *status != "cancelled") {
      throw RequestError(Error::invalid({{"status", "Use scheduled or cancelled."}}));
    }
    filter.status = *status;
  }
  filter.after = ctx.cursor();
  filter.limit = ctx.page_limit();
  auto page = take(ctx.read(
      [&](store::Connection& conn) { return meetings::list(conn, ctx.caller(), filter); }));
  json::array items;
  for (const auto& meeting : page.items) items.push_back(meetings::view(ctx.caller(), meeting));
  co_return ctx.page(std::move(items), page.next_cursor);
}

asio::awaitable<Response> schedule_meeting(RequestContext& ctx) {
  const auto draft = read_draft(ctx);
  auto meeting = take(co_await ctx.write([&](store::Connection& conn) {
    return meetings::schedule(conn, ctx.caller(), ctx.actor(), draft);
  }));
  co_return ctx.created(meetings::view(ctx.caller(), meeting));
}

asio::awaitable<Response> get_meeting(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  auto meeting =
      ctx.read([&](store::Connection& conn) { return meetings::find(conn, ctx.caller(), id); });
  if (!meeting) throw RequestError(Error::not_found("The meeting"));
  co_await log_reads(ctx, meetings::students_concerned(*meeting), what_of(id));
  co_return ctx.ok(meetings::view(ctx.caller(), *meeting));
}

asio::awaitable<Response> change_meeting(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  const auto changes = read_changes(ctx);
  auto meeting = take(co_await ctx.write([&](store::Connection& conn) {
    return meetings::change(conn, ctx.caller(), ctx.actor(), id, changes);
  }));
  co_return ctx.ok(meetings::view(ctx.caller(), meeting));
}

asio::awaitable<Response> add_students(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  JsonFields fields(ctx.json_body());
  auto student_ids = fields.ids("student_ids", Need::required);
  fields.done();
  auto meeting = take(co_await ctx.write([&](store::Connection& conn) {
    return meetings::add_students(conn, ctx.caller(), ctx.actor(), id, *student_ids);
  }));
  co_return ctx.ok(meetings::view(ctx.caller(), meeting));
}

asio::awaitable<Response> remove_student(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  const auto student_id = ctx.path_id("student_id");
  take(co_await ctx.write([&](store::Connection& conn) {
    return meetings::remove_student(conn, ctx.caller(), ctx.actor(), id, student_id);
  }));
  co_return ctx.no_content();
}

asio::awaitable<Response> add_note(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  JsonFields fields(ctx.json_body());
  meetings::NoteDraft draft;
  draft.student_id = fields.integer("student_id", Need::optional);
  auto body = fields.text("body", Need::required, meetings::kMaxNoteLength);
  draft.decision = fields.text("decision", Need::optional, meetings::kMaxDecisionLength);
  fields.done();
  draft.body = *body;
  auto note = take(co_await ctx.write([&](store::Connection& conn) {
    return meetings::add_note(conn, ctx.caller(), ctx.actor(), id, draft);
  }));
  co_return ctx.created(meetings::note_view(note));
}

asio::awaitable<Response> list_notes(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  const auto student_id = ctx.query_int("student_id");
  const auto limit = ctx.page_limit();
  auto found = take(ctx.read([&](store::Connection& conn) {
    return meetings::notes(conn, ctx.caller(), id, student_id, ctx.cursor(), limit);
  }));
  json::array items;
  for (const auto& note : found.page.items) items.push_back(meetings::note_view(note));
  co_await log_reads(ctx, found.students_concerned, what_of(id, "notes"));
  co_return ctx.page(std::move(items), found.page.next_cursor);
}

asio::awaitable<Response> meeting_calendar(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  auto calendar = take(ctx.read(
      [&](store::Connection& conn) { return meetings::calendar(conn, ctx.caller(), id); }));
  // The file names no student, yet it is a read of a meeting about them: logged like the rest.
  co_await log_reads(ctx, calendar.students_concerned, what_of(id, "calendar"));
  auto response =
      ctx.text(bhttp::status::ok, "text/calendar; charset=utf-8", std::move(calendar.ics));
  response.set(bhttp::field::content_disposition,
               "attachment; filename=\"meeting-" + std::to_string(id) + ".ics\"");
  co_return response;
}

}  // namespace

void register_meetings(Router& router) {
  router.add(bhttp::verb::get, "/api/v1/meetings", list_meetings);
  router.add(bhttp::verb::post, "/api/v1/meetings", schedule_meeting).body = BodyKind::json;
  // Before "{id}", which would take "12.ics" as its id.
  router.add(bhttp::verb::get, "/api/v1/meetings/{id}.ics", meeting_calendar);
  router.add(bhttp::verb::get, "/api/v1/meetings/{id}", get_meeting);
  router.add(bhttp::verb::patch, "/api/v1/meetings/{id}", change_meeting).body = BodyKind::json;
  router.add(bhttp::verb::post, "/api/v1/meetings/{id}/students", add_students).body =
      BodyKind::json;
  router.add(bhttp::verb::delete_, "/api/v1/meetings/{id}/students/{student_id}", remove_student);
  router.add(bhttp::verb::post, "/api/v1/meetings/{id}/notes", add_note).body = BodyKind::json;
  router.add(bhttp::verb::get, "/api/v1/meetings/{id}/notes", list_notes);
}

}  // namespace trellis::api
