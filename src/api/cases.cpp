// The Case Management Dashboard (list, summary, CSV export), the Individual Student Case, and
// working a case: change, close, reopen, open by hand, bulk close. Also each student's
// timeline and cases.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <boost/json.hpp>
#include <map>
#include <vector>

#include "api/access_log.hpp"
#include "api/routes.hpp"
#include "domain/access/access.hpp"
#include "domain/cases/case_engine.hpp"
#include "domain/cases/case_views.hpp"
#include "domain/cases/cases.hpp"
#include "domain/views.hpp"
#include "http/context.hpp"
#include "http/json_fields.hpp"
#include "util/csv.hpp"
#include "util/time.hpp"

namespace trellis::api {

using namespace http;
namespace json = boost::json;
using domain::Error;
using store::Id;
using store::case_queries::CaseSort;
using store::case_queries::DashboardFilter;

namespace {

// Cases a bulk close may name one by one: a dashboard page ticked row by row, with room to
// spare; a whole school's cases go by filter instead.
constexpr std::size_t kMostCasesClosedByName = 500;

std::optional<CaseSort> parse_sort(std::string_view text) {
  if (text == "newest") return CaseSort::opened_newest;
  if (text == "oldest") return CaseSort::opened_oldest;
  if (text == "last_activity") return CaseSort::last_activity;
  if (text == "student") return CaseSort::student_name;
  return std::nullopt;
}

bool known_opener(std::string_view kind) {
  return domain::cases::parse_trigger(kind) || kind == "manual";
}

// The dashboard's filters from the query string, shared by the list, the export and the
// bulk close's "filter" object.
class FilterSource {
 public:
  virtual ~FilterSource() = default;
  virtual std::optional<std::string> text(std::string_view key) = 0;
  virtual std::optional<std::int64_t> integer(std::string_view key) = 0;
  virtual std::optional<std::int64_t> moment(std::string_view key) = 0;
  virtual void fail(std::string_view key, std::string message) = 0;
};

DashboardFilter read_filter(FilterSource& in, std::optional<Id> caller_id) {
  DashboardFilter f;
  if (auto status = in.text("status")) {
    if (*status != "open" && *status != "closed" && *status != "all") {
      in.fail("status", "Use open, closed or all.");
    }
    f.status = *status;
  }
  f.status_id = in.integer("status_id");
  f.school_id = in.integer("school_id");
  f.grade = in.text("grade");
  f.trigger = in.text("trigger");
  if (f.trigger && !known_opener(*f.trigger)) in.fail("trigger", "Use a trigger name or manual.");
  if (in.text("manager_id") == "me") {
    f.manager_id = caller_id;
  } else {
    f.manager_id = in.integer("manager_id");
  }
  f.focus_area_id = in.integer("focus_area_id");
  f.opened_from = in.moment("opened_from");
  f.opened_to = in.moment("opened_to");
  f.query = in.text("q");
  if (auto sort = in.text("sort")) {
    auto parsed = parse_sort(*sort);
    if (!parsed) in.fail("sort", "Use newest, oldest, last_activity or student.");
    f.sort = parsed.value_or(CaseSort::opened_newest);
  }
  return f;
}

class QueryFilterSource : public FilterSource {
 public:
  explicit QueryFilterSource(const RequestContext& ctx) : ctx_(ctx) {}
  std::optional<std::string> text(std::string_view key) override {
    auto value = ctx_.query(key);
    if (value && value->empty()) return std::nullopt;
    return value;
  }
  std::optional<std::int64_t> integer(std::string_view key) override { return ctx_.query_int(key); }
  std::optional<std::int64_t> moment(std::string_view key) override { return ctx_.query_time(key); }
  void fail(std::string_view key, std::string message) override {
    throw RequestError(Error::invalid({{std::string(key), std::move(message)}}));
  }

 private:
  const RequestContext& ctx_;
};

class JsonFilterSource : public FilterSource {
 public:
  explicit JsonFilterSource(JsonFields& fields) : fields_(fields) {}
  std::optional<std::string> text(std::string_view key) override {
    return fields_.text(key, Need::optional, 200);
  }
  std::optional<std::int64_t> integer(std::string_view key) override {
    return fields_.integer(key, Need::optional);
  }
  std::optional<std::int64_t> moment(std::string_view key) override {
    auto text = fields_.text(key, Need::optional, 40);
    if (!text) return std::nullopt;
    auto at = util::parse_moment(*text);
    if (!at) fields_.fail(key, "Expected a date (YYYY-MM-DD) or an RFC 3339 time.");
    return at;
  }
  void fail(std::string_view key, std::string message) override {
    fields_.fail(key, std::move(message));
  }

 private:
  JsonFields& fields_;
};

DashboardFilter query_filter(RequestContext& ctx) {
  QueryFilterSource source(ctx);
  return read_filter(source, ctx.caller().user_id);
}

using domain::views::CaseView;

// Lists show a case's summary fields; the case page and the student's cases (both access-logged)
// show it as part of the student's record.
void write_case(util::JsonWriter& out, const domain::Principal& caller,
                const store::case_queries::DashboardRow& row, std::int64_t now, CaseView view) {
  domain::views::write_case(out, row, now, view,
                            domain::cases::allowed_actions(caller, row.school_id, row.c));
}

// A case as the API answers it, with what the caller may do with it, as a tree to add to.
json::object case_json(const domain::Principal& caller,
                       const store::case_queries::DashboardRow& row, std::int64_t now,
                       CaseView view) {
  std::string text;
  util::JsonWriter out(text);
  write_case(out, caller, row, now, view);
  return json::parse(text).as_object();
}

// A page of cases, written straight to the answer's text (the dashboard's every page).
Response cases_page(RequestContext& ctx, const std::vector<store::case_queries::DashboardRow>& rows,
                    std::int64_t now, CaseView view,
                    const std::optional<std::string>& next_cursor) {
  std::string text;
  util::JsonWriter out(text);
  out.begin_object().key("items").begin_array();
  for (const auto& row : rows) write_case(out, ctx.caller(), row, now, view);
  out.end_array().field("next_cursor", next_cursor).end_object();
  return ctx.text(bhttp::status::ok, "application/json; charset=utf-8", std::move(text));
}

asio::awaitable<Response> list_cases(RequestContext& ctx) {
  auto filter = query_filter(ctx);
  filter.after = ctx.cursor();
  filter.limit = ctx.page_limit();
  const auto now = util::now_micros();
  auto page = ctx.read([&](store::Connection& conn) {
    return domain::cases::dashboard(conn, ctx.caller(), filter, now);
  });
  co_return cases_page(ctx, page.items, now, CaseView::summary, page.next_cursor);
}

std::string csv_of(const std::vector<store::case_queries::DashboardRow>& rows, std::int64_t now) {
  util::CsvWriter csv;
  csv.row({"case_id", "student_id", "local_id", "student", "grade", "school", "status", "opened_at",
           "opened_by", "manager", "focus_area", "days_open", "tasks_done", "tasks_total",
           "tasks_overdue", "next_meeting_at", "last_activity_at", "closed_at", "close_reason"});
  for (const auto& r : rows) {
    const auto end = r.c.closed_at.value_or(now);
    csv.row({std::to_string(r.c.id), std::to_string(r.student_id), r.local_id.value_or(""),
             r.family_name + ", " + r.given_name, r.grade, r.school_name, r.status_name,
             util::format_rfc3339(r.c.opened_at), r.c.opened_by_kind, r.manager_name.value_or(""),
             r.focus_area_name.value_or(""),
             std::to_string((end - r.c.opened_at) / 86'400'000'000LL), std::to_string(r.tasks.done),
             std::to_string(r.tasks.total), std::to_string(r.tasks.overdue),
             r.next_meeting_at ? util::format_rfc3339(*r.next_meeting_at) : "",
             util::format_rfc3339(r.c.last_activity_at),
             r.c.closed_at ? util::format_rfc3339(*r.c.closed_at) : "",
             r.close_reason_name.value_or("")});
  }
  return csv.take();
}

// Every student in an export gets one access-log entry naming their exported cases, all in one
// transaction that is durable before the file is sent.
asio::awaitable<Response> export_cases(RequestContext& ctx) {
  const auto filter = query_filter(ctx);
  const auto now = util::now_micros();
  auto rows = ctx.read([&](store::Connection& conn) {
    return domain::cases::dashboard_export(conn, ctx.caller(), filter, now);
  });
  std::map<Id, std::vector<Id>> cases_of_student;
  for (const auto& row : rows) cases_of_student[row.student_id].push_back(row.c.id);
  std::vector<StudentRead> reads;
  for (const auto& [student_id, case_ids] : cases_of_student) {
    reads.push_back(
        {student_id, fmt::format("cases export: case {}", fmt::join(case_ids, ", case "))});
  }
  co_await log_reads(ctx, std::move(reads), domain::audit::StudentAccess::export_);
  auto response = ctx.text(bhttp::status::ok, "text/csv; charset=utf-8", csv_of(rows, now));
  response.set(bhttp::field::content_disposition,
               fmt::format("attachment; filename=\"cases-{}.csv\"", util::district_date(now)));
  co_return response;
}

json::array counts_json(const std::vector<store::case_queries::Count>& counts) {
  json::array items;
  for (const auto& c : counts) {
    items.push_back(json::object{{"key", c.key}, {"label", c.label}, {"count", c.count}});
  }
  return items;
}

asio::awaitable<Response> dashboard_summary(RequestContext& ctx) {
  const auto weeks = ctx.query_int("weeks").value_or(12);
  if (weeks < 1 || weeks > 104) {
    throw RequestError(Error::invalid({{"weeks", "Use 1 to 104 weeks."}}));
  }
  const auto now = util::now_micros();
  auto summary = ctx.read([&](store::Connection& conn) {
    return domain::cases::summary(conn, ctx.caller(), now, static_cast<int>(weeks));
  });
  json::array per_week;
  for (const auto& w : summary.opened_per_week) {
    per_week.push_back(json::object{{"week_start", domain::cases::utc_date(w.week_start)},
                                    {"trigger", w.trigger},
                                    {"count", w.count}});
  }
  co_return ctx.ok(json::object{{"open", summary.open},
                                {"closed", summary.closed},
                                {"by_status", counts_json(summary.by_status)},
                                {"by_trigger", counts_json(summary.by_trigger)},
                                {"by_school", counts_json(summary.by_school)},
                                {"by_school_grade", counts_json(summary.by_school_grade)},
                                {"opened_per_week", std::move(per_week)}});
}

json::object case_page_body(const domain::Principal& caller, const domain::cases::CasePage& page,
                            std::int64_t now) {
  auto body = case_json(caller, page.row, now, CaseView::record);
  body["why"] = json::object{
      {"rule", page.row.c.opened_rule},
      {"event", page.opened_by ? json::value(domain::views::timeline_event(*page.opened_by))
                               : json::value(nullptr)},
      {"dictionary_version",
       page.dictionary_version
           ? json::value(domain::views::dictionary_version(*page.dictionary_version))
           : json::value(nullptr)}};
  json::array tasks;
  for (const auto& t : page.tasks) {
    tasks.push_back(json::object{{"id", t.id},
                                 {"title", t.title},
                                 {"status", t.status},
                                 {"due_date", t.due_date ? json::value(*t.due_date) : nullptr},
                                 {"assignee", {{"id", t.assignee_id}, {"name", t.assignee_name}}}});
  }
  body["task_list"] = std::move(tasks);
  json::array meetings;
  for (const auto& m : page.meetings) {
    meetings.push_back(json::object{{"id", m.id},
                                    {"title", m.title},
                                    {"starts_at", util::format_rfc3339(m.starts_at)},
                                    {"ends_at", util::format_rfc3339(m.ends_at)},
                                    {"status", m.status}});
  }
  body["meetings"] = std::move(meetings);
  json::array timeline;
  for (const auto& e : page.timeline.items) timeline.push_back(domain::views::timeline_event(e));
  body["timeline"] = std::move(timeline);
  return body;
}

// The case page, also the answer to every change of a case. It shows the student's record (the
// case's timeline, tasks, meetings, close note): logged, durable, before it is answered.
asio::awaitable<Response> case_response(RequestContext& ctx, Id case_id, bhttp::status status) {
  const auto now = util::now_micros();
  auto page = ctx.read([&](store::Connection& conn) {
    return domain::cases::case_page(conn, ctx.caller(), case_id, now);
  });
  // After a change: the caller could work the case a moment ago; if a grant changed since (a
  // manager who handed the case on), they no longer see it, and are told so plainly.
  if (!page) throw RequestError(Error::not_found("The case"));
  co_await log_read(ctx, page->row.student_id, fmt::format("case {}", case_id));
  co_return ctx.json(status, case_page_body(ctx.caller(), *page, now));
}

asio::awaitable<Response> get_case(RequestContext& ctx) {
  co_return co_await case_response(ctx, ctx.path_id("id"), bhttp::status::ok);
}

domain::cases::Nullable nullable_id(JsonFields& fields, std::string_view key) {
  if (!fields.has(key)) return std::nullopt;
  const auto* value = fields.value(key, Need::optional);
  if (!value) return std::optional<Id>{};
  if (!value->is_int64() || value->get_int64() <= 0) {
    fields.fail(key, "Expected an id or null.");
    return std::nullopt;
  }
  return std::optional<Id>{value->get_int64()};
}

asio::awaitable<Response> patch_case(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  JsonFields fields(ctx.json_body());
  domain::cases::CaseChanges changes;
  changes.status_id = fields.integer("status_id", Need::optional);
  changes.manager_id = nullable_id(fields, "manager_id");
  changes.focus_area_id = nullable_id(fields, "focus_area_id");
  fields.done();
  take(co_await ctx.write([&](store::Connection& conn) {
    return domain::cases::change(conn, ctx.caller(), ctx.actor(), id, changes);
  }));
  co_return co_await case_response(ctx, id, bhttp::status::ok);
}

domain::cases::Closing read_closing(JsonFields& fields) {
  domain::cases::Closing closing;
  closing.status_id = fields.integer("status_id", Need::optional);
  closing.reason_id = fields.integer("reason_id", Need::optional);
  closing.note = fields.text("note", Need::optional, domain::cases::kMaxCloseNote);
  return closing;
}

asio::awaitable<Response> close_case(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  JsonFields fields(ctx.json_body());
  const auto closing = read_closing(fields);
  fields.done();
  take(co_await ctx.write([&](store::Connection& conn) {
    return domain::cases::close(conn, ctx.caller(), ctx.actor(), id, closing);
  }));
  co_return co_await case_response(ctx, id, bhttp::status::ok);
}

asio::awaitable<Response> reopen_case(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  take(co_await ctx.write([&](store::Connection& conn) {
    return domain::cases::reopen(conn, ctx.caller(), ctx.actor(), id);
  }));
  co_return co_await case_response(ctx, id, bhttp::status::ok);
}

asio::awaitable<Response> open_case(RequestContext& ctx) {
  JsonFields fields(ctx.json_body());
  const auto student_id = fields.integer("student_id", Need::required).value_or(0);
  fields.done();
  auto opened = take(co_await ctx.write([&](store::Connection& conn) {
    return domain::cases::open(conn, ctx.caller(), ctx.actor(), student_id);
  }));
  co_return co_await case_response(ctx, opened.id, bhttp::status::created);
}

asio::awaitable<Response> bulk_close(RequestContext& ctx) {
  JsonFields fields(ctx.json_body());
  const auto closing = read_closing(fields);
  DashboardFilter filter;
  const auto* given = fields.value("filter", Need::optional);
  const auto focus_area_id = fields.integer("focus_area_id", Need::optional);
  auto case_ids = fields.ids("case_ids", Need::optional);
  if (case_ids && case_ids->empty()) fields.fail("case_ids", "Choose at least one case.");
  if (case_ids && case_ids->size() > kMostCasesClosedByName) {
    fields.fail("case_ids",
                fmt::format("Close at most {} cases at once by name.", kMostCasesClosedByName));
  }
  if (given && given->is_object()) {
    JsonFields filter_fields(given->get_object());
    JsonFilterSource source(filter_fields);
    filter = read_filter(source, ctx.caller().user_id);
    filter_fields.done();
  } else if (given) {
    fields.fail("filter", "Expected an object of dashboard filters.");
  } else if (!focus_area_id && !case_ids) {
    fields.fail("filter", "Choose a filter, a focus area or cases ({} closes every open case).");
  }
  if (focus_area_id) filter.focus_area_id = focus_area_id;
  if (case_ids) filter.case_ids = std::move(*case_ids);
  fields.done();
  auto closed = take(co_await ctx.write([&](store::Connection& conn) {
    return domain::cases::bulk_close(conn, ctx.caller(), ctx.actor(), filter, closing);
  }));
  co_return ctx.ok(json::object{{"closed", closed}});
}

store::Student visible_student_or_404(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  auto student = ctx.read([&](store::Connection& conn) {
    return domain::access::visible_student(conn, ctx.caller(), id);
  });
  if (!student) throw RequestError(Error::not_found("The student"));
  return *student;
}

asio::awaitable<Response> student_timeline(RequestContext& ctx) {
  const auto student = visible_student_or_404(ctx);
  store::events::TimelineFilter filter{.student_id = student.id,
                                       .kind = ctx.query("kind"),
                                       .case_id = ctx.query_int("case_id"),
                                       .after = ctx.cursor(),
                                       .limit = ctx.page_limit()};
  if (filter.kind && filter.kind->empty()) filter.kind.reset();
  auto page =
      ctx.read([&](store::Connection& conn) { return store::events::timeline(conn, filter); });
  co_await log_read(ctx, student.id, "timeline");
  json::array items;
  for (const auto& event : page.items) items.push_back(domain::views::timeline_event(event));
  co_return ctx.page(std::move(items), page.next_cursor);
}

// The student's cases show their record (managers, focus areas, close notes): logged first.
asio::awaitable<Response> student_cases(RequestContext& ctx) {
  const auto student = visible_student_or_404(ctx);
  const auto now = util::now_micros();
  auto rows = ctx.read([&](store::Connection& conn) {
    return domain::cases::student_cases(conn, ctx.caller(), student.id, now);
  });
  co_await log_read(ctx, student.id, "cases");
  co_return cases_page(ctx, rows, now, CaseView::record, std::nullopt);
}

}  // namespace

void register_cases(Router& router) {
  // Literal paths before "{id}": the router takes the first pattern that matches.
  router.add(bhttp::verb::get, "/api/v1/cases", list_cases);
  router.add(bhttp::verb::post, "/api/v1/cases", open_case).body = BodyKind::json;
  router.add(bhttp::verb::get, "/api/v1/cases/export", export_cases);
  router.add(bhttp::verb::post, "/api/v1/cases/bulk-close", bulk_close).body = BodyKind::json;
  router.add(bhttp::verb::get, "/api/v1/cases/{id}", get_case);
  router.add(bhttp::verb::patch, "/api/v1/cases/{id}", patch_case).body = BodyKind::json;
  router.add(bhttp::verb::post, "/api/v1/cases/{id}/close", close_case).body = BodyKind::json;
  router.add(bhttp::verb::post, "/api/v1/cases/{id}/reopen", reopen_case);
  router.add(bhttp::verb::get, "/api/v1/dashboard/summary", dashboard_summary);
  router.add(bhttp::verb::get, "/api/v1/students/{id}/timeline", student_timeline);
  router.add(bhttp::verb::get, "/api/v1/students/{id}/cases", student_cases);
}

}  // namespace trellis::api
