// Records as JSON: what the API answers and what the audit log stores as before/after.
#pragma once

#include <boost/json/object.hpp>

#include "store/records.hpp"

namespace trellis::domain::views {

boost::json::object user(const store::User& user);  // never the password hash
boost::json::object student(const store::Student& student);
boost::json::object school(const store::School& school);
boost::json::object audit_entry(const store::AuditEntry& entry);
boost::json::object access_log_entry(const store::AccessLogEntry& entry);
boost::json::object api_token(const store::ApiToken& token);

}  // namespace trellis::domain::views
