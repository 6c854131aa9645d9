#include "store/forms_repo.hpp"

#include <fmt/format.h>

#include "store/dialect.hpp"
#include "store/query_builder.hpp"
#include "store/students_repo.hpp"

namespace trellis::store::forms {

namespace sql {
constexpr std::string_view kFormColumns =
    "f.id, f.name, f.description, f.tags, f.current_version, f.built_in, f.archived, "
    "f.created_by, f.created_at, f.updated_at, v.id, u.given_name || ' ' || u.family_name, "
    "lower(f.name), f.school_id";
constexpr std::string_view kFormFrom =
    "FROM forms f JOIN form_versions v ON v.form_id = f.id AND v.number = f.current_version "
    "LEFT JOIN users u ON u.id = f.created_by";
constexpr std::string_view kInsertForm =
    "INSERT INTO forms (name, description, tags, current_version, built_in, archived, "
    "created_by, created_at, updated_at, school_id) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
    "RETURNING id";
constexpr std::string_view kUpdateForm =
    "UPDATE forms SET name = $2, description = $3, tags = $4, current_version = $5, "
    "archived = $6, updated_at = $7 WHERE id = $1";

constexpr std::string_view kVersionColumns =
    "SELECT id, form_id, number, fields, created_by, created_at, retired_at FROM form_versions ";
constexpr std::string_view kInsertVersion =
    "INSERT INTO form_versions (form_id, number, fields, created_by, created_at) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING id";
constexpr std::string_view kRetireVersion =
    "UPDATE form_versions SET retired_at = $2 WHERE id = $1 AND retired_at IS NULL";

constexpr std::string_view kResponseColumns =
    "r.id, r.form_id, r.form_version_id, r.student_id, r.answers, r.submitted_by, "
    "r.submitted_at, r.case_id, f.name, v.number, s.given_name || ' ' || s.family_name, "
    "s.grade, s.school_id, u.given_name || ' ' || u.family_name";
constexpr std::string_view kResponseFrom =
    "FROM form_responses r JOIN forms f ON f.id = r.form_id "
    "JOIN form_versions v ON v.id = r.form_version_id JOIN students s ON s.id = r.student_id "
    "LEFT JOIN users u ON u.id = r.submitted_by";
constexpr std::string_view kInsertResponse =
    "INSERT INTO form_responses (form_id, form_version_id, student_id, answers, submitted_by, "
    "submitted_at, case_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
constexpr std::string_view kSetResponseCase =
    "UPDATE form_responses SET case_id = $2 WHERE id = $1";
}  // namespace sql

namespace {

FormListing read_form(const Row& row) {
  FormListing listing;
  auto& f = listing.form;
  f.id = row[0].as_int();
  f.name = row[1].as_string();
  f.description = row[2].as_string();
  f.tags_json = row[3].as_string();
  f.current_version = row[4].as_int();
  f.built_in = row[5].as_bool();
  f.archived = row[6].as_bool();
  f.created_by = row[7].opt_int();
  f.created_at = row[8].as_int();
  f.updated_at = row[9].as_int();
  listing.current_version_id = row[10].as_int();
  listing.created_by_name = row[11].opt_string();
  listing.sort_key = row[12].as_string();
  f.school_id = row[13].opt_int();
  return listing;
}

VersionRow read_version(const Row& row) {
  return VersionRow{row[0].as_int(),  row[1].as_int(), row[2].as_int(), row[3].as_string(),
                    row[4].opt_int(), row[5].as_int(), row[6].opt_int()};
}

ResponseListing read_response(const Row& row) {
  ResponseListing listing;
  auto& r = listing.response;
  r.id = row[0].as_int();
  r.form_id = row[1].as_int();
  r.form_version_id = row[2].as_int();
  r.student_id = row[3].as_int();
  r.answers_json = row[4].as_string();
  r.submitted_by = row[5].opt_int();
  r.submitted_at = row[6].as_int();
  r.case_id = row[7].opt_int();
  listing.form_name = row[8].as_string();
  listing.version_number = row[9].as_int();
  listing.student_name = row[10].as_string();
  listing.student_grade = row[11].as_string();
  listing.student_school_id = row[12].as_int();
  listing.submitted_by_name = row[13].opt_string();
  return listing;
}

std::vector<ResponseListing> query_responses(Connection& conn, const QueryBuilder& q,
                                             std::string_view tail) {
  const auto query = fmt::format("SELECT {} {} {} {}", sql::kResponseColumns, sql::kResponseFrom,
                                 q.where_clause(), tail);
  std::vector<ResponseListing> rows;
  for (const auto& row : conn.execute(query, q.params()).rows) rows.push_back(read_response(row));
  return rows;
}

}  // namespace

Id insert_form(Connection& conn, const FormRow& f) {
  return conn
      .one(sql::kInsertForm, f.name, f.description, f.tags_json, f.current_version, f.built_in,
           f.archived, f.created_by, f.created_at, f.updated_at, f.school_id)[0]
      .as_int();
}

void update_form(Connection& conn, const FormRow& f) {
  conn.run(sql::kUpdateForm, f.id, f.name, f.description, f.tags_json, f.current_version,
           f.archived, f.updated_at);
}

std::optional<FormListing> find_form(Connection& conn, Id id) {
  auto row = conn.maybe_one(
      fmt::format("SELECT {} {} WHERE f.id = $1", sql::kFormColumns, sql::kFormFrom), id);
  if (!row) return std::nullopt;
  return read_form(*row);
}

Page<FormListing> list_forms(Connection& conn, const FormFilter& filter) {
  QueryBuilder q;
  if (!filter.include_archived) q.where("f.archived = 0");
  if (filter.school_ids) {
    q.bind(encode_id_list(*filter.school_ids));
    q.where("(f.school_id IS NULL OR " +
            id_list_membership(conn.dialect(), "f.school_id", static_cast<int>(q.params().size())) +
            ")");
  }
  q.after_cursor(filter.after, {"lower(f.name)", "f.id"});
  const auto query =
      fmt::format("SELECT {} {} {} ORDER BY lower(f.name), f.id LIMIT {}", sql::kFormColumns,
                  sql::kFormFrom, q.where_clause(), q.bind(std::int64_t{filter.limit + 1}));
  std::vector<FormListing> rows;
  for (const auto& row : conn.execute(query, q.params()).rows) rows.push_back(read_form(row));
  return make_page(std::move(rows), filter.limit, [](const FormListing& last) {
    return std::vector<std::string>{last.sort_key, std::to_string(last.form.id)};
  });
}

Id insert_version(Connection& conn, const VersionRow& v) {
  return conn
      .one(sql::kInsertVersion, v.form_id, v.number, v.fields_json, v.created_by, v.created_at)[0]
      .as_int();
}

void retire_version(Connection& conn, Id version_id, std::int64_t at) {
  conn.run(sql::kRetireVersion, version_id, at);
}

std::optional<VersionRow> find_version(Connection& conn, Id version_id) {
  auto row = conn.maybe_one(std::string(sql::kVersionColumns) + "WHERE id = $1", version_id);
  if (!row) return std::nullopt;
  return read_version(*row);
}

std::optional<VersionRow> find_version_number(Connection& conn, Id form_id, std::int64_t number) {
  auto row = conn.maybe_one(
      std::string(sql::kVersionColumns) + "WHERE form_id = $1 AND number = $2", form_id, number);
  if (!row) return std::nullopt;
  return read_version(*row);
}

std::vector<VersionRow> versions(Connection& conn, Id form_id) {
  std::vector<VersionRow> list;
  const auto result =
      conn.run(std::string(sql::kVersionColumns) + "WHERE form_id = $1 ORDER BY number", form_id);
  for (const auto& row : result.rows) list.push_back(read_version(row));
  return list;
}

Id insert_response(Connection& conn, const ResponseRow& r) {
  return conn
      .one(sql::kInsertResponse, r.form_id, r.form_version_id, r.student_id, r.answers_json,
           r.submitted_by, r.submitted_at, r.case_id)[0]
      .as_int();
}

void set_response_case(Connection& conn, Id response_id, std::optional<Id> case_id) {
  conn.run(sql::kSetResponseCase, response_id, case_id);
}

std::optional<ResponseListing> find_response_visible(Connection& conn, const StudentScope& scope,
                                                     Id id) {
  QueryBuilder q;
  q.where("r.id = " + q.bind(id));
  q.where(students::visibility_predicate(conn.dialect(), scope, q, "s"));
  auto rows = query_responses(conn, q, "");
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

Page<ResponseListing> list_responses(Connection& conn, const StudentScope& scope,
                                     const ResponseFilter& filter) {
  QueryBuilder q;
  q.where(students::visibility_predicate(conn.dialect(), scope, q, "s"));
  if (filter.form_id) q.where("r.form_id = " + q.bind(*filter.form_id));
  if (filter.student_id) q.where("r.student_id = " + q.bind(*filter.student_id));
  if (auto before = id_cursor(filter.after)) q.where("r.id < " + q.bind(*before));
  const auto limit = q.bind(std::int64_t{filter.limit + 1});
  auto rows = query_responses(conn, q, fmt::format("ORDER BY r.id DESC LIMIT {}", limit));
  return make_page(std::move(rows), filter.limit, [](const ResponseListing& last) {
    return std::vector<std::string>{std::to_string(last.response.id)};
  });
}

}  // namespace trellis::store::forms
