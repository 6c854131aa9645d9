// Access that work gives (issue 14), on SQLite and PostgreSQL: tasks and meetings give sight of
// a student only to colleagues in the giver's staff directory, for as long as the work lasts
// (a finished task or a past meeting: 30 days more); only those the policy names change the
// work; every record says what the caller may do with it; and every read of a task or a
// meeting is in the student's access log. Refused writes change nothing.
#include <algorithm>
#include <boost/json.hpp>
#include <string>
#include <vector>

#include "support/api_fixture.hpp"

namespace trellis::testing {
namespace {

namespace json = boost::json;

class AccessWork : public ApiTest {
 protected:
  struct Staff {
    std::int64_t id = 0;
    std::string email;
  };

  // The `n`-th student (from 0) that `by` may see at `school`.
  std::int64_t student_at(HttpClient& by, std::int64_t school, int n = 0) {
    auto page = by.get("/api/v1/students?limit=" + std::to_string(n + 1) +
                       "&school_id=" + std::to_string(school));
    EXPECT_EQ(page.status, 200) << page.body;
    return page.json().at("items").at(static_cast<std::size_t>(n)).at("id").as_int64();
  }

  std::int64_t user_id(HttpClient& admin, const std::string& email) {
    auto found = admin.get("/api/v1/users?q=" + email);
    EXPECT_EQ(found.status, 200) << found.body;
    return found.json().at("items").at(0).at("id").as_int64();
  }

  // A teacher of our own, so that the access work gives them touches no demo account.
  Staff new_teacher(HttpClient& admin, const std::string& school) {
    const auto email = unique("access.teacher") + "@example.org";
    auto created = admin.post(
        "/api/v1/users", {{"email", email},
                          {"given_name", "Noor"},
                          {"family_name", "Haddad"},
                          {"password", kDemoPassword},
                          {"roles", json::array{json::object{{"role", "teacher"},
                                                             {"school_id", school_id(school)}}}}});
    EXPECT_EQ(created.status, 201) << created.body;
    return {created.json().at("id").as_int64(), email};
  }

  // Every id in the caller's staff directory (GET /staff), page by page.
  std::vector<std::int64_t> directory(HttpClient& by) {
    std::vector<std::int64_t> ids;
    std::string cursor;
    do {
      auto page = by.get("/api/v1/staff?limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor));
      EXPECT_EQ(page.status, 200) << page.body;
      if (page.status != 200) break;
      const auto body = page.json();
      for (const auto& item : body.at("items").as_array()) ids.push_back(item.at("id").as_int64());
      const auto& next = body.at("next_cursor");
      cursor = next.is_null() ? "" : std::string(next.as_string());
    } while (!cursor.empty());
    return ids;
  }

  HttpResult assign(HttpClient& by, std::int64_t student, std::int64_t assignee,
                    const std::string& title) {
    return by.post("/api/v1/tasks", {{"student_id", student},
                                     {"assignee_id", assignee},
                                     {"title", title},
                                     {"description", "Ask about the bus."}});
  }

  std::int64_t assigned(HttpClient& by, std::int64_t student, std::int64_t assignee,
                        const std::string& title) {
    auto result = assign(by, student, assignee, title);
    EXPECT_EQ(result.status, 201) << result.body;
    return result.status == 201 ? result.json().at("id").as_int64() : 0;
  }

  json::value schedule(HttpClient& by, json::array students, json::array attendees) {
    auto created = by.post("/api/v1/meetings", {{"title", "Support meeting"},
                                                {"starts_at", "2031-05-06T15:00:00Z"},
                                                {"ends_at", "2031-05-06T16:00:00Z"},
                                                {"location", "Room 4"},
                                                {"attendee_ids", std::move(attendees)},
                                                {"student_ids", std::move(students)}});
    EXPECT_EQ(created.status, 201) << created.body;
    return created.json();
  }

  std::int64_t grants(const std::string& reason, std::int64_t source_id,
                      const std::string& where = "") {
    return count("SELECT count(*) FROM student_access_grants WHERE reason = '" + reason +
                 "' AND source_id = " + std::to_string(source_id) + where);
  }

  // Access-log entries by `user` for `student` that name `detail`.
  std::int64_t reads(std::int64_t user, std::int64_t student, const std::string& detail) {
    return count("SELECT count(*) FROM student_access_log WHERE user_id = " + std::to_string(user) +
                 " AND student_id = " + std::to_string(student) + " AND detail = '" + detail + "'");
  }

  // Rows of every table that task and meeting writes touch, to show a refused one wrote none.
  std::vector<std::int64_t> written() {
    std::vector<std::int64_t> counts;
    for (const auto* table :
         {"tasks", "task_notes", "meetings", "meeting_attendees", "meeting_students",
          "meeting_notes", "student_events", "student_access_grants", "cases", "audit_log"}) {
      counts.push_back(count(std::string("SELECT count(*) FROM ") + table));
    }
    return counts;
  }

  static std::string profile(std::int64_t student) {
    return "/api/v1/students/" + std::to_string(student);
  }
  static std::string task(std::int64_t id, const std::string& rest = "") {
    return "/api/v1/tasks/" + std::to_string(id) + rest;
  }
  static std::string meeting(const json::value& m, const std::string& rest = "") {
    return "/api/v1/meetings/" + std::to_string(m.at("id").as_int64()) + rest;
  }
  static json::array actions(const json::value& record) {
    return record.at("allowed_actions").as_array();
  }
};

TEST_P(AccessWork, TeacherCannotHandAccessToAnotherSchool) {
  auto admin = signed_in(kDistrictAdmin);
  auto teacher = signed_in(kHighTeacher);
  const auto riverside = school_id("Riverside High");
  const auto student = student_at(teacher, riverside);  // on the teacher's class roster
  const auto other_school = user_id(admin, kMiddleTeacher);
  const auto colleagues = directory(teacher);
  ASSERT_FALSE(colleagues.empty());
  ASSERT_EQ(std::count(colleagues.begin(), colleagues.end(), other_school), 0)
      << "teacher1.crm is not in teacher1.rhs's staff directory";

  const auto before = written();
  auto refused = assign(teacher, student, other_school, "Watch the bus stop");
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_TRUE(refused.json().at("error").at("fields").as_object().contains("assignee_id"));
  EXPECT_EQ(written(), before);
  EXPECT_EQ(count("SELECT count(*) FROM student_access_grants WHERE user_id = " +
                  std::to_string(other_school) + " AND student_id = " + std::to_string(student)),
            0);
  EXPECT_EQ(signed_in(kMiddleTeacher).get(profile(student)).status, 404);

  // A colleague of the same school is in the directory: the task gives them the student.
  const auto colleague = new_teacher(admin, "Riverside High");
  auto colleague_client = signed_in(colleague.email);
  ASSERT_EQ(colleague_client.get(profile(student)).status, 404);
  const auto id = assigned(teacher, student, colleague.id, "Walk them to the bus");
  EXPECT_EQ(colleague_client.get(profile(student)).status, 200);
  EXPECT_EQ(colleague_client.get(task(id)).status, 200);
}

TEST_P(AccessWork, ReassignedTaskEndsTheOldAssigneesAccess) {
  auto admin = signed_in(kDistrictAdmin);
  const auto student = student_at(admin, school_id("Maple Grove Elementary"));
  const auto first = new_teacher(admin, "Riverside High");
  const auto second = new_teacher(admin, "Riverside High");
  auto first_client = signed_in(first.email);
  const auto id = assigned(admin, student, first.id, "Check the reading log");
  ASSERT_EQ(first_client.get(profile(student)).status, 200);

  auto handed = admin.patch(task(id), {{"assignee_id", second.id}});
  ASSERT_EQ(handed.status, 200) << handed.body;
  EXPECT_EQ(first_client.get(profile(student)).status, 404);
  EXPECT_EQ(first_client.get(task(id)).status, 404);
  EXPECT_EQ(first_client.patch(task(id), {{"status", "completed"}}).status, 404);
  EXPECT_EQ(grants("task_assignee", id, " AND user_id = " + std::to_string(first.id)), 0);
  EXPECT_EQ(signed_in(second.email).get(profile(student)).status, 200);

  // A completed task handed on gives the new assignee no more than the grace period left.
  ASSERT_EQ(admin.patch(task(id), {{"status", "completed"}}).status, 200);
  const auto third = new_teacher(admin, "Riverside High");
  ASSERT_EQ(admin.patch(task(id), {{"assignee_id", third.id}}).status, 200);
  EXPECT_EQ(grants("task_assignee", id,
                   " AND user_id = " + std::to_string(third.id) + " AND ends_at IS NOT NULL"),
            1);
}

TEST_P(AccessWork, CompletedTaskKeepsAccessForTheGracePeriod) {
  auto admin = signed_in(kDistrictAdmin);
  const auto student = student_at(admin, school_id("Maple Grove Elementary"));
  const auto teacher = new_teacher(admin, "Cedar Ridge Middle");
  auto assignee = signed_in(teacher.email);
  const auto id = assigned(admin, student, teacher.id, "Call the family");
  EXPECT_EQ(grants("task_assignee", id, " AND ends_at IS NULL"), 1);

  auto completed = assignee.patch(task(id), {{"status", "completed"}});
  ASSERT_EQ(completed.status, 200) << completed.body;
  EXPECT_EQ(assignee.get(profile(student)).status, 200);
  const std::int64_t thirty_days = 30LL * 24 * 3600 * 1'000'000;
  EXPECT_EQ(count("SELECT count(*) FROM student_access_grants g JOIN tasks t ON t.id = "
                  "g.source_id WHERE g.reason = 'task_assignee' AND g.source_id = " +
                  std::to_string(id) + " AND g.ends_at = t.completed_at + " +
                  std::to_string(thirty_days)),
            1);

  // The grace period over, the student is out of sight again.
  execute(
      "UPDATE student_access_grants SET ends_at = 1 WHERE reason IN ('task_assignee', "
      "'task_creator') AND source_id = " +
      std::to_string(id));
  EXPECT_EQ(assignee.get(profile(student)).status, 404);
  EXPECT_EQ(assignee.get(task(id)).status, 404);

  // Reopened, the task gives it for as long as it is open.
  ASSERT_EQ(admin.patch(task(id), {{"status", "open"}}).status, 200);
  EXPECT_EQ(grants("task_assignee", id, " AND ends_at IS NULL"), 1);
  EXPECT_EQ(assignee.get(profile(student)).status, 200);
}

TEST_P(AccessWork, RemovedAttendeeLosesAccess) {
  auto admin = signed_in(kDistrictAdmin);
  const auto student = student_at(admin, school_id("Maple Grove Elementary"));
  const auto attendee = new_teacher(admin, "Riverside High");
  auto attendee_client = signed_in(attendee.email);
  const auto m = schedule(admin, {student}, {attendee.id});
  ASSERT_EQ(attendee_client.get(profile(student)).status, 200);

  // A meeting's grants last until 30 days after it ends, and move when it is rescheduled.
  const std::int64_t thirty_days = 30LL * 24 * 3600 * 1'000'000;
  const auto ends_with_meeting = [&] {
    return count(
        "SELECT count(*) FROM student_access_grants g JOIN meetings m ON m.id = "
        "g.source_id WHERE g.reason = 'meeting_attendee' AND g.source_id = " +
        std::to_string(m.at("id").as_int64()) + " AND g.ends_at = m.ends_at + " +
        std::to_string(thirty_days));
  };
  EXPECT_EQ(ends_with_meeting(), 2);  // the organizer and the attendee
  auto moved = admin.patch(
      meeting(m), {{"starts_at", "2031-06-03T15:00:00Z"}, {"ends_at", "2031-06-03T17:00:00Z"}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(ends_with_meeting(), 2);

  auto removed = admin.patch(meeting(m), {{"attendee_ids", json::array{}}});
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_EQ(attendee_client.get(profile(student)).status, 404);
  EXPECT_EQ(attendee_client.get(meeting(m)).status, 404);
  EXPECT_EQ(grants("meeting_attendee", m.at("id").as_int64(),
                   " AND user_id = " + std::to_string(attendee.id)),
            0);
}

TEST_P(AccessWork, CancelledMeetingEndsAttendeesAccess) {
  auto admin = signed_in(kDistrictAdmin);
  const auto elementary = school_id("Maple Grove Elementary");
  const auto first = student_at(admin, elementary, 0);
  const auto second = student_at(admin, elementary, 1);
  const auto attendee = new_teacher(admin, "Riverside High");
  auto attendee_client = signed_in(attendee.email);
  const auto m = schedule(admin, {first, second}, {attendee.id});
  ASSERT_EQ(attendee_client.get(profile(first)).status, 200);
  ASSERT_EQ(attendee_client.get(profile(second)).status, 200);

  auto cancelled = admin.patch(meeting(m), {{"status", "cancelled"}});
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(grants("meeting_attendee", m.at("id").as_int64()), 0);
  EXPECT_EQ(attendee_client.get(profile(first)).status, 404);
  EXPECT_EQ(attendee_client.get(profile(second)).status, 404);
  // They still see the meeting they were invited to, but none of its students.
  auto seen = attendee_client.get(meeting(m));
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_TRUE(seen.json().at("students").as_array().empty());
}

TEST_P(AccessWork, MeetingAddsAskThePolicyPerStudent) {
  auto admin = signed_in(kDistrictAdmin);
  auto counselor = signed_in(kMiddleCounselor);
  const auto middle = school_id("Cedar Ridge Middle");
  const auto own = student_at(counselor, middle, 0);
  const auto also_own = student_at(counselor, middle, 1);
  const auto third_own = student_at(counselor, middle, 2);
  const auto unseen = student_at(admin, school_id("Maple Grove Elementary"));
  ASSERT_EQ(counselor.get(profile(unseen)).status, 404);

  // Scheduling with one unseen student among several: 404, no meeting.
  auto before = written();
  auto refused =
      counselor.post("/api/v1/meetings", {{"title", "Attendance"},
                                          {"starts_at", "2031-05-07T15:00:00Z"},
                                          {"ends_at", "2031-05-07T16:00:00Z"},
                                          {"student_ids", json::array{own, unseen, also_own}}});
  EXPECT_EQ(refused.status, 404) << refused.body;
  EXPECT_EQ(written(), before);

  // Adding to a meeting the same way: 404, none of them added.
  const auto m = schedule(counselor, {own}, {});
  before = written();
  auto added =
      counselor.post(meeting(m, "/students"), {{"student_ids", json::array{also_own, unseen}}});
  EXPECT_EQ(added.status, 404) << added.body;
  EXPECT_EQ(written(), before);
  EXPECT_EQ(counselor.get(meeting(m)).json().at("students").as_array().size(), 1u);

  // Attendees come from the caller's staff directory: a teacher of another school is 422.
  const auto other_school = user_id(admin, kHighTeacher);
  auto invited = counselor.patch(meeting(m), {{"attendee_ids", json::array{other_school}}});
  ASSERT_EQ(invited.status, 422) << invited.body;
  EXPECT_TRUE(invited.json().at("error").at("fields").as_object().contains("attendee_ids"));
  EXPECT_EQ(written(), before);

  // All seen and allowed: every one is added.
  auto allowed =
      counselor.post(meeting(m, "/students"), {{"student_ids", json::array{also_own, third_own}}});
  ASSERT_EQ(allowed.status, 200) << allowed.body;
  EXPECT_EQ(allowed.json().at("students").as_array().size(), 3u);
}

TEST_P(AccessWork, OnlyCreatorAssigneeOrSupportStaffChangeATask) {
  auto admin = signed_in(kDistrictAdmin);
  auto teacher = signed_in(kHighTeacher);
  const auto student = student_at(teacher, school_id("Riverside High"));
  const auto assignee = new_teacher(admin, "Riverside High");
  const auto id = assigned(admin, student, assignee.id, "Meet the family");

  // The class teacher sees the task (and its student) but neither made it nor does it.
  auto seen = teacher.get(task(id));
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_TRUE(actions(seen.json()).empty());
  const auto before = written();
  auto retitled = teacher.patch(task(id), {{"title", "Something else"}});
  EXPECT_EQ(retitled.status, 403) << retitled.body;
  EXPECT_EQ(teacher.patch(task(id), {{"status", "completed"}}).status, 403);
  EXPECT_EQ(teacher.post(task(id, "/notes"), {{"body", "Noted"}}).status, 403);
  EXPECT_EQ(written(), before);
  const auto unchanged = admin.get(task(id)).json();
  EXPECT_EQ(unchanged.at("title").as_string(), "Meet the family");
  EXPECT_EQ(unchanged.at("status").as_string(), "open");

  // The assignee and the district's administrators may do both.
  const json::array both{"task.edit", "task.complete"};
  EXPECT_EQ(actions(signed_in(assignee.email).get(task(id)).json()), both);
  EXPECT_EQ(actions(unchanged), both);
  auto listed = admin.get("/api/v1/tasks?status=all&student_id=" + std::to_string(student));
  ASSERT_EQ(listed.status, 200) << listed.body;
  const auto listed_body = listed.json();  // named: the array lives inside it
  for (const auto& item : listed_body.at("items").as_array()) {
    EXPECT_EQ(actions(item), both);
  }
  EXPECT_EQ(signed_in(assignee.email).patch(task(id), {{"title", "Meet the parents"}}).status, 200);
}

TEST_P(AccessWork, TaskAndMeetingReadsAreInTheAccessLog) {
  auto admin = signed_in(kDistrictAdmin);
  const auto elementary = school_id("Maple Grove Elementary");
  const auto first = student_at(admin, elementary, 0);
  const auto second = student_at(admin, elementary, 1);
  const auto teacher = new_teacher(admin, "Maple Grove Elementary");
  const auto id = assigned(admin, first, teacher.id, "Reading check");
  auto reader = signed_in(kElementaryPrincipal);
  const auto by = user_id(admin, kElementaryPrincipal);

  const auto task_what = "task " + std::to_string(id);
  EXPECT_EQ(reader.get(task(id)).status, 200);
  EXPECT_EQ(reads(by, first, task_what), 1);
  EXPECT_EQ(reader.get(task(id, "/notes")).status, 200);
  EXPECT_EQ(reads(by, first, task_what + " notes"), 1);

  const auto m = schedule(admin, {first, second}, {});
  const auto meeting_what = "meeting " + std::to_string(m.at("id").as_int64());
  auto shown = reader.get(meeting(m));
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_TRUE(actions(shown.json()).empty()) << "a principal who is not attending runs nothing";
  EXPECT_EQ(actions(admin.get(meeting(m)).json()), json::array{"meeting.run"});
  for (const auto student : {first, second}) EXPECT_EQ(reads(by, student, meeting_what), 1);
  EXPECT_EQ(reader.get(meeting(m, "/notes")).status, 200);
  EXPECT_EQ(reader.get(meeting(m) + ".ics").status, 200);
  for (const auto student : {first, second}) {
    EXPECT_EQ(reads(by, student, meeting_what + " notes"), 1);
    EXPECT_EQ(reads(by, student, meeting_what + " calendar"), 1);
  }

  // Lists show summary fields only (no description), so they write no entry.
  const auto logged = count("SELECT count(*) FROM student_access_log");
  auto tasks = reader.get("/api/v1/tasks?status=all&student_id=" + std::to_string(first));
  ASSERT_EQ(tasks.status, 200) << tasks.body;
  const auto tasks_body = tasks.json();
  ASSERT_FALSE(tasks_body.at("items").as_array().empty());
  for (const auto& item : tasks_body.at("items").as_array()) {
    EXPECT_FALSE(item.as_object().contains("description"));
    EXPECT_TRUE(item.as_object().contains("allowed_actions"));
  }
  EXPECT_EQ(reader.get("/api/v1/tasks/mine").status, 200);
  auto meetings = reader.get("/api/v1/meetings?student_id=" + std::to_string(first));
  ASSERT_EQ(meetings.status, 200) << meetings.body;
  const auto meetings_body = meetings.json();
  for (const auto& item : meetings_body.at("items").as_array()) {
    EXPECT_TRUE(item.as_object().contains("allowed_actions"));
  }
  EXPECT_EQ(count("SELECT count(*) FROM student_access_log"), logged);
}

INSTANTIATE_TEST_SUITE_P(Databases, AccessWork, ::testing::ValuesIn(test_database_kinds()),
                         DatabaseKindName());

}  // namespace
}  // namespace trellis::testing
