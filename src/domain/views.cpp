#include "domain/views.hpp"

#include <cmath>

#include <boost/json.hpp>

#include "store/users_repo.hpp"
#include "util/time.hpp"

namespace trellis::domain::views {

namespace json = boost::json;

json::value number_or_null(double v) {
  return std::isfinite(v) ? json::value(v) : json::value(nullptr);
}

json::value time_or_null(const std::optional<std::int64_t>& at) {
  return at ? json::value(util::format_rfc3339(*at)) : json::value(nullptr);
}

namespace {
json::value parsed_or_null(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  boost::system::error_code ec;
  auto value = json::parse(*text, ec);
  return ec ? json::value(*text) : value;
}
}  // namespace

namespace {
json::array roles_of(const store::User& u) {
  json::array roles;
  for (const auto& grant : u.roles) {
    roles.push_back(json::object{{"role", store::role_name(grant.role)},
                                 {"school_id", or_null(grant.school_id)}});
  }
  return roles;
}
}  // namespace

json::object colleague(const store::User& u) {
  return {{"id", u.id}, {"name", u.given_name + " " + u.family_name}, {"roles", roles_of(u)}};
}

json::object user(const store::User& u) {
  return {{"id", u.id},
          {"email", u.email},
          {"given_name", u.given_name},
          {"family_name", u.family_name},
          {"name", u.given_name + " " + u.family_name},
          {"active", u.active},
          {"sourced_id", or_null(u.sourced_id)},
          {"can_sign_in", u.password_hash.has_value()},
          {"roles", roles_of(u)}};
}

json::object student_directory_entry(const store::Student& s) {
  return {{"id", s.id},
          {"sourced_id", or_null(s.sourced_id)},
          {"local_id", or_null(s.local_id)},
          {"given_name", s.given_name},
          {"family_name", s.family_name},
          {"middle_name", or_null(s.middle_name)},
          {"preferred_name", or_null(s.preferred_name)},
          {"name", s.given_name + " " + s.family_name},
          {"grade", s.grade},
          {"school_id", s.school_id},
          {"active", s.active}};
}

json::object student(const store::Student& s) {
  auto body = student_directory_entry(s);
  body["birth_date"] = or_null(s.birth_date);
  body["sex"] = or_null(s.sex);
  body["email"] = or_null(s.email);
  body["demographics"] = parsed_or_null(s.demographics_json);
  return body;
}

json::object school(const store::School& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"level", s.level},
          {"identifier", or_null(s.identifier)},
          {"sourced_id", or_null(s.sourced_id)},
          {"active", s.active}};
}

json::object audit_entry(const store::AuditEntry& e) {
  return {{"id", e.id},
          {"at", util::format_rfc3339(e.at)},
          {"actor_id", or_null(e.actor_id)},
          {"action", e.action},
          {"entity", e.entity},
          {"entity_id", or_null(e.entity_id)},
          {"student_id", or_null(e.student_id)},
          {"before", parsed_or_null(e.before_json)},
          {"after", parsed_or_null(e.after_json)},
          {"client_address", or_null(e.client_address)}};
}

json::object access_log_entry(const store::AccessLogEntry& e) {
  return {{"id", e.id},
          {"at", util::format_rfc3339(e.at)},
          {"user", json::object{{"id", e.user_id}, {"name", e.user_name}}},
          {"action", e.action},
          {"detail", or_null(e.detail)},
          {"client_address", or_null(e.client_address)}};
}

json::object api_token(const store::ApiToken& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"created_at", util::format_rfc3339(t.created_at)},
          {"last_used_at", time_or_null(t.last_used_at)},
          {"revoked_at", time_or_null(t.revoked_at)}};
}

}  // namespace trellis::domain::views
