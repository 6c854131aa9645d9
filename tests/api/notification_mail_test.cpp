// Notification e-mail through a real SMTP server (aiosmtpd on loopback, tests/smtp/), on SQLite
// and PostgreSQL: each kind (tasks, cases, meetings, roster imports, the morning run's tasks due
// and reviews, the digest) to the right person with the right link and no student's name, or
// the first name and last initial when the district allows it;
// meeting invitations whose calendar part a calendar parser reads back; a rolled-back action
// sends nothing; a mail server down for a while, and a restart in between, lose nothing and
// send each message once; two servers on one PostgreSQL send each message once.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include "store/database.hpp"
#include "support/api_fixture.hpp"
#include "support/calendar_parser.hpp"
#include "support/oneroster_fixtures.hpp"
#include "support/sample_records.hpp"
#include "support/server_process.hpp"
#include "support/smtp_server.hpp"
#include "support/test_databases.hpp"
#include "util/time.hpp"

namespace trellis::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kPublicUrl = "https://trellis.district.test";

class NotificationMail : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_url_ = fresh_database_url(GetParam());
    server_ = start_server();
    admin_ = std::make_unique<HttpClient>(signed_in(kDistrictAdmin));
  }

  std::unique_ptr<ServerProcess> start_server() {
    return std::make_unique<ServerProcess>(
        db_url_, std::vector<std::string>{"--demo-roster", "--smtp-url", smtp_.url(), "--mail-from",
                                          "trellis@district.test", "--public-url", kPublicUrl,
                                          "--mail-retry-seconds", "1"});
  }
  HttpClient signed_in(const std::string& email) {
    HttpClient c(server_->port());
    EXPECT_EQ(c.sign_in(email, kDemoPassword).status, 200);
    return c;
  }
  std::int64_t user_id(const std::string& email) {
    return count("SELECT id FROM users WHERE lower(email) = lower('" + email + "')");
  }
  std::int64_t count(const std::string& sql) {
    auto db = store::open_database(db_url_);
    std::int64_t n = 0;
    db->read([&](store::Connection& conn) { n = conn.one(sql)[0].as_int(); });
    return n;
  }
  std::int64_t student(const std::string& family_name) {
    auto db = store::open_database(db_url_);
    std::int64_t id = 0;
    db->write([&](store::Connection& conn) {
      const auto school =
          conn.one("SELECT id FROM schools WHERE name = 'Cedar Ridge Middle'")[0].as_int();
      id = conn.one(
                   "INSERT INTO students (school_id, given_name, family_name, grade, created_at, "
                   "updated_at) VALUES ($1, 'Xiomara', $2, '07', 1, 1) RETURNING id",
                   school, family_name)[0]
               .as_int();
    });
    return id;
  }
  std::int64_t assign_task(HttpClient& by, std::int64_t student_id, const std::string& to,
                           const std::string& title) {
    auto created =
        by.post("/api/v1/tasks",
                {{"student_id", student_id}, {"assignee_id", user_id(to)}, {"title", title}});
    EXPECT_EQ(created.status, 201) << created.body;
    return created.json().at("id").as_int64();
  }
  // The server's morning run at `at`, as the operator's command runs it.
  void morning_run(const std::string& at) {
    const auto ran =
        run_trellis({"send-digests", "--db", db_url_, "--at", at, "--time-zone", "America/Chicago",
                     "--mail-from", "trellis@district.test", "--public-url", kPublicUrl});
    EXPECT_EQ(ran.status, 0) << ran.output;
  }
  void choose(const std::string& email, const json::object& preferences) {
    auto person = signed_in(email);
    auto chosen =
        person.put("/api/v1/notifications/preferences", json::object{{"preferences", preferences}});
    EXPECT_EQ(chosen.status, 200) << chosen.body;
  }
  // No more messages arrive than `expected` within a moment: nothing is sent twice.
  void expect_exactly(std::size_t expected) {
    std::this_thread::sleep_for(2500ms);
    EXPECT_EQ(smtp_.messages().size(), expected);
  }

  SmtpServer smtp_;
  std::string db_url_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> admin_;
};

TEST_P(NotificationMail, ATaskAssignedIsMailedToTheAssigneeWithALinkAndNoStudentName) {
  const auto student_id = student("Quetzalcoatl");
  const auto task = assign_task(*admin_, student_id, kMiddleCounselor, "Call home this week");
  const auto mail = smtp_.wait_for(1);
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].recipients, std::vector<std::string>{kMiddleCounselor});
  EXPECT_NE(mail[0].header("From").find("<trellis@district.test>"), std::string::npos);
  EXPECT_NE(mail[0].header("To").find(kMiddleCounselor), std::string::npos);
  EXPECT_EQ(mail[0].header("Subject"), "Task for you: Call home this week");
  EXPECT_TRUE(mail[0].header("Message-ID").starts_with("<notification-"));
  EXPECT_TRUE(mail[0].header("Message-ID").ends_with("@district.test>"));
  EXPECT_NE(mail[0].header("Content-Type").find("multipart/alternative"), std::string::npos);
  const auto text = mail[0].part("text/plain");
  EXPECT_NE(text.find(std::string(kPublicUrl) + "/tasks/" + std::to_string(task)),
            std::string::npos)
      << text;
  EXPECT_NE(mail[0].part("text/html").find("/tasks/" + std::to_string(task)), std::string::npos);
  // Under the default setting no e-mail holds the student's name, in any part.
  for (const auto& content : {mail[0].raw, text, mail[0].part("text/html")}) {
    EXPECT_EQ(content.find("Quetzalcoatl"), std::string::npos);
    EXPECT_EQ(content.find("Xiomara"), std::string::npos);
  }
  expect_exactly(1);  // the assigner is not mailed
}

TEST_P(NotificationMail, MeetingMailCarriesAnEventThatACalendarParserReadsBack) {
  auto scheduled = admin_->post("/api/v1/meetings", {{"title", "Transition planning"},
                                                     {"starts_at", "2031-03-04T15:00:00Z"},
                                                     {"ends_at", "2031-03-04T16:00:00Z"},
                                                     {"location", "Room 12"},
                                                     {"attendee_ids", {user_id(kMiddleCounselor)}},
                                                     {"student_ids", json::array{}}});
  ASSERT_EQ(scheduled.status, 201) << scheduled.body;
  const auto id = scheduled.json().at("id").as_int64();
  auto invitation = smtp_.wait_for(1);
  ASSERT_EQ(invitation.size(), 1u);
  EXPECT_EQ(invitation[0].header("Subject"), "Invitation: Transition planning");
  auto event = parse_calendar(invitation[0].part("text/calendar"));
  EXPECT_EQ(event["METHOD"], "REQUEST");
  EXPECT_EQ(event["UID"], "meeting-" + std::to_string(id) + "@trellis");
  EXPECT_EQ(event["SEQUENCE"], "0");
  EXPECT_EQ(event["DTSTART"], "20310304T150000Z");
  EXPECT_EQ(event["ATTENDEES"], "2");

  const auto path = "/api/v1/meetings/" + std::to_string(id);
  ASSERT_EQ(admin_
                ->patch(path, {{"starts_at", "2031-03-05T15:00:00Z"},
                               {"ends_at", "2031-03-05T16:00:00Z"}})
                .status,
            200);
  auto moved = smtp_.wait_for(2);
  ASSERT_EQ(moved.size(), 2u);
  EXPECT_EQ(moved[1].header("Subject"), "Moved: Transition planning");
  event = parse_calendar(moved[1].part("text/calendar"));
  EXPECT_EQ(event["METHOD"], "REQUEST");
  EXPECT_EQ(event["SEQUENCE"], "1");  // higher: calendars replace their copy
  EXPECT_EQ(event["DTSTART"], "20310305T150000Z");

  ASSERT_EQ(admin_->patch(path, {{"status", "cancelled"}}).status, 200);
  auto cancelled = smtp_.wait_for(3);
  ASSERT_EQ(cancelled.size(), 3u);
  event = parse_calendar(cancelled[2].part("text/calendar"));
  EXPECT_EQ(event["METHOD"], "CANCEL");
  EXPECT_EQ(event["STATUS"], "CANCELLED");
  EXPECT_EQ(event["SEQUENCE"], "2");
  for (const auto& mail : cancelled) {
    EXPECT_EQ(mail.recipients, std::vector<std::string>{kMiddleCounselor});
  }
}

TEST_P(NotificationMail, ACaseManagerIsMailed) {
  auto put = admin_->put("/api/v1/admin/case-management",
                         json::object{{"enabled", true}, {"open_case_on", {"task_assigned"}}});
  ASSERT_EQ(put.status, 200) << put.body;
  const auto student_id = student("Casey");
  assign_task(*admin_, student_id, kDistrictAdmin, "Opens the case");
  const auto case_id =
      count("SELECT id FROM cases WHERE student_id = " + std::to_string(student_id));
  ASSERT_EQ(admin_
                ->patch("/api/v1/cases/" + std::to_string(case_id),
                        {{"manager_id", user_id(kMiddleCounselor)}})
                .status,
            200);
  const auto mail = smtp_.wait_for(1);
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].header("Subject"), "You manage Case " + std::to_string(case_id));
  EXPECT_NE(mail[0].part("text/plain").find("/cases/" + std::to_string(case_id)),
            std::string::npos);
}

TEST_P(NotificationMail, ARolledBackActionSendsNothing) {
  auto refused = admin_->post("/api/v1/meetings", {{"title", "Never"},
                                                   {"starts_at", "2031-03-04T15:00:00Z"},
                                                   {"ends_at", "2031-03-04T16:00:00Z"},
                                                   {"attendee_ids", {user_id(kMiddleCounselor)}},
                                                   {"student_ids", {999999999}}});
  EXPECT_EQ(refused.status, 404) << refused.body;
  expect_exactly(0);
  EXPECT_EQ(count("SELECT count(*) FROM mail_outbox"), 0);
}

TEST_P(NotificationMail, AMailServerDownForAWhileThenBackGetsEachMessageOnce) {
  smtp_.stop();
  const auto student_id = student("Down");
  assign_task(*admin_, student_id, kMiddleCounselor, "While the mail server is down");
  // Tried and failed at least once, kept for later.
  for (int i = 0; i < 100 && count("SELECT coalesce(max(attempts), 0) FROM mail_outbox") == 0;
       ++i) {
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_GE(count("SELECT max(attempts) FROM mail_outbox"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL"), 1);
  smtp_.start();
  ASSERT_EQ(smtp_.wait_for(1).size(), 1u);
  expect_exactly(1);
  EXPECT_EQ(count("SELECT count(*) FROM mail_outbox WHERE sent_at IS NOT NULL"), 1);
}

TEST_P(NotificationMail, NothingIsLostWhenTrellisRestartsWhileTheMailServerIsDown) {
  smtp_.stop();
  const auto student_id = student("Restart");
  assign_task(*admin_, student_id, kMiddleCounselor, "Before the restart");
  assign_task(*admin_, student_id, kMiddleTeacher, "Also before the restart");
  EXPECT_EQ(server_->stop(), 0);
  server_ = start_server();
  smtp_.start();
  const auto mail = smtp_.wait_for(2);
  ASSERT_EQ(mail.size(), 2u);
  expect_exactly(2);
  std::set<std::string> ids{mail[0].header("Message-ID"), mail[1].header("Message-ID")};
  EXPECT_EQ(ids.size(), 2u);
}

TEST_P(NotificationMail, NamesOutsideAsciiAreEncodedInTheHeaders) {
  auto created = admin_->post(
      "/api/v1/users",
      {{"email", "zoe.nunez@demo.trellis.test"},
       {"given_name", "Zoë"},
       {"family_name", "Núñez"},
       {"roles", json::array{json::object{{"role", "district_admin"}, {"school_id", nullptr}}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto student_id = student("Encoded");
  assign_task(*admin_, student_id, "zoe.nunez@demo.trellis.test", "Réunion avec la famille");
  const auto mail = smtp_.wait_for(1);
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_TRUE(mail[0].header("To").starts_with("=?UTF-8?B?")) << mail[0].header("To");
  EXPECT_TRUE(mail[0].header("Subject").starts_with("=?UTF-8?B?")) << mail[0].header("Subject");
  EXPECT_NE(mail[0].part("text/plain").find("Réunion avec la famille"), std::string::npos);
}

TEST_P(NotificationMail, InTheAppOnlyMeansNoEmail) {
  auto counselor = signed_in(kMiddleCounselor);
  ASSERT_EQ(counselor
                .put("/api/v1/notifications/preferences",
                     json::object{{"preferences", json::object{{"task_assigned", "app"}}}})
                .status,
            200);
  const auto student_id = student("AppOnly");
  assign_task(*admin_, student_id, kMiddleCounselor, "Only in the app");
  assign_task(*admin_, student_id, kMiddleTeacher, "By e-mail too");
  const auto mail = smtp_.wait_for(1);
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].recipients, std::vector<std::string>{kMiddleTeacher});
  expect_exactly(1);
  EXPECT_EQ(count("SELECT count(*) FROM notifications WHERE kind = 'task_assigned'"), 2);
}

TEST_P(NotificationMail, TheDigestMailsWhatWaitedInOneMessageTheNextMorning) {
  choose(kMiddleCounselor, {{"task_assigned", "digest"}});
  const auto student_id = student("Digestive");
  const auto first = assign_task(*admin_, student_id, kMiddleCounselor, "First for the digest");
  const auto second = assign_task(*admin_, student_id, kMiddleCounselor, "Second for the digest");
  const auto seen = assign_task(*admin_, student_id, kMiddleCounselor, "Read in the app");
  expect_exactly(0);  // shown in the app, not mailed now
  auto counselor = signed_in(kMiddleCounselor);
  const auto listed = counselor.get("/api/v1/notifications?limit=100").json();
  for (const auto& item : listed.at("items").as_array()) {
    if (item.at("link").as_string() == "/tasks/" + std::to_string(seen)) {
      const auto read_path =
          "/api/v1/notifications/" + std::to_string(item.at("id").as_int64()) + "/read";
      ASSERT_EQ(counselor.request("POST", read_path).status, 204);
    }
  }

  // Today's morning digest time has passed: what arrived since waits for tomorrow's.
  morning_run(util::format_rfc3339(util::now_micros()));
  expect_exactly(0);
  // The next morning (07:30 in Chicago, 2031): one message with both unread, not the read one.
  morning_run("2031-05-06T12:30:00Z");
  auto mail = smtp_.wait_for(1);
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].recipients, std::vector<std::string>{kMiddleCounselor});
  EXPECT_EQ(mail[0].header("Subject"), "Your Trellis digest: 2 notifications");
  EXPECT_TRUE(mail[0].header("Message-ID").starts_with("<digest-"));
  const auto text = mail[0].part("text/plain");
  for (const auto task : {first, second}) {
    EXPECT_NE(text.find(std::string(kPublicUrl) + "/tasks/" + std::to_string(task)),
              std::string::npos)
        << text;
  }
  EXPECT_EQ(text.find("/tasks/" + std::to_string(seen)), std::string::npos) << text;
  EXPECT_NE(text.find("First for the digest"), std::string::npos);
  EXPECT_NE(mail[0].part("text/html").find("Second for the digest"), std::string::npos);
  for (const auto& content : {mail[0].raw, text, mail[0].part("text/html")}) {
    EXPECT_EQ(content.find("Digestive"), std::string::npos);
  }
  // Once a day: the same morning again sends nothing, though a new one waits.
  const auto later = assign_task(*admin_, student_id, kMiddleCounselor, "Third for the digest");
  morning_run("2031-05-06T14:30:00Z");
  expect_exactly(1);
  morning_run("2031-05-07T12:30:00Z");
  mail = smtp_.wait_for(2);
  ASSERT_EQ(mail.size(), 2u);
  EXPECT_EQ(mail[1].header("Subject"), "Your Trellis digest: 1 notification");
  EXPECT_NE(mail[1].part("text/plain").find("/tasks/" + std::to_string(later)), std::string::npos);
  morning_run("2031-05-08T12:30:00Z");
  expect_exactly(2);
  EXPECT_EQ(count("SELECT count(*) FROM digest_mails"), 2);
}

TEST_P(NotificationMail, TheDistrictMayAllowTheStudentsFirstNameAndLastInitial) {
  ASSERT_EQ(admin_
                ->put("/api/v1/admin/notification-defaults",
                      json::object{{"student_names_in_email", "first_name_last_initial"}})
                .status,
            200);
  const auto student_id = student("Quetzalcoatl");
  assign_task(*admin_, student_id, kMiddleCounselor, "Call home");
  auto mail = smtp_.wait_for(1);
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].header("Subject"), "Task for you: Call home (Xiomara Q.)");
  const auto text = mail[0].part("text/plain");
  EXPECT_NE(text.find("\"Call home (Xiomara Q.)\""), std::string::npos) << text;
  EXPECT_NE(text.find("first name and last initial"), std::string::npos) << text;
  for (const auto& content : {mail[0].raw, text, mail[0].part("text/html")}) {
    EXPECT_EQ(content.find("Quetzalcoatl"), std::string::npos);
  }

  // Only to someone who may see the student's record when the mail is written: a teacher
  // whose task was handed on before the morning digest gets the task's title alone.
  choose(kMiddleTeacher, {{"task_assigned", "digest"}});
  const auto task = assign_task(*admin_, student_id, kMiddleTeacher, "Handed on");
  ASSERT_EQ(admin_
                ->patch("/api/v1/tasks/" + std::to_string(task),
                        {{"assignee_id", user_id(kMiddleCounselor)}})
                .status,
            200);
  mail = smtp_.wait_for(2);  // the counselor's, at once
  ASSERT_EQ(mail.size(), 2u);
  EXPECT_EQ(mail[1].header("Subject"), "Task for you: Handed on (Xiomara Q.)");
  morning_run("2031-05-06T12:30:00Z");
  mail = smtp_.wait_for(3);
  ASSERT_EQ(mail.size(), 3u);
  EXPECT_EQ(mail[2].recipients, std::vector<std::string>{kMiddleTeacher});
  const auto digest = mail[2].part("text/plain");
  EXPECT_NE(digest.find("\"Handed on\""), std::string::npos) << digest;
  EXPECT_EQ(digest.find("Xiomara"), std::string::npos) << digest;
  EXPECT_NE(digest.find("holds no student's name"), std::string::npos) << digest;
}

TEST_P(NotificationMail, TheMorningRunMailsTasksDueAndAReviewComingDue) {
  const auto student_id = student("Mornington");
  auto due = admin_->post("/api/v1/tasks", {{"student_id", student_id},
                                            {"assignee_id", user_id(kMiddleCounselor)},
                                            {"title", "Due on the seventh"},
                                            {"due_date", "2031-05-07"}});
  ASSERT_EQ(due.status, 201) << due.body;
  ASSERT_EQ(smtp_.wait_for(1).size(), 1u);  // the assignment itself
  // The counselor's own plan, whose review (the goal's target date) is on 10 May.
  auto counselor = signed_in(kMiddleCounselor);
  auto plan_body = samples::plan_body(student_id);
  plan_body["goal"].as_object()["target_date"] = "2031-05-10";
  auto plan = counselor.post("/api/v1/plans", plan_body);
  ASSERT_EQ(plan.status, 201) << plan.body;
  const auto plan_id = plan.json().at("id").as_int64();

  morning_run("2031-05-06T12:30:00Z");  // 07:30 in Chicago
  const auto mail = smtp_.wait_for(3);
  ASSERT_EQ(mail.size(), 3u);
  std::map<std::string, std::string> texts;  // subject -> text
  for (std::size_t i = 1; i < mail.size(); ++i) {
    EXPECT_EQ(mail[i].recipients, std::vector<std::string>{kMiddleCounselor});
    texts[mail[i].header("Subject")] = mail[i].part("text/plain");
  }
  ASSERT_TRUE(texts.contains("Your tasks: 1 task due tomorrow")) << texts.begin()->first;
  EXPECT_NE(texts["Your tasks: 1 task due tomorrow"].find(std::string(kPublicUrl) + "/tasks"),
            std::string::npos);
  const auto review = "Review coming: Reading plan, review due 2031-05-10";
  ASSERT_TRUE(texts.contains(review));
  EXPECT_NE(texts[review].find(std::string(kPublicUrl) + "/plans/" + std::to_string(plan_id)),
            std::string::npos);
  for (const auto& one : mail) EXPECT_EQ(one.raw.find("Mornington"), std::string::npos);
  morning_run("2031-05-06T13:30:00Z");  // once a day, once a plan and date
  expect_exactly(3);
}

TEST_P(NotificationMail, ARosterImportMailsTheAdministratorWhoStartedIt) {
  const auto zip = [](const char* name) {
    std::ifstream in(oneroster_fixture(name), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const auto import = [&](const std::string& target, const char* name) {
    auto started =
        admin_->request("POST", target, zip(name), {{"Content-Type", "application/zip"}});
    EXPECT_EQ(started.status, 202) << started.body;
    return started.json().at("id").as_int64();
  };
  const auto finished = import("/api/v1/admin/imports/oneroster", "Test_full_data_set.zip");
  auto mail = smtp_.wait_for(1, 60s);
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].recipients, std::vector<std::string>{kDistrictAdmin});
  EXPECT_EQ(mail[0].header("Subject"), "Finished: Roster import " + std::to_string(finished));
  EXPECT_NE(mail[0]
                .part("text/plain")
                .find(std::string(kPublicUrl) + "/admin/imports/" + std::to_string(finished)),
            std::string::npos);
  // A flawed export in strict mode fails whole.
  const auto failed =
      import("/api/v1/admin/imports/oneroster?mode=strict", "v1p2_full_dataset.zip");
  mail = smtp_.wait_for(2, 60s);
  ASSERT_EQ(mail.size(), 2u);
  EXPECT_EQ(mail[1].recipients, std::vector<std::string>{kDistrictAdmin});
  EXPECT_EQ(mail[1].header("Subject"), "Failed: Roster import " + std::to_string(failed));
  expect_exactly(2);
}

// Several servers share one database only on PostgreSQL.
class NotificationMailOnPostgres : public NotificationMail {};

TEST_P(NotificationMailOnPostgres, TwoServersOnOneDatabaseSendEachMessageOnce) {
  auto second = start_server();
  const auto student_id = student("Twice");
  for (int i = 0; i < 8; ++i) {
    assign_task(*admin_, student_id, i % 2 ? kMiddleCounselor : kMiddleTeacher,
                "Task " + std::to_string(i));
  }
  ASSERT_EQ(smtp_.wait_for(8).size(), 8u);
  expect_exactly(8);
  std::set<std::string> ids;
  for (const auto& mail : smtp_.messages()) ids.insert(mail.header("Message-ID"));
  EXPECT_EQ(ids.size(), 8u);
}

INSTANTIATE_TEST_SUITE_P(Databases, NotificationMail, ::testing::ValuesIn(test_database_kinds()),
                         DatabaseKindName());

std::vector<std::string> postgres_only() {
  std::vector<std::string> kinds;
  for (const auto& kind : test_database_kinds()) {
    if (kind == "postgres") kinds.push_back(kind);
  }
  return kinds;
}
INSTANTIATE_TEST_SUITE_P(Databases, NotificationMailOnPostgres,
                         ::testing::ValuesIn(postgres_only()), DatabaseKindName());
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(NotificationMailOnPostgres);

}  // namespace
}  // namespace trellis::testing
