// Forms (Tools > Forms): a builder of versioned forms, and responses, each about one student.
// Editing a form's fields retires its version and makes the next one; a response keeps the
// version it answered. A response is the `form_submitted` event of the case engine, which opens
// a case only when the form carries the `openCase` tag (rule 3). Responses are part of the
// student's record: whoever may see the student may see them.
//
// Forms have an owner scope (access policy, domain/access/policy.hpp): a district form (no
// school; the Referral form) is built, changed and archived with `form.build_district`
// (district administrators); a school's own form with `form.build_school` at that school (its
// administrators, counselors and interventionists). A form is offered (listed, read, answered)
// to the staff of its school and to district administrators; district forms to everyone. A
// form not offered to the caller answers 404, as if it did not exist.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/access/policy.hpp"
#include "domain/auth/principal.hpp"
#include "domain/forms/fields.hpp"
#include "domain/outcome.hpp"
#include "store/database.hpp"
#include "store/forms_repo.hpp"

namespace trellis::domain::forms {

inline constexpr std::size_t kMaxName = 200;
inline constexpr std::size_t kMaxDescription = 2000;
inline constexpr std::size_t kMaxTags = 20;
inline constexpr std::size_t kMaxTag = 50;
// The tag that makes a form's responses open cases (rule 3).
inline constexpr std::string_view kOpenCaseTag = "openCase";

using store::forms::FormListing;
using store::forms::ResponseListing;
using store::forms::VersionRow;

// A new form; tags and fields as the client sent them (checked here).
struct NewForm {
  // The school whose own form it is. Absent: a district administrator makes a district form,
  // and a school-level builder with exactly one school makes that school's form.
  std::optional<Id> school_id;
  std::string name;
  std::string description;
  boost::json::value tags = boost::json::array();
  boost::json::value fields;
};

// What a PATCH may change; absent members stay as they are. New fields make a new version.
struct FormChanges {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<boost::json::value> tags;
  std::optional<boost::json::value> fields;
  std::optional<bool> archived;
};

// A form with one of its versions (the current one unless asked otherwise) and the list of
// all its versions.
struct FormView {
  FormListing listing;
  VersionRow version;
  std::vector<VersionRow> versions;
};

struct NewResponse {
  Id student_id = 0;
  std::optional<Id> form_version_id;  // empty: the current version
  boost::json::object answers;
};

// A response with the version it answered.
struct ResponseView {
  ResponseListing listing;
  VersionRow version;
};

// The policy row that builds and changes this form, and its subject (the form's school, or
// district-wide).
access::Action build_action(const store::forms::FormRow& form);
access::Subject subject_of(const store::forms::FormRow& form);
// Tags: up to 20 distinct words of letters, digits, '-' and '_'. Messages keyed "tags[i]".
std::vector<std::string> parse_tags(const boost::json::value& tags, FieldErrors& errors);
bool has_open_case_tag(const std::string& tags_json);

// Forms carry `allowed_actions`: the build action when the caller may change the form.
boost::json::object view(const Principal& by, const FormView& form);
boost::json::object list_item(const Principal& by, const FormListing& form);
boost::json::object view(const ResponseView& response);
boost::json::object list_item(const ResponseListing& response);

Outcome<FormView> create(store::Connection& conn, const Principal& by, const Actor& actor,
                         const NewForm& form);
Outcome<FormView> update(store::Connection& conn, const Principal& by, const Actor& actor,
                         Id form_id, const FormChanges& changes);
// The form with its current version, or with version `number`, when it is offered to `by`.
Outcome<FormView> find(store::Connection& conn, const Principal& by, Id form_id,
                       std::optional<std::int64_t> number);
// The forms offered to `by` (the filter's school_ids are set here).
store::Page<FormListing> list(store::Connection& conn, const Principal& by,
                              store::forms::FormFilter filter);

// Records a response in one transaction with its `form_submitted` event (which may open or
// join the student's case; the response remembers that case) and the audit entry. Not found:
// a form not offered to the caller, or a student the caller may not see; forbidden: the
// policy's `form.respond`; conflict: an archived form or a retired version; invalid: answers
// that do not fit the version's fields.
Outcome<ResponseView> submit(store::Connection& conn, const Principal& by, const Actor& actor,
                             Id form_id, const NewResponse& response);
// A response the caller may see (through its student), with the version it answered.
Outcome<ResponseView> find_response(store::Connection& conn, const Principal& by, Id response_id);
Outcome<store::Page<ResponseListing>> form_responses(store::Connection& conn, const Principal& by,
                                                     Id form_id,
                                                     const std::optional<std::string>& after,
                                                     int limit);
Outcome<store::Page<ResponseListing>> student_responses(store::Connection& conn,
                                                        const Principal& by, Id student_id,
                                                        const std::optional<std::string>& after,
                                                        int limit);

}  // namespace trellis::domain::forms
