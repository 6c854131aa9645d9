#include "store/audit_repo.hpp"

#include <fmt/format.h>

#include "store/query_builder.hpp"
#include "util/time.hpp"

namespace trellis::store {

namespace sql {
constexpr std::string_view kInsertAudit =
    "INSERT INTO audit_log (at, actor_id, action, entity, entity_id, student_id, before_json, "
    "after_json, client_address) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
constexpr std::string_view kAuditColumns =
    "id, at, actor_id, action, entity, entity_id, student_id, before_json, after_json, "
    "client_address";
constexpr std::string_view kInsertAccess =
    "INSERT INTO student_access_log (at, student_id, user_id, action, detail, client_address) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
constexpr std::string_view kAccessLogPage =
    "SELECT l.id, l.at, l.student_id, l.user_id, u.given_name || ' ' || u.family_name, l.action, "
    "l.detail, l.client_address FROM student_access_log l JOIN users u ON u.id = l.user_id "
    "WHERE l.student_id = $1 {} ORDER BY l.id DESC LIMIT $2";
constexpr std::string_view kInsertClass =
    "INSERT INTO classes (sourced_id, school_id, title, class_code, grades, subjects, created_at, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id";
constexpr std::string_view kInsertEnrollment =
    "INSERT INTO enrollments (class_id, student_id, user_id, role) VALUES ($1, $2, $3, $4) "
    "RETURNING id";
constexpr std::string_view kGrantAccess =
    "INSERT INTO student_access_grants (user_id, student_id, reason, source_id, created_at, "
    "ends_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, student_id, reason, "
    "source_id) DO UPDATE SET ends_at = excluded.ends_at";
constexpr std::string_view kRevokeAccess =
    "DELETE FROM student_access_grants WHERE user_id = $1 AND student_id = $2 AND reason = $3 "
    "AND source_id = $4";
constexpr std::string_view kRevokeSource =
    "DELETE FROM student_access_grants WHERE reason = $1 AND source_id = $2";
constexpr std::string_view kSetGrantsEnd =
    "UPDATE student_access_grants SET ends_at = $3 WHERE reason = $1 AND source_id = $2";
constexpr std::string_view kLiveGrantReasons =
    "SELECT DISTINCT reason FROM student_access_grants WHERE user_id = $1 AND student_id = $2 "
    "AND (ends_at IS NULL OR ends_at > $3)";
constexpr std::string_view kTeachesStudent =
    "SELECT count(*) FROM enrollments te JOIN enrollments se ON se.class_id = te.class_id "
    "WHERE te.user_id = $1 AND te.active = 1 AND se.student_id = $2 AND se.active = 1";
}  // namespace sql

namespace audit {

Id insert(Connection& conn, const AuditEntry& e) {
  return conn
      .one(sql::kInsertAudit, e.at ? e.at : util::now_micros(), e.actor_id, e.action, e.entity,
           e.entity_id, e.student_id, e.before_json, e.after_json, e.client_address)[0]
      .as_int();
}

Page<AuditEntry> list(Connection& conn, const ListFilter& filter) {
  QueryBuilder q;
  if (filter.actor_id) q.where("actor_id = " + q.bind(*filter.actor_id));
  if (filter.student_id) q.where("student_id = " + q.bind(*filter.student_id));
  if (filter.entity) q.where("entity = " + q.bind(*filter.entity));
  if (filter.from) q.where("at >= " + q.bind(*filter.from));
  if (filter.to) q.where("at < " + q.bind(*filter.to));
  if (auto before = id_cursor(filter.after)) q.where("id < " + q.bind(*before));
  const auto query =
      fmt::format("SELECT {} FROM audit_log {} ORDER BY id DESC LIMIT {}", sql::kAuditColumns,
                  q.where_clause(), q.bind(std::int64_t{filter.limit + 1}));
  std::vector<AuditEntry> entries;
  for (const auto& r : conn.execute(query, q.params()).rows) {
    entries.push_back(AuditEntry{r[0].as_int(), r[1].as_int(), r[2].opt_int(), r[3].as_string(),
                                 r[4].as_string(), r[5].opt_int(), r[6].opt_int(),
                                 r[7].opt_string(), r[8].opt_string(), r[9].opt_string()});
  }
  return newest_first_page(std::move(entries), filter.limit);
}

}  // namespace audit

namespace access_log {

Id insert(Connection& conn, const AccessLogEntry& e) {
  return conn
      .one(sql::kInsertAccess, e.at ? e.at : util::now_micros(), e.student_id, e.user_id, e.action,
           e.detail, e.client_address)[0]
      .as_int();
}

Page<AccessLogEntry> list_for_student(Connection& conn, Id student_id,
                                      const std::optional<std::string>& after, int limit) {
  const auto before = id_cursor(after);
  const auto query = fmt::format(fmt::runtime(sql::kAccessLogPage), before ? "AND l.id < $3" : "");
  const auto rows = before ? conn.run(query, student_id, std::int64_t{limit + 1}, *before)
                           : conn.run(query, student_id, std::int64_t{limit + 1});
  std::vector<AccessLogEntry> entries;
  for (const auto& r : rows.rows) {
    entries.push_back(AccessLogEntry{r[0].as_int(), r[1].as_int(), r[2].as_int(), r[3].as_int(),
                                     r[4].as_string(), r[5].as_string(), r[6].opt_string(),
                                     r[7].opt_string()});
  }
  return newest_first_page(std::move(entries), limit);
}

}  // namespace access_log

namespace roster {

Id insert_class(Connection& conn, const Class& c) {
  return conn
      .one(sql::kInsertClass, c.sourced_id, c.school_id, c.title, c.class_code, c.grades,
           c.subjects, util::now_micros())[0]
      .as_int();
}

Id insert_enrollment(Connection& conn, Id class_id, std::optional<Id> student_id,
                     std::optional<Id> user_id, const std::string& role) {
  return conn.one(sql::kInsertEnrollment, class_id, student_id, user_id, role)[0].as_int();
}

void grant_access(Connection& conn, Id user_id, Id student_id, const std::string& reason,
                  Id source_id, std::optional<std::int64_t> ends_at) {
  conn.run(sql::kGrantAccess, user_id, student_id, reason, source_id, util::now_micros(), ends_at);
}

void revoke_access(Connection& conn, Id user_id, Id student_id, const std::string& reason,
                   Id source_id) {
  conn.run(sql::kRevokeAccess, user_id, student_id, reason, source_id);
}

void revoke_source(Connection& conn, const std::string& reason, Id source_id) {
  conn.run(sql::kRevokeSource, reason, source_id);
}

void set_grants_end(Connection& conn, const std::string& reason, Id source_id,
                    std::optional<std::int64_t> ends_at) {
  conn.run(sql::kSetGrantsEnd, reason, source_id, ends_at);
}

std::vector<std::string> live_grant_reasons(Connection& conn, Id user_id, Id student_id,
                                            std::int64_t now) {
  std::vector<std::string> reasons;
  for (const auto& row : conn.run(sql::kLiveGrantReasons, user_id, student_id, now).rows) {
    reasons.push_back(row[0].as_string());
  }
  return reasons;
}

bool teaches(Connection& conn, Id user_id, Id student_id) {
  return conn.one(sql::kTeachesStudent, user_id, student_id)[0].as_int() > 0;
}

}  // namespace roster
}  // namespace trellis::store
