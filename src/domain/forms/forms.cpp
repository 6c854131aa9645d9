#include "domain/forms/forms.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <set>

#include "domain/access/access.hpp"
#include "domain/audit/audit.hpp"
#include "domain/cases/case_engine.hpp"
#include "domain/views.hpp"
#include "store/students_repo.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace trellis::domain::forms {

namespace json = boost::json;

namespace {

using views::or_null;
using views::time_or_null;

bool is_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > kMaxTag) return false;
  for (char c : tag) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!word && c != '-' && c != '_') return false;
  }
  return true;
}

void check_name(FieldErrors& errors, const std::string& name) {
  util::check_text(errors, "name", name, kMaxName, true);
}

void check_description(FieldErrors& errors, const std::string& description) {
  util::check_text(errors, "description", description, kMaxDescription);
}

std::string tags_json(const std::vector<std::string>& tags) {
  json::array list;
  for (const auto& tag : tags) list.emplace_back(tag);
  return json::serialize(list);
}

json::value parsed(const std::string& json_text) {
  return json::parse(json_text);
}

json::object version_item(const VersionRow& v) {
  return {{"id", v.id},
          {"number", v.number},
          {"created_at", util::format_rfc3339(v.created_at)},
          {"retired_at", time_or_null(v.retired_at)}};
}

json::object audited(const store::forms::FormRow& f, const VersionRow& version) {
  return {{"id", f.id},
          {"school_id", or_null(f.school_id)},
          {"name", f.name},
          {"description", f.description},
          {"tags", parsed(f.tags_json)},
          {"archived", f.archived},
          {"version", f.current_version},
          {"form_version_id", version.id},
          {"fields", parsed(version.fields_json)}};
}

json::object audited(const store::forms::ResponseRow& r) {
  return {{"id", r.id},
          {"form_id", r.form_id},
          {"form_version_id", r.form_version_id},
          {"student_id", r.student_id},
          {"answers", parsed(r.answers_json)},
          {"case_id", or_null(r.case_id)}};
}

FormView form_view(store::Connection& conn, FormListing listing, VersionRow version) {
  auto versions = store::forms::versions(conn, listing.form.id);
  return {std::move(listing), std::move(version), std::move(versions)};
}

// Adds the next version with `fields` and retires the current one.
VersionRow add_version(store::Connection& conn, store::forms::FormRow& form,
                       const std::vector<Field>& fields, Id by, std::int64_t now,
                       std::optional<Id> current_version_id) {
  if (current_version_id) store::forms::retire_version(conn, *current_version_id, now);
  VersionRow version;
  version.form_id = form.id;
  version.number = current_version_id ? form.current_version + 1 : 1;
  version.fields_json = json::serialize(fields_json(fields));
  version.created_by = by;
  version.created_at = now;
  version.id = store::forms::insert_version(conn, version);
  form.current_version = version.number;
  return version;
}

// The version a response answers: the current one, or the one named, which must be the
// form's and still in use.
Outcome<VersionRow> answered_version(store::Connection& conn, const FormListing& form,
                                     std::optional<Id> version_id) {
  auto version = store::forms::find_version(conn, version_id.value_or(form.current_version_id));
  if (!version || version->form_id != form.form.id) {
    return Error::invalid({{"form_version_id", "Not a version of this form."}});
  }
  if (version->retired_at) {
    return Error::conflict("form_version_retired",
                           "This version of the form was replaced; answer the current version.");
  }
  return *version;
}

ResponseListing response_listing(store::Connection& conn, Id response_id) {
  store::StudentScope everyone;
  everyone.everyone = true;
  return *store::forms::find_response_visible(conn, everyone, response_id);
}

json::object student_item(const ResponseListing& r) {
  return {{"id", r.response.student_id},
          {"name", r.student_name},
          {"grade", r.student_grade},
          {"school_id", r.student_school_id}};
}

json::value submitter(const ResponseListing& r) {
  if (!r.response.submitted_by) return nullptr;
  return json::object{{"id", *r.response.submitted_by},
                      {"name", r.submitted_by_name.value_or(std::string())}};
}

// A form is offered to everyone when it is a district form, else to the staff of its school;
// district administrators hold every school. The schools a caller holds roles at are the
// schools of their staff directory.
std::optional<std::vector<Id>> offered_schools(const Principal& by) {
  return access::staff_directory_schools(by);
}

bool offered(const Principal& by, const store::forms::FormRow& form) {
  if (!form.school_id) return true;
  const auto schools = offered_schools(by);
  return !schools || std::find(schools->begin(), schools->end(), *form.school_id) != schools->end();
}

Outcome<FormListing> offered_form(store::Connection& conn, const Principal& by, Id form_id) {
  auto form = store::forms::find_form(conn, form_id);
  if (!form || !offered(by, form->form)) return Error::not_found("The form");
  return std::move(*form);
}

// The school a new form belongs to: the one named (which the caller must build for), else a
// district form for whoever builds those, else the caller's one school where they build.
Outcome<std::optional<Id>> owner_of_new_form(store::Connection& conn, const Principal& by,
                                             std::optional<Id> school_id) {
  if (school_id) {
    if (!store::schools::find(conn, *school_id)) {
      return Error::invalid({{"school_id", "No such school."}});
    }
    if (auto refused = access::refusal(by, access::Action::build_school_form,
                                       {.school_id = school_id, .relationships = {}})) {
      return *refused;
    }
    return school_id;
  }
  if (access::allows(by, access::Action::build_district_form, {})) return std::optional<Id>{};
  if (auto refused = access::refusal_everywhere(by, access::Action::build_school_form)) {
    return *refused;
  }
  // Not every school (that would be a district administrator, handled above): some.
  const auto schools = *access::schools_allowing(by, access::Action::build_school_form);
  if (schools.size() > 1) {
    return Error::invalid({{"school_id", "Choose the school whose form this is."}});
  }
  return std::optional<Id>{schools.front()};
}

}  // namespace

access::Action build_action(const store::forms::FormRow& form) {
  return form.school_id ? access::Action::build_school_form : access::Action::build_district_form;
}

access::Subject subject_of(const store::forms::FormRow& form) {
  return {.school_id = form.school_id, .relationships = {}};
}

std::vector<std::string> parse_tags(const json::value& tags, FieldErrors& errors) {
  std::vector<std::string> parsed_tags;
  if (tags.is_null()) return parsed_tags;
  if (!tags.is_array()) {
    errors["tags"] = "Expected a list of tags.";
    return parsed_tags;
  }
  const auto& list = tags.get_array();
  if (list.size() > kMaxTags) {
    errors["tags"] = "Use at most " + std::to_string(kMaxTags) + " tags.";
    return parsed_tags;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto path = "tags[" + std::to_string(i) + "]";
    if (!list[i].is_string() || !is_tag(list[i].get_string())) {
      errors[path] = "Use up to 50 letters, digits, '-' and '_'.";
    } else if (!seen.insert(std::string(list[i].get_string())).second) {
      errors[path] = "Given twice.";
    } else {
      parsed_tags.emplace_back(list[i].get_string());
    }
  }
  return parsed_tags;
}

bool has_open_case_tag(const std::string& tags) {
  const auto list = parsed(tags);
  for (const auto& tag : list.as_array()) {
    if (tag.is_string() && tag.get_string() == kOpenCaseTag) return true;
  }
  return false;
}

json::object list_item(const Principal& by, const FormListing& listing) {
  const auto& f = listing.form;
  json::value created_by = nullptr;
  if (f.created_by) {
    created_by = json::object{{"id", *f.created_by},
                              {"name", listing.created_by_name.value_or(std::string())}};
  }
  return {{"id", f.id},
          {"school_id", or_null(f.school_id)},
          {"name", f.name},
          {"description", f.description},
          {"tags", parsed(f.tags_json)},
          {"built_in", f.built_in},
          {"archived", f.archived},
          {"current_version", f.current_version},
          {"current_version_id", listing.current_version_id},
          {"created_by", std::move(created_by)},
          {"created_at", util::format_rfc3339(f.created_at)},
          {"updated_at", util::format_rfc3339(f.updated_at)},
          {"allowed_actions", access::allowed_actions(by, subject_of(f), {build_action(f)})}};
}

json::object view(const Principal& by, const FormView& form) {
  auto body = list_item(by, form.listing);
  body["version"] = version_item(form.version);
  body["fields"] = parsed(form.version.fields_json);
  json::array versions;
  for (const auto& v : form.versions) versions.push_back(version_item(v));
  body["versions"] = std::move(versions);
  return body;
}

json::object list_item(const ResponseListing& r) {
  return {{"id", r.response.id},
          {"form", json::object{{"id", r.response.form_id}, {"name", r.form_name}}},
          {"form_version",
           json::object{{"id", r.response.form_version_id}, {"number", r.version_number}}},
          {"student", student_item(r)},
          {"submitted_by", submitter(r)},
          {"submitted_at", util::format_rfc3339(r.response.submitted_at)},
          {"case_id", or_null(r.response.case_id)},
          // A response is never changed once made: the policy names no action on it.
          {"allowed_actions", json::array()}};
}

json::object view(const ResponseView& response) {
  auto body = list_item(response.listing);
  const auto answers = parsed(response.listing.response.answers_json);
  json::array fields;
  for (const auto& field : stored_fields(response.version.fields_json)) {
    auto item = field_json(field);
    const auto* answer = answers.as_object().if_contains(field.key);
    item["answer"] = answer ? *answer : json::value(nullptr);
    fields.push_back(std::move(item));
  }
  body["form_version"].as_object()["retired_at"] = time_or_null(response.version.retired_at);
  body["fields"] = std::move(fields);
  body["answers"] = answers;
  return body;
}

Outcome<FormView> create(store::Connection& conn, const Principal& by, const Actor& actor,
                         const NewForm& input) {
  auto school_id = owner_of_new_form(conn, by, input.school_id);
  if (!school_id) return school_id.error();
  FieldErrors errors;
  check_name(errors, input.name);
  check_description(errors, input.description);
  const auto tags = parse_tags(input.tags, errors);
  const auto fields = parse_fields(input.fields, errors);
  if (!errors.empty()) return Error::invalid(std::move(errors));

  const auto now = util::now_micros();
  store::forms::FormRow form;
  form.name = input.name;
  form.description = input.description;
  form.tags_json = tags_json(tags);
  form.school_id = *school_id;
  form.created_by = by.user_id;
  form.created_at = form.updated_at = now;
  form.id = store::forms::insert_form(conn, form);
  auto version = add_version(conn, form, fields, by.user_id, now, std::nullopt);
  audit::record(
      conn, actor,
      {"form.create", "form", form.id, std::nullopt, std::nullopt, audited(form, version)});
  return form_view(conn, *store::forms::find_form(conn, form.id), std::move(version));
}

Outcome<FormView> update(store::Connection& conn, const Principal& by, const Actor& actor,
                         Id form_id, const FormChanges& changes) {
  auto existing = offered_form(conn, by, form_id);
  if (!existing) return existing.error();
  // The tags (openCase) and archiving included: a district form is the district's.
  if (auto refused =
          access::refusal(by, build_action(existing->form), subject_of(existing->form))) {
    return *refused;
  }
  FieldErrors errors;
  if (changes.name) check_name(errors, *changes.name);
  if (changes.description) check_description(errors, *changes.description);
  std::optional<std::vector<std::string>> tags;
  if (changes.tags) tags = parse_tags(*changes.tags, errors);
  std::optional<std::vector<Field>> fields;
  if (changes.fields) fields = parse_fields(*changes.fields, errors);
  if (!errors.empty()) return Error::invalid(std::move(errors));

  const auto& before = existing->form;
  auto current = *store::forms::find_version(conn, existing->current_version_id);
  auto after = before;
  if (changes.name) after.name = *changes.name;
  if (changes.description) after.description = *changes.description;
  if (tags) after.tags_json = tags_json(*tags);
  if (changes.archived) after.archived = *changes.archived;
  const bool new_fields = fields && *fields != stored_fields(current.fields_json);
  if (after == before && !new_fields) {
    return form_view(conn, std::move(*existing), std::move(current));
  }
  const auto now = util::now_micros();
  const auto previous = current;
  if (new_fields) current = add_version(conn, after, *fields, by.user_id, now, current.id);
  after.updated_at = now;
  store::forms::update_form(conn, after);
  audit::record(conn, actor,
                {"form.update", "form", after.id, std::nullopt, audited(before, previous),
                 audited(after, current)});
  return form_view(conn, *store::forms::find_form(conn, form_id), std::move(current));
}

Outcome<FormView> find(store::Connection& conn, const Principal& by, Id form_id,
                       std::optional<std::int64_t> number) {
  auto form = offered_form(conn, by, form_id);
  if (!form) return form.error();
  auto version = number ? store::forms::find_version_number(conn, form_id, *number)
                        : store::forms::find_version(conn, form->current_version_id);
  if (!version) return Error::not_found("That version of the form");
  return form_view(conn, std::move(*form), std::move(*version));
}

store::Page<FormListing> list(store::Connection& conn, const Principal& by,
                              store::forms::FormFilter filter) {
  filter.school_ids = offered_schools(by);
  return store::forms::list_forms(conn, filter);
}

Outcome<ResponseView> submit(store::Connection& conn, const Principal& by, const Actor& actor,
                             Id form_id, const NewResponse& input) {
  auto form = offered_form(conn, by, form_id);
  if (!form) return form.error();
  auto student = access::visible_student(conn, by, input.student_id);
  if (!student) return Error::not_found("The student");
  if (auto refused = access::refusal(by, access::Action::submit_form_response,
                                     access::student_subject(conn, by, *student))) {
    return *refused;
  }
  if (form->form.archived) {
    return Error::conflict("form_archived", "This form is archived and takes no new responses.");
  }
  auto version = answered_version(conn, *form, input.form_version_id);
  if (!version) return version.error();
  const auto fields = stored_fields(version->fields_json);
  auto errors = check_answers(fields, input.answers, [&](Id id) {
    return access::visible_student(conn, by, id).has_value();
  });
  if (!errors.empty()) return Error::invalid(std::move(errors));

  cases::CaseEngine engine(conn, actor);
  store::forms::ResponseRow row;
  row.form_id = form_id;
  row.form_version_id = version->id;
  row.student_id = student->id;
  row.answers_json = json::serialize(stored_answers(fields, input.answers));
  row.submitted_by = by.user_id;
  row.submitted_at = engine.now();
  row.id = store::forms::insert_response(conn, row);
  const auto recorded =
      engine.record({.student_id = student->id,
                     .kind = std::string(cases::name_of(cases::Trigger::form_submitted)),
                     .summary = "Form submitted: " + form->form.name,
                     .entity = "form_response",
                     .entity_id = row.id,
                     .detail = {{"form_id", form_id},
                                {"form_name", form->form.name},
                                {"form_version_id", version->id},
                                {"response_id", row.id}},
                     .form_tagged_open_case = has_open_case_tag(form->form.tags_json)});
  if (recorded.case_id) {
    row.case_id = recorded.case_id;
    store::forms::set_response_case(conn, row.id, row.case_id);
  }
  audit::record(conn, actor,
                {"form_response.create", "form_response", row.id, row.student_id, std::nullopt,
                 audited(row)});
  return ResponseView{response_listing(conn, row.id), std::move(*version)};
}

Outcome<ResponseView> find_response(store::Connection& conn, const Principal& by, Id response_id) {
  auto response = store::forms::find_response_visible(conn, access::student_scope(by), response_id);
  if (!response) return Error::not_found("The form response");
  auto version = *store::forms::find_version(conn, response->response.form_version_id);
  return ResponseView{std::move(*response), std::move(version)};
}

Outcome<store::Page<ResponseListing>> form_responses(store::Connection& conn, const Principal& by,
                                                     Id form_id,
                                                     const std::optional<std::string>& after,
                                                     int limit) {
  if (auto form = offered_form(conn, by, form_id); !form) return form.error();
  return store::forms::list_responses(
      conn, access::student_scope(by),
      {.form_id = form_id, .student_id = std::nullopt, .after = after, .limit = limit});
}

Outcome<store::Page<ResponseListing>> student_responses(store::Connection& conn,
                                                        const Principal& by, Id student_id,
                                                        const std::optional<std::string>& after,
                                                        int limit) {
  if (!access::visible_student(conn, by, student_id)) return Error::not_found("The student");
  return store::forms::list_responses(
      conn, access::student_scope(by),
      {.form_id = std::nullopt, .student_id = student_id, .after = after, .limit = limit});
}

}  // namespace trellis::domain::forms
