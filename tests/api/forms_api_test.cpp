// Forms over HTTP, on SQLite and PostgreSQL: the builder and its versions, responses about one
// student as the `form_submitted` trigger (a case opens only for forms tagged openCase), the
// lists, the response page in the access log, and bad input that answers its status and
// writes nothing.
#include <algorithm>
#include <boost/json.hpp>
#include <set>
#include <vector>

#include "support/api_fixture.hpp"
#include "support/sample_records.hpp"

namespace trellis::testing {
namespace {

namespace json = boost::json;

constexpr std::int64_t kReferral = 1;

class FormsApi : public ApiTest {
 protected:
  void SetUp() override {
    admin_ = std::make_unique<HttpClient>(signed_in(kDistrictAdmin));
    counselor_ = std::make_unique<HttpClient>(signed_in(kMiddleCounselor));
    middle_school_ = count("SELECT id FROM schools WHERE name = 'Cedar Ridge Middle'");
    elementary_school_ = count("SELECT id FROM schools WHERE name = 'Maple Grove Elementary'");
  }

  void dictionary(bool enabled, json::array triggers) {
    set_case_management(*admin_, enabled, std::move(triggers));
  }

  std::int64_t fresh_student(std::int64_t school) { return insert_student(school, "Form"); }
  std::int64_t fresh_student() { return fresh_student(middle_school_); }

  static json::object referral_answers() { return samples::referral_answers(); }

  HttpResult respond(HttpClient& by, std::int64_t form, std::int64_t student, json::object answers,
                     json::value version = nullptr) {
    json::object body{{"student_id", student}, {"answers", std::move(answers)}};
    if (!version.is_null()) body["form_version_id"] = version;
    return by.post("/api/v1/forms/" + std::to_string(form) + "/responses", body);
  }

  static json::array survey_fields() {
    return {json::object{{"key", "mood"},
                         {"label", "Mood today"},
                         {"type", "single_choice"},
                         {"required", true},
                         {"options", json::array{"Good", "Okay", "Low"}}},
            json::object{{"key", "sleep_hours"}, {"label", "Hours of sleep"}, {"type", "number"}},
            json::object{{"key", "seen_on"}, {"label", "Seen on"}, {"type", "date"}},
            json::object{{"key", "friend"}, {"label", "Sits with"}, {"type", "student"}}};
  }

  // A form of our own without the openCase tag.
  json::object new_form(json::array tags = {}) {
    auto created = counselor_->post("/api/v1/forms", json::object{{"name", unique("Check-in ")},
                                                                  {"description", "Weekly."},
                                                                  {"tags", std::move(tags)},
                                                                  {"fields", survey_fields()}});
    EXPECT_EQ(created.status, 201) << created.body;
    return created.json().as_object();
  }

  // A response about `student` to a new form carrying `tags`.
  HttpResult respond_to_new_form(json::array tags, std::int64_t student) {
    const auto form = new_form(std::move(tags));
    return respond(*counselor_, form.at("id").as_int64(), student, json::object{{"mood", "Low"}});
  }

  std::int64_t rows(const std::string& table) { return count("SELECT count(*) FROM " + table); }

  // The rows a failed request must leave alone.
  struct Counts {
    std::int64_t forms, versions, responses, events, cases, audit;
    bool operator==(const Counts&) const = default;
  };
  Counts counts() {
    return {rows("forms"),          rows("form_versions"), rows("form_responses"),
            rows("student_events"), rows("cases"),         rows("audit_log")};
  }

  static std::vector<std::int64_t> ids(const json::value& page) {
    std::vector<std::int64_t> list;
    for (const auto& item : page.at("items").as_array()) list.push_back(item.at("id").as_int64());
    return list;
  }

  // Every id of a paged list, following next_cursor with pages of two.
  std::vector<std::int64_t> all_pages(HttpClient& by, const std::string& path) {
    std::vector<std::int64_t> all;
    std::string cursor;
    for (int page = 0; page < 20; ++page) {
      auto result = by.get(path + "?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
      EXPECT_EQ(result.status, 200) << result.body;
      const auto body = result.json();
      EXPECT_LE(body.at("items").as_array().size(), 2u);
      for (auto id : ids(body)) all.push_back(id);
      if (body.at("next_cursor").is_null()) break;
      cursor = std::string(body.at("next_cursor").as_string());
    }
    return all;
  }

  std::unique_ptr<HttpClient> admin_;
  std::unique_ptr<HttpClient> counselor_;
  std::int64_t middle_school_ = 0;
  std::int64_t elementary_school_ = 0;
};

TEST_P(FormsApi, TheReferralFormShipsTaggedOpenCase) {
  auto teacher = signed_in(kHighTeacher);
  auto list = teacher.get("/api/v1/forms");
  ASSERT_EQ(list.status, 200) << list.body;
  const auto body = list.json();
  const auto& first = body.at("items").at(0);
  EXPECT_EQ(first.at("name").as_string(), "Referral");
  EXPECT_EQ(first.at("tags"), (json::array{"openCase"}));
  EXPECT_TRUE(first.at("built_in").as_bool());

  const auto form = teacher.get("/api/v1/forms/1").json();
  std::vector<std::string> keys;
  for (const auto& field : form.at("fields").as_array()) {
    keys.emplace_back(field.at("key").as_string());
    EXPECT_FALSE(field.at("help").as_string().empty());
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"concern_area", "description", "interventions_tried",
                                            "parent_contacted", "urgency"}));
  EXPECT_EQ(form.at("fields").at(0).at("options"),
            (json::array{"Academic", "Behaviour", "Attendance", "Social-emotional", "Other"}));
  EXPECT_EQ(form.at("fields").at(4).at("options"), (json::array{"Low", "Medium", "High"}));
  EXPECT_EQ(form.at("version").at("number").as_int64(), 1);
}

TEST_P(FormsApi, AReferralWithTheTriggerOnOpensACaseNamedByTheForm) {
  dictionary(true, {"form_submitted"});
  const auto student = fresh_student();
  auto response = respond(*counselor_, kReferral, student, referral_answers());
  ASSERT_EQ(response.status, 201) << response.body;
  const auto body = response.json();
  ASSERT_FALSE(body.at("case_id").is_null());
  EXPECT_EQ(open_cases(student), 1);
  EXPECT_EQ(count("SELECT case_id FROM form_responses WHERE id = " +
                  std::to_string(body.at("id").as_int64())),
            body.at("case_id").as_int64());

  const auto page =
      counselor_->get("/api/v1/cases/" + std::to_string(body.at("case_id").as_int64())).json();
  EXPECT_EQ(page.at("opened_by").at("kind").as_string(), "form_submitted");
  auto timeline = counselor_->get("/api/v1/students/" + std::to_string(student) +
                                  "/timeline?kind=form_submitted");
  ASSERT_EQ(timeline.status, 200) << timeline.body;
  const auto items = timeline.json();
  ASSERT_EQ(items.at("items").as_array().size(), 1u);
  EXPECT_EQ(items.at("items").at(0).at("summary").as_string(), "Form submitted: Referral");
}

TEST_P(FormsApi, ASecondResponseJoinsTheOpenCase) {
  dictionary(true, {"form_submitted"});
  const auto student = fresh_student();
  const auto first = respond(*counselor_, kReferral, student, referral_answers()).json();
  auto second = respond(*admin_, kReferral, student, referral_answers());
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(second.json().at("case_id"), first.at("case_id"));
  EXPECT_EQ(open_cases(student), 1);
  EXPECT_EQ(count("SELECT count(*) FROM student_events WHERE kind = 'form_submitted' AND "
                  "case_id IS NOT NULL AND student_id = " +
                  std::to_string(student)),
            2);
}

TEST_P(FormsApi, WithTheTriggerOnAFormWithoutOpenCaseOpensNoCaseAndATaggedOneDoes) {
  dictionary(true, {"form_submitted"});
  const auto untagged_student = fresh_student();
  auto untagged = respond_to_new_form({"survey"}, untagged_student);
  ASSERT_EQ(untagged.status, 201) << untagged.body;
  EXPECT_TRUE(untagged.json().at("case_id").is_null());
  EXPECT_EQ(open_cases(untagged_student), 0);
  EXPECT_EQ(count("SELECT count(*) FROM student_events WHERE kind = 'form_submitted' AND "
                  "student_id = " +
                  std::to_string(untagged_student)),
            1);

  const auto tagged_student = fresh_student();
  auto tagged = respond_to_new_form({"openCase"}, tagged_student);
  ASSERT_EQ(tagged.status, 201) << tagged.body;
  EXPECT_FALSE(tagged.json().at("case_id").is_null());
  EXPECT_EQ(open_cases(tagged_student), 1);
}

TEST_P(FormsApi, AReferralWithTheTriggerOffOpensNoCaseButIsOnTheTimeline) {
  dictionary(true, {"task_assigned"});
  const auto student = fresh_student();
  auto response = respond(*counselor_, kReferral, student, referral_answers());
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_TRUE(response.json().at("case_id").is_null());
  dictionary(false, {"form_submitted"});
  ASSERT_EQ(respond(*counselor_, kReferral, student, referral_answers()).status, 201);
  EXPECT_EQ(open_cases(student), 0);
  auto timeline = counselor_->get("/api/v1/students/" + std::to_string(student) +
                                  "/timeline?kind=form_submitted");
  EXPECT_EQ(timeline.json().at("items").as_array().size(), 2u);
}

TEST_P(FormsApi, BadAnswersAreInvalidOnePerFieldAndChangeNothing) {
  dictionary(true, {"form_submitted"});
  const auto form = new_form();
  const auto form_id = form.at("id").as_int64();
  const auto student = fresh_student();
  const auto elementary_student = fresh_student(elementary_school_);
  const auto before = counts();

  auto missing = respond(*counselor_, kReferral, student,
                         json::object{{"concern_area", "Academic"}, {"description", "x"}});
  EXPECT_EQ(missing.status, 422) << missing.body;
  EXPECT_EQ(missing.json().at("error").at("fields"),
            (json::object{{"answers.urgency", "Required."}}));

  auto wrong = respond(*counselor_, kReferral, student,
                       json::object{{"concern_area", "Homework"},
                                    {"description", "x"},
                                    {"parent_contacted", "yes"},
                                    {"urgency", "High"},
                                    {"favourite_colour", "red"}});
  EXPECT_EQ(wrong.status, 422) << wrong.body;
  const auto fields = wrong.json().at("error").at("fields").as_object();
  EXPECT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields.at("answers.concern_area"), "Choose one of the options.");
  EXPECT_EQ(fields.at("answers.parent_contacted"), "Expected true or false.");
  EXPECT_EQ(fields.at("answers.favourite_colour"), "Not a field of this form.");

  auto types = respond(*counselor_, form_id, student,
                       json::object{{"mood", "Good"},
                                    {"sleep_hours", "eight"},
                                    {"seen_on", "2026-02-30"},
                                    {"friend", elementary_student}});
  EXPECT_EQ(types.status, 422) << types.body;
  const auto type_fields = types.json().at("error").at("fields").as_object();
  EXPECT_EQ(type_fields.at("answers.sleep_hours"), "Expected a number.");
  EXPECT_EQ(type_fields.at("answers.seen_on"), "Enter a date as YYYY-MM-DD.");
  EXPECT_EQ(type_fields.at("answers.friend"), "No such student.");
  auto unknown_friend =
      respond(*counselor_, form_id, student, json::object{{"mood", "Good"}, {"friend", 99999999}});
  EXPECT_EQ(unknown_friend.status, 422) << unknown_friend.body;

  auto not_an_object = counselor_->post("/api/v1/forms/1/responses",
                                        json::object{{"student_id", student}, {"answers", "x"}});
  EXPECT_EQ(not_an_object.status, 422) << not_an_object.body;
  EXPECT_EQ(counts(), before);
  EXPECT_EQ(open_cases(student), 0);

  auto fine = respond(
      *counselor_, form_id, student,
      json::object{
          {"mood", "Good"}, {"sleep_hours", 7.5}, {"seen_on", "2026-02-28"}, {"friend", student}});
  EXPECT_EQ(fine.status, 201) << fine.body;
}

TEST_P(FormsApi, UnknownFormsAndUnseenStudentsAreNotFoundAndChangeNothing) {
  auto teacher = signed_in(kHighTeacher);
  const auto student = fresh_student();
  const auto elsewhere = fresh_student(elementary_school_);
  const auto before = counts();
  auto no_form = respond(*counselor_, 99999999, student, referral_answers());
  EXPECT_EQ(no_form.status, 404) << no_form.body;
  auto unseen = respond(teacher, kReferral, elsewhere, referral_answers());
  EXPECT_EQ(unseen.status, 404) << unseen.body;
  auto nobody = respond(teacher, kReferral, 99999999, referral_answers());
  EXPECT_EQ(nobody.status, 404) << nobody.body;
  EXPECT_EQ(counts(), before);
  EXPECT_EQ(teacher.get("/api/v1/forms/99999999").status, 404);
  EXPECT_EQ(teacher.get("/api/v1/forms/99999999/responses").status, 404);
}

TEST_P(FormsApi, ATeacherRefersTheirOwnStudentButSeesNoOtherSchoolsResponses) {
  auto teacher = signed_in(kHighTeacher);
  const auto teacher_id =
      count("SELECT id FROM users WHERE email = '" + std::string(kHighTeacher) + "'");
  const auto own = count(
      "SELECT min(e.student_id) FROM enrollments e JOIN enrollments t ON t.class_id = e.class_id "
      "WHERE t.user_id = " +
      std::to_string(teacher_id) + " AND e.student_id IS NOT NULL");
  auto referral = respond(teacher, kReferral, own, referral_answers());
  ASSERT_EQ(referral.status, 201) << referral.body;
  EXPECT_EQ(referral.json().at("submitted_by").at("id").as_int64(), teacher_id);

  const auto elsewhere = fresh_student(elementary_school_);
  const auto other = respond(*admin_, kReferral, elsewhere, referral_answers()).json();
  const auto other_id = std::to_string(other.at("id").as_int64());
  EXPECT_EQ(teacher.get("/api/v1/form-responses/" + other_id).status, 404);
  EXPECT_EQ(teacher.get("/api/v1/students/" + std::to_string(elsewhere) + "/form-responses").status,
            404);
  const auto listed = ids(teacher.get("/api/v1/forms/1/responses?limit=500").json());
  EXPECT_EQ(std::count(listed.begin(), listed.end(), other.at("id").as_int64()), 0);
  EXPECT_EQ(std::count(listed.begin(), listed.end(), referral.json().at("id").as_int64()), 1);
}

TEST_P(FormsApi, EditingFieldsMakesANewVersionAndResponsesKeepTheirs) {
  const auto form = new_form();
  const auto id = std::to_string(form.at("id").as_int64());
  const auto student = fresh_student();
  const auto first_version = form.at("version").at("id").as_int64();
  const auto old_response = respond(*counselor_, form.at("id").as_int64(), student,
                                    json::object{{"mood", "Okay"}, {"sleep_hours", 6}})
                                .json();

  auto renamed = counselor_->patch(
      "/api/v1/forms/" + id,
      json::object{{"name", unique("Renamed ")}, {"tags", json::array{"weekly"}}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json().at("version").at("number").as_int64(), 1) << "no new version";

  json::array fields{json::object{{"key", "mood"},
                                  {"label", "Mood"},
                                  {"type", "single_choice"},
                                  {"required", true},
                                  {"options", json::array{"Great", "Good", "Low"}}},
                     json::object{{"key", "comment"}, {"label", "Comment"}, {"type", "long_text"}}};
  auto edited = counselor_->patch("/api/v1/forms/" + id, json::object{{"fields", fields}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  const auto current = edited.json();
  EXPECT_EQ(current.at("version").at("number").as_int64(), 2);
  EXPECT_EQ(current.at("current_version").as_int64(), 2);
  EXPECT_EQ(current.at("versions").as_array().size(), 2u);
  EXPECT_FALSE(current.at("versions").at(0).at("retired_at").is_null());
  EXPECT_EQ(current.at("fields").as_array().size(), 2u);

  auto again = counselor_->patch("/api/v1/forms/" + id, json::object{{"fields", fields}});
  EXPECT_EQ(again.json().at("version").at("number").as_int64(), 2) << "same fields, same version";

  auto old = counselor_->get("/api/v1/forms/" + id + "?version=1").json();
  EXPECT_EQ(old.at("version").at("id").as_int64(), first_version);
  EXPECT_EQ(old.at("fields").as_array().size(), 4u);
  EXPECT_EQ(counselor_->get("/api/v1/forms/" + id + "?version=9").status, 404);

  auto page =
      counselor_->get("/api/v1/form-responses/" + std::to_string(old_response.at("id").as_int64()));
  ASSERT_EQ(page.status, 200) << page.body;
  const auto shown = page.json();
  EXPECT_EQ(shown.at("form_version").at("number").as_int64(), 1);
  EXPECT_FALSE(shown.at("form_version").at("retired_at").is_null());
  EXPECT_EQ(shown.at("fields").as_array().size(), 4u);
  EXPECT_EQ(shown.at("fields").at(1).at("answer").as_int64(), 6);

  auto fresh = respond(*counselor_, form.at("id").as_int64(), student,
                       json::object{{"mood", "Great"}, {"comment", "Better week."}});
  ASSERT_EQ(fresh.status, 201) << fresh.body;
  EXPECT_EQ(fresh.json().at("form_version").at("number").as_int64(), 2);
}

TEST_P(FormsApi, AResponseToARetiredVersionIsConflict) {
  const auto form = new_form();
  const auto form_id = form.at("id").as_int64();
  const auto retired = form.at("version").at("id").as_int64();
  auto edited = counselor_->patch(
      "/api/v1/forms/" + std::to_string(form_id),
      json::object{{"fields", json::array{json::object{
                                  {"key", "mood"}, {"label", "Mood"}, {"type", "text"}}}}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  const auto student = fresh_student();
  const auto before = counts();
  auto stale = respond(*counselor_, form_id, student, json::object{{"mood", "Good"}}, retired);
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(stale.error_code(), "form_version_retired");
  auto foreign = respond(*counselor_, form_id, student, json::object{{"mood", "Good"}}, 1);
  EXPECT_EQ(foreign.status, 422) << foreign.body;
  EXPECT_TRUE(foreign.json().at("error").at("fields").as_object().contains("form_version_id"));
  EXPECT_EQ(counts(), before);
  auto current = respond(*counselor_, form_id, student, json::object{{"mood", "fine"}},
                         edited.json().at("version").at("id"));
  EXPECT_EQ(current.status, 201) << current.body;
}

TEST_P(FormsApi, AnArchivedFormTakesNoResponsesAndLeavesTheList) {
  const auto form = new_form();
  const auto id = form.at("id").as_int64();
  auto archived =
      counselor_->patch("/api/v1/forms/" + std::to_string(id), json::object{{"archived", true}});
  ASSERT_EQ(archived.status, 200) << archived.body;
  EXPECT_TRUE(archived.json().at("archived").as_bool());
  const auto before = counts();
  auto refused = respond(*counselor_, id, fresh_student(), json::object{{"mood", "Good"}});
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(refused.error_code(), "form_archived");
  EXPECT_EQ(rows("form_responses"), before.responses);

  const auto listed = ids(counselor_->get("/api/v1/forms?limit=500").json());
  EXPECT_EQ(std::count(listed.begin(), listed.end(), id), 0);
  const auto all = ids(counselor_->get("/api/v1/forms?limit=500&archived=true").json());
  EXPECT_EQ(std::count(all.begin(), all.end(), id), 1);
}

TEST_P(FormsApi, BuilderRequestsAreInvalidOneMessagePerFieldPath) {
  const auto before = counts();
  const json::array definitions{
      json::object{{"key", "a"}, {"label", "A"}, {"type", "text"}},
      json::object{
          {"key", "b"}, {"label", "B"}, {"type", "single_choice"}, {"options", json::array{}}},
      json::object{{"key", "a"}, {"label", "C"}, {"type", "date"}},
      json::object{{"key", "d"}, {"label", "D"}, {"type", "colour"}}};
  auto bad = counselor_->post(
      "/api/v1/forms",
      json::object{{"name", " "}, {"tags", json::array{"open case"}}, {"fields", definitions}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  const auto fields = bad.json().at("error").at("fields").as_object();
  EXPECT_EQ(fields.at("name"), "Required.");
  EXPECT_TRUE(fields.contains("tags[0]"));
  EXPECT_EQ(fields.at("fields[1].options"), "Give at least one option.");
  EXPECT_EQ(fields.at("fields[2].key"), "Used by another field.");
  EXPECT_TRUE(fields.contains("fields[3].type"));
  EXPECT_FALSE(fields.contains("fields[0].key"));

  auto no_fields = counselor_->post("/api/v1/forms", json::object{{"name", "Empty"}});
  EXPECT_EQ(no_fields.status, 422) << no_fields.body;
  EXPECT_EQ(no_fields.json().at("error").at("fields").at("fields"), "Required.");

  // The Referral form is the district's: its builder is the district administrator.
  auto bad_patch = admin_->patch("/api/v1/forms/1", json::object{{"fields", json::array{}}});
  EXPECT_EQ(bad_patch.status, 422) << bad_patch.body;
  EXPECT_EQ(counts(), before);
}

TEST_P(FormsApi, TeachersUseFormsButDoNotBuildThem) {
  auto teacher = signed_in(kHighTeacher);
  const auto before = counts();
  auto create =
      teacher.post("/api/v1/forms", json::object{{"name", "Mine"}, {"fields", survey_fields()}});
  EXPECT_EQ(create.status, 403) << create.body;
  auto edit = teacher.patch("/api/v1/forms/1", json::object{{"tags", json::array{}}});
  EXPECT_EQ(edit.status, 403) << edit.body;
  EXPECT_EQ(counts(), before);
  EXPECT_EQ(teacher.get("/api/v1/forms").status, 200);
  auto principal = signed_in(kElementaryPrincipal);
  auto by_principal = principal.post(
      "/api/v1/forms", json::object{{"name", unique("Playground ")}, {"fields", survey_fields()}});
  EXPECT_EQ(by_principal.status, 201) << by_principal.body;
}

TEST_P(FormsApi, ABuilderAtSeveralSchoolsNamesTheFormsSchool) {
  const auto email = unique("two.schools.") + "@demo.trellis.test";
  const json::array roles{
      json::object{{"role", "interventionist"}, {"school_id", middle_school_}},
      json::object{{"role", "interventionist"}, {"school_id", elementary_school_}}};
  auto made = admin_->post("/api/v1/users", json::object{{"email", email},
                                                         {"given_name", "Two"},
                                                         {"family_name", "Schools"},
                                                         {"password", "two-schools-pass"},
                                                         {"roles", roles}});
  ASSERT_EQ(made.status, 201) << made.body;
  auto builder = client();
  ASSERT_EQ(builder.sign_in(email, "two-schools-pass").status, 200);
  const auto before = counts();
  auto unnamed = builder.post("/api/v1/forms",
                              json::object{{"name", unique("Both ")}, {"fields", survey_fields()}});
  EXPECT_EQ(unnamed.status, 422) << unnamed.body;
  EXPECT_TRUE(unnamed.json().at("error").at("fields").as_object().contains("school_id"));
  EXPECT_EQ(counts(), before);
  auto named = builder.post("/api/v1/forms", json::object{{"name", unique("Maple ")},
                                                          {"school_id", elementary_school_},
                                                          {"fields", survey_fields()}});
  ASSERT_EQ(named.status, 201) << named.body;
  EXPECT_EQ(named.json().at("school_id").as_int64(), elementary_school_);
  // Offered to that school's staff, not to another school's.
  const auto id = named.json().at("id").as_int64();
  const auto path = "/api/v1/forms/" + std::to_string(id);
  auto principal = signed_in(kElementaryPrincipal);
  auto high_teacher = signed_in(kHighTeacher);
  EXPECT_EQ(principal.get(path).status, 200);
  EXPECT_EQ(high_teacher.get(path).status, 404);
  EXPECT_EQ(admin_->get(path).status, 200);
  const auto listed = [&](HttpClient& by, std::int64_t form) {
    const auto all = all_pages(by, "/api/v1/forms");
    return std::find(all.begin(), all.end(), form) != all.end();
  };
  EXPECT_TRUE(listed(principal, id));
  EXPECT_FALSE(listed(high_teacher, id));
  EXPECT_TRUE(listed(high_teacher, kReferral)) << "district forms are offered to everyone";
}

TEST_P(FormsApi, ResponsesAreListedPerFormAndPerStudentNewestFirstWithPaging) {
  const auto form = new_form();
  const auto form_id = form.at("id").as_int64();
  const auto first = fresh_student();
  const auto second = fresh_student();
  std::vector<std::int64_t> made;
  for (int i = 0; i < 5; ++i) {
    auto r = respond(*counselor_, form_id, i % 2 == 0 ? first : second,
                     json::object{{"mood", "Good"}, {"sleep_hours", i}});
    ASSERT_EQ(r.status, 201) << r.body;
    made.push_back(r.json().at("id").as_int64());
  }
  const std::vector<std::int64_t> newest_first(made.rbegin(), made.rend());
  EXPECT_EQ(all_pages(*counselor_, "/api/v1/forms/" + std::to_string(form_id) + "/responses"),
            newest_first);
  EXPECT_EQ(all_pages(*counselor_, "/api/v1/students/" + std::to_string(first) + "/form-responses"),
            (std::vector<std::int64_t>{made[4], made[2], made[0]}));
  const auto item =
      counselor_->get("/api/v1/students/" + std::to_string(second) + "/form-responses")
          .json()
          .at("items")
          .at(0)
          .as_object();
  EXPECT_EQ(item.at("form").at("id").as_int64(), form_id);
  EXPECT_EQ(item.at("student").at("id").as_int64(), second);
  EXPECT_EQ(counselor_->get("/api/v1/forms/1/responses?cursor=nonsense").status, 400);
}

TEST_P(FormsApi, AFormsListPagesByName) {
  for (int i = 0; i < 3; ++i) new_form();
  const auto all = all_pages(*counselor_, "/api/v1/forms");
  EXPECT_GE(all.size(), 4u);
  EXPECT_EQ(std::set<std::int64_t>(all.begin(), all.end()).size(), all.size()) << "no repeats";
}

TEST_P(FormsApi, ViewingAResponseLandsInTheStudentsAccessLog) {
  const auto student = fresh_student();
  const auto response = respond(*counselor_, kReferral, student, referral_answers()).json();
  const auto logged = [&] {
    return count("SELECT count(*) FROM student_access_log WHERE student_id = " +
                 std::to_string(student));
  };
  const auto before = logged();
  auto page =
      counselor_->get("/api/v1/form-responses/" + std::to_string(response.at("id").as_int64()));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.json().at("answers"), referral_answers());
  EXPECT_EQ(page.json().at("form").at("name").as_string(), "Referral");
  EXPECT_EQ(logged(), before + 1);
}

TEST_P(FormsApi, EveryWriteIsAudited) {
  const auto form = new_form();
  const auto id = std::to_string(form.at("id").as_int64());
  ASSERT_EQ(
      counselor_->patch("/api/v1/forms/" + id, json::object{{"description", "Monthly."}}).status,
      200);
  const auto student = fresh_student();
  const auto response =
      respond(*counselor_, form.at("id").as_int64(), student, json::object{{"mood", "Low"}});
  ASSERT_EQ(response.status, 201);
  EXPECT_EQ(
      count("SELECT count(*) FROM audit_log WHERE action = 'form.create' AND entity_id = " + id),
      1);
  EXPECT_EQ(
      count("SELECT count(*) FROM audit_log WHERE action = 'form.update' AND entity_id = " + id),
      1);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'form_response.create' AND "
                  "student_id = " +
                  std::to_string(student) +
                  " AND entity_id = " + std::to_string(response.json().at("id").as_int64())),
            1);
}

INSTANTIATE_TEST_SUITE_P(Databases, FormsApi, ::testing::ValuesIn(test_database_kinds()),
                         DatabaseKindName());

}  // namespace
}  // namespace trellis::testing
