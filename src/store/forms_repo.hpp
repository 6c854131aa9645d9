// Forms, their versions and the responses to them, each response about one student.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

namespace trellis::store::forms {

struct FormRow {
  Id id = 0;
  std::string name;
  std::string description;
  std::string tags_json = "[]";
  // Whose form it is: a school's own form, or (empty) a district form such as the Referral.
  std::optional<Id> school_id;
  std::int64_t current_version = 1;
  bool built_in = false;
  bool archived = false;
  std::optional<Id> created_by;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;

  bool operator==(const FormRow&) const = default;
};

struct VersionRow {
  Id id = 0;
  Id form_id = 0;
  std::int64_t number = 1;
  std::string fields_json;
  std::optional<Id> created_by;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> retired_at;
};

// A form as the list shows it: with its current version's id and who made it.
struct FormListing {
  FormRow form;
  Id current_version_id = 0;
  std::optional<std::string> created_by_name;
  std::string sort_key;  // lower(name) as the database sorts it
};

struct ResponseRow {
  Id id = 0;
  Id form_id = 0;
  Id form_version_id = 0;
  Id student_id = 0;
  std::string answers_json = "{}";
  std::optional<Id> submitted_by;
  std::int64_t submitted_at = 0;
  std::optional<Id> case_id;
};

// A response with the names around it, read in the same query.
struct ResponseListing {
  ResponseRow response;
  std::string form_name;
  std::int64_t version_number = 0;
  std::string student_name;
  std::string student_grade;
  Id student_school_id = 0;
  std::optional<std::string> submitted_by_name;
};

Id insert_form(Connection& conn, const FormRow& form);
void update_form(Connection& conn, const FormRow& form);
std::optional<FormListing> find_form(Connection& conn, Id id);

struct FormFilter {
  bool include_archived = false;
  // District forms and the forms of these schools; nullopt: every form.
  std::optional<std::vector<Id>> school_ids;
  std::optional<std::string> after;  // cursor
  int limit = 50;
};
// By name (any case), then id.
Page<FormListing> list_forms(Connection& conn, const FormFilter& filter);

Id insert_version(Connection& conn, const VersionRow& version);
void retire_version(Connection& conn, Id version_id, std::int64_t at);
std::optional<VersionRow> find_version(Connection& conn, Id version_id);
std::optional<VersionRow> find_version_number(Connection& conn, Id form_id, std::int64_t number);
// Oldest first.
std::vector<VersionRow> versions(Connection& conn, Id form_id);

Id insert_response(Connection& conn, const ResponseRow& response);
void set_response_case(Connection& conn, Id response_id, std::optional<Id> case_id);
// The response when `scope` may see its student, else nullopt (unknown and invisible alike).
std::optional<ResponseListing> find_response_visible(Connection& conn, const StudentScope& scope,
                                                     Id id);

struct ResponseFilter {
  std::optional<Id> form_id;
  std::optional<Id> student_id;
  std::optional<std::string> after;  // cursor
  int limit = 50;
};
// Responses about students `scope` may see, newest first.
Page<ResponseListing> list_responses(Connection& conn, const StudentScope& scope,
                                     const ResponseFilter& filter);

}  // namespace trellis::store::forms
