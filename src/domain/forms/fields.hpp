// The fields of a form version and the answers to them: what a valid field definition is
// (the form builder) and what a valid set of answers is (a response). Pure: the one question
// that needs the database (may the submitter see the student a picker names?) is asked
// through a callback.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.hpp"

namespace trellis::domain::forms {

using FieldErrors = std::map<std::string, std::string>;

inline constexpr std::size_t kMaxFields = 100;
inline constexpr std::size_t kMaxKey = 64;
inline constexpr std::size_t kMaxLabel = 200;
inline constexpr std::size_t kMaxHelp = 1000;
inline constexpr std::size_t kMaxOptions = 100;
inline constexpr std::size_t kMaxOption = 200;
inline constexpr std::size_t kMaxTextAnswer = 1000;
inline constexpr std::size_t kMaxLongTextAnswer = 10000;

// A student picker's answer is the id of a student the submitter may see.
enum class FieldType {
  text,
  long_text,
  number,
  date,
  single_choice,
  multiple_choice,
  checkbox,
  student
};
std::string_view name_of(FieldType type);
std::optional<FieldType> parse_field_type(std::string_view name);
bool has_options(FieldType type);

struct Field {
  std::string key;  // snake_case, unique in the form, stable across versions
  std::string label;
  FieldType type = FieldType::text;
  bool required = false;
  std::string help;
  std::vector<std::string> options;  // choice fields only

  bool operator==(const Field&) const = default;
};

// Reads the builder's field list; messages are keyed by path ("fields[2].options") under
// `path`. Empty result and messages in `errors` when anything is wrong.
std::vector<Field> parse_fields(const boost::json::value& fields, FieldErrors& errors,
                                std::string_view path = "fields");
boost::json::object field_json(const Field& field);
boost::json::array fields_json(const std::vector<Field>& fields);
// A stored version's fields (written by fields_json, so never invalid).
std::vector<Field> stored_fields(std::string_view json_text);

// Whether the submitter may see the student with this id.
using StudentCheck = std::function<bool(store::Id)>;

// One message per bad answer, keyed "answers.<key>": required answers missing, values of the
// wrong type, unknown options, bad dates, invisible students, and keys the form does not have.
// A required checkbox must be checked.
FieldErrors check_answers(const std::vector<Field>& fields, const boost::json::object& answers,
                          const StudentCheck& may_see_student);

// The answers as stored: only the form's keys, without nulls.
boost::json::object stored_answers(const std::vector<Field>& fields,
                                   const boost::json::object& answers);

}  // namespace trellis::domain::forms
