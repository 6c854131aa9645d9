// Students: search (filtered by the one access rule), the profile (logged in the student's
// access log before it is answered) and the access log itself.
#include <boost/json.hpp>

#include "api/access_log.hpp"
#include "api/routes.hpp"
#include "domain/access/access.hpp"
#include "domain/views.hpp"
#include "http/context.hpp"
#include "store/audit_repo.hpp"
#include "store/students_repo.hpp"

namespace trellis::api {

using namespace http;
namespace json = boost::json;
using domain::Error;

namespace {

store::Student visible_or_404(RequestContext& ctx, store::Id id) {
  auto student = ctx.read([&](store::Connection& conn) {
    return domain::access::visible_student(conn, ctx.caller(), id);
  });
  if (!student) throw RequestError(Error::not_found("The student"));
  return *student;
}

asio::awaitable<Response> search_students(RequestContext& ctx) {
  store::students::SearchFilter filter;
  filter.query = ctx.query("q");
  if (filter.query && filter.query->empty()) filter.query.reset();
  filter.school_id = ctx.query_int("school_id");
  filter.grade = ctx.query("grade");
  filter.include_inactive = ctx.query("include_inactive") == "true";
  filter.after = ctx.cursor();
  filter.limit = ctx.page_limit();
  const auto scope = domain::access::student_scope(ctx.caller());
  auto page = ctx.read(
      [&](store::Connection& conn) { return store::students::search(conn, scope, filter); });
  json::array items;
  // Directory information only: a search is not a view of anyone's record.
  for (const auto& student : page.items) {
    items.push_back(domain::views::student_directory_entry(student));
  }
  co_return ctx.page(std::move(items), page.next_cursor);
}

asio::awaitable<Response> view_student(RequestContext& ctx) {
  auto student = visible_or_404(ctx, ctx.path_id("id"));
  auto actions = ctx.read([&](store::Connection& conn) {
    return domain::access::student_actions(conn, ctx.caller(), student);
  });
  // Logged and durable before the record leaves the server (FERPA access record).
  co_await log_read(ctx, student.id, "profile");
  auto body = domain::views::student(student);
  body["allowed_actions"] = std::move(actions);
  co_return ctx.ok(std::move(body));
}

asio::awaitable<Response> student_access_log(RequestContext& ctx) {
  auto student = visible_or_404(ctx, ctx.path_id("id"));
  if (auto refused = domain::access::refusal(ctx.caller(), domain::access::Action::read_access_log,
                                             domain::access::record_subject(student, {}))) {
    throw RequestError(*refused);
  }
  const auto limit = ctx.page_limit();
  auto page = ctx.read([&](store::Connection& conn) {
    return store::access_log::list_for_student(conn, student.id, ctx.cursor(), limit);
  });
  json::array items;
  for (const auto& entry : page.items) items.push_back(domain::views::access_log_entry(entry));
  co_return ctx.page(std::move(items), page.next_cursor);
}

}  // namespace

void register_students(Router& router) {
  router.add(bhttp::verb::get, "/api/v1/students", search_students);
  router.add(bhttp::verb::get, "/api/v1/students/{id}", view_student);
  router.add(bhttp::verb::get, "/api/v1/students/{id}/access-log", student_access_log);
}

}  // namespace trellis::api
