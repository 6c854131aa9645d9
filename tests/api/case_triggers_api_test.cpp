// The case engine's rules end to end over HTTP, on SQLite and PostgreSQL: real actions (tasks,
// meetings) recording trigger events, the dictionary deciding, cases opening or joining.
#include <boost/json.hpp>
#include <thread>

#include "support/api_fixture.hpp"

namespace trellis::testing {
namespace {

namespace json = boost::json;

class CaseTriggersApi : public ApiTest {
 protected:
  void SetUp() override {
    admin_ = std::make_unique<HttpClient>(signed_in(kDistrictAdmin));
    counselor_ = std::make_unique<HttpClient>(signed_in(kMiddleCounselor));
    counselor_id_ =
        count("SELECT id FROM users WHERE email = '" + std::string(kMiddleCounselor) + "'");
    school_ = count("SELECT id FROM schools WHERE name = 'Cedar Ridge Middle'");
  }

  void dictionary(bool enabled, json::array triggers) {
    set_case_management(*admin_, enabled, std::move(triggers));
  }

  std::int64_t fresh_student(std::int64_t school) { return insert_student(school, "Trigger"); }
  std::int64_t fresh_student() { return fresh_student(school_); }

  HttpResult assign_task(HttpClient& c, std::int64_t student) {
    return c.post("/api/v1/tasks", json::object{{"student_id", student},
                                                {"assignee_id", counselor_id_},
                                                {"title", "Call home"},
                                                {"due_date", "2030-01-15"}});
  }

  HttpResult schedule_meeting(const json::array& students) {
    return counselor_->post("/api/v1/meetings", json::object{{"title", "Student support team"},
                                                             {"starts_at", "2030-02-01T15:00:00Z"},
                                                             {"ends_at", "2030-02-01T16:00:00Z"},
                                                             {"location", "Room 12"},
                                                             {"attendee_ids", json::array{}},
                                                             {"student_ids", students}});
  }

  std::int64_t events(std::int64_t student, const std::string& kind) {
    return count("SELECT count(*) FROM student_events WHERE kind = '" + kind +
                 "' AND student_id = " + std::to_string(student));
  }

  std::unique_ptr<HttpClient> admin_;
  std::unique_ptr<HttpClient> counselor_;
  std::int64_t counselor_id_ = 0;
  std::int64_t school_ = 0;
};

TEST_P(CaseTriggersApi, TriggerOffTheEventIsOnTheTimelineAndNoCaseOpens) {
  dictionary(true, {"meeting_student_added"});
  const auto student = fresh_student();
  auto task = assign_task(*counselor_, student);
  ASSERT_EQ(task.status, 201) << task.body;
  EXPECT_TRUE(task.json().at("case_id").is_null());
  auto timeline = counselor_->get("/api/v1/students/" + std::to_string(student) +
                                  "/timeline?kind=task_assigned");
  ASSERT_EQ(timeline.status, 200);
  EXPECT_EQ(timeline.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(open_cases(student), 0);
}

TEST_P(CaseTriggersApi, TriggerOnOpensACaseOnceAndASecondTriggerJoinsIt) {
  dictionary(true, {"task_assigned", "meeting_student_added"});
  const auto student = fresh_student();
  auto first = assign_task(*counselor_, student);
  ASSERT_EQ(first.status, 201) << first.body;
  const auto case_id = first.json().at("case_id").as_int64();
  auto second = assign_task(*counselor_, student);
  EXPECT_EQ(second.json().at("case_id").as_int64(), case_id);
  ASSERT_EQ(schedule_meeting({student}).status, 201);
  EXPECT_EQ(open_cases(student), 1);
  auto page = counselor_->get("/api/v1/cases/" + std::to_string(case_id)).json();
  EXPECT_EQ(page.at("opened_by").at("kind").as_string(), "task_assigned");
  EXPECT_EQ(page.at("why").at("event").at("kind").as_string(), "task_assigned");
  EXPECT_EQ(page.at("tasks").at("total").as_int64(), 2);
  EXPECT_EQ(page.at("meetings").as_array().size(), 1u);
  EXPECT_FALSE(page.at("next_meeting_at").is_null());
}

TEST_P(CaseTriggersApi, CaseManagementDisabledOpensNothing) {
  dictionary(false, {"task_assigned", "meeting_student_added"});
  const auto student = fresh_student();
  ASSERT_EQ(assign_task(*counselor_, student).status, 201);
  ASSERT_EQ(schedule_meeting({student}).status, 201);
  EXPECT_EQ(open_cases(student), 0);
  EXPECT_EQ(events(student, "task_assigned"), 1);
  EXPECT_EQ(events(student, "meeting_student_added"), 1);
}

TEST_P(CaseTriggersApi, TriggerTurnedOnAfterEventsOpensNoCaseUntilABackfill) {
  dictionary(true, {});
  const auto student = fresh_student();
  ASSERT_EQ(assign_task(*counselor_, student).status, 201);
  dictionary(true, {"task_assigned"});
  EXPECT_EQ(open_cases(student), 0);

  const json::object range{
      {"trigger", "task_assigned"}, {"from", "2020-01-01"}, {"to", "2100-01-01"}, {"apply", false}};
  auto preview = admin_->post("/api/v1/admin/case-management/backfill", range);
  ASSERT_EQ(preview.status, 200) << preview.body;
  bool listed = false;
  const auto previewed = preview.json();
  for (const auto& item : previewed.at("students").as_array()) {
    listed |= item.at("student").at("id").as_int64() == student;
  }
  EXPECT_TRUE(listed);
  EXPECT_EQ(open_cases(student), 0);

  auto apply = range;
  apply["apply"] = true;
  auto applied = admin_->post("/api/v1/admin/case-management/backfill", apply);
  ASSERT_EQ(applied.status, 200) << applied.body;
  EXPECT_EQ(open_cases(student), 1);
  EXPECT_GE(count("SELECT count(*) FROM audit_log WHERE action = 'case_management.backfill'"), 1);
  auto counselor_refused = counselor_->post("/api/v1/admin/case-management/backfill", range);
  EXPECT_EQ(counselor_refused.status, 403);
}

TEST_P(CaseTriggersApi, AMeetingWithThirtyStudentsOpensThirtyCases) {
  dictionary(true, {"meeting_student_added"});
  json::array students;
  for (int i = 0; i < 30; ++i) students.push_back(fresh_student());
  auto meeting = schedule_meeting(students);
  ASSERT_EQ(meeting.status, 201) << meeting.body;
  for (const auto& student : students) EXPECT_EQ(open_cases(student.as_int64()), 1);
}

TEST_P(CaseTriggersApi, AMeetingWhoseThirtiethStudentFailsOpensNone) {
  dictionary(true, {"meeting_student_added"});
  const auto cases_before = count("SELECT count(*) FROM cases");
  const auto events_before = count("SELECT count(*) FROM student_events");
  const auto meetings_before = count("SELECT count(*) FROM meetings");
  json::array students;
  for (int i = 0; i < 29; ++i) students.push_back(fresh_student());
  // The counselor cannot see an elementary student: the 30th fails after 29 were added.
  students.push_back(
      fresh_student(count("SELECT id FROM schools WHERE name = 'Maple Grove "
                          "Elementary'")));
  auto meeting = schedule_meeting(students);
  EXPECT_EQ(meeting.status, 404) << meeting.body;
  EXPECT_EQ(count("SELECT count(*) FROM cases"), cases_before);
  EXPECT_EQ(count("SELECT count(*) FROM student_events"), events_before);
  EXPECT_EQ(count("SELECT count(*) FROM meetings"), meetings_before);
}

// Sixteen assignments at once for one student, through `servers` (one, or two processes on
// one PostgreSQL database standing for two servers behind a load balancer).
void assign_in_parallel(std::vector<HttpClient> clients, std::int64_t student,
                        std::int64_t assignee, std::vector<int>& statuses) {
  std::vector<std::thread> threads;
  statuses.assign(16, 0);
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      auto c = clients[static_cast<std::size_t>(i) % clients.size()];
      statuses[static_cast<std::size_t>(i)] =
          c.post("/api/v1/tasks", json::object{{"student_id", student},
                                               {"assignee_id", assignee},
                                               {"title", "Parallel " + std::to_string(i)}})
              .status;
    });
  }
  for (auto& t : threads) t.join();
}

TEST_P(CaseTriggersApi, SixteenParallelTaskAssignmentsOpenExactlyOneCase) {
  dictionary(true, {"task_assigned"});
  const auto student = fresh_student();
  std::vector<int> statuses;
  assign_in_parallel({*counselor_}, student, counselor_id_, statuses);
  for (int status : statuses) EXPECT_EQ(status, 201);
  EXPECT_EQ(open_cases(student), 1);
  EXPECT_EQ(events(student, "task_assigned"), 16);
}

TEST_P(CaseTriggersApi, TwoServersOnOnePostgresOpenExactlyOneCase) {
  if (GetParam() != "postgres") GTEST_SKIP() << "two servers share one PostgreSQL database";
  dictionary(true, {"task_assigned"});
  ServerProcess second(server().db_url(), {});
  HttpClient other(second.port());
  ASSERT_EQ(other.sign_in(kMiddleCounselor, kDemoPassword).status, 200);
  const auto student = fresh_student();
  std::vector<int> statuses;
  assign_in_parallel({*counselor_, other}, student, counselor_id_, statuses);
  for (int status : statuses) EXPECT_EQ(status, 201);
  EXPECT_EQ(open_cases(student), 1);
  EXPECT_EQ(events(student, "task_assigned"), 16);
}

TEST_P(CaseTriggersApi, AClosedCaseAndANewTriggerGiveANewCase) {
  dictionary(true, {"task_assigned"});
  const auto student = fresh_student();
  const auto first = assign_task(*counselor_, student).json().at("case_id").as_int64();
  auto closed = counselor_->post("/api/v1/cases/" + std::to_string(first) + "/close",
                                 json::object{{"status_id", 3}, {"reason_id", 4}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  const auto second = assign_task(*counselor_, student).json().at("case_id").as_int64();
  EXPECT_NE(second, first);
  EXPECT_EQ(open_cases(student), 1);
  EXPECT_EQ(count("SELECT count(*) FROM cases WHERE student_id = " + std::to_string(student)), 2);
}

TEST_P(CaseTriggersApi, TaskProgressShowsOnTheDashboard) {
  dictionary(true, {"task_assigned"});
  const auto student = fresh_student();
  const auto task = assign_task(*counselor_, student).json();
  assign_task(*counselor_, student);
  auto done = counselor_->patch("/api/v1/tasks/" + std::to_string(task.at("id").as_int64()),
                                json::object{{"status", "completed"}});
  ASSERT_EQ(done.status, 200) << done.body;
  auto list = counselor_->get("/api/v1/cases?q=" + std::string("trigger") + "&limit=500").json();
  bool seen = false;
  for (const auto& item : list.at("items").as_array()) {
    if (item.at("student").at("id").as_int64() != student) continue;
    seen = true;
    EXPECT_EQ(item.at("tasks").at("done").as_int64(), 1);
    EXPECT_EQ(item.at("tasks").at("total").as_int64(), 2);
  }
  EXPECT_TRUE(seen);
}

INSTANTIATE_TEST_SUITE_P(Databases, CaseTriggersApi, ::testing::ValuesIn(test_database_kinds()),
                         DatabaseKindName());

}  // namespace
}  // namespace trellis::testing
