#include "domain/forms/fields.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cmath>
#include <set>
#include <utility>

#include "util/text.hpp"
#include "util/time.hpp"

namespace trellis::domain::forms {

namespace json = boost::json;

namespace {

constexpr std::array<std::pair<FieldType, std::string_view>, 8> kTypeNames{{
    {FieldType::text, "text"},
    {FieldType::long_text, "long_text"},
    {FieldType::number, "number"},
    {FieldType::date, "date"},
    {FieldType::single_choice, "single_choice"},
    {FieldType::multiple_choice, "multiple_choice"},
    {FieldType::checkbox, "checkbox"},
    {FieldType::student, "student"},
}};

using util::is_blank;

constexpr std::string_view kRequired = "Required.";

// snake_case: a lower-case letter, then lower-case letters, digits and underscores.
bool is_key(std::string_view key) {
  if (key.empty() || key.size() > kMaxKey || key.front() < 'a' || key.front() > 'z') return false;
  for (char c : key) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// Reads the text at `name` of a field definition; nullopt (and a message) when it is not text,
// is too long, or is required and blank.
std::optional<std::string> definition_text(const json::object& field, std::string_view name,
                                           const std::string& path, std::size_t max_length,
                                           bool required, FieldErrors& errors) {
  const auto* v = field.if_contains(name);
  if (!v || v->is_null()) {
    if (required) errors[path] = kRequired;
    return required ? std::nullopt : std::optional<std::string>("");
  }
  if (!v->is_string()) {
    errors[path] = "Expected text.";
    return std::nullopt;
  }
  std::string text(v->get_string());
  if (required && is_blank(text)) {
    errors[path] = kRequired;
    return std::nullopt;
  }
  if (auto problem = util::text_problem(text, max_length)) {
    errors[path] = std::move(*problem);
    return std::nullopt;
  }
  return text;
}

std::vector<std::string> parse_options(const json::value* options, FieldType type,
                                       const std::string& path, FieldErrors& errors) {
  std::vector<std::string> parsed;
  const bool empty =
      !options || options->is_null() || (options->is_array() && options->get_array().empty());
  if (!has_options(type)) {
    if (!empty) errors[path] = "Only choice fields have options.";
    return parsed;
  }
  if (empty) {
    errors[path] = "Give at least one option.";
    return parsed;
  }
  if (!options->is_array()) {
    errors[path] = "Expected a list of options.";
    return parsed;
  }
  const auto& list = options->get_array();
  if (list.size() > kMaxOptions) {
    errors[path] = "Use at most " + std::to_string(kMaxOptions) + " options.";
    return parsed;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto option_path = path + "[" + std::to_string(i) + "]";
    if (!list[i].is_string() || is_blank(list[i].get_string())) {
      errors[option_path] = "Expected an option's text.";
    } else if (auto problem = util::text_problem(list[i].get_string(), kMaxOption)) {
      errors[option_path] = std::move(*problem);
    } else if (!seen.insert(std::string(list[i].get_string())).second) {
      errors[option_path] = "Used by another option.";
    } else {
      parsed.emplace_back(list[i].get_string());
    }
  }
  return parsed;
}

std::optional<Field> parse_field(const json::value& value, const std::string& path,
                                 FieldErrors& errors) {
  if (!value.is_object()) {
    errors[path] = "Expected a field: {\"key\", \"label\", \"type\", ...}.";
    return std::nullopt;
  }
  const auto& object = value.get_object();
  const auto before = errors.size();
  for (const auto& member : object) {
    static const std::set<std::string_view> known{"key",      "label", "type",
                                                  "required", "help",  "options"};
    if (!known.contains(member.key())) {
      errors[path + "." + std::string(member.key())] = "Not a property of a field.";
    }
  }
  Field field;
  auto key = definition_text(object, "key", path + ".key", kMaxKey, true, errors);
  if (key && !is_key(*key)) {
    errors[path + ".key"] =
        "Use lower-case letters, digits and underscores, starting with a letter.";
  }
  field.key = key.value_or("");
  field.label =
      definition_text(object, "label", path + ".label", kMaxLabel, true, errors).value_or("");
  field.help =
      definition_text(object, "help", path + ".help", kMaxHelp, false, errors).value_or("");
  auto type_name = definition_text(object, "type", path + ".type", 32, true, errors);
  std::optional<FieldType> type;
  if (type_name) type = parse_field_type(*type_name);
  if (type_name && !type) {
    errors[path + ".type"] =
        "Use text, long_text, number, date, single_choice, multiple_choice, checkbox or "
        "student.";
  }
  if (const auto* required = object.if_contains("required"); required && !required->is_null()) {
    if (required->is_bool()) {
      field.required = required->get_bool();
    } else {
      errors[path + ".required"] = "Expected true or false.";
    }
  }
  if (type) {
    field.type = *type;
    field.options = parse_options(object.if_contains("options"), *type, path + ".options", errors);
  }
  if (errors.size() != before) return std::nullopt;
  return field;
}

// The answer to one field, or the message that says what is wrong with it.
std::optional<std::string> answer_problem(const Field& field, const json::value& answer,
                                          const StudentCheck& may_see_student) {
  switch (field.type) {
    case FieldType::text:
    case FieldType::long_text: {
      if (!answer.is_string()) return "Expected text.";
      const auto max = field.type == FieldType::text ? kMaxTextAnswer : kMaxLongTextAnswer;
      if (auto problem = util::text_problem(answer.get_string(), max)) return problem;
      if (field.required && is_blank(answer.get_string())) return std::string(kRequired);
      return std::nullopt;
    }
    case FieldType::number:
      if (answer.is_int64() || answer.is_uint64()) return std::nullopt;
      if (answer.is_double() && std::isfinite(answer.get_double())) return std::nullopt;
      return "Expected a number.";
    case FieldType::date:
      if (answer.is_string() && util::is_valid_date(answer.get_string())) return std::nullopt;
      return "Enter a date as YYYY-MM-DD.";
    case FieldType::single_choice:
      if (answer.is_string()) {
        for (const auto& option : field.options) {
          if (option == answer.get_string()) return std::nullopt;
        }
      }
      return "Choose one of the options.";
    case FieldType::multiple_choice: {
      if (!answer.is_array()) return "Expected a list of options.";
      std::set<std::string_view> chosen;
      for (const auto& item : answer.get_array()) {
        const bool known = item.is_string() && std::find(field.options.begin(), field.options.end(),
                                                         item.get_string()) != field.options.end();
        if (!known) return "Choose among the options.";
        if (!chosen.insert(item.get_string()).second) return "Choose each option once.";
      }
      if (field.required && chosen.empty()) return std::string(kRequired);
      return std::nullopt;
    }
    case FieldType::checkbox:
      if (!answer.is_bool()) return "Expected true or false.";
      if (field.required && !answer.get_bool()) return "Check this box.";
      return std::nullopt;
    case FieldType::student:
      if (!answer.is_int64() && !answer.is_uint64()) return "Expected a student id.";
      if (answer.is_uint64() || !may_see_student(answer.get_int64())) return "No such student.";
      return std::nullopt;
  }
  return "Not a valid answer.";
}

const Field* find_field(const std::vector<Field>& fields, std::string_view key) {
  for (const auto& field : fields) {
    if (field.key == key) return &field;
  }
  return nullptr;
}

}  // namespace

std::string_view name_of(FieldType type) {
  for (const auto& [t, name] : kTypeNames) {
    if (t == type) return name;
  }
  return "text";
}

std::optional<FieldType> parse_field_type(std::string_view name) {
  for (const auto& [type, n] : kTypeNames) {
    if (n == name) return type;
  }
  return std::nullopt;
}

bool has_options(FieldType type) {
  return type == FieldType::single_choice || type == FieldType::multiple_choice;
}

std::vector<Field> parse_fields(const json::value& fields, FieldErrors& errors,
                                std::string_view path) {
  const std::string base(path);
  if (!fields.is_array()) {
    errors[base] = "Expected a list of fields.";
    return {};
  }
  const auto& list = fields.get_array();
  if (list.empty()) {
    errors[base] = "Add at least one field.";
    return {};
  }
  if (list.size() > kMaxFields) {
    errors[base] = "Use at most " + std::to_string(kMaxFields) + " fields.";
    return {};
  }
  const auto before = errors.size();
  std::vector<Field> parsed;
  std::set<std::string> keys;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto field_path = base + "[" + std::to_string(i) + "]";
    auto field = parse_field(list[i], field_path, errors);
    if (!field) continue;
    if (!keys.insert(field->key).second) {
      errors[field_path + ".key"] = "Used by another field.";
      continue;
    }
    parsed.push_back(std::move(*field));
  }
  if (errors.size() != before) return {};
  return parsed;
}

json::object field_json(const Field& field) {
  json::array options;
  for (const auto& option : field.options) options.emplace_back(option);
  return {{"key", field.key},           {"label", field.label}, {"type", name_of(field.type)},
          {"required", field.required}, {"help", field.help},   {"options", std::move(options)}};
}

json::array fields_json(const std::vector<Field>& fields) {
  json::array list;
  for (const auto& field : fields) list.push_back(field_json(field));
  return list;
}

std::vector<Field> stored_fields(std::string_view json_text) {
  FieldErrors errors;
  auto fields = parse_fields(json::parse(json_text), errors);
  if (!errors.empty()) throw std::runtime_error("a stored form version has invalid fields");
  return fields;
}

FieldErrors check_answers(const std::vector<Field>& fields, const json::object& answers,
                          const StudentCheck& may_see_student) {
  FieldErrors errors;
  for (const auto& member : answers) {
    if (!find_field(fields, member.key())) {
      errors["answers." + std::string(member.key())] = "Not a field of this form.";
    }
  }
  for (const auto& field : fields) {
    const auto* answer = answers.if_contains(field.key);
    const bool missing = !answer || answer->is_null();
    if (missing) {
      if (field.required) errors["answers." + field.key] = kRequired;
      continue;
    }
    if (auto problem = answer_problem(field, *answer, may_see_student)) {
      errors["answers." + field.key] = std::move(*problem);
    }
  }
  return errors;
}

json::object stored_answers(const std::vector<Field>& fields, const json::object& answers) {
  json::object kept;
  for (const auto& field : fields) {
    const auto* answer = answers.if_contains(field.key);
    if (answer && !answer->is_null()) kept[field.key] = *answer;
  }
  return kept;
}

}  // namespace trellis::domain::forms
