// MTSS plans: create and list them (by student, status, area, tier, owner, school, group),
// edit, archive and restore them, record and read progress data points with their analysis,
// and review them. Who may see the student may see the plan (domain/mtss/plans.hpp).
//
// A plan's skill, goal, interventions, progress and reviews are the student's record: every
// read of them, the list included, is in the student's access log before the answer.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "api/access_log.hpp"
#include "api/routes.hpp"
#include "domain/mtss/plans.hpp"
#include "domain/mtss/reviews.hpp"
#include "http/context.hpp"
#include "http/json_fields.hpp"

namespace trellis::api {

using namespace http;
namespace json = boost::json;
namespace mtss = domain::mtss;

namespace {

mtss::GoalFields read_goal(JsonFields& parent, const json::object& object) {
  JsonFields fields(object, parent, "goal");
  mtss::GoalFields goal;
  goal.measure = fields.text("measure", Need::optional, mtss::kMaxMeasure).value_or("");
  goal.baseline = fields.number("baseline", Need::optional);
  goal.target = fields.number("target", Need::optional);
  goal.baseline_date = fields.text("baseline_date", Need::optional);
  goal.target_date = fields.text("target_date", Need::optional);
  return goal;
}

std::optional<mtss::GoalFields> read_goal(JsonFields& fields) {
  const auto* object = fields.object("goal", Need::optional);
  if (!object) return std::nullopt;
  return read_goal(fields, *object);
}

std::optional<std::vector<mtss::Intervention>> read_interventions(JsonFields& fields) {
  const auto* value = fields.value("interventions", Need::optional);
  if (!value) return std::nullopt;
  if (!value->is_array()) {
    fields.fail("interventions", "Expected a list of interventions.");
    return std::nullopt;
  }
  std::vector<mtss::Intervention> interventions;
  const auto& items = value->get_array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto prefix = "interventions[" + std::to_string(i) + "]";
    if (!items[i].is_object()) {
      fields.fail(prefix, "Expected an object.");
      continue;
    }
    JsonFields item(items[i].get_object(), fields, prefix);
    mtss::Intervention intervention;
    intervention.name = item.text("name", Need::required, mtss::kMaxInterventionName).value_or("");
    intervention.frequency =
        item.text("frequency", Need::optional, mtss::kMaxFrequency).value_or("");
    intervention.minutes = item.integer("minutes", Need::optional);
    intervention.staff_id = item.integer("staff_id", Need::optional);
    interventions.push_back(std::move(intervention));
  }
  return interventions;
}

mtss::NewPlan read_new_plan(RequestContext& ctx) {
  JsonFields fields(ctx.json_body());
  mtss::NewPlan plan;
  plan.student_id = fields.integer("student_id", Need::required).value_or(0);
  plan.area = fields.text("area", Need::required).value_or("");
  plan.tier = fields.integer("tier", Need::required).value_or(1);
  plan.skill = fields.text("skill", Need::optional, mtss::kMaxSkill).value_or("");
  plan.goal = read_goal(fields).value_or(mtss::GoalFields{});
  plan.interventions = read_interventions(fields).value_or(std::vector<mtss::Intervention>{});
  plan.owner_id = fields.integer("owner_id", Need::optional);
  fields.done();
  return plan;
}

mtss::PlanChanges read_changes(RequestContext& ctx) {
  JsonFields fields(ctx.json_body());
  mtss::PlanChanges changes;
  changes.area = fields.text("area", Need::optional);
  changes.tier = fields.integer("tier", Need::optional);
  changes.skill = fields.text("skill", Need::optional, mtss::kMaxSkill);
  changes.goal = read_goal(fields);
  changes.interventions = read_interventions(fields);
  changes.owner_id = fields.integer("owner_id", Need::optional);
  changes.status = fields.text("status", Need::optional);
  fields.done();
  return changes;
}

// A filter that must be one of a few words, else 422 naming it.
std::optional<std::string> read_choice(const RequestContext& ctx, std::string_view name,
                                       bool (*valid)(std::string_view), std::string_view hint) {
  auto value = ctx.query(name);
  if (!value || value->empty()) return std::nullopt;
  if (!valid(*value))
    throw RequestError(domain::Error::invalid({{std::string(name), std::string(hint)}}));
  return value;
}

bool is_status(std::string_view status) {
  return status == mtss::kActive || status == mtss::kArchived;
}

asio::awaitable<Response> list_plans(RequestContext& ctx) {
  store::plans::ListFilter filter;
  filter.student_id = ctx.query_int("student_id");
  filter.status = read_choice(ctx, "status", is_status, "Use active or archived.");
  filter.area = read_choice(ctx, "area", mtss::is_area, mtss::kAreaHint);
  filter.tier = ctx.query_int("tier");
  filter.owner_id =
      ctx.query("owner_id") == "me" ? ctx.caller().user_id : ctx.query_int("owner_id");
  filter.school_id = ctx.query_int("school_id");
  filter.group_id = ctx.query_int("group_id");
  filter.after = ctx.cursor();
  filter.limit = ctx.page_limit();
  auto page =
      ctx.read([&](store::Connection& conn) { return mtss::list(conn, ctx.caller(), filter); });
  // The list shows each plan's skill and goal: record content, so every student on the page
  // is logged (a summary-only list would leave the plans screen without its goals).
  std::vector<store::Id> students;
  for (const auto& plan : page.items) students.push_back(plan.plan.student_id);
  co_await log_reads(ctx, std::move(students), "plans list");
  json::array items;
  for (const auto& plan : page.items) items.push_back(mtss::view(ctx.caller(), plan));
  co_return ctx.page(std::move(items), page.next_cursor);
}

asio::awaitable<Response> create_plan(RequestContext& ctx) {
  auto plan = read_new_plan(ctx);
  auto created = take(co_await ctx.write([&](store::Connection& conn) {
    return mtss::create(conn, ctx.caller(), ctx.actor(), plan);
  }));
  co_return ctx.created(mtss::view(ctx.caller(), created));
}

asio::awaitable<Response> get_plan(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  auto plan =
      take(ctx.read([&](store::Connection& conn) { return mtss::find(conn, ctx.caller(), id); }));
  co_await log_read(ctx, plan.plan.student_id, fmt::format("plan {}", id));
  co_return ctx.ok(mtss::view(ctx.caller(), plan));
}

asio::awaitable<Response> update_plan(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  auto changes = read_changes(ctx);
  auto updated = take(co_await ctx.write([&](store::Connection& conn) {
    return mtss::update(conn, ctx.caller(), ctx.actor(), id, changes);
  }));
  co_return ctx.ok(mtss::view(ctx.caller(), updated));
}

asio::awaitable<Response> get_progress(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  auto progress = take(
      ctx.read([&](store::Connection& conn) { return mtss::progress(conn, ctx.caller(), id); }));
  co_await log_read(ctx, progress.student_id, fmt::format("plan {} progress", id));
  co_return ctx.ok(mtss::view(progress));
}

asio::awaitable<Response> add_progress(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  JsonFields fields(ctx.json_body());
  mtss::NewPoint point;
  point.date = fields.text("date", Need::required).value_or("");
  point.score = fields.number("score", Need::required).value_or(0);
  point.note = fields.text("note", Need::optional, mtss::kMaxPointNote).value_or("");
  fields.done();
  auto recorded = take(co_await ctx.write([&](store::Connection& conn) {
    return mtss::record_progress(conn, ctx.caller(), ctx.actor(), id, point);
  }));
  co_return ctx.created(mtss::view(recorded));
}

asio::awaitable<Response> list_reviews(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  auto reviews = take(
      ctx.read([&](store::Connection& conn) { return mtss::reviews(conn, ctx.caller(), id); }));
  co_await log_read(ctx, reviews.student_id, fmt::format("plan {} reviews", id));
  json::array items;
  for (const auto& review : reviews.items) items.push_back(mtss::view(review));
  co_return ctx.page(std::move(items), std::nullopt);
}

asio::awaitable<Response> add_review(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  JsonFields fields(ctx.json_body());
  mtss::NewReview review;
  review.date = fields.text("date", Need::required).value_or("");
  review.decision = fields.text("decision", Need::required).value_or("");
  review.notes = fields.text("notes", Need::optional, mtss::kMaxReviewNotes).value_or("");
  review.tier = fields.integer("tier", Need::optional);
  fields.done();
  auto recorded = take(co_await ctx.write([&](store::Connection& conn) {
    return mtss::review(conn, ctx.caller(), ctx.actor(), id, review);
  }));
  co_return ctx.created(mtss::view(recorded));
}

}  // namespace

void register_plans(Router& router) {
  router.add(bhttp::verb::get, "/api/v1/plans", list_plans);
  router.add(bhttp::verb::post, "/api/v1/plans", create_plan).body = BodyKind::json;
  router.add(bhttp::verb::get, "/api/v1/plans/{id}", get_plan);
  router.add(bhttp::verb::patch, "/api/v1/plans/{id}", update_plan).body = BodyKind::json;
  router.add(bhttp::verb::get, "/api/v1/plans/{id}/progress", get_progress);
  router.add(bhttp::verb::post, "/api/v1/plans/{id}/progress", add_progress).body = BodyKind::json;
  router.add(bhttp::verb::get, "/api/v1/plans/{id}/reviews", list_reviews);
  router.add(bhttp::verb::post, "/api/v1/plans/{id}/reviews", add_review).body = BodyKind::json;
}

}  // namespace trellis::api
