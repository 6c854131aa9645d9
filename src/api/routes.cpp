#include "api/routes.hpp"

#include "api/route_policy.hpp"

namespace trellis::api {

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
  check_every_route_has_a_policy(router);
}

}  // namespace trellis::api
