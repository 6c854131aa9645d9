#include "store/cases_repo.hpp"

#include <fmt/format.h>
#include <boost/json.hpp>

#include "store/dialect.hpp"
#include "store/query_builder.hpp"

namespace trellis::store {

namespace sql {
constexpr std::string_view kVersionColumns =
    "id, effective_at, changed_by, change, enabled, open_case_on FROM dictionary_versions ";
constexpr std::string_view kInsertVersion =
    "INSERT INTO dictionary_versions (effective_at, changed_by, change, enabled, open_case_on) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING id";
constexpr std::string_view kValueColumns =
    "SELECT id, kind, name, closed, is_default, built_in, retired, created_at, updated_at "
    "FROM dictionary_values ";
constexpr std::string_view kInsertValue =
    "INSERT INTO dictionary_values (kind, name, closed, is_default, built_in, retired, "
    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id";
constexpr std::string_view kUpdateValue =
    "UPDATE dictionary_values SET name = $2, closed = $3, is_default = $4, retired = $5, "
    "updated_at = $6 WHERE id = $1";
constexpr std::string_view kClearDefault =
    "UPDATE dictionary_values SET is_default = 0 WHERE kind = $1 AND is_default = 1";
constexpr std::string_view kInsertHistory =
    "INSERT INTO dictionary_value_history (value_id, version_id, name, closed, is_default, "
    "retired) VALUES ($1, $2, $3, $4, $5, $6)";

constexpr std::string_view kInsertEvent =
    "INSERT INTO student_events (student_id, kind, at, actor_id, summary, entity, entity_id, "
    "case_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
constexpr std::string_view kEventColumns =
    "e.id, e.student_id, e.kind, e.at, e.actor_id, coalesce(u.given_name || ' ' || "
    "u.family_name, ''), e.summary, e.entity, e.entity_id, e.case_id, e.detail FROM "
    "student_events e LEFT JOIN users u ON u.id = e.actor_id ";
constexpr std::string_view kUnlinkedEvents =
    "SELECT {} WHERE e.kind = $1 AND e.at >= $2 AND e.at < $3 AND e.case_id IS NULL AND NOT "
    "EXISTS (SELECT 1 FROM cases c WHERE c.student_id = e.student_id AND c.closed_at IS NULL) "
    "ORDER BY e.at, e.id";
constexpr std::string_view kLinkEvents =
    "UPDATE student_events SET case_id = $1 WHERE {} AND case_id IS NULL";

constexpr std::string_view kCaseColumns =
    "SELECT id, student_id, status_id, opened_at, opened_by_kind, opened_by_event_id, "
    "opened_by_user_id, opened_rule, dictionary_version_id, manager_id, focus_area_id, closed_at, "
    "closed_by, close_reason_id, close_note, last_activity_at, updated_at FROM cases ";
// The student's school and grade come from the students row (the SELECT form; the casts
// give PostgreSQL the parameters' types). The conflict target names the partial unique index's
// predicate so both databases pick cases_one_open_per_student: a racing second open does nothing
// instead of failing.
constexpr std::string_view kInsertCaseIfNoneOpen =
    "INSERT INTO cases (student_id, school_id, grade, status_id, opened_at, opened_by_kind, "
    "opened_by_event_id, opened_by_user_id, opened_rule, dictionary_version_id, manager_id, "
    "focus_area_id, last_activity_at, updated_at) SELECT s.id, s.school_id, s.grade, "
    "CAST($2 AS BIGINT), CAST($3 AS BIGINT), CAST($4 AS TEXT), CAST($5 AS BIGINT), "
    "CAST($6 AS BIGINT), CAST($7 AS TEXT), CAST($8 AS BIGINT), CAST($9 AS BIGINT), "
    "CAST($10 AS BIGINT), CAST($3 AS BIGINT), CAST($3 AS BIGINT) FROM students s WHERE s.id = $1 "
    "ON CONFLICT (student_id) WHERE closed_at IS NULL DO NOTHING RETURNING id";
constexpr std::string_view kUpdateCase =
    "UPDATE cases SET status_id = $2, manager_id = $3, focus_area_id = $4, closed_at = $5, "
    "closed_by = $6, close_reason_id = $7, close_note = $8, last_activity_at = $9, updated_at = "
    "$10 WHERE id = $1";
constexpr std::string_view kTouchCase =
    "UPDATE cases SET last_activity_at = $2 WHERE id = $1 AND last_activity_at < $2";
}  // namespace sql

namespace {

std::vector<std::string> parse_triggers(const std::string& json) {
  std::vector<std::string> names;
  const auto parsed = boost::json::parse(json);  // named: as_array() refers into it
  for (const auto& item : parsed.as_array()) {
    names.emplace_back(item.as_string());
  }
  return names;
}

std::string encode_triggers(const std::vector<std::string>& names) {
  boost::json::array array;
  for (const auto& name : names) array.emplace_back(name);
  return boost::json::serialize(array);
}

DictionaryVersion read_version(const Row& r) {
  return {r[0].as_int(),    r[1].as_int(),  r[2].opt_int(),
          r[3].as_string(), r[4].as_bool(), parse_triggers(r[5].as_string())};
}

DictionaryValue read_value(const Row& r) {
  return {r[0].as_int(),  r[1].as_string(), r[2].as_string(), r[3].as_bool(), r[4].as_bool(),
          r[5].as_bool(), r[6].as_bool(),   r[7].as_int(),    r[8].as_int()};
}

EventRow read_event(const Row& r) {
  return {r[0].as_int(),  r[1].as_int(),    r[2].as_string(), r[3].as_int(),
          r[4].opt_int(), r[5].as_string(), r[6].as_string(), r[7].opt_string(),
          r[8].opt_int(), r[9].opt_int(),   r[10].as_string()};
}

}  // namespace

namespace dictionary {

DictionarySettings current(Connection& conn) {
  const auto v = read_version(
      conn.one(fmt::format("SELECT {} ORDER BY id DESC LIMIT 1", sql::kVersionColumns)));
  return {v.id, v.effective_at, v.enabled, v.open_case_on};
}

Id add_version(Connection& conn, const DictionaryVersion& v) {
  return conn
      .one(sql::kInsertVersion, v.effective_at, v.changed_by, v.change, v.enabled,
           encode_triggers(v.open_case_on))[0]
      .as_int();
}

std::optional<DictionaryVersion> find_version(Connection& conn, Id id) {
  auto row = conn.maybe_one(fmt::format("SELECT {} WHERE id = $1", sql::kVersionColumns), id);
  if (!row) return std::nullopt;
  return read_version(*row);
}

Page<DictionaryVersion> versions(Connection& conn, const std::optional<std::string>& after,
                                 int limit) {
  QueryBuilder q;
  if (auto before = id_cursor(after)) q.where("id < " + q.bind(*before));
  const auto query = fmt::format("SELECT {} {} ORDER BY id DESC LIMIT {}", sql::kVersionColumns,
                                 q.where_clause(), q.bind(std::int64_t{limit + 1}));
  std::vector<DictionaryVersion> items;
  for (const auto& row : conn.execute(query, q.params()).rows) items.push_back(read_version(row));
  return newest_first_page(std::move(items), limit);
}

std::vector<DictionaryValue> values(Connection& conn, const std::string& kind) {
  std::vector<DictionaryValue> items;
  const auto query = std::string(sql::kValueColumns) + "WHERE kind = $1 ORDER BY retired, id";
  for (const auto& row : conn.run(query, kind).rows) items.push_back(read_value(row));
  return items;
}

std::optional<DictionaryValue> find_value(Connection& conn, Id id) {
  auto row = conn.maybe_one(std::string(sql::kValueColumns) + "WHERE id = $1", id);
  if (!row) return std::nullopt;
  return read_value(*row);
}

Id insert_value(Connection& conn, const DictionaryValue& v) {
  return conn
      .one(sql::kInsertValue, v.kind, v.name, v.closed, v.is_default, v.built_in, v.retired,
           v.created_at)[0]
      .as_int();
}

void update_value(Connection& conn, const DictionaryValue& v) {
  conn.run(sql::kUpdateValue, v.id, v.name, v.closed, v.is_default, v.retired, v.updated_at);
}

void clear_default(Connection& conn, const std::string& kind) {
  conn.run(sql::kClearDefault, kind);
}

std::optional<Id> default_status(Connection& conn) {
  auto row = conn.maybe_one(std::string(sql::kValueColumns) +
                            "WHERE kind = 'case_status' AND is_default = 1");
  if (!row) return std::nullopt;
  return (*row)[0].as_int();
}

void record_history(Connection& conn, Id version_id, const DictionaryValue& v) {
  conn.run(sql::kInsertHistory, v.id, version_id, v.name, v.closed, v.is_default, v.retired);
}

}  // namespace dictionary

namespace events {

Id insert(Connection& conn, const EventRow& e) {
  return conn
      .one(sql::kInsertEvent, e.student_id, e.kind, e.at, e.actor_id, e.summary, e.entity,
           e.entity_id, e.case_id, e.detail_json)[0]
      .as_int();
}

std::optional<EventRow> find(Connection& conn, Id id) {
  auto row = conn.maybe_one(fmt::format("SELECT {} WHERE e.id = $1", sql::kEventColumns), id);
  if (!row) return std::nullopt;
  return read_event(*row);
}

Page<EventRow> timeline(Connection& conn, const TimelineFilter& filter) {
  QueryBuilder q;
  q.where("e.student_id = " + q.bind(filter.student_id));
  if (filter.kind) q.where("e.kind = " + q.bind(*filter.kind));
  if (filter.case_id) q.where("e.case_id = " + q.bind(*filter.case_id));
  if (auto before = id_cursor(filter.after)) q.where("e.id < " + q.bind(*before));
  const auto query = fmt::format("SELECT {} {} ORDER BY e.id DESC LIMIT {}", sql::kEventColumns,
                                 q.where_clause(), q.bind(std::int64_t{filter.limit + 1}));
  std::vector<EventRow> items;
  for (const auto& row : conn.execute(query, q.params()).rows) items.push_back(read_event(row));
  return newest_first_page(std::move(items), filter.limit);
}

std::vector<EventRow> unlinked(Connection& conn, const std::string& kind, std::int64_t from,
                               std::int64_t to) {
  std::vector<EventRow> items;
  const auto query = fmt::format(fmt::runtime(sql::kUnlinkedEvents), sql::kEventColumns);
  for (const auto& row : conn.run(query, kind, from, to).rows) items.push_back(read_event(row));
  return items;
}

void link_to_case(Connection& conn, const std::vector<Id>& event_ids, Id case_id) {
  if (event_ids.empty()) return;
  const auto query =
      fmt::format(fmt::runtime(sql::kLinkEvents), id_list_membership(conn.dialect(), "id", 2));
  conn.run(query, case_id, encode_id_list(event_ids));
}

}  // namespace events

namespace cases {

CaseRow read_case(const Row& row, std::size_t first) {
  auto r = [&](std::size_t i) -> const Value& { return row[first + i]; };
  CaseRow c;
  c.id = r(0).as_int();
  c.student_id = r(1).as_int();
  c.status_id = r(2).as_int();
  c.opened_at = r(3).as_int();
  c.opened_by_kind = r(4).as_string();
  c.opened_by_event_id = r(5).opt_int();
  c.opened_by_user_id = r(6).opt_int();
  c.opened_rule = r(7).as_string();
  c.dictionary_version_id = r(8).opt_int();
  c.manager_id = r(9).opt_int();
  c.focus_area_id = r(10).opt_int();
  c.closed_at = r(11).opt_int();
  c.closed_by = r(12).opt_int();
  c.close_reason_id = r(13).opt_int();
  c.close_note = r(14).opt_string();
  c.last_activity_at = r(15).as_int();
  c.updated_at = r(16).as_int();
  return c;
}

std::optional<Id> insert_if_none_open(Connection& conn, const CaseRow& c) {
  auto row = conn.maybe_one(sql::kInsertCaseIfNoneOpen, c.student_id, c.status_id, c.opened_at,
                            c.opened_by_kind, c.opened_by_event_id, c.opened_by_user_id,
                            c.opened_rule, c.dictionary_version_id, c.manager_id, c.focus_area_id);
  if (!row) return std::nullopt;
  return (*row)[0].as_int();
}

std::optional<CaseRow> find(Connection& conn, Id id) {
  auto row = conn.maybe_one(std::string(sql::kCaseColumns) + "WHERE id = $1", id);
  if (!row) return std::nullopt;
  return read_case(*row, 0);
}

std::optional<CaseRow> find_open_for_student(Connection& conn, Id student_id) {
  auto row = conn.maybe_one(
      std::string(sql::kCaseColumns) + "WHERE student_id = $1 AND closed_at IS NULL", student_id);
  if (!row) return std::nullopt;
  return read_case(*row, 0);
}

std::vector<CaseRow> for_student(Connection& conn, Id student_id) {
  std::vector<CaseRow> items;
  const auto query = std::string(sql::kCaseColumns) + "WHERE student_id = $1 ORDER BY id DESC";
  for (const auto& row : conn.run(query, student_id).rows) items.push_back(read_case(row, 0));
  return items;
}

void update(Connection& conn, const CaseRow& c) {
  conn.run(sql::kUpdateCase, c.id, c.status_id, c.manager_id, c.focus_area_id, c.closed_at,
           c.closed_by, c.close_reason_id, c.close_note, c.last_activity_at, c.updated_at);
}

void touch(Connection& conn, Id case_id, std::int64_t at) {
  conn.run(sql::kTouchCase, case_id, at);
}

}  // namespace cases

}  // namespace trellis::store
