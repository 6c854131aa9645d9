// The district-wide audit log of every write.
#include <boost/json.hpp>

#include "api/route_policy.hpp"
#include "api/routes.hpp"
#include "domain/access/access.hpp"
#include "domain/views.hpp"
#include "http/context.hpp"
#include "store/audit_repo.hpp"
#include "util/time.hpp"

namespace trellis::api {

using namespace http;
namespace json = boost::json;
using domain::Error;

namespace {

std::optional<std::int64_t> query_time(const RequestContext& ctx, std::string_view name) {
  auto text = ctx.query(name);
  if (!text || text->empty()) return std::nullopt;
  auto at = util::parse_rfc3339(*text);
  if (!at) {
    throw RequestError(Error::invalid(
        {{std::string(name), "Use an RFC 3339 time such as 2026-11-28T14:05:00Z."}}));
  }
  return at;
}

asio::awaitable<Response> list_audit(RequestContext& ctx) {
  require_allowed(ctx, domain::access::Action::read_audit_log);
  store::audit::ListFilter filter;
  filter.actor_id = ctx.query_int("user_id");
  filter.student_id = ctx.query_int("student_id");
  filter.entity = ctx.query("entity");
  filter.from = query_time(ctx, "from");
  filter.to = query_time(ctx, "to");
  filter.after = ctx.cursor();
  filter.limit = ctx.page_limit();
  auto page = ctx.read([&](store::Connection& conn) { return store::audit::list(conn, filter); });
  json::array items;
  for (const auto& entry : page.items) items.push_back(domain::views::audit_entry(entry));
  co_return ctx.page(std::move(items), page.next_cursor);
}

}  // namespace

void register_audit(Router& router) {
  router.add(bhttp::verb::get, "/api/v1/admin/audit", list_audit);
}

}  // namespace trellis::api
