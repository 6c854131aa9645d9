// Intervention groups: create, list, change them, list their members, add students (each gets
// a plan from the group's template, all or nothing) and take a student off (their group plan
// is archived). Rules in domain/mtss/groups.hpp.
#include <boost/json.hpp>

#include "api/routes.hpp"
#include "domain/mtss/groups.hpp"
#include "http/context.hpp"
#include "http/json_fields.hpp"

namespace trellis::api {

using namespace http;
namespace json = boost::json;
namespace mtss = domain::mtss;

namespace {

// The fields a create and a change share; `need` is required for a create's core fields.
template <class Target>
void read_common(JsonFields& fields, Target& g, Need need) {
  g.name = fields.text("name", need, mtss::kMaxGroupName);
  g.intervention = fields.text("intervention", need, mtss::kMaxInterventionName);
  g.tier = fields.integer("tier", need);
  g.facilitator_id = fields.integer("facilitator_id", Need::optional);
  g.schedule = fields.text("schedule", Need::optional, mtss::kMaxSchedule);
  g.area = fields.text("area", need);
  g.skill = fields.text("skill", Need::optional, mtss::kMaxSkill);
  g.frequency = fields.text("frequency", Need::optional, mtss::kMaxFrequency);
  g.minutes = fields.integer("minutes", Need::optional);
  if (const auto* goal_object = fields.object("goal", Need::optional)) {
    JsonFields goal(*goal_object, fields, "goal");
    g.goal_measure = goal.text("measure", Need::optional, mtss::kMaxMeasure);
    g.goal_target = goal.number("target", Need::optional);
    g.goal_target_date = goal.text("target_date", Need::optional);
  }
}

mtss::GroupDraft read_draft(RequestContext& ctx) {
  JsonFields fields(ctx.json_body());
  mtss::GroupChanges read;
  read_common(fields, read, Need::required);
  const auto school_id = fields.integer("school_id", Need::required);
  fields.done();
  return {.name = read.name.value_or(""),
          .intervention = read.intervention.value_or(""),
          .school_id = school_id.value_or(0),
          .tier = read.tier.value_or(2),
          .facilitator_id = read.facilitator_id,
          .schedule = read.schedule.value_or(""),
          .area = read.area.value_or(""),
          .skill = read.skill.value_or(""),
          .goal_measure = read.goal_measure.value_or(""),
          .goal_target = read.goal_target,
          .goal_target_date = read.goal_target_date,
          .frequency = read.frequency.value_or(""),
          .minutes = read.minutes};
}

mtss::GroupChanges read_changes(RequestContext& ctx) {
  JsonFields fields(ctx.json_body());
  mtss::GroupChanges changes;
  read_common(fields, changes, Need::optional);
  changes.status = fields.text("status", Need::optional);
  fields.done();
  return changes;
}

asio::awaitable<Response> list_groups(RequestContext& ctx) {
  store::groups::ListFilter filter;
  filter.school_id = ctx.query_int("school_id");
  filter.facilitator_id =
      ctx.query("facilitator_id") == "me" ? ctx.caller().user_id : ctx.query_int("facilitator_id");
  const auto status = ctx.query("status");
  if (status && !status->empty()) filter.status = status;
  filter.after = ctx.cursor();
  filter.limit = ctx.page_limit();
  auto page =
      ctx.read([&](store::Connection& conn) { return mtss::list(conn, ctx.caller(), filter); });
  json::array items;
  for (const auto& group : page.items) items.push_back(mtss::view(ctx.caller(), group));
  co_return ctx.page(std::move(items), page.next_cursor);
}

asio::awaitable<Response> create_group(RequestContext& ctx) {
  auto draft = read_draft(ctx);
  auto created = take(co_await ctx.write([&](store::Connection& conn) {
    return mtss::create(conn, ctx.caller(), ctx.actor(), draft);
  }));
  co_return ctx.created(mtss::view(ctx.caller(), created));
}

asio::awaitable<Response> get_group(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  auto group = take(
      ctx.read([&](store::Connection& conn) { return mtss::find_group(conn, ctx.caller(), id); }));
  co_return ctx.ok(mtss::view(ctx.caller(), group));
}

asio::awaitable<Response> update_group(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  auto changes = read_changes(ctx);
  auto updated = take(co_await ctx.write([&](store::Connection& conn) {
    return mtss::update(conn, ctx.caller(), ctx.actor(), id, changes);
  }));
  co_return ctx.ok(mtss::view(ctx.caller(), updated));
}

asio::awaitable<Response> list_members(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  auto members = take(
      ctx.read([&](store::Connection& conn) { return mtss::members(conn, ctx.caller(), id); }));
  json::array items;
  for (const auto& member : members) items.push_back(mtss::view(member));
  co_return ctx.page(std::move(items), std::nullopt);
}

std::vector<store::Id> read_student_ids(RequestContext& ctx) {
  JsonFields fields(ctx.json_body());
  auto ids = fields.ids("student_ids", Need::required);
  fields.done();
  return std::move(ids).value_or(std::vector<store::Id>{});
}

asio::awaitable<Response> add_members(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  auto student_ids = read_student_ids(ctx);
  auto added = take(co_await ctx.write([&](store::Connection& conn) {
    return mtss::add_members(conn, ctx.caller(), ctx.actor(), id, student_ids);
  }));
  json::array items;
  for (const auto& member : added) items.push_back(mtss::view(member));
  co_return ctx.created(json::object{{"added", std::move(items)}});
}

asio::awaitable<Response> remove_member(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  const auto student_id = ctx.path_id("student_id");
  take(co_await ctx.write([&](store::Connection& conn) {
    return mtss::remove_member(conn, ctx.caller(), ctx.actor(), id, student_id);
  }));
  co_return ctx.no_content();
}

}  // namespace

void register_intervention_groups(Router& router) {
  const std::string base = "/api/v1/intervention-groups";
  router.add(bhttp::verb::get, base, list_groups);
  router.add(bhttp::verb::post, base, create_group).body = BodyKind::json;
  router.add(bhttp::verb::get, base + "/{id}", get_group);
  router.add(bhttp::verb::patch, base + "/{id}", update_group).body = BodyKind::json;
  router.add(bhttp::verb::get, base + "/{id}/members", list_members);
  router.add(bhttp::verb::post, base + "/{id}/members", add_members).body = BodyKind::json;
  router.add(bhttp::verb::delete_, base + "/{id}/members/{student_id}", remove_member);
}

}  // namespace trellis::api
