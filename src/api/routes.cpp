#include "api/routes.hpp"

#include "api/route_policy.hpp"
#include "domain/access/access.hpp"

namespace trellis::api {

namespace {

// The route-level gate of every route the policy decides, asked from the request header
// before any body is read (a teacher's 512 MB roster import is refused unread). It refuses
// only a caller whom no role allows any of the route's actions anywhere and whom no
// relationship could: records and relationships are the handler's to ask. Rows about a
// student are left to the handler too: it answers 404 for a student the caller does not
// see, so that a 403 never tells that the student exists.
void install_gates(http::Router& router) {
  using domain::access::Action;
  for (auto& route : router.routes()) {
    const auto method = http::bhttp::to_string(route->method);
    const auto* entry = policy_of(std::string_view(method.data(), method.size()), route->pattern);
    if (!entry || entry->guard != Guard::policy || entry->actions.empty()) continue;
    bool handler_decides = false;
    for (const auto action : entry->actions) {
      const auto& rule = domain::access::rule(action);
      handler_decides |=
          !rule.relationships.empty() || rule.scope == domain::access::Scope::student;
    }
    if (handler_decides) continue;
    route->gate = [actions = entry->actions](
                      const domain::Principal& caller) -> std::optional<domain::Error> {
      for (const auto action : actions) {
        if (domain::access::allows_somewhere(caller, action)) return std::nullopt;
      }
      return domain::access::refusal_everywhere(caller, actions.front());
    };
  }
}

}  // namespace

void register_routes(http::Router& router, http::MetricsRegistry& metrics) {
  register_health(router, metrics);
  register_auth(router);
  register_users(router);
  register_schools(router);
  register_students(router);
  register_audit(router);
  register_case_management(router);
  register_cases(router);
  register_tasks(router);
  register_files(router);
  register_meetings(router);
  register_forms(router);
  register_plans(router);
  register_intervention_groups(router);
  register_imports(router);
  register_identity_providers(router);
  register_single_sign_on(router);
  register_notifications(router);
  apply_route_policies(router);
  install_gates(router);
}

}  // namespace trellis::api
