// Tasks over HTTP, on SQLite and PostgreSQL: assigning, "my tasks", completing and reopening,
// notes, the assignee's access to the student, and bad input that writes nothing.
#include <boost/json.hpp>
#include <vector>

#include "support/api_fixture.hpp"

namespace trellis::testing {
namespace {

namespace json = boost::json;

class TasksApi : public ApiTest {
 protected:
  struct Staff {
    std::int64_t id = 0;
    std::string email;
  };

  std::int64_t student_at(HttpClient& admin, const std::string& school) {
    auto result =
        admin.get("/api/v1/students?limit=1&school_id=" + std::to_string(school_id(school)));
    EXPECT_EQ(result.status, 200) << result.body;
    return result.json().at("items").at(0).at("id").as_int64();
  }

  // A teacher of our own, so that the access a task gives them touches no demo account.
  Staff new_teacher(HttpClient& admin, const std::string& school) {
    const auto email = unique("tasks.teacher") + "@example.org";
    auto created = admin.post(
        "/api/v1/users", {{"email", email},
                          {"given_name", "Ana"},
                          {"family_name", "Diaz"},
                          {"password", kDemoPassword},
                          {"roles", json::array{json::object{{"role", "teacher"},
                                                             {"school_id", school_id(school)}}}}});
    EXPECT_EQ(created.status, 201) << created.body;
    return {created.json().at("id").as_int64(), email};
  }

  HttpResult assign(HttpClient& by, std::int64_t student, std::int64_t assignee,
                    const std::string& title, json::value due_date = nullptr) {
    return by.post("/api/v1/tasks", {{"student_id", student},
                                     {"assignee_id", assignee},
                                     {"title", title},
                                     {"description", "Ask about attendance."},
                                     {"due_date", std::move(due_date)}});
  }

  json::object assigned(HttpClient& by, std::int64_t student, std::int64_t assignee,
                        const std::string& title, json::value due_date = nullptr) {
    auto result = assign(by, student, assignee, title, std::move(due_date));
    EXPECT_EQ(result.status, 201) << result.body;
    return result.json().as_object();
  }

  // What any task write leaves behind; compared before and after a refused request.
  std::vector<std::int64_t> written() {
    return {count("SELECT count(*) FROM tasks"), count("SELECT count(*) FROM task_notes"),
            count("SELECT count(*) FROM student_events"),
            count("SELECT count(*) FROM student_access_grants"),
            count("SELECT count(*) FROM audit_log WHERE action LIKE 'task.%'")};
  }

  std::int64_t events_of(std::int64_t task_id, const std::string& kind) {
    return count("SELECT count(*) FROM student_events WHERE entity = 'task' AND entity_id = " +
                 std::to_string(task_id) + " AND kind = '" + kind + "'");
  }

  static std::string path(std::int64_t task_id, const std::string& rest = "") {
    return "/api/v1/tasks/" + std::to_string(task_id) + rest;
  }

  static std::vector<std::string> titles(const HttpResult& page) {
    std::vector<std::string> out;
    const auto body = page.json();  // named: the array lives inside it
    for (const auto& item : body.at("items").as_array()) {
      out.emplace_back(item.at("title").as_string());
    }
    return out;
  }
};

TEST_P(TasksApi, AssigningATaskAnswersItsJsonAuditsItAndPutsItOnTheTimeline) {
  auto admin = signed_in(kDistrictAdmin);
  const auto student = student_at(admin, "Cedar Ridge Middle");
  const auto teacher = new_teacher(admin, "Cedar Ridge Middle");
  const auto task = assigned(admin, student, teacher.id, "Call home", json::value("2999-01-31"));

  EXPECT_EQ(task.at("student").at("id").as_int64(), student);
  EXPECT_FALSE(task.at("student").at("name").as_string().empty());
  EXPECT_FALSE(task.at("student").at("grade").as_string().empty());
  EXPECT_EQ(task.at("student").at("school_id").as_int64(), school_id("Cedar Ridge Middle"));
  EXPECT_EQ(task.at("assignee").at("id").as_int64(), teacher.id);
  EXPECT_EQ(task.at("assignee").at("name").as_string(), "Ana Diaz");
  EXPECT_EQ(task.at("created_by").at("id").as_int64(),
            count("SELECT id FROM users WHERE email = '" + std::string(kDistrictAdmin) + "'"));
  EXPECT_EQ(task.at("title").as_string(), "Call home");
  EXPECT_EQ(task.at("description").as_string(), "Ask about attendance.");
  EXPECT_EQ(task.at("due_date").as_string(), "2999-01-31");
  EXPECT_EQ(task.at("status").as_string(), "open");
  EXPECT_EQ(task.at("overdue").as_bool(), false);
  EXPECT_TRUE(task.at("completed_at").is_null());
  EXPECT_EQ(task.at("notes_count").as_int64(), 0);
  EXPECT_TRUE(task.contains("case_id"));
  EXPECT_FALSE(task.at("created_at").as_string().empty());

  const auto id = task.at("id").as_int64();
  auto fetched = admin.get(path(id));
  ASSERT_EQ(fetched.status, 200) << fetched.body;
  EXPECT_EQ(fetched.json().as_object(), task);

  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'task.create' AND entity_id = " +
                  std::to_string(id)),
            1);
  EXPECT_EQ(events_of(id, "task_assigned"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM student_events WHERE kind = 'task_assigned' AND "
                  "summary = 'Task assigned to Ana Diaz: Call home' AND entity_id = " +
                  std::to_string(id)),
            1);
}

TEST_P(TasksApi, MyTasksListsOpenTasksSoonestDueFirstAndPagesThroughThem) {
  auto admin = signed_in(kDistrictAdmin);
  const auto student = student_at(admin, "Riverside High");
  const auto teacher = new_teacher(admin, "Riverside High");
  assigned(admin, student, teacher.id, "Later", json::value("2999-05-01"));
  assigned(admin, student, teacher.id, "Someday");
  assigned(admin, student, teacher.id, "Soon", json::value("2999-01-01"));
  const auto done = assigned(admin, student, teacher.id, "Done", json::value("2998-01-01"));
  ASSERT_EQ(admin.patch(path(done.at("id").as_int64()), {{"status", "completed"}}).status, 200);

  auto me = signed_in(teacher.email);
  const std::vector<std::string> open_order = {"Soon", "Later", "Someday"};
  EXPECT_EQ(titles(me.get("/api/v1/tasks/mine")), open_order);
  EXPECT_EQ(titles(me.get("/api/v1/tasks?assignee_id=me")), open_order);
  EXPECT_EQ(titles(me.get("/api/v1/tasks/mine?status=completed")),
            std::vector<std::string>{"Done"});
  EXPECT_EQ(titles(me.get("/api/v1/tasks/mine?status=all")).size(), 4u);
  EXPECT_EQ(titles(admin.get("/api/v1/tasks?assignee_id=" + std::to_string(teacher.id))),
            open_order);

  std::vector<std::string> paged;
  std::string cursor;
  do {
    auto page = me.get("/api/v1/tasks/mine?limit=1" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(page.status, 200) << page.body;
    for (auto& title : titles(page)) paged.push_back(title);
    const auto next = page.json().at("next_cursor");
    cursor = next.is_null() ? "" : std::string(next.as_string());
  } while (!cursor.empty() && paged.size() < 10);
  EXPECT_EQ(paged, open_order);

  EXPECT_EQ(me.get("/api/v1/tasks/mine?status=finished").status, 422);
  EXPECT_EQ(me.get("/api/v1/tasks/mine?cursor=garbage").status, 400);
}

TEST_P(TasksApi, CompletingAndReopeningATaskAreOnTheTimeline) {
  auto admin = signed_in(kDistrictAdmin);
  const auto student = student_at(admin, "Cedar Ridge Middle");
  const auto teacher = new_teacher(admin, "Cedar Ridge Middle");
  const auto id = assigned(admin, student, teacher.id, "Check in").at("id").as_int64();

  auto assignee = signed_in(teacher.email);
  auto completed = assignee.patch(path(id), {{"status", "completed"}});
  ASSERT_EQ(completed.status, 200) << completed.body;
  EXPECT_EQ(completed.json().at("status").as_string(), "completed");
  EXPECT_FALSE(completed.json().at("completed_at").is_null());
  EXPECT_EQ(completed.json().at("completed_by").as_int64(), teacher.id);
  EXPECT_EQ(events_of(id, "task_completed"), 1);

  auto again = assignee.patch(path(id), {{"status", "completed"}});
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(events_of(id, "task_completed"), 1) << "completing a completed task changes nothing";

  auto reopened = admin.patch(path(id), {{"status", "open"}});
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_EQ(reopened.json().at("status").as_string(), "open");
  EXPECT_TRUE(reopened.json().at("completed_at").is_null());
  EXPECT_EQ(events_of(id, "task_reopened"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'task.update' AND entity_id = " +
                  std::to_string(id)),
            2);

  EXPECT_EQ(admin.patch(path(id), {{"status", "done"}}).status, 422);
}

TEST_P(TasksApi, EditingATaskChangesWhatItSaysAndClearsTheDueDate) {
  auto admin = signed_in(kDistrictAdmin);
  const auto student = student_at(admin, "Cedar Ridge Middle");
  const auto teacher = new_teacher(admin, "Cedar Ridge Middle");
  const auto id =
      assigned(admin, student, teacher.id, "Draft", json::value("2999-02-02")).at("id").as_int64();
  auto edited =
      admin.patch(path(id), {{"title", "  Meet the family  "}, {"description", "Bring the plan."}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json().at("title").as_string(), "Meet the family");
  EXPECT_EQ(edited.json().at("description").as_string(), "Bring the plan.");
  EXPECT_EQ(edited.json().at("due_date").as_string(), "2999-02-02");
  auto cleared = admin.patch(path(id), {{"due_date", nullptr}});
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_TRUE(cleared.json().at("due_date").is_null());
}

TEST_P(TasksApi, OverdueTasksAreOpenAndDueBeforeToday) {
  auto admin = signed_in(kDistrictAdmin);
  const auto student = student_at(admin, "Riverside High");
  const auto teacher = new_teacher(admin, "Riverside High");
  const auto late = assigned(admin, student, teacher.id, "Late", json::value("2001-01-01"));
  assigned(admin, student, teacher.id, "Fine", json::value("2999-01-01"));
  EXPECT_TRUE(late.at("overdue").as_bool());

  auto me = signed_in(teacher.email);
  EXPECT_EQ(titles(me.get("/api/v1/tasks/mine?overdue=true")), std::vector<std::string>{"Late"});
  auto completed = me.patch(path(late.at("id").as_int64()), {{"status", "completed"}});
  EXPECT_FALSE(completed.json().at("overdue").as_bool());
  EXPECT_TRUE(titles(me.get("/api/v1/tasks/mine?overdue=true")).empty());
  EXPECT_EQ(me.get("/api/v1/tasks/mine?overdue=yes").status, 422);
}

TEST_P(TasksApi, NotesFormAThreadInTheOrderWritten) {
  auto admin = signed_in(kDistrictAdmin);
  const auto student = student_at(admin, "Cedar Ridge Middle");
  const auto teacher = new_teacher(admin, "Cedar Ridge Middle");
  const auto id = assigned(admin, student, teacher.id, "Follow up").at("id").as_int64();

  auto assignee = signed_in(teacher.email);
  auto first = assignee.post(path(id, "/notes"), {{"body", "Left a voicemail."}});
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.json().at("author").at("id").as_int64(), teacher.id);
  EXPECT_EQ(first.json().at("author").at("name").as_string(), "Ana Diaz");
  ASSERT_EQ(admin.post(path(id, "/notes"), {{"body", "Thanks."}}).status, 201);

  auto thread = assignee.get(path(id, "/notes"));
  ASSERT_EQ(thread.status, 200) << thread.body;
  const auto notes = thread.json().at("items").as_array();
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes.at(0).at("body").as_string(), "Left a voicemail.");
  EXPECT_EQ(notes.at(1).at("body").as_string(), "Thanks.");
  EXPECT_EQ(assignee.get(path(id)).json().at("notes_count").as_int64(), 2);
  EXPECT_EQ(events_of(id, "task_note_added"), 2);

  const auto before = written();
  auto blank = assignee.post(path(id, "/notes"), {{"body", "   "}});
  EXPECT_EQ(blank.status, 422);
  EXPECT_TRUE(blank.json().at("error").at("fields").as_object().contains("body"));
  EXPECT_EQ(assignee.post(path(id, "/notes"), json::object{}).status, 422);
  EXPECT_EQ(assignee.post(path(999999999, "/notes"), {{"body", "Lost"}}).status, 404);
  EXPECT_EQ(written(), before);
}

TEST_P(TasksApi, TheAssigneeGainsAccessToAStudentOfAnotherSchool) {
  auto admin = signed_in(kDistrictAdmin);
  const auto student = student_at(admin, "Maple Grove Elementary");
  const auto teacher = new_teacher(admin, "Riverside High");
  auto assignee = signed_in(teacher.email);
  const auto profile = "/api/v1/students/" + std::to_string(student);
  ASSERT_EQ(assignee.get(profile).status, 404) << "a high school teacher cannot see them yet";

  const auto id = assigned(admin, student, teacher.id, "Sibling pickup").at("id").as_int64();
  EXPECT_EQ(assignee.get(profile).status, 200);
  EXPECT_EQ(assignee.get(path(id)).status, 200);
  EXPECT_EQ(titles(assignee.get("/api/v1/tasks/mine")), std::vector<std::string>{"Sibling pickup"});
  EXPECT_EQ(count("SELECT count(*) FROM student_access_grants WHERE reason = 'task_assignee' "
                  "AND source_id = " +
                  std::to_string(id)),
            1);

  // Handing the task on moves the access with it.
  const auto successor = new_teacher(admin, "Riverside High");
  auto handed = admin.patch(path(id), {{"assignee_id", successor.id}});
  ASSERT_EQ(handed.status, 200) << handed.body;
  EXPECT_EQ(handed.json().at("assignee").at("id").as_int64(), successor.id);
  EXPECT_EQ(assignee.get(profile).status, 404);
  EXPECT_EQ(assignee.get(path(id)).status, 404);
  EXPECT_EQ(signed_in(successor.email).get(profile).status, 200);
  EXPECT_EQ(events_of(id, "task_assigned"), 2);
}

TEST_P(TasksApi, ListsAndRecordsOnlyShowTasksOfStudentsTheCallerMaySee) {
  auto admin = signed_in(kDistrictAdmin);
  const auto elementary = student_at(admin, "Maple Grove Elementary");
  const auto teacher = new_teacher(admin, "Maple Grove Elementary");
  const auto id = assigned(admin, elementary, teacher.id, "Reading check").at("id").as_int64();

  auto counselor = signed_in(kMiddleCounselor);
  const auto middle = school_id("Cedar Ridge Middle");
  auto listed = counselor.get("/api/v1/tasks?status=all&limit=500");
  ASSERT_EQ(listed.status, 200) << listed.body;
  const auto listed_body = listed.json();
  // Their own school's students, and any other school's they are related to (another test on
  // this shared server may have related them): never this elementary student's task.
  for (const auto& task : listed_body.at("items").as_array()) {
    EXPECT_NE(task.at("id").as_int64(), id);
    const auto& student = task.at("student");
    if (student.at("school_id").as_int64() == middle) continue;
    EXPECT_EQ(
        counselor.get("/api/v1/students/" + std::to_string(student.at("id").as_int64())).status,
        200)
        << "listed a task of a student the counselor may not see: " << task;
  }
  EXPECT_TRUE(
      titles(counselor.get("/api/v1/tasks?status=all&student_id=" + std::to_string(elementary)))
          .empty());

  const auto before = written();
  EXPECT_EQ(counselor.get(path(id)).status, 404);
  EXPECT_EQ(counselor.patch(path(id), {{"status", "completed"}}).status, 404);
  EXPECT_EQ(counselor.get(path(id, "/notes")).status, 404);
  EXPECT_EQ(counselor.post(path(id, "/notes"), {{"body", "Peek"}}).status, 404);
  EXPECT_EQ(counselor.get(path(999999999)).status, 404);
  EXPECT_EQ(written(), before);
}

TEST_P(TasksApi, UnknownOrInvisibleStudentIs404AndWritesNothing) {
  auto admin = signed_in(kDistrictAdmin);
  const auto elementary = student_at(admin, "Maple Grove Elementary");
  const auto teacher = new_teacher(admin, "Cedar Ridge Middle");
  auto counselor = signed_in(kMiddleCounselor);
  const auto before = written();
  auto invisible = assign(counselor, elementary, teacher.id, "Not mine");
  EXPECT_EQ(invisible.status, 404);
  EXPECT_EQ(invisible.error_code(), "not_found");
  auto unknown = assign(admin, 999999999, teacher.id, "Nobody");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body.find("999999999"), std::string::npos);
  EXPECT_EQ(written(), before);
}

TEST_P(TasksApi, AnAssigneeWhoIsNotStaffIs422AndWritesNothing) {
  auto admin = signed_in(kDistrictAdmin);
  const auto student = student_at(admin, "Cedar Ridge Middle");
  const auto before = written();
  auto unknown = assign(admin, student, 999999999, "Ghost");
  ASSERT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(unknown.json().at("error").at("fields").at("assignee_id").as_string(),
            "Choose an active colleague from your staff directory.");

  const auto former = new_teacher(admin, "Cedar Ridge Middle");
  ASSERT_EQ(admin.patch("/api/v1/users/" + std::to_string(former.id), {{"active", false}}).status,
            200);
  const auto after_deactivation = written();
  EXPECT_EQ(assign(admin, student, former.id, "Gone").status, 422);
  EXPECT_EQ(written(), after_deactivation);

  const auto current = new_teacher(admin, "Cedar Ridge Middle");
  const auto id = assigned(admin, student, current.id, "Stays").at("id").as_int64();
  const auto with_task = written();
  auto reassigned = admin.patch(path(id), {{"assignee_id", 999999999}, {"status", "completed"}});
  EXPECT_EQ(reassigned.status, 422);
  EXPECT_EQ(written(), with_task);
  EXPECT_EQ(admin.get(path(id)).json().at("status").as_string(), "open");
  EXPECT_EQ(before.at(0) + 1, with_task.at(0));
}

TEST_P(TasksApi, BadFieldsAre422WithEveryProblemAndWriteNothing) {
  auto admin = signed_in(kDistrictAdmin);
  const auto student = student_at(admin, "Cedar Ridge Middle");
  const auto teacher = new_teacher(admin, "Cedar Ridge Middle");
  const auto before = written();

  for (const char* bad : {"2026-02-30", "next week", "2026-3-1"}) {
    auto result = assign(admin, student, teacher.id, "Dated", json::value(bad));
    EXPECT_EQ(result.status, 422) << bad;
    EXPECT_EQ(result.json().at("error").at("fields").at("due_date").as_string(),
              "Enter a date as YYYY-MM-DD.");
  }
  auto blank = assign(admin, student, teacher.id, "   ");
  EXPECT_EQ(blank.status, 422);
  EXPECT_TRUE(blank.json().at("error").at("fields").as_object().contains("title"));
  EXPECT_EQ(assign(admin, student, teacher.id, std::string(201, 'x')).status, 422);

  auto missing = admin.post("/api/v1/tasks", {{"title", 7}});
  ASSERT_EQ(missing.status, 422);
  const auto fields = missing.json().at("error").at("fields").as_object();
  EXPECT_TRUE(fields.contains("student_id"));
  EXPECT_TRUE(fields.contains("assignee_id"));
  EXPECT_TRUE(fields.contains("title"));

  EXPECT_EQ(admin.request("POST", "/api/v1/tasks", "{\"title\": ").status, 400);
  EXPECT_EQ(admin
                .request("POST", "/api/v1/tasks", "title=x",
                         {{"Content-Type", "application/x-www-form-urlencoded"}})
                .status,
            415);
  EXPECT_EQ(written(), before);
}

TEST_P(TasksApi, WritesWithoutTheCsrfTokenAreRefusedAndWriteNothing) {
  auto admin = signed_in(kDistrictAdmin);
  const auto student = student_at(admin, "Cedar Ridge Middle");
  const auto teacher = new_teacher(admin, "Cedar Ridge Middle");
  const auto id = assigned(admin, student, teacher.id, "Guarded").at("id").as_int64();
  const auto before = written();
  admin.forget_csrf();
  auto created = assign(admin, student, teacher.id, "Forged");
  EXPECT_EQ(created.status, 403);
  EXPECT_EQ(created.error_code(), "csrf_token_invalid");
  EXPECT_EQ(admin.patch(path(id), {{"status", "completed"}}).status, 403);
  EXPECT_EQ(admin.post(path(id, "/notes"), {{"body", "Forged"}}).status, 403);
  EXPECT_EQ(written(), before);
}

// The district's day decides "overdue" (serve --time-zone), not UTC's. The server runs in a
// zone whose date differs from UTC's now: UTC-12 before 10:00 UTC (the day before), UTC+14
// after (the day after), so the old rule, the UTC date, gives the other answer for one task.
TEST(TaskOverdueDay, IsTheDistrictsDateNotUtcs) {
  using namespace std::chrono;
  auto utc_now = system_clock::now();
  if (const auto minute = duration_cast<minutes>(utc_now.time_since_epoch()).count() % (24 * 60);
      minute >= 23 * 60 + 58) {
    std::this_thread::sleep_for(minutes(3));  // past midnight UTC, where UTC+14's date flips back
    utc_now = system_clock::now();
  }
  const auto utc_hour = duration_cast<hours>(utc_now.time_since_epoch()).count() % 24;
  const bool behind = utc_hour < 10;
  const auto offset = behind ? hours(-12) : hours(14);
  const auto date_of = [](system_clock::time_point at) {
    const auto t = system_clock::to_time_t(at);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", std::gmtime(&t));
    return std::string(text);
  };
  const auto district_today = date_of(utc_now + offset);
  const auto district_yesterday = date_of(utc_now + offset - hours(24));
  ASSERT_NE(district_today, date_of(utc_now));

  ServerProcess server(
      fresh_database_url("sqlite"),
      {"--demo-roster", "--time-zone", behind ? "Etc/GMT+12" : "Pacific/Kiritimati"});
  HttpClient counselor(server.port());
  ASSERT_EQ(counselor.sign_in(kMiddleCounselor, kDemoPassword).status, 200);
  const auto me = counselor.get("/api/v1/auth/me").json().at("user").at("id").as_int64();
  const auto student =
      counselor.get("/api/v1/students?limit=1").json().at("items").at(0).at("id").as_int64();
  const auto task_due = [&](const std::string& due) {
    auto created = counselor.post(
        "/api/v1/tasks",
        {{"student_id", student}, {"assignee_id", me}, {"title", "Due " + due}, {"due_date", due}});
    EXPECT_EQ(created.status, 201) << created.body;
    return created.json().at("overdue").as_bool();
  };
  EXPECT_FALSE(task_due(district_today)) << "due today in the district is not late yet";
  EXPECT_TRUE(task_due(district_yesterday));
}

INSTANTIATE_TEST_SUITE_P(Databases, TasksApi, ::testing::ValuesIn(test_database_kinds()),
                         DatabaseKindName());

}  // namespace
}  // namespace trellis::testing
