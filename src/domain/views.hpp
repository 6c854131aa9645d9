// Records as JSON: what the API answers and what the audit log stores as before/after.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>

#include "store/records.hpp"

namespace trellis::domain::views {

// JSON null for an empty optional, else its value: the shape every view uses for optional fields.
template <class T>
boost::json::value or_null(const std::optional<T>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}
// A number, or null when it is not finite: JSON has no Infinity or NaN, and arithmetic on
// large stored scores can overflow even though input is checked to be finite.
boost::json::value number_or_null(double v);
inline boost::json::value or_null(const std::optional<double>& v) {
  return v ? number_or_null(*v) : boost::json::value(nullptr);
}
// An optional moment as RFC 3339, or null.
boost::json::value time_or_null(const std::optional<std::int64_t>& at);

boost::json::object user(const store::User& user);  // never the password hash
// A colleague in the staff directory: who they are and their roles, no account details.
boost::json::object colleague(const store::User& user);
// Directory information (name, grade, school, local id): what search and lists show.
boost::json::object student_directory_entry(const store::Student& student);
// The whole profile: also birth date, sex, e-mail and demographics (an access-logged view).
boost::json::object student(const store::Student& student);
boost::json::object school(const store::School& school);
boost::json::object audit_entry(const store::AuditEntry& entry);
boost::json::object access_log_entry(const store::AccessLogEntry& entry);
boost::json::object api_token(const store::ApiToken& token);

}  // namespace trellis::domain::views
