// Intervention groups over HTTP on SQLite and PostgreSQL: adding students makes their plans
// and opens their cases in one transaction, all or nothing; the facilitator's access follows
// membership; leaving archives the plan.
#include <boost/json.hpp>

#include "support/mtss_fixture.hpp"

namespace trellis::testing {
namespace {

namespace json = boost::json;

class GroupsApi : public MtssApiTest {
 protected:
  json::value create_group(std::int64_t facilitator) {
    auto created =
        counselor_->post("/api/v1/intervention-groups",
                         json::object{{"name", unique("Fluency group ")},
                                      {"intervention", "Read Naturally"},
                                      {"school_id", school_},
                                      {"tier", 2},
                                      {"facilitator_id", facilitator},
                                      {"schedule", "Mon/Wed/Fri 9:00"},
                                      {"area", "reading"},
                                      {"skill", "Oral reading fluency"},
                                      {"goal", json::object{{"measure", "wcpm"}, {"target", 90}}},
                                      {"frequency", "3x weekly"},
                                      {"minutes", 30}});
    EXPECT_EQ(created.status, 201) << created.body;
    return created.json();
  }
  json::value create_group() { return create_group(counselor_id_); }
  std::string members_path(const json::value& group) {
    return "/api/v1/intervention-groups/" + std::to_string(group.at("id").as_int64()) + "/members";
  }
  HttpResult add(const json::value& group, const std::vector<std::int64_t>& students) {
    json::array ids;
    for (auto id : students) ids.push_back(id);
    return counselor_->post(members_path(group), json::object{{"student_ids", ids}});
  }
  std::int64_t count_for(const std::string& sql_head, const std::vector<std::int64_t>& students) {
    return count(sql_head + " student_id BETWEEN " + std::to_string(students.front()) + " AND " +
                 std::to_string(students.back()));
  }
};

TEST_P(GroupsApi, AddingFourHundredStudentsCreatesFourHundredPlansAndOpensTheirCases) {
  dictionary(true, {"plan_created"});
  const auto group = create_group();
  const auto students = fresh_students(400);
  auto added = add(group, students);
  ASSERT_EQ(added.status, 201) << added.body.substr(0, 500);
  const auto body = added.json();
  EXPECT_EQ(body.at("added").as_array().size(), 400u);
  EXPECT_EQ(count_for("SELECT count(*) FROM plans WHERE group_id = " +
                          std::to_string(group.at("id").as_int64()) + " AND",
                      students),
            400);
  EXPECT_EQ(count_for("SELECT count(*) FROM cases WHERE closed_at IS NULL AND "
                      "opened_by_kind = 'plan_created' AND",
                      students),
            400);
  EXPECT_EQ(count_for("SELECT count(*) FROM student_access_grants WHERE reason = "
                      "'group_facilitator' AND",
                      students),
            400);
  const auto listed = counselor_->get(members_path(group)).json();
  EXPECT_EQ(listed.at("items").as_array().size(), 400u);
  const auto plans =
      counselor_
          ->get("/api/v1/plans?group_id=" + std::to_string(group.at("id").as_int64()) +
                "&limit=500")
          .json();
  ASSERT_EQ(plans.at("items").as_array().size(), 400u);
  const auto& plan = plans.at("items").as_array()[0];
  EXPECT_EQ(plan.at("tier").as_int64(), 2);
  EXPECT_EQ(plan.at("owner").at("id").as_int64(), counselor_id_);
  EXPECT_EQ(plan.at("interventions").as_array()[0].at("name").as_string(), "Read Naturally");
  EXPECT_FALSE(plan.at("case_id").is_null());
}

TEST_P(GroupsApi, AddingStudentsWithTheTriggerOffOpensNoCases) {
  dictionary(true, {});
  const auto group = create_group();
  const auto students = fresh_students(5);
  ASSERT_EQ(add(group, students).status, 201);
  EXPECT_EQ(count_for("SELECT count(*) FROM plans WHERE", students), 5);
  EXPECT_EQ(count_for("SELECT count(*) FROM cases WHERE", students), 0);
  EXPECT_EQ(
      count_for("SELECT count(*) FROM student_events WHERE kind = 'plan_created' AND", students),
      5);
}

TEST_P(GroupsApi, AddingStudentsIsAllOrNothing) {
  dictionary(true, {"plan_created"});
  const auto group = create_group();
  auto students = fresh_students(399);
  const auto invisible = fresh_student(elementary_);
  students.push_back(invisible);
  const auto before = row_counts();
  auto refused = add(group, students);
  ASSERT_EQ(refused.status, 404) << refused.body;
  EXPECT_NE(refused.body.find(std::to_string(invisible)), std::string::npos);
  EXPECT_EQ(row_counts(), before);

  students.back() = 987654321;  // unknown
  EXPECT_EQ(add(group, students).status, 404);
  EXPECT_EQ(row_counts(), before);
}

TEST_P(GroupsApi, AddingAStudentAlreadyInTheGroupAddsNobody) {
  dictionary(true, {"plan_created"});
  const auto group = create_group();
  const auto first = fresh_students(2);
  ASSERT_EQ(add(group, first).status, 201);
  auto more = fresh_students(3);
  more.push_back(first.front());
  const auto before = row_counts();
  auto refused = add(group, more);
  ASSERT_EQ(refused.status, 409) << refused.body;
  EXPECT_NE(refused.body.find(std::to_string(first.front())), std::string::npos);
  EXPECT_EQ(row_counts(), before);
}

// The facilitator's access ending with membership: access_records_test.cpp
// (RemovedGroupMemberEndsFacilitatorAccess).

TEST_P(GroupsApi, RemovingAMemberArchivesTheirPlan) {
  const auto group = create_group();
  const auto student = fresh_student();
  auto added = add(group, {student});
  ASSERT_EQ(added.status, 201) << added.body;
  const auto plan_id = added.json().at("added").as_array()[0].at("plan_id").as_int64();
  auto removed = counselor_->del(members_path(group) + "/" + std::to_string(student));
  ASSERT_EQ(removed.status, 204) << removed.body;
  auto plan = counselor_->get("/api/v1/plans/" + std::to_string(plan_id)).json();
  EXPECT_EQ(plan.at("status").as_string(), "archived");
  EXPECT_EQ(count("SELECT count(*) FROM student_events WHERE kind = 'plan_archived' AND "
                  "student_id = " +
                  std::to_string(student)),
            1);
  EXPECT_EQ(counselor_->get(members_path(group)).json().at("items").as_array().size(), 0u);
  EXPECT_EQ(counselor_->del(members_path(group) + "/" + std::to_string(student)).status, 404);
  // Back in the group: a new plan.
  EXPECT_EQ(add(group, {student}).status, 201);
}

TEST_P(GroupsApi, BadGroupsAre422AndChangeNothing) {
  const auto before = count("SELECT count(*) FROM intervention_groups");
  auto refused =
      counselor_->post("/api/v1/intervention-groups", json::object{{"name", "Too high"},
                                                                   {"intervention", "X"},
                                                                   {"school_id", school_},
                                                                   {"tier", 4},
                                                                   {"area", "astrology"}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  const auto body = refused.json();
  EXPECT_TRUE(body.at("error").at("fields").as_object().contains("tier"));
  EXPECT_TRUE(body.at("error").at("fields").as_object().contains("area"));
  EXPECT_EQ(count("SELECT count(*) FROM intervention_groups"), before);
  auto elsewhere =
      counselor_->post("/api/v1/intervention-groups", json::object{{"name", "Elsewhere"},
                                                                   {"intervention", "X"},
                                                                   {"school_id", elementary_},
                                                                   {"tier", 2},
                                                                   {"area", "math"}});
  EXPECT_EQ(elsewhere.status, 403);
}

TEST_P(GroupsApi, GroupsAreListedAndChanged) {
  const auto group = create_group();
  const auto path = "/api/v1/intervention-groups/" + std::to_string(group.at("id").as_int64());
  auto changed = counselor_->patch(path, json::object{{"tier", 3}, {"schedule", "Daily"}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json().at("tier").as_int64(), 3);
  const auto list = counselor_->get("/api/v1/intervention-groups?facilitator_id=me&limit=500");
  ASSERT_EQ(list.status, 200);
  bool seen = false;
  const auto body = list.json();
  for (const auto& item : body.at("items").as_array()) {
    seen |= item.at("id").as_int64() == group.at("id").as_int64();
  }
  EXPECT_TRUE(seen);
}

INSTANTIATE_TEST_SUITE_P(Databases, GroupsApi, ::testing::ValuesIn(test_database_kinds()),
                         DatabaseKindName());

}  // namespace
}  // namespace trellis::testing
