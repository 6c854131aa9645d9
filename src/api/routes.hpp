// Every resource registers its routes here; one file per resource under src/api/.
#pragma once

#include "http/app.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace trellis::api {

void register_routes(http::Router& router, http::MetricsRegistry& metrics);

void register_health(http::Router& router, http::MetricsRegistry& metrics);
void register_auth(http::Router& router);
void register_users(http::Router& router);
void register_schools(http::Router& router);
void register_students(http::Router& router);
void register_audit(http::Router& router);
void register_case_management(http::Router& router);
void register_cases(http::Router& router);
void register_tasks(http::Router& router);
void register_files(http::Router& router);
void register_meetings(http::Router& router);
void register_forms(http::Router& router);
void register_plans(http::Router& router);
void register_intervention_groups(http::Router& router);
void register_imports(http::Router& router);
void register_identity_providers(http::Router& router);
void register_single_sign_on(http::Router& router);
void register_notifications(http::Router& router);

}  // namespace trellis::api
