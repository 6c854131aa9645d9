// Which row of the access policy decides each route. Every route the API registers must have
// an entry: register_routes refuses to start a server with a route that has none (deny by
// default), and the permission matrix test walks this table.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "domain/access/policy.hpp"
#include "http/context.hpp"
#include "http/router.hpp"

namespace trellis::api {

// What guards a route, besides the policy's rows:
enum class Guard {
  open,    // no sign-in: health, metrics, sign-in itself
  self,    // the caller's own session and API tokens
  staff,   // any signed-in staff member: shared reference data (schools, the dictionary,
           // the form list, the staff directory of their own schools)
  policy,  // the named action(s), asked on each record the route touches
};

struct RoutePolicy {
  std::string_view method;   // "GET", "POST", ...
  std::string_view pattern;  // as registered
  Guard guard;
  // For Guard::policy: the actions that decide it (a task PATCH is task.edit or task.complete
  // by what it changes; group member adds are group.manage and plan.create per student).
  std::vector<domain::access::Action> actions;
  // Whether the route shows a student's record beyond directory information: such a route
  // writes an access-log entry for each student it shows before it answers.
  bool shows_record = false;
};

std::span<const RoutePolicy> route_policies();
const RoutePolicy* policy_of(std::string_view method, std::string_view pattern);

// Throws std::logic_error naming the first registered route that has no entry. Each route's
// need for a sign-in is taken from its entry (Guard::open: none), so that it is written once.
void apply_route_policies(http::Router& router);

// The table of routes (Markdown).
std::string routes_markdown();
// docs/access.md: the policy, how relationships give and end access, and the routes; what
// `trellis policy` prints (a test keeps the file current).
std::string access_document();

// For a route about no particular record (district settings, the audit log, imports): 403 with
// the policy's sentence unless the caller holds `action` somewhere.
void require_allowed(const http::RequestContext& ctx, domain::access::Action action);

}  // namespace trellis::api
