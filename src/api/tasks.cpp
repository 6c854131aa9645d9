// Tasks: assign one to a staff member for a student, list them ("my tasks" among them), edit,
// complete and reopen them, and keep a notes thread. Who may see the student may see the task.
#include <boost/json.hpp>

#include "api/access_log.hpp"
#include "api/routes.hpp"
#include "domain/tasks/tasks.hpp"
#include "http/context.hpp"
#include "http/json_fields.hpp"
#include "util/time.hpp"

namespace trellis::api {

using namespace http;
namespace json = boost::json;
namespace tasks = domain::tasks;
using domain::Error;

namespace {

// Overdue is judged against the district's date (serve --time-zone), the day the UI shows.
std::string today() {
  return util::district_date(util::now_micros());
}

store::tasks::StatusFilter read_status_filter(const RequestContext& ctx) {
  const auto status = ctx.query("status");
  if (!status || status->empty() || *status == "open") return store::tasks::StatusFilter::open;
  if (*status == "completed") return store::tasks::StatusFilter::completed;
  if (*status == "all") return store::tasks::StatusFilter::all;
  throw RequestError(Error::invalid({{"status", "Use open, completed or all."}}));
}

// ?overdue=true keeps the open tasks due before today; false or absent does not filter.
std::optional<std::string> read_overdue_filter(const RequestContext& ctx,
                                               const std::string& today) {
  const auto overdue = ctx.query("overdue");
  if (!overdue || overdue->empty() || *overdue == "false") return std::nullopt;
  if (*overdue == "true") return today;
  throw RequestError(Error::invalid({{"overdue", "Use true or false."}}));
}

// assignee_id is a user id, or "me" for the caller.
std::optional<store::Id> read_assignee_filter(const RequestContext& ctx) {
  if (ctx.query("assignee_id") == "me") return ctx.caller().user_id;
  return ctx.query_int("assignee_id");
}

// Absent: leave the date alone; null: clear it; text: set it.
std::optional<std::optional<std::string>> read_due_date(JsonFields& fields) {
  if (!fields.has("due_date")) return std::nullopt;
  return fields.text("due_date", Need::optional);
}

std::optional<tasks::Status> read_status(JsonFields& fields) {
  auto name = fields.text("status", Need::optional);
  if (!name) return std::nullopt;
  auto status = tasks::parse_status(*name);
  if (!status) fields.fail("status", "Use open or completed.");
  return status;
}

tasks::NewTask read_new_task(RequestContext& ctx) {
  JsonFields fields(ctx.json_body());
  tasks::NewTask task;
  task.student_id = fields.integer("student_id", Need::required).value_or(0);
  task.assignee_id = fields.integer("assignee_id", Need::required).value_or(0);
  task.title = fields.text("title", Need::required, tasks::kMaxTitle).value_or("");
  task.description =
      fields.text("description", Need::optional, tasks::kMaxDescription).value_or("");
  task.due_date = read_due_date(fields).value_or(std::nullopt);
  fields.done();
  return task;
}

tasks::TaskChanges read_changes(RequestContext& ctx) {
  JsonFields fields(ctx.json_body());
  tasks::TaskChanges changes;
  changes.title = fields.text("title", Need::optional, tasks::kMaxTitle);
  changes.description = fields.text("description", Need::optional, tasks::kMaxDescription);
  changes.due_date = read_due_date(fields);
  changes.assignee_id = fields.integer("assignee_id", Need::optional);
  changes.status = read_status(fields);
  fields.done();
  return changes;
}

asio::awaitable<Response> answer_list(RequestContext& ctx, store::tasks::ListFilter filter) {
  const auto day = today();
  filter.student_id = ctx.query_int("student_id");
  filter.status = read_status_filter(ctx);
  filter.due_before = read_overdue_filter(ctx, day);
  filter.after = ctx.cursor();
  filter.limit = ctx.page_limit();
  auto page =
      ctx.read([&](store::Connection& conn) { return tasks::list(conn, ctx.caller(), filter); });
  json::array items;
  for (const auto& task : page.items) {
    items.push_back(tasks::view(ctx.caller(), task, day, tasks::Detail::summary));
  }
  co_return ctx.page(std::move(items), page.next_cursor);
}

asio::awaitable<Response> list_tasks(RequestContext& ctx) {
  store::tasks::ListFilter filter;
  filter.assignee_id = read_assignee_filter(ctx);
  co_return co_await answer_list(ctx, std::move(filter));
}

// "My tasks": the caller's own, open ones soonest due first unless ?status= says otherwise.
asio::awaitable<Response> my_tasks(RequestContext& ctx) {
  store::tasks::ListFilter filter;
  filter.assignee_id = ctx.caller().user_id;
  co_return co_await answer_list(ctx, std::move(filter));
}

asio::awaitable<Response> get_task(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  auto task =
      take(ctx.read([&](store::Connection& conn) { return tasks::find(conn, ctx.caller(), id); }));
  // A task's description and notes are the student's record: logged before they are answered.
  co_await log_read(ctx, task.task.student_id, "task " + std::to_string(id));
  co_return ctx.ok(tasks::view(ctx.caller(), task, today(), tasks::Detail::full));
}

asio::awaitable<Response> assign_task(RequestContext& ctx) {
  auto task = read_new_task(ctx);
  auto assigned = take(co_await ctx.write([&](store::Connection& conn) {
    return tasks::assign(conn, ctx.caller(), ctx.actor(), task);
  }));
  co_return ctx.created(tasks::view(ctx.caller(), assigned, today(), tasks::Detail::full));
}

asio::awaitable<Response> update_task(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  auto changes = read_changes(ctx);
  auto updated = take(co_await ctx.write([&](store::Connection& conn) {
    return tasks::update(conn, ctx.caller(), ctx.actor(), id, changes);
  }));
  co_return ctx.ok(tasks::view(ctx.caller(), updated, today(), tasks::Detail::full));
}

asio::awaitable<Response> list_notes(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  const auto limit = ctx.page_limit();
  auto found = take(ctx.read([&](store::Connection& conn) {
    return tasks::notes(conn, ctx.caller(), id, ctx.cursor(), limit);
  }));
  json::array items;
  for (const auto& note : found.page.items) items.push_back(tasks::view(note));
  co_await log_read(ctx, found.student_id, "task " + std::to_string(id) + " notes");
  co_return ctx.page(std::move(items), found.page.next_cursor);
}

asio::awaitable<Response> add_note(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  JsonFields fields(ctx.json_body());
  const auto body = fields.text("body", Need::required, tasks::kMaxNote).value_or("");
  fields.done();
  auto note = take(co_await ctx.write([&](store::Connection& conn) {
    return tasks::add_note(conn, ctx.caller(), ctx.actor(), id, body);
  }));
  co_return ctx.created(tasks::view(note));
}

}  // namespace

void register_tasks(Router& router) {
  router.add(bhttp::verb::get, "/api/v1/tasks", list_tasks);
  router.add(bhttp::verb::post, "/api/v1/tasks", assign_task).body = BodyKind::json;
  // Before /tasks/{id}, which would take "mine" for an id.
  router.add(bhttp::verb::get, "/api/v1/tasks/mine", my_tasks);
  router.add(bhttp::verb::get, "/api/v1/tasks/{id}", get_task);
  router.add(bhttp::verb::patch, "/api/v1/tasks/{id}", update_task).body = BodyKind::json;
  router.add(bhttp::verb::get, "/api/v1/tasks/{id}/notes", list_notes);
  router.add(bhttp::verb::post, "/api/v1/tasks/{id}/notes", add_note).body = BodyKind::json;
}

}  // namespace trellis::api
