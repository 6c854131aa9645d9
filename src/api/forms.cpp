// Forms: the builder (list, create, read a version, edit), responses about one student
// (submit, list per form and per student) and the response page, which is a view of the
// student's record and lands in the student's access log.
#include <fmt/format.h>
#include <boost/json.hpp>

#include "api/access_log.hpp"
#include "api/routes.hpp"
#include "domain/forms/forms.hpp"
#include "http/context.hpp"
#include "http/json_fields.hpp"

namespace trellis::api {

using namespace http;
namespace json = boost::json;
namespace forms = domain::forms;
using domain::Error;

namespace {

// A JSON value member as sent, when present (null included: the domain says what is wrong).
std::optional<json::value> member(const json::object& body, std::string_view key) {
  const auto* found = body.if_contains(key);
  if (!found) return std::nullopt;
  return *found;
}

forms::NewForm read_new_form(RequestContext& ctx) {
  const auto& body = ctx.json_body();
  JsonFields fields(body);
  forms::NewForm form;
  form.school_id = fields.integer("school_id", Need::optional);
  form.name = fields.text("name", Need::required, forms::kMaxName).value_or("");
  form.description =
      fields.text("description", Need::optional, forms::kMaxDescription).value_or("");
  form.tags = member(body, "tags").value_or(json::array());
  auto definitions = member(body, "fields");
  if (!definitions) fields.fail("fields", "Required.");
  form.fields = definitions.value_or(nullptr);
  fields.done();
  return form;
}

forms::FormChanges read_changes(RequestContext& ctx) {
  const auto& body = ctx.json_body();
  JsonFields fields(body);
  forms::FormChanges changes;
  if (fields.has("name")) {
    changes.name = fields.text("name", Need::required, forms::kMaxName).value_or("");
  }
  changes.description = fields.text("description", Need::optional, forms::kMaxDescription);
  changes.tags = member(body, "tags");
  changes.fields = member(body, "fields");
  changes.archived = fields.boolean("archived", Need::optional);
  fields.done();
  return changes;
}

forms::NewResponse read_response(RequestContext& ctx) {
  JsonFields fields(ctx.json_body());
  forms::NewResponse response;
  response.student_id = fields.integer("student_id", Need::required).value_or(0);
  response.form_version_id = fields.integer("form_version_id", Need::optional);
  if (const auto* answers = fields.value("answers", Need::required)) {
    if (answers->is_object()) {
      response.answers = answers->get_object();
    } else {
      fields.fail("answers", "Expected an object of answers by field key.");
    }
  }
  fields.done();
  return response;
}

asio::awaitable<Response> list_forms(RequestContext& ctx) {
  store::forms::FormFilter filter;
  filter.include_archived = ctx.query("archived") == "true";
  filter.after = ctx.cursor();
  filter.limit = ctx.page_limit();
  auto page =
      ctx.read([&](store::Connection& conn) { return forms::list(conn, ctx.caller(), filter); });
  json::array items;
  for (const auto& form : page.items) items.push_back(forms::list_item(ctx.caller(), form));
  co_return ctx.page(std::move(items), page.next_cursor);
}

asio::awaitable<Response> create_form(RequestContext& ctx) {
  auto form = read_new_form(ctx);
  auto created = take(co_await ctx.write([&](store::Connection& conn) {
    return forms::create(conn, ctx.caller(), ctx.actor(), form);
  }));
  co_return ctx.created(forms::view(ctx.caller(), created));
}

asio::awaitable<Response> get_form(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  const auto version = ctx.query_int("version");
  auto form = take(ctx.read(
      [&](store::Connection& conn) { return forms::find(conn, ctx.caller(), id, version); }));
  co_return ctx.ok(forms::view(ctx.caller(), form));
}

asio::awaitable<Response> update_form(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  auto changes = read_changes(ctx);
  auto updated = take(co_await ctx.write([&](store::Connection& conn) {
    return forms::update(conn, ctx.caller(), ctx.actor(), id, changes);
  }));
  co_return ctx.ok(forms::view(ctx.caller(), updated));
}

asio::awaitable<Response> submit_response(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  auto response = read_response(ctx);
  auto submitted = take(co_await ctx.write([&](store::Connection& conn) {
    return forms::submit(conn, ctx.caller(), ctx.actor(), id, response);
  }));
  co_return ctx.created(forms::view(submitted));
}

// The lists per form and per student differ only in what the path's id names. Which forms a
// student was the subject of, when and by whom is their record, not a summary: every student
// on the page is in their access log, written before the answer.
template <class ListResponses>
asio::awaitable<Response> answer_responses(RequestContext& ctx, ListResponses list,
                                           std::string detail) {
  const auto id = ctx.path_id("id");
  const auto limit = ctx.page_limit();
  auto page = take(ctx.read(
      [&](store::Connection& conn) { return list(conn, ctx.caller(), id, ctx.cursor(), limit); }));
  std::vector<store::Id> students;
  for (const auto& response : page.items) students.push_back(response.response.student_id);
  co_await log_reads(ctx, std::move(students), std::move(detail));
  json::array items;
  for (const auto& response : page.items) items.push_back(forms::list_item(response));
  co_return ctx.page(std::move(items), page.next_cursor);
}

asio::awaitable<Response> list_form_responses(RequestContext& ctx) {
  co_return co_await answer_responses(ctx, forms::form_responses,
                                      fmt::format("form {} responses", ctx.path_id("id")));
}

asio::awaitable<Response> list_student_responses(RequestContext& ctx) {
  co_return co_await answer_responses(ctx, forms::student_responses, "form responses");
}

asio::awaitable<Response> get_response(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  auto response = take(ctx.read(
      [&](store::Connection& conn) { return forms::find_response(conn, ctx.caller(), id); }));
  // Answers about a student are the student's record: logged before they leave the server.
  co_await log_read(ctx, response.listing.response.student_id, fmt::format("form response {}", id));
  co_return ctx.ok(forms::view(response));
}

}  // namespace

void register_forms(Router& router) {
  router.add(bhttp::verb::get, "/api/v1/forms", list_forms);
  router.add(bhttp::verb::post, "/api/v1/forms", create_form).body = BodyKind::json;
  router.add(bhttp::verb::get, "/api/v1/forms/{id}", get_form);
  router.add(bhttp::verb::patch, "/api/v1/forms/{id}", update_form).body = BodyKind::json;
  router.add(bhttp::verb::get, "/api/v1/forms/{id}/responses", list_form_responses);
  router.add(bhttp::verb::post, "/api/v1/forms/{id}/responses", submit_response).body =
      BodyKind::json;
  router.add(bhttp::verb::get, "/api/v1/form-responses/{id}", get_response);
  router.add(bhttp::verb::get, "/api/v1/students/{id}/form-responses", list_student_responses);
}

}  // namespace trellis::api
