// Notifications in the app, on SQLite and PostgreSQL: staff hear of a task assigned to them, a
// case they now manage, a meeting they are invited to, moved or cancelled; never of what they
// did themselves; a rolled-back action tells nobody; each person reads and marks only their own.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/api_fixture.hpp"
#include "support/sample_records.hpp"
#include "support/server_process.hpp"

namespace trellis::testing {
namespace {

namespace json = boost::json;

class NotificationsApi : public ApiTest {
 protected:
  std::int64_t user_id(HttpClient& c) {
    return c.get("/api/v1/auth/me").json().at("user").at("id").as_int64();
  }
  // The person's notifications about `link`, newest first.
  std::vector<json::object> about(HttpClient& c, const std::string& link) {
    auto listed = c.get("/api/v1/notifications?limit=500");
    EXPECT_EQ(listed.status, 200) << listed.body;
    std::vector<json::object> found;
    const auto body = listed.json();
    for (const auto& item : body.at("items").as_array()) {
      if (item.at("link").as_string() == link) found.push_back(item.as_object());
    }
    return found;
  }
  std::int64_t unread(HttpClient& c) {
    return c.get("/api/v1/notifications/unread-count").json().at("unread_count").as_int64();
  }
  std::int64_t assign_task(HttpClient& by, std::int64_t student, std::int64_t assignee,
                           const std::string& title) {
    auto created = by.post("/api/v1/tasks",
                           {{"student_id", student}, {"assignee_id", assignee}, {"title", title}});
    EXPECT_EQ(created.status, 201) << created.body;
    return created.json().at("id").as_int64();
  }
  HttpResult schedule(HttpClient& by, json::array attendees, json::array students) {
    return by.post("/api/v1/meetings", {{"title", unique("Check-in ")},
                                        {"starts_at", "2031-03-04T15:00:00Z"},
                                        {"ends_at", "2031-03-04T16:00:00Z"},
                                        {"location", "Room 12"},
                                        {"attendee_ids", std::move(attendees)},
                                        {"student_ids", std::move(students)}});
  }
};

TEST_P(NotificationsApi, TheAssigneeOfATaskHearsOfItAndTheAssignerDoesNot) {
  auto admin = signed_in(kDistrictAdmin);
  auto counselor = signed_in(kMiddleCounselor);
  const auto student = insert_student(school_id("Cedar Ridge Middle"), "Notified");
  const auto before = unread(counselor);
  const auto title = unique("Call home about the bus ");
  const auto task = assign_task(admin, student, user_id(counselor), title);
  const auto link = "/tasks/" + std::to_string(task);

  const auto told = about(counselor, link);
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].at("kind").as_string(), "task_assigned");
  EXPECT_EQ(told[0].at("title").as_string(), title);
  EXPECT_EQ(told[0].at("entity").as_string(), "task");
  EXPECT_FALSE(told[0].at("read").as_bool());
  EXPECT_FALSE(told[0].at("by").as_string().empty());
  EXPECT_EQ(unread(counselor), before + 1);
  // No student's name in it: only the kind, the task's own title and a link.
  EXPECT_EQ(json::serialize(told[0]).find("Notified"), std::string::npos);
  EXPECT_TRUE(about(admin, link).empty());

  // Assigning oneself tells nobody; handing it on tells the new assignee.
  auto teacher = signed_in(kMiddleTeacher);
  const auto own = assign_task(counselor, student, user_id(counselor), unique("Own "));
  EXPECT_TRUE(about(counselor, "/tasks/" + std::to_string(own)).empty());
  auto handed_on =
      admin.patch("/api/v1/tasks/" + std::to_string(task), {{"assignee_id", user_id(teacher)}});
  ASSERT_EQ(handed_on.status, 200) << handed_on.body;
  EXPECT_EQ(about(teacher, link).size(), 1u);
}

TEST_P(NotificationsApi, ARolledBackActionTellsNobody) {
  auto admin = signed_in(kDistrictAdmin);
  auto counselor = signed_in(kMiddleCounselor);
  const auto before = count("SELECT count(*) FROM notifications");
  // A meeting with a student that does not exist: 404, and the whole meeting rolls back.
  auto refused = schedule(admin, {user_id(counselor)}, {999999999});
  EXPECT_EQ(refused.status, 404) << refused.body;
  // A task for an assignee who is no staff member: 422.
  const auto student = insert_student(school_id("Cedar Ridge Middle"), "Rolled");
  EXPECT_EQ(admin
                .post("/api/v1/tasks",
                      {{"student_id", student}, {"assignee_id", 999999999}, {"title", "x"}})
                .status,
            422);
  EXPECT_EQ(count("SELECT count(*) FROM notifications"), before);
}

TEST_P(NotificationsApi, AttendeesHearOfAnInvitationAMoveAndACancellation) {
  auto admin = signed_in(kDistrictAdmin);
  auto counselor = signed_in(kMiddleCounselor);
  auto teacher = signed_in(kMiddleTeacher);
  const auto student = insert_student(school_id("Cedar Ridge Middle"), "Met");
  auto scheduled = schedule(admin, {user_id(counselor)}, {student});
  ASSERT_EQ(scheduled.status, 201) << scheduled.body;
  const auto id = scheduled.json().at("id").as_int64();
  const auto path = "/api/v1/meetings/" + std::to_string(id);
  const auto link = "/meetings/" + std::to_string(id);
  ASSERT_EQ(about(counselor, link).size(), 1u);
  EXPECT_EQ(about(counselor, link)[0].at("kind").as_string(), "meeting_invited");
  EXPECT_TRUE(about(admin, link).empty());

  // Moved, and the teacher added: the counselor hears of the move, the teacher is invited.
  auto moved =
      admin.patch(path, {{"starts_at", "2031-03-05T15:00:00Z"},
                         {"ends_at", "2031-03-05T16:00:00Z"},
                         {"attendee_ids", {user_id(admin), user_id(counselor), user_id(teacher)}}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(about(counselor, link)[0].at("kind").as_string(), "meeting_rescheduled");
  ASSERT_EQ(about(teacher, link).size(), 1u);
  EXPECT_EQ(about(teacher, link)[0].at("kind").as_string(), "meeting_invited");

  auto cancelled = admin.patch(path, {{"status", "cancelled"}});
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(about(counselor, link)[0].at("kind").as_string(), "meeting_cancelled");
  EXPECT_EQ(about(teacher, link)[0].at("kind").as_string(), "meeting_cancelled");
  EXPECT_EQ(about(counselor, link).size(), 3u);
}

TEST_P(NotificationsApi, ANewCaseManagerHearsOfTheCase) {
  auto admin = signed_in(kDistrictAdmin);
  auto counselor = signed_in(kMiddleCounselor);
  set_case_management(admin, true, {"task_assigned"});
  const auto student = insert_student(school_id("Cedar Ridge Middle"), "Managed");
  assign_task(admin, student, user_id(admin), unique("Opens a case "));
  const auto cases = admin.get("/api/v1/students/" + std::to_string(student) + "/cases");
  ASSERT_EQ(cases.status, 200) << cases.body;
  const auto cases_body = cases.json();
  const auto case_id = cases_body.at("items").as_array().at(0).at("id").as_int64();
  auto changed =
      admin.patch("/api/v1/cases/" + std::to_string(case_id), {{"manager_id", user_id(counselor)}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  const auto told = about(counselor, "/cases/" + std::to_string(case_id));
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].at("kind").as_string(), "case_assigned");
  EXPECT_EQ(told[0].at("title").as_string(), "Case " + std::to_string(case_id));
}

TEST_P(NotificationsApi, EachPersonReadsAndMarksOnlyTheirOwn) {
  auto admin = signed_in(kDistrictAdmin);
  auto counselor = signed_in(kMiddleCounselor);
  auto teacher = signed_in(kMiddleTeacher);
  const auto student = insert_student(school_id("Cedar Ridge Middle"), "Marked");
  const auto first = assign_task(admin, student, user_id(counselor), unique("First "));
  assign_task(admin, student, user_id(counselor), unique("Second "));
  const auto mine = about(counselor, "/tasks/" + std::to_string(first));
  ASSERT_EQ(mine.size(), 1u);
  const auto read_path =
      "/api/v1/notifications/" + std::to_string(mine[0].at("id").as_int64()) + "/read";

  // Another person's notification is 404 to them, as if there were none; nothing changes.
  EXPECT_EQ(teacher.request("POST", read_path).status, 404);
  EXPECT_FALSE(about(counselor, "/tasks/" + std::to_string(first))[0].at("read").as_bool());

  const auto before = unread(counselor);
  EXPECT_EQ(counselor.request("POST", read_path).status, 204);
  EXPECT_TRUE(about(counselor, "/tasks/" + std::to_string(first))[0].at("read").as_bool());
  EXPECT_EQ(unread(counselor), before - 1);
  EXPECT_EQ(counselor.request("POST", read_path).status, 204);  // again: no change
  EXPECT_EQ(unread(counselor), before - 1);

  // Unread only, with keyset paging.
  auto page = counselor.get("/api/v1/notifications?unread=true&limit=1");
  ASSERT_EQ(page.status, 200);
  const auto page_body = page.json();
  EXPECT_EQ(page_body.at("items").as_array().size(), 1u);
  EXPECT_FALSE(page_body.at("items").as_array()[0].at("read").as_bool());

  auto all = counselor.request("POST", "/api/v1/notifications/read-all");
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(all.json().at("marked").as_int64(), before - 1);
  EXPECT_EQ(unread(counselor), 0);
  EXPECT_EQ(client().get("/api/v1/notifications").status, 401);
}

TEST_P(NotificationsApi, EachPersonChoosesHowTheyHearOfEachKindOverTheDistrictsDefault) {
  auto admin = signed_in(kDistrictAdmin);
  auto counselor = signed_in(kMiddleCounselor);
  const auto student = insert_student(school_id("Cedar Ridge Middle"), "Chosen");
  const auto put = [&](HttpClient& c, const std::string& path, const char* member,
                       json::object choices) {
    return c.put(path, json::object{{member, std::move(choices)}});
  };
  const auto mine = "/api/v1/notifications/preferences";
  const auto defaults = "/api/v1/admin/notification-defaults";

  // Off: the assignment tells the counselor nothing.
  ASSERT_EQ(put(counselor, mine, "preferences", {{"task_assigned", "off"}}).status, 200);
  auto quiet = assign_task(admin, student, user_id(counselor), unique("Quiet "));
  EXPECT_TRUE(about(counselor, "/tasks/" + std::to_string(quiet)).empty());
  // In the app only: told in the app (e-mail is tested with a mail server).
  ASSERT_EQ(put(counselor, mine, "preferences", {{"task_assigned", "app"}}).status, 200);
  auto app = assign_task(admin, student, user_id(counselor), unique("App "));
  EXPECT_EQ(about(counselor, "/tasks/" + std::to_string(app)).size(), 1u);

  // The district's default holds for whoever has not chosen; a person's choice wins.
  ASSERT_EQ(put(admin, defaults, "defaults", {{"task_assigned", "off"}}).status, 200);
  ASSERT_EQ(put(counselor, mine, "preferences", {{"task_assigned", nullptr}}).status, 200);
  auto by_default = assign_task(admin, student, user_id(counselor), unique("Default "));
  EXPECT_TRUE(about(counselor, "/tasks/" + std::to_string(by_default)).empty());
  auto listed = counselor.get(mine);
  ASSERT_EQ(listed.status, 200);
  const auto body = listed.json();
  const auto& first = body.at("items").as_array().at(0).as_object();
  EXPECT_EQ(first.at("kind").as_string(), "task_assigned");
  EXPECT_EQ(first.at("delivery").as_string(), "off");
  EXPECT_EQ(first.at("district_default").as_string(), "off");
  EXPECT_FALSE(first.at("chosen").as_bool());
  EXPECT_FALSE(first.at("label").as_string().empty());
  ASSERT_EQ(put(counselor, mine, "preferences", {{"task_assigned", "immediately"}}).status, 200);
  auto chosen = assign_task(admin, student, user_id(counselor), unique("Chosen "));
  EXPECT_EQ(about(counselor, "/tasks/" + std::to_string(chosen)).size(), 1u);
  ASSERT_EQ(put(admin, defaults, "defaults", {{"task_assigned", nullptr}}).status, 200);

  // Bad choices are named and change nothing; only district administrators set defaults.
  auto bad = put(counselor, mine, "preferences", {{"task_assigned", "sometimes"}, {"x", "off"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("preferences.task_assigned"), std::string::npos);
  EXPECT_NE(bad.body.find("preferences.x"), std::string::npos);
  EXPECT_EQ(counselor.get(mine).json().at("items").at(0).at("delivery").as_string(), "immediately");
  EXPECT_EQ(put(counselor, defaults, "defaults", {{"task_assigned", "off"}}).status, 403);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = "
                  "'notification_defaults.change'"),
            2);
  // "In the daily digest" is a delivery like the others (its e-mail is tested with a server).
  ASSERT_EQ(put(counselor, mine, "preferences", {{"task_assigned", "digest"}}).status, 200);
  auto digested = assign_task(admin, student, user_id(counselor), unique("Digested "));
  EXPECT_EQ(about(counselor, "/tasks/" + std::to_string(digested)).size(), 1u);
  EXPECT_EQ(counselor.get(mine).json().at("items").at(0).at("delivery").as_string(), "digest");
}

TEST_P(NotificationsApi, TheDistrictDecidesWhetherEmailsNameTheStudent) {
  auto admin = signed_in(kDistrictAdmin);
  const auto defaults = "/api/v1/admin/notification-defaults";
  const auto audited = [&] {
    return count("SELECT count(*) FROM audit_log WHERE action = 'notification_defaults.change'");
  };
  const auto audited_before = audited();
  EXPECT_EQ(admin.get(defaults).json().at("student_names_in_email").as_string(), "none");
  auto allowed =
      admin.put(defaults, json::object{{"student_names_in_email", "first_name_last_initial"}});
  ASSERT_EQ(allowed.status, 200) << allowed.body;
  EXPECT_EQ(allowed.json().at("student_names_in_email").as_string(), "first_name_last_initial");
  // The per-kind defaults are untouched by it.
  EXPECT_EQ(allowed.json().at("defaults").at("task_assigned").as_string(), "immediately");
  // Bad values, an empty change and the wrong person change nothing.
  auto bad = admin.put(defaults, json::object{{"student_names_in_email", "full_name"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("student_names_in_email"), std::string::npos);
  EXPECT_EQ(admin.put(defaults, json::object{}).status, 422);
  EXPECT_EQ(admin.put(defaults, json::object{{"student_names_in_email", 1}}).status, 422);
  auto counselor = signed_in(kMiddleCounselor);
  EXPECT_EQ(counselor.put(defaults, json::object{{"student_names_in_email", "none"}}).status, 403);
  EXPECT_EQ(admin.get(defaults).json().at("student_names_in_email").as_string(),
            "first_name_last_initial");
  ASSERT_EQ(admin.put(defaults, json::object{{"student_names_in_email", "none"}}).status, 200);
  EXPECT_EQ(audited() - audited_before, 2);
}

TEST_P(NotificationsApi, TheDailyDigestComesOnceAPersonADistrictDayFromSevenInTheMorning) {
  auto admin = signed_in(kDistrictAdmin);
  const auto email = unique("digest.") + "@demo.trellis.test";
  auto created = admin.post(
      "/api/v1/users",
      {{"email", email},
       {"given_name", "Di"},
       {"family_name", "Gest"},
       {"password", "a long enough password"},
       {"roles", json::array{json::object{{"role", "district_admin"}, {"school_id", nullptr}}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto person = created.json().at("id").as_int64();
  HttpClient me = client();
  ASSERT_EQ(me.sign_in(email, "a long enough password").status, 200);
  const auto student = insert_student(school_id("Cedar Ridge Middle"), "Digested");
  for (const auto* due : {"2031-05-07", "2031-05-01", "2031-05-06"}) {
    auto task = admin.post("/api/v1/tasks", {{"student_id", student},
                                             {"assignee_id", person},
                                             {"title", unique("Due ")},
                                             {"due_date", due}});
    ASSERT_EQ(task.status, 201) << task.body;
  }
  // A plan of theirs whose review (the goal's target date) is on 10 May.
  auto plan_body = samples::plan_body(student);
  plan_body["goal"].as_object()["target_date"] = "2031-05-10";
  auto plan = me.post("/api/v1/plans", plan_body);
  ASSERT_EQ(plan.status, 201) << plan.body;
  const auto plan_link = "/plans/" + std::to_string(plan.json().at("id").as_int64());
  ASSERT_EQ(me.request("POST", "/api/v1/notifications/read-all").status, 200);
  const auto reviews = [&] {
    std::vector<std::string> titles;
    const auto listed = me.get("/api/v1/notifications?limit=100").json();
    for (const auto& item : listed.at("items").as_array()) {
      if (item.at("kind").as_string() == "review_due") {
        EXPECT_EQ(item.at("link").as_string(), plan_link);
        titles.emplace_back(item.at("title").as_string());
      }
    }
    return titles;
  };
  const auto digests = [&](const char* at) {
    const auto ran = run_trellis(
        {"send-digests", "--db", server().db_url(), "--at", at, "--time-zone", "America/Chicago"});
    EXPECT_EQ(ran.status, 0) << ran.output;
    std::vector<std::string> titles;
    const auto listed = me.get("/api/v1/notifications?limit=100").json();
    for (const auto& item : listed.at("items").as_array()) {
      if (item.at("kind").as_string() == "tasks_due") {
        titles.emplace_back(item.at("title").as_string());
      }
    }
    return titles;
  };
  // 06:30 in Chicago (CDT, UTC-5) on 6 May: not yet.
  EXPECT_TRUE(digests("2031-05-06T11:30:00Z").empty());
  // 07:30: one, naming tomorrow's and the overdue (not today's).
  EXPECT_TRUE(reviews().empty());
  auto titles = digests("2031-05-06T12:30:00Z");
  ASSERT_EQ(titles.size(), 1u);
  EXPECT_EQ(titles[0], "1 task due tomorrow, 1 overdue");
  // The review four days ahead: its owner hears once, with the plan's area, not its student.
  EXPECT_EQ(reviews(), std::vector<std::string>{"Reading plan, review due 2031-05-10"});
  // Later that day, and after midnight UTC while it is still 6 May in Chicago: no second one.
  EXPECT_EQ(digests("2031-05-06T23:30:00Z").size(), 1u);
  EXPECT_EQ(digests("2031-05-07T04:30:00Z").size(), 1u);
  // 7 May, 07:30 in Chicago: the next day's, with yesterday's task now overdue too.
  titles = digests("2031-05-07T12:30:00Z");
  ASSERT_EQ(titles.size(), 2u);
  EXPECT_EQ(titles[0], "2 tasks overdue");
  EXPECT_EQ(reviews().size(), 1u);
  // Turned off, nothing more.
  ASSERT_EQ(me.put("/api/v1/notifications/preferences",
                   json::object{{"preferences", json::object{{"tasks_due", "off"}}}})
                .status,
            200);
  EXPECT_EQ(digests("2031-05-08T12:30:00Z").size(), 2u);
  EXPECT_EQ(count("SELECT count(*) FROM daily_digests WHERE user_id = " + std::to_string(person)),
            3);
}

INSTANTIATE_TEST_SUITE_P(Databases, NotificationsApi, ::testing::ValuesIn(test_database_kinds()),
                         DatabaseKindName());

}  // namespace
}  // namespace trellis::testing
