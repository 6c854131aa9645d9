// The access policy on plans, groups, forms and files, over HTTP on SQLite and PostgreSQL:
// group adds ask plan.create per student (all or nothing), access given by owning a plan or
// facilitating a group ends with it, district forms are the district administrators', and
// every read of a student's record on these routes is in the student's access log. Each
// refused write is shown to change nothing.
#include <boost/json.hpp>
#include <string>
#include <vector>

#include "support/mtss_fixture.hpp"

namespace trellis::testing {
namespace {

namespace json = boost::json;

constexpr std::int64_t kReferral = 1;

class AccessRecords : public MtssApiTest {
 protected:
  static std::string path(const std::string& head, std::int64_t id, const std::string& tail = "") {
    return head + std::to_string(id) + tail;
  }
  static std::string profile(std::int64_t student) { return path("/api/v1/students/", student); }
  static std::int64_t id_of(const HttpResult& result) { return result.json().at("id").as_int64(); }
  static bool allows(const json::value& record, const std::string& action) {
    for (const auto& name : record.at("allowed_actions").as_array()) {
      if (name.as_string() == action) return true;
    }
    return false;
  }

  json::value create_group(std::int64_t facilitator) {
    auto created = counselor_->post("/api/v1/intervention-groups",
                                    json::object{{"name", unique("Access group ")},
                                                 {"intervention", "Read Naturally"},
                                                 {"school_id", school_},
                                                 {"tier", 2},
                                                 {"facilitator_id", facilitator},
                                                 {"area", "reading"}});
    EXPECT_EQ(created.status, 201) << created.body;
    return created.json();
  }
  HttpResult add_members(const json::value& group, const std::vector<std::int64_t>& students) {
    json::array ids;
    for (auto id : students) ids.push_back(id);
    return counselor_->post(
        path("/api/v1/intervention-groups/", group.at("id").as_int64(), "/members"),
        json::object{{"student_ids", ids}});
  }

  // The form rows a refused form change must leave as they were.
  std::string form_row(std::int64_t form) {
    return std::to_string(count(path("SELECT archived FROM forms WHERE id = ", form))) + "|" +
           std::to_string(count(path("SELECT current_version FROM forms WHERE id = ", form))) +
           "|" + std::to_string(count(path("SELECT updated_at FROM forms WHERE id = ", form)));
  }
  std::int64_t has_open_case_tag(std::int64_t form) {
    return count(path("SELECT count(*) FROM forms WHERE tags LIKE '%openCase%' AND id = ", form));
  }

  // Access-log entries for `student` by the counselor naming exactly `detail`.
  std::int64_t logged(std::int64_t student, const std::string& detail) {
    return count(
        "SELECT count(*) FROM student_access_log WHERE user_id = " + std::to_string(counselor_id_) +
        " AND student_id = " + std::to_string(student) + " AND detail = '" + detail + "'");
  }
};

TEST_P(AccessRecords, GroupAddAsksCreatePlanPerStudent) {
  // A Maple Grove student the counselor of Cedar Ridge sees only as a meeting's attendee.
  const auto elsewhere = fresh_student(elementary_);
  EXPECT_EQ(counselor_->get(profile(elsewhere)).status, 404);
  auto meeting =
      admin_->post("/api/v1/meetings", json::object{{"title", unique("Transition ")},
                                                    {"starts_at", "2031-03-04T15:00:00Z"},
                                                    {"ends_at", "2031-03-04T16:00:00Z"},
                                                    {"location", "Room 12"},
                                                    {"attendee_ids", json::array{counselor_id_}},
                                                    {"student_ids", json::array{elsewhere}}});
  ASSERT_EQ(meeting.status, 201) << meeting.body;
  ASSERT_EQ(counselor_->get(profile(elsewhere)).status, 200);

  const auto before = row_counts();
  auto plan = create_plan(elsewhere);
  EXPECT_EQ(plan.status, 403) << plan.body;
  EXPECT_EQ(row_counts(), before);

  // The same plan through a group of the counselor's own school, beside one of its students.
  const auto group = create_group(counselor_id_);
  const auto own = fresh_student();
  const auto grants_before = count("SELECT count(*) FROM student_access_grants");
  const auto counts_before = row_counts();
  auto added = add_members(group, {own, elsewhere});
  EXPECT_EQ(added.status, 403) << added.body;
  EXPECT_EQ(row_counts(), counts_before) << "no plan, no member, no grant, no audit";
  EXPECT_EQ(count("SELECT count(*) FROM student_access_grants"), grants_before);
  EXPECT_EQ(count(path("SELECT count(*) FROM plans WHERE student_id = ", own)), 0);
  EXPECT_EQ(count(path("SELECT count(*) FROM intervention_group_members WHERE group_id = ",
                       group.at("id").as_int64())),
            0);
}

TEST_P(AccessRecords, ChangedPlanOwnerLosesAccess) {
  const auto student = fresh_student();
  const auto teacher_id = user_id(kMiddleTeacher);
  auto teacher = signed_in(kMiddleTeacher);
  auto created = create_plan(student, {{"owner_id", teacher_id}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto plan = path("/api/v1/plans/", id_of(created));

  // The owner sees the student and edits the plan; the plan says so.
  EXPECT_EQ(teacher.get(profile(student)).status, 200);
  auto owned = teacher.get(plan);
  ASSERT_EQ(owned.status, 200) << owned.body;
  EXPECT_TRUE(allows(owned.json(), "plan.edit"));
  EXPECT_EQ(teacher.patch(plan, json::object{{"skill", "Decoding"}}).status, 200);

  auto changed = counselor_->patch(plan, json::object{{"owner_id", counselor_id_}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json().at("owner").at("id").as_int64(), counselor_id_);
  EXPECT_EQ(count("SELECT count(*) FROM student_access_grants WHERE reason = 'plan_owner' AND "
                  "user_id = " +
                  std::to_string(teacher_id) + " AND student_id = " + std::to_string(student)),
            0);

  EXPECT_EQ(teacher.get(profile(student)).status, 404);
  EXPECT_EQ(teacher.get(plan).status, 404);
  const auto before = row_counts();
  EXPECT_EQ(teacher.patch(plan, json::object{{"skill", "Spelling"}}).status, 404);
  EXPECT_EQ(
      teacher.post(plan + "/progress", json::object{{"date", "2026-02-01"}, {"score", 40}}).status,
      404);
  EXPECT_EQ(row_counts(), before);
  EXPECT_EQ(counselor_->get(plan).json().at("skill").as_string(), "Decoding");
}

TEST_P(AccessRecords, RemovedGroupMemberEndsFacilitatorAccess) {
  const auto group = create_group(user_id(kMiddleTeacher));
  const auto members = path("/api/v1/intervention-groups/", group.at("id").as_int64(), "/members");
  const auto student = fresh_student();
  auto teacher = signed_in(kMiddleTeacher);
  EXPECT_EQ(teacher.get(profile(student)).status, 404);
  ASSERT_EQ(add_members(group, {student}).status, 201);
  EXPECT_EQ(teacher.get(profile(student)).status, 200);
  EXPECT_EQ(teacher.get(members).status, 200);
  ASSERT_EQ(counselor_->del(members + "/" + std::to_string(student)).status, 204);
  EXPECT_EQ(teacher.get(profile(student)).status, 404);
}

TEST_P(AccessRecords, ChangedFacilitatorLosesAccess) {
  const auto teacher_id = user_id(kMiddleTeacher);
  const auto group = create_group(teacher_id);
  const auto group_path = path("/api/v1/intervention-groups/", group.at("id").as_int64());
  const auto student = fresh_student();
  auto teacher = signed_in(kMiddleTeacher);
  ASSERT_EQ(add_members(group, {student}).status, 201);
  auto facilitating = teacher.get(group_path);
  ASSERT_EQ(facilitating.status, 200) << facilitating.body;
  EXPECT_TRUE(allows(facilitating.json(), "group.manage"));
  EXPECT_EQ(teacher.get(profile(student)).status, 200);

  auto changed = counselor_->patch(group_path, json::object{{"facilitator_id", counselor_id_}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(teacher.get(profile(student)).status, 404);
  EXPECT_EQ(teacher.get(group_path).status, 404);
  const auto before = row_counts();
  EXPECT_EQ(teacher.patch(group_path, json::object{{"facilitator_id", teacher_id}}).status, 404);
  EXPECT_EQ(row_counts(), before);
  EXPECT_EQ(count(path("SELECT facilitator_id FROM intervention_groups WHERE id = ",
                       group.at("id").as_int64())),
            counselor_id_);
  // The new facilitator holds the member's grant.
  EXPECT_EQ(count("SELECT count(*) FROM student_access_grants WHERE reason = "
                  "'group_facilitator' AND student_id = " +
                  std::to_string(student) + " AND user_id = " + std::to_string(counselor_id_)),
            1);
}

TEST_P(AccessRecords, DistrictFormsAreBuiltOnlyByDistrictAdministrators) {
  const auto referral = path("/api/v1/forms/", kReferral);
  auto as_counselor = counselor_->get(referral);
  ASSERT_EQ(as_counselor.status, 200);
  EXPECT_TRUE(as_counselor.json().at("school_id").is_null());
  EXPECT_TRUE(as_counselor.json().at("allowed_actions").as_array().empty());
  EXPECT_TRUE(allows(admin_->get(referral).json(), "form.build_district"));

  // A counselor neither untags nor archives the district's Referral form.
  const auto row = form_row(kReferral);
  const auto audit = count("SELECT count(*) FROM audit_log");
  auto untag = counselor_->patch(referral, json::object{{"tags", json::array{}}});
  EXPECT_EQ(untag.status, 403) << untag.body;
  auto archive = counselor_->patch(referral, json::object{{"archived", true}});
  EXPECT_EQ(archive.status, 403) << archive.body;
  EXPECT_EQ(form_row(kReferral), row);
  EXPECT_EQ(has_open_case_tag(kReferral), 1);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log"), audit);

  // The district administrator may; put back as it was for the other tests.
  auto untagged = admin_->patch(referral, json::object{{"tags", json::array{}}});
  ASSERT_EQ(untagged.status, 200) << untagged.body;
  EXPECT_EQ(has_open_case_tag(kReferral), 0);
  ASSERT_EQ(admin_->patch(referral, json::object{{"tags", json::array{"openCase"}}}).status, 200);
  ASSERT_EQ(admin_->patch(referral, json::object{{"archived", true}}).status, 200);
  ASSERT_EQ(admin_->patch(referral, json::object{{"archived", false}}).status, 200);
  EXPECT_EQ(has_open_case_tag(kReferral), 1);

  // A counselor builds and archives a form of their own school...
  const json::array fields{json::object{{"key", "mood"}, {"label", "Mood"}, {"type", "text"}}};
  auto own = counselor_->post("/api/v1/forms",
                              json::object{{"name", unique("Check-in ")}, {"fields", fields}});
  ASSERT_EQ(own.status, 201) << own.body;
  EXPECT_EQ(own.json().at("school_id").as_int64(), school_);
  EXPECT_TRUE(allows(own.json(), "form.build_school"));
  auto archived =
      counselor_->patch(path("/api/v1/forms/", id_of(own)), json::object{{"archived", true}});
  ASSERT_EQ(archived.status, 200) << archived.body;
  EXPECT_TRUE(archived.json().at("archived").as_bool());

  // ...but not another school's: neither a new one nor Maple Grove's own.
  const auto forms_before = count("SELECT count(*) FROM forms");
  auto elsewhere = counselor_->post(
      "/api/v1/forms",
      json::object{{"name", unique("Recess ")}, {"school_id", elementary_}, {"fields", fields}});
  EXPECT_EQ(elsewhere.status, 403) << elsewhere.body;
  EXPECT_EQ(count("SELECT count(*) FROM forms"), forms_before);
  auto principal = signed_in(kElementaryPrincipal);
  auto theirs = principal.post("/api/v1/forms",
                               json::object{{"name", unique("Recess ")}, {"fields", fields}});
  ASSERT_EQ(theirs.status, 201) << theirs.body;
  EXPECT_EQ(theirs.json().at("school_id").as_int64(), elementary_);
  const auto their_row = form_row(id_of(theirs));
  EXPECT_EQ(
      counselor_->patch(path("/api/v1/forms/", id_of(theirs)), json::object{{"archived", true}})
          .status,
      404);
  EXPECT_EQ(form_row(id_of(theirs)), their_row);
}

TEST_P(AccessRecords, RecordReadsAreInTheAccessLog) {
  const auto student = fresh_student();
  auto created = create_plan(student);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto plan = path("/api/v1/plans/", id_of(created));
  auto file = counselor_->upload(path("/api/v1/students/", student, "/files"), "notes.txt",
                                 "Notes about " + unique("reading") + ".\n");
  ASSERT_EQ(file.status, 201) << file.body;
  auto response = counselor_->post(
      path("/api/v1/forms/", kReferral, "/responses"),
      json::object{{"student_id", student},
                   {"answers", json::object{{"concern_area", "Academic"},
                                            {"description", "Reads well below grade level."},
                                            {"urgency", "Low"}}}});
  ASSERT_EQ(response.status, 201) << response.body;

  const auto file_id = id_of(file);
  const auto response_id = id_of(response);
  const std::vector<std::pair<std::string, std::string>> reads{
      {plan, "plan " + std::to_string(id_of(created))},
      {plan + "/progress", "plan " + std::to_string(id_of(created)) + " progress"},
      {plan + "/reviews", "plan " + std::to_string(id_of(created)) + " reviews"},
      {path("/api/v1/plans?student_id=", student), "plans list"},
      {path("/api/v1/students/", student, "/files"), "files"},
      {path("/api/v1/files/", file_id, "/meta"), "file " + std::to_string(file_id) + " metadata"},
      {path("/api/v1/files/", file_id), "file " + std::to_string(file_id) + ": notes.txt"},
      {path("/api/v1/students/", student, "/form-responses"), "form responses"},
      {path("/api/v1/form-responses/", response_id),
       "form response " + std::to_string(response_id)},
      {path("/api/v1/forms/", kReferral, "/responses?limit=1"),
       "form " + std::to_string(kReferral) + " responses"},
  };
  for (const auto& [route, detail] : reads) {
    const auto before = logged(student, detail);
    auto read = counselor_->get(route);
    EXPECT_EQ(read.status, 200) << route << ": " << read.body;
    EXPECT_EQ(logged(student, detail), before + 1) << route;
  }
}

INSTANTIATE_TEST_SUITE_P(Databases, AccessRecords, ::testing::ValuesIn(test_database_kinds()),
                         DatabaseKindName());

}  // namespace
}  // namespace trellis::testing
