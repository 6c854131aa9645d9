// MTSS plans over HTTP on SQLite and PostgreSQL: the plan_created and plan_reviewed triggers
// with the dictionary on and off, validation, access, progress and review decisions.
#include <boost/json.hpp>

#include "support/mtss_fixture.hpp"

namespace trellis::testing {
namespace {

namespace json = boost::json;

class PlansApi : public MtssApiTest {
 protected:
  std::string plan_path(const json::value& plan) {
    return "/api/v1/plans/" + std::to_string(plan.at("id").as_int64());
  }
  HttpResult review(const json::value& plan, const std::string& decision, json::object extra = {}) {
    json::object body{{"date", "2026-03-01"}, {"decision", decision}, {"notes", "Reviewed"}};
    for (const auto& [key, value] : extra) body[key] = value;
    return counselor_->post(plan_path(plan) + "/reviews", body);
  }
};

TEST_P(PlansApi, PlanCreatedOpensACaseWhenTheTriggerIsOn) {
  dictionary(true, {"plan_created"});
  const auto student = fresh_student();
  auto created = create_plan(student);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto plan = created.json();
  EXPECT_FALSE(plan.at("case_id").is_null());
  EXPECT_EQ(plan.at("owner").at("id").as_int64(), counselor_id_);
  EXPECT_EQ(plan.at("status").as_string(), "active");
  EXPECT_EQ(open_cases(student), 1);
  auto page = counselor_->get("/api/v1/cases/" + std::to_string(plan.at("case_id").as_int64()));
  EXPECT_EQ(page.json().at("opened_by").at("kind").as_string(), "plan_created");
}

TEST_P(PlansApi, PlanCreatedOpensNoCaseWhenTheTriggerIsOff) {
  dictionary(true, {"task_assigned"});
  const auto student = fresh_student();
  auto created = create_plan(student);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_TRUE(created.json().at("case_id").is_null());
  EXPECT_EQ(open_cases(student), 0);
  EXPECT_EQ(count("SELECT count(*) FROM student_events WHERE kind = 'plan_created' AND "
                  "student_id = " +
                  std::to_string(student)),
            1);
}

TEST_P(PlansApi, PlanCreatedOpensNoCaseWhenCaseManagementIsDisabled) {
  dictionary(false, {"plan_created", "plan_reviewed"});
  const auto student = fresh_student();
  auto created = create_plan(student);
  ASSERT_EQ(created.status, 201) << created.body;
  ASSERT_EQ(review(created.json(), "continue").status, 201);
  EXPECT_EQ(open_cases(student), 0);
}

TEST_P(PlansApi, PlanReviewedOpensACaseWhenTheTriggerIsOn) {
  dictionary(true, {"plan_reviewed"});
  const auto student = fresh_student();
  const auto plan = create_plan(student).json();
  EXPECT_EQ(open_cases(student), 0);
  auto reviewed = review(plan, "continue");
  ASSERT_EQ(reviewed.status, 201) << reviewed.body;
  EXPECT_EQ(open_cases(student), 1);
  EXPECT_EQ(count("SELECT count(*) FROM cases WHERE opened_by_kind = 'plan_reviewed' AND "
                  "student_id = " +
                  std::to_string(student)),
            1);
  EXPECT_FALSE(counselor_->get(plan_path(plan)).json().at("case_id").is_null());
}

TEST_P(PlansApi, PlanReviewedOpensNoCaseWhenTheTriggerIsOff) {
  dictionary(true, {"plan_created"});
  const auto student = fresh_student();
  const auto plan = create_plan(student).json();
  const auto case_id = plan.at("case_id").as_int64();
  ASSERT_EQ(review(plan, "continue").status, 201);
  EXPECT_EQ(open_cases(student), 1);
  // The review joined the case the plan opened.
  EXPECT_EQ(count("SELECT count(*) FROM student_events WHERE kind = 'plan_reviewed' AND "
                  "case_id = " +
                  std::to_string(case_id)),
            1);
  dictionary(true, {});
  const auto other = fresh_student();
  ASSERT_EQ(review(create_plan(other).json(), "continue").status, 201);
  EXPECT_EQ(open_cases(other), 0);
}

TEST_P(PlansApi, TierFourIs422AndChangesNothing) {
  dictionary(true, {"plan_created"});
  const auto student = fresh_student();
  const auto before = row_counts();
  auto refused = create_plan(student, {{"tier", 4}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_TRUE(refused.json().at("error").at("fields").as_object().contains("tier"));
  EXPECT_EQ(row_counts(), before);
}

TEST_P(PlansApi, BadFieldsGetOneMessageEach) {
  const auto student = fresh_student();
  const auto before = row_counts();
  auto refused = create_plan(student, {{"goal", json::object{{"target", "ninety"}}}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  const auto body = refused.json();
  const auto& fields = body.at("error").at("fields").as_object();
  EXPECT_TRUE(fields.contains("goal.target")) << refused.body;
  EXPECT_EQ(row_counts(), before);
  // Once the types are right, the domain names the rest.
  auto second = create_plan(
      student,
      {{"area", "astrology"},
       {"owner_id", 999999},
       {"goal", json::object{{"baseline_date", "2026-05-01"}, {"target_date", "2026-01-01"}}}});
  ASSERT_EQ(second.status, 422) << second.body;
  const auto second_body = second.json();
  const auto& named = second_body.at("error").at("fields").as_object();
  EXPECT_TRUE(named.contains("area"));
  EXPECT_TRUE(named.contains("owner_id"));
  EXPECT_TRUE(named.contains("goal.target_date"));
  EXPECT_EQ(row_counts(), before);
}

TEST_P(PlansApi, AnotherSchoolsStudentIs404) {
  const auto student = fresh_student(elementary_);
  const auto before = row_counts();
  EXPECT_EQ(create_plan(student).status, 404);
  EXPECT_EQ(row_counts(), before);
}

TEST_P(PlansApi, OwnerGainsAccessToTheStudent) {
  const auto student = fresh_student();
  auto teacher = signed_in(kMiddleTeacher);
  const auto profile = "/api/v1/students/" + std::to_string(student);
  EXPECT_EQ(teacher.get(profile).status, 404);
  auto created = create_plan(student, {{"owner_id", user_id(kMiddleTeacher)}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(teacher.get(profile).status, 200);
  EXPECT_EQ(teacher.get(plan_path(created.json())).status, 200);
  // A teacher looks but does not create plans.
  EXPECT_EQ(teacher
                .post("/api/v1/plans",
                      json::object{{"student_id", student}, {"area", "math"}, {"tier", 1}})
                .status,
            403);
}

TEST_P(PlansApi, ListsFilterByStudentStatusAndOwnerAndPage) {
  const auto student = fresh_student();
  const auto first = create_plan(student).json();
  create_plan(student, {{"area", "math"}});
  auto archived = counselor_->patch(plan_path(first), json::object{{"status", "archived"}});
  ASSERT_EQ(archived.status, 200) << archived.body;
  EXPECT_EQ(archived.json().at("status").as_string(), "archived");
  const auto base = "/api/v1/plans?student_id=" + std::to_string(student);
  const auto all = counselor_->get(base).json();
  EXPECT_EQ(all.at("items").as_array().size(), 2u);
  const auto active = counselor_->get(base + "&status=active&owner_id=me").json();
  ASSERT_EQ(active.at("items").as_array().size(), 1u);
  EXPECT_EQ(active.at("items").as_array()[0].at("area").as_string(), "math");
  const auto page = counselor_->get(base + "&limit=1").json();
  ASSERT_FALSE(page.at("next_cursor").is_null());
  const auto next =
      counselor_->get(base + "&limit=1&cursor=" + std::string(page.at("next_cursor").as_string()))
          .json();
  EXPECT_EQ(next.at("items").as_array().size(), 1u);
  EXPECT_EQ(counselor_->get("/api/v1/plans?area=astrology").status, 422);
  auto restored = counselor_->patch(plan_path(first), json::object{{"status", "active"}});
  EXPECT_EQ(restored.json().at("status").as_string(), "active");
}

TEST_P(PlansApi, ProgressPointWithANonNumberIs422) {
  const auto plan = create_plan(fresh_student()).json();
  const auto before = row_counts();
  auto refused = counselor_->post(plan_path(plan) + "/progress",
                                  json::object{{"date", "2026-01-12"}, {"score", "forty"}});
  EXPECT_EQ(refused.status, 422) << refused.body;
  auto bad_date = counselor_->post(plan_path(plan) + "/progress",
                                   json::object{{"date", "2026-02-30"}, {"score", 40}});
  EXPECT_EQ(bad_date.status, 422) << bad_date.body;
  EXPECT_EQ(row_counts(), before);
}

TEST_P(PlansApi, ProgressShowsPointsAimLineAndTrend) {
  const auto plan = create_plan(fresh_student()).json();
  const char* dates[] = {"2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02"};
  double score = 36;
  for (const char* date : dates) {
    auto added = counselor_->post(plan_path(plan) + "/progress",
                                  json::object{{"date", date}, {"score", score}});
    ASSERT_EQ(added.status, 201) << added.body;
    score += 1;
  }
  auto progress = counselor_->get(plan_path(plan) + "/progress");
  ASSERT_EQ(progress.status, 200) << progress.body;
  const auto body = progress.json();
  EXPECT_EQ(body.at("points").as_array().size(), 4u);
  const auto& analysis = body.at("analysis");
  EXPECT_DOUBLE_EQ(analysis.at("aim_rate_per_week").as_double(), 2.75);
  EXPECT_NEAR(analysis.at("rate_of_improvement_per_week").as_double(), 1.0, 1e-9);
  EXPECT_EQ(analysis.at("decision_hint").as_string(), "consider_intensifying");
}

TEST_P(PlansApi, ProgressOnAnArchivedPlanIs409) {
  const auto plan = create_plan(fresh_student()).json();
  ASSERT_EQ(counselor_->patch(plan_path(plan), json::object{{"status", "archived"}}).status, 200);
  const auto before = row_counts();
  auto refused = counselor_->post(plan_path(plan) + "/progress",
                                  json::object{{"date", "2026-01-12"}, {"score", 40}});
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(row_counts(), before);
}

TEST_P(PlansApi, ReviewDecisionsChangeTheTierAndExitArchives) {
  const auto plan = create_plan(fresh_student()).json();
  counselor_->post(plan_path(plan) + "/progress",
                   json::object{{"date", "2026-01-12"}, {"score", 41}});
  auto intensified = review(plan, "intensify");
  ASSERT_EQ(intensified.status, 201) << intensified.body;
  const auto first = intensified.json();
  EXPECT_EQ(first.at("tier_before").as_int64(), 2);
  EXPECT_EQ(first.at("tier_after").as_int64(), 3);
  EXPECT_EQ(first.at("progress_summary").at("points").as_int64(), 1);
  EXPECT_DOUBLE_EQ(first.at("progress_summary").at("latest").at("score").as_double(), 41);
  EXPECT_EQ(review(plan, "intensify").json().at("tier_after").as_int64(), 3);
  EXPECT_EQ(review(plan, "fade").json().at("tier_after").as_int64(), 2);
  EXPECT_EQ(review(plan, "modify", {{"tier", 1}}).json().at("tier_after").as_int64(), 1);
  EXPECT_EQ(review(plan, "fade").json().at("tier_after").as_int64(), 1);
  EXPECT_EQ(counselor_->get(plan_path(plan)).json().at("tier").as_int64(), 1);
  EXPECT_EQ(review(plan, "promote").status, 422);
  auto exited = review(plan, "exit");
  ASSERT_EQ(exited.status, 201) << exited.body;
  EXPECT_TRUE(exited.json().at("archived").as_bool());
  EXPECT_EQ(counselor_->get(plan_path(plan)).json().at("status").as_string(), "archived");
  EXPECT_EQ(review(plan, "continue").status, 409);
  EXPECT_EQ(counselor_->get(plan_path(plan) + "/reviews").json().at("items").as_array().size(), 6u);
}

INSTANTIATE_TEST_SUITE_P(Databases, PlansApi, ::testing::ValuesIn(test_database_kinds()),
                         DatabaseKindName());

}  // namespace
}  // namespace trellis::testing
