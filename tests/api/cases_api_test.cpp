// The Case Management Dictionary, cases and the dashboard over HTTP, on SQLite and PostgreSQL.
// Trigger events come from tasks and meetings: see case_triggers_api_test.cpp.
#include <algorithm>
#include <boost/json.hpp>

#include "support/api_fixture.hpp"

namespace trellis::testing {
namespace {

namespace json = boost::json;

class CasesApi : public ApiTest {
 protected:
  // The first student of the middle school, whom the middle school's counselor sees.
  std::int64_t middle_school_student(HttpClient& c, int index = 0) {
    auto result = c.get("/api/v1/students?limit=" + std::to_string(index + 1) +
                        "&school_id=" + std::to_string(school_id("Cedar Ridge Middle")));
    EXPECT_EQ(result.status, 200) << result.body;
    return result.json().at("items").at(index).at("id").as_int64();
  }
  void turn_on(HttpClient& admin, json::array triggers) {
    auto result = admin.put("/api/v1/admin/case-management",
                            json::object{{"enabled", true}, {"open_case_on", triggers}});
    ASSERT_EQ(result.status, 200) << result.body;
  }
  // A student with no case yet, opened by hand; returns the case id.
  std::int64_t open_case(HttpClient& c, std::int64_t student_id) {
    auto result = c.post("/api/v1/cases", json::object{{"student_id", student_id}});
    EXPECT_EQ(result.status, 201) << result.body;
    return result.json().at("id").as_int64();
  }
  std::int64_t fresh_student(const std::string& school_name) {
    const auto school = school_id(school_name);
    execute(
        "INSERT INTO students (given_name, family_name, grade, school_id, created_at, "
        "updated_at) VALUES ('Fresh', '" +
        unique("Zed") + "', '07', " + std::to_string(school) + ", 1, 1)");
    return count("SELECT max(id) FROM students");
  }
};

TEST_P(CasesApi, DictionaryIsReadableByStaffAndChangedOnlyByDistrictAdministrators) {
  auto counselor = signed_in(kMiddleCounselor);
  auto settings = counselor.get("/api/v1/admin/case-management");
  ASSERT_EQ(settings.status, 200);
  EXPECT_EQ(settings.json().at("triggers").as_array().size(), 6u);
  auto refused = counselor.put("/api/v1/admin/case-management",
                               json::object{{"enabled", true}, {"open_case_on", json::array{}}});
  EXPECT_EQ(refused.status, 403);
  auto status =
      counselor.post("/api/v1/admin/dictionaries/case-statuses", json::object{{"name", "Nope"}});
  EXPECT_EQ(status.status, 403);
}

TEST_P(CasesApi, DictionaryChangeMakesAnAuditedVersion) {
  auto admin = signed_in(kDistrictAdmin);
  const auto versions = count("SELECT count(*) FROM dictionary_versions");
  turn_on(admin, {"task_assigned", "meeting_student_added"});
  auto settings = admin.get("/api/v1/admin/case-management").json();
  EXPECT_TRUE(settings.at("enabled").as_bool());
  EXPECT_EQ(settings.at("open_case_on").as_array().size(), 2u);
  EXPECT_EQ(count("SELECT count(*) FROM dictionary_versions"), versions + 1);
  auto history = admin.get("/api/v1/admin/case-management/versions?limit=1").json();
  EXPECT_EQ(history.at("items").at(0).at("open_case_on").as_array().size(), 2u);
  EXPECT_GE(count("SELECT count(*) FROM audit_log WHERE action = 'case_management.update'"), 1);
}

TEST_P(CasesApi, UnknownTriggerAndWrongTypesAreRefusedAndChangeNothing) {
  auto admin = signed_in(kDistrictAdmin);
  const auto versions = count("SELECT count(*) FROM dictionary_versions");
  auto unknown = admin.put("/api/v1/admin/case-management",
                           json::object{{"enabled", true}, {"open_case_on", {"coffee_drunk"}}});
  EXPECT_EQ(unknown.status, 422);
  EXPECT_TRUE(unknown.json().at("error").at("fields").as_object().contains("open_case_on"));
  auto wrong_type = admin.put("/api/v1/admin/case-management",
                              json::object{{"enabled", "yes"}, {"open_case_on", json::array{}}});
  EXPECT_EQ(wrong_type.status, 422);
  auto malformed = admin.request("PUT", "/api/v1/admin/case-management", "{\"enabled\":");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(count("SELECT count(*) FROM dictionary_versions"), versions);
}

TEST_P(CasesApi, StatusesAreRenamedAndRetiredButTheDefaultCannotBeRetired) {
  auto admin = signed_in(kDistrictAdmin);
  const auto name = unique("Active ");
  auto created = admin.post("/api/v1/admin/dictionaries/case-statuses",
                            json::object{{"name", name}, {"closed", false}, {"is_default", true}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = created.json().at("id").as_int64();
  const auto path = "/api/v1/admin/dictionaries/case-statuses/" + std::to_string(id);
  auto retire = admin.patch(path, json::object{{"retired", true}});
  EXPECT_EQ(retire.status, 422);
  EXPECT_TRUE(retire.json().at("error").at("fields").as_object().contains("retired"));
  auto duplicate =
      admin.post("/api/v1/admin/dictionaries/case-statuses", json::object{{"name", name}});
  EXPECT_EQ(duplicate.status, 422);
  // Hand the default back to the built-in Open, then retiring works and nothing is deleted.
  ASSERT_EQ(
      admin.patch("/api/v1/admin/dictionaries/case-statuses/1", json::object{{"is_default", true}})
          .status,
      200);
  auto renamed = admin.patch(path, json::object{{"name", name + " (old)"}, {"retired", true}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_TRUE(renamed.json().at("retired").as_bool());
  auto listed = admin.get("/api/v1/admin/dictionaries/case-statuses").json();
  bool found = false;
  for (const auto& item : listed.at("items").as_array()) found |= item.at("id").as_int64() == id;
  EXPECT_TRUE(found);
  EXPECT_EQ(admin.get("/api/v1/admin/dictionaries/moods").status, 404);
}

TEST_P(CasesApi, OpenByHandOnceThenConflict) {
  auto admin = signed_in(kDistrictAdmin);
  turn_on(admin, {});
  const auto student = fresh_student("Cedar Ridge Middle");
  auto counselor = signed_in(kMiddleCounselor);
  const auto case_id = open_case(counselor, student);
  auto again = counselor.post("/api/v1/cases", json::object{{"student_id", student}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.error_code(), "case_already_open");
  auto page = counselor.get("/api/v1/cases/" + std::to_string(case_id));
  ASSERT_EQ(page.status, 200);
  const auto body = page.json();
  EXPECT_EQ(body.at("opened_by").at("kind").as_string(), "manual");
  EXPECT_TRUE(body.at("why").at("rule").as_string().starts_with("Opened by hand "));
  // The opening answered the case page, and so did the GET: each is in the access log.
  EXPECT_EQ(count("SELECT count(*) FROM student_access_log WHERE student_id = " +
                  std::to_string(student) + " AND detail = 'case " + std::to_string(case_id) + "'"),
            2);
}

TEST_P(CasesApi, UnknownAndInvisibleStudentsAnswer404) {
  auto admin = signed_in(kDistrictAdmin);
  turn_on(admin, {});
  auto counselor = signed_in(kMiddleCounselor);
  EXPECT_EQ(counselor.post("/api/v1/cases", json::object{{"student_id", 99999999}}).status, 404);
  const auto elsewhere = fresh_student("Maple Grove Elementary");
  EXPECT_EQ(counselor.post("/api/v1/cases", json::object{{"student_id", elsewhere}}).status, 404);
  EXPECT_EQ(counselor.get("/api/v1/students/" + std::to_string(elsewhere) + "/timeline").status,
            404);
  const auto their_case = open_case(admin, elsewhere);
  EXPECT_EQ(counselor.get("/api/v1/cases/" + std::to_string(their_case)).status, 404);
  EXPECT_EQ(count("SELECT count(*) FROM cases WHERE student_id = " + std::to_string(elsewhere)), 1);
}

TEST_P(CasesApi, TeachersDoNotRunCases) {
  auto admin = signed_in(kDistrictAdmin);
  turn_on(admin, {});
  auto teacher = signed_in(kHighTeacher);
  const auto own_student = teacher.get("/api/v1/students?limit=1").json().at("items").at(0);
  auto refused =
      teacher.post("/api/v1/cases", json::object{{"student_id", own_student.at("id").as_int64()}});
  EXPECT_EQ(refused.status, 403);
}

TEST_P(CasesApi, CloseNeedsAClosedStatusAndAReasonThenReopens) {
  auto admin = signed_in(kDistrictAdmin);
  turn_on(admin, {});
  const auto student = fresh_student("Cedar Ridge Middle");
  auto counselor = signed_in(kMiddleCounselor);
  const auto case_id = open_case(counselor, student);
  const auto base = "/api/v1/cases/" + std::to_string(case_id);
  auto no_reason = counselor.post(base + "/close", json::object{{"status_id", 3}});
  EXPECT_EQ(no_reason.status, 422);
  EXPECT_TRUE(no_reason.json().at("error").at("fields").as_object().contains("reason_id"));
  auto open_status =
      counselor.post(base + "/close", json::object{{"status_id", 1}, {"reason_id", 4}});
  EXPECT_EQ(open_status.status, 422);
  EXPECT_EQ(count("SELECT count(*) FROM cases WHERE closed_at IS NULL AND id = " +
                  std::to_string(case_id)),
            1);
  auto closed = counselor.post(base + "/close",
                               json::object{{"status_id", 3}, {"reason_id", 4}, {"note", "met"}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_FALSE(closed.json().at("is_open").as_bool());
  EXPECT_EQ(closed.json().at("close_reason").at("name").as_string(), "Goals met");
  EXPECT_EQ(
      counselor.post(base + "/close", json::object{{"status_id", 3}, {"reason_id", 4}}).status,
      409);
  auto reopened = counselor.request("POST", base + "/reopen");
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_TRUE(reopened.json().at("is_open").as_bool());
  auto timeline = counselor.get("/api/v1/students/" + std::to_string(student) + "/timeline").json();
  EXPECT_EQ(timeline.at("items").at(0).at("kind").as_string(), "case_reopened");
  EXPECT_EQ(timeline.at("items").at(1).at("kind").as_string(), "case_closed");
  EXPECT_GE(count("SELECT count(*) FROM audit_log WHERE action IN ('case.close', 'case.reopen') "
                  "AND entity_id = " +
                  std::to_string(case_id)),
            2);
}

TEST_P(CasesApi, ChangeStatusManagerAndFocusArea) {
  auto admin = signed_in(kDistrictAdmin);
  turn_on(admin, {});
  const auto student = fresh_student("Cedar Ridge Middle");
  const auto case_id = open_case(admin, student);
  const auto teacher_id =
      count("SELECT id FROM users WHERE email = 'teacher1.crm@demo.trellis.test'");
  auto changed = admin.patch(
      "/api/v1/cases/" + std::to_string(case_id),
      json::object{{"status_id", 2}, {"manager_id", teacher_id}, {"focus_area_id", 10}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  const auto body = changed.json();
  EXPECT_EQ(body.at("status").at("name").as_string(), "Monitoring");
  EXPECT_EQ(body.at("manager").at("id").as_int64(), teacher_id);
  EXPECT_EQ(body.at("focus_area").at("name").as_string(), "Attendance");
  // The manager now sees the student (a named grant) and may work the case.
  auto manager = signed_in("teacher1.crm@demo.trellis.test");
  EXPECT_EQ(manager.get("/api/v1/cases/" + std::to_string(case_id)).status, 200);
  auto closing_status =
      admin.patch("/api/v1/cases/" + std::to_string(case_id), json::object{{"status_id", 3}});
  EXPECT_EQ(closing_status.status, 422);  // closing goes through /close with a reason
  auto cleared = admin.patch("/api/v1/cases/" + std::to_string(case_id),
                             json::object{{"focus_area_id", nullptr}});
  EXPECT_TRUE(cleared.json().at("focus_area").is_null());
}

TEST_P(CasesApi, DashboardFiltersPagesAndRefusesBadInput) {
  auto admin = signed_in(kDistrictAdmin);
  turn_on(admin, {});
  const auto school = school_id("Cedar Ridge Middle");
  for (int i = 0; i < 3; ++i) open_case(admin, fresh_student("Cedar Ridge Middle"));
  const auto base = "/api/v1/cases?school_id=" + std::to_string(school);
  auto first = admin.get(base + "&limit=2");
  ASSERT_EQ(first.status, 200) << first.body;
  const auto page1 = first.json();
  ASSERT_EQ(page1.at("items").as_array().size(), 2u);
  for (const auto& item : page1.at("items").as_array()) {
    EXPECT_EQ(item.at("student").at("school_id").as_int64(), school);
    for (auto field : {"status", "opened_at", "opened_by", "manager", "days_open", "tasks",
                       "next_meeting_at", "last_activity_at"}) {
      EXPECT_TRUE(item.as_object().contains(field)) << field;
    }
  }
  const std::string cursor(page1.at("next_cursor").as_string());
  auto second = admin.get(base + "&limit=2&cursor=" + cursor).json();
  EXPECT_NE(second.at("items").at(0).at("id"), page1.at("items").at(0).at("id"));
  EXPECT_NE(second.at("items").at(0).at("id"), page1.at("items").at(1).at("id"));
  EXPECT_EQ(admin.get(base + "&cursor=not-a-cursor").status, 400);
  EXPECT_EQ(admin.get("/api/v1/cases?status=sideways").status, 422);
  EXPECT_EQ(admin.get("/api/v1/cases?school_id=abc").status, 422);
  EXPECT_EQ(admin.get("/api/v1/cases?trigger=coffee").status, 422);
  EXPECT_EQ(admin.get("/api/v1/cases?opened_from=yesterday").status, 422);
  auto by_name = admin.get("/api/v1/cases?q=zed&sort=student").json();
  EXPECT_GE(by_name.at("items").as_array().size(), 3u);
}

TEST_P(CasesApi, TheDashboardShowsOnlyVisibleStudents) {
  auto admin = signed_in(kDistrictAdmin);
  turn_on(admin, {});
  open_case(admin, fresh_student("Maple Grove Elementary"));
  auto counselor = signed_in(kMiddleCounselor);
  const auto elementary = school_id("Maple Grove Elementary");
  // Another school's student is listed only through a relationship the counselor holds (other
  // tests on the same server may have given one).
  const auto related = [&](std::int64_t student) {
    return count(
               "SELECT count(*) FROM student_access_grants g JOIN users u ON u.id = g.user_id "
               "WHERE u.email = '" +
               std::string(kMiddleCounselor) + "' AND g.student_id = " + std::to_string(student)) >
           0;
  };
  bool any_related = false;
  auto listed = counselor.get("/api/v1/cases?status=all&limit=500").json();
  for (const auto& item : listed.at("items").as_array()) {
    if (item.at("student").at("school_id").as_int64() != elementary) continue;
    any_related = true;
    EXPECT_TRUE(related(item.at("student").at("id").as_int64())) << item;
  }
  if (any_related) return;
  auto summary = counselor.get("/api/v1/dashboard/summary").json();
  for (const auto& school : summary.at("by_school").as_array()) {
    EXPECT_NE(school.at("label").as_string(), "Maple Grove Elementary");
  }
}

// A counselor's page is the union of two walks (their school's cases, and the cases of students
// related to them elsewhere): paged two at a time, in every sort, it gives the same cases in
// the same order as one long page, the related student's case among them and no other
// school's. (The export is not a reference: it leaves out what the counselor may not export.)
TEST_P(CasesApi, ACounselorsPagesAreOneOrderInEverySort) {
  auto admin = signed_in(kDistrictAdmin);
  turn_on(admin, {});
  const auto elsewhere = fresh_student("Maple Grove Elementary");
  const auto related_case = open_case(admin, elsewhere);
  const auto unrelated_case = open_case(admin, fresh_student("Maple Grove Elementary"));
  for (int i = 0; i < 4; ++i) open_case(admin, fresh_student("Cedar Ridge Middle"));
  execute(
      "INSERT INTO student_access_grants (user_id, student_id, reason, source_id, created_at) "
      "SELECT id, " +
      std::to_string(elsewhere) + ", 'task_assignee', 0, 1 FROM users WHERE email = '" +
      kMiddleCounselor + "'");
  auto counselor = signed_in(kMiddleCounselor);
  const auto ids_of = [](const json::value& body) {
    std::vector<std::int64_t> ids;
    for (const auto& item : body.at("items").as_array()) ids.push_back(item.at("id").as_int64());
    return ids;
  };
  for (const char* sort : {"newest", "oldest", "last_activity", "student"}) {
    const auto filter = std::string("/api/v1/cases?status=all&sort=") + sort;
    std::vector<std::int64_t> paged;
    std::string cursor;
    do {
      auto page = counselor.get(filter + "&limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
      ASSERT_EQ(page.status, 200) << page.body;
      const auto body = page.json();
      const auto ids = ids_of(body);
      paged.insert(paged.end(), ids.begin(), ids.end());
      cursor =
          body.at("next_cursor").is_string() ? std::string(body.at("next_cursor").as_string()) : "";
    } while (!cursor.empty());
    auto whole = counselor.get(filter + "&limit=200");
    ASSERT_EQ(whole.status, 200) << whole.body;
    EXPECT_EQ(paged, ids_of(whole.json())) << sort;
    EXPECT_GE(paged.size(), 5u) << sort;
    EXPECT_NE(std::find(paged.begin(), paged.end(), related_case), paged.end()) << sort;
    EXPECT_EQ(std::find(paged.begin(), paged.end(), unrelated_case), paged.end()) << sort;
  }
  // Tests share the server: the counselor's reach goes back as it was.
  execute("DELETE FROM student_access_grants WHERE student_id = " + std::to_string(elsewhere));
}

TEST_P(CasesApi, SummaryCountsAndWeeklyOpenings) {
  auto admin = signed_in(kDistrictAdmin);
  turn_on(admin, {});
  open_case(admin, fresh_student("Cedar Ridge Middle"));
  auto summary = admin.get("/api/v1/dashboard/summary?weeks=4");
  ASSERT_EQ(summary.status, 200);
  const auto body = summary.json();
  EXPECT_GE(body.at("open").as_int64(), 1);
  EXPECT_EQ(body.at("open").as_int64(),
            count("SELECT count(*) FROM cases WHERE closed_at IS NULL"));
  std::int64_t weekly = 0;
  for (const auto& w : body.at("opened_per_week").as_array()) weekly += w.at("count").as_int64();
  EXPECT_GE(weekly, 1);
  EXPECT_FALSE(body.at("by_school_grade").as_array().empty());
  EXPECT_EQ(admin.get("/api/v1/dashboard/summary?weeks=0").status, 422);
}

TEST_P(CasesApi, CsvExportIsAccessLoggedPerStudent) {
  auto admin = signed_in(kDistrictAdmin);
  turn_on(admin, {});
  const auto student = fresh_student("Cedar Ridge Middle");
  open_case(admin, student);
  auto csv = admin.get("/api/v1/cases/export?q=" + std::string("fresh"));
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.headers["content-type"], "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body.substr(0, 8), "case_id,");
  EXPECT_NE(csv.body.find("Fresh"), std::string::npos);
  EXPECT_EQ(count("SELECT count(*) FROM student_access_log WHERE action = 'export' AND "
                  "student_id = " +
                  std::to_string(student)),
            1);
}

TEST_P(CasesApi, BulkCloseNeedsAFilterAndAReason) {
  auto admin = signed_in(kDistrictAdmin);
  turn_on(admin, {});
  const auto a = open_case(admin, fresh_student("Cedar Ridge Middle"));
  const auto b = open_case(admin, fresh_student("Cedar Ridge Middle"));
  for (auto id : {a, b}) {
    admin.patch("/api/v1/cases/" + std::to_string(id), json::object{{"focus_area_id", 11}});
  }
  EXPECT_EQ(admin.post("/api/v1/cases/bulk-close", json::object{{"status_id", 3}, {"reason_id", 7}})
                .status,
            422);
  EXPECT_EQ(
      admin.post("/api/v1/cases/bulk-close", json::object{{"focus_area_id", 11}, {"status_id", 3}})
          .status,
      422);
  auto closed = admin.post("/api/v1/cases/bulk-close",
                           json::object{{"focus_area_id", 11}, {"status_id", 3}, {"reason_id", 7}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_GE(closed.json().at("closed").as_int64(), 2);
  EXPECT_EQ(count("SELECT count(*) FROM cases WHERE closed_at IS NULL AND focus_area_id = 11"), 0);
}

// The dashboard's "Close selected": the ticked cases, all in one transaction, or none.
TEST_P(CasesApi, BulkCloseByCaseIdsClosesExactlyThoseOrNone) {
  auto admin = signed_in(kDistrictAdmin);
  turn_on(admin, {});
  const auto a = open_case(admin, fresh_student("Maple Grove Elementary"));
  const auto b = open_case(admin, fresh_student("Maple Grove Elementary"));
  const auto other_school = open_case(admin, fresh_student("Cedar Ridge Middle"));
  const auto kept = open_case(admin, fresh_student("Maple Grove Elementary"));
  const auto open_cases = [&] {
    return count("SELECT count(*) FROM cases WHERE closed_at IS NULL");
  };
  const auto before = open_cases();
  auto principal = signed_in(kElementaryPrincipal);
  const auto close = [&](json::array ids) {
    return principal.post("/api/v1/cases/bulk-close", json::object{{"case_ids", std::move(ids)},
                                                                   {"status_id", 3},
                                                                   {"reason_id", 7},
                                                                   {"note", "End of year"}});
  };
  // Another school's case, an unknown id: not found, as closing it alone, and nothing closed.
  for (const auto& ids : {json::array{a, b, other_school}, json::array{a, 999999}}) {
    auto refused = close(ids);
    EXPECT_EQ(refused.status, 404) << refused.body;
    EXPECT_NE(refused.body.find("case_ids"), std::string::npos);
    EXPECT_EQ(open_cases(), before);
  }
  for (const auto& bad : {json::value(json::array{}), json::value(json::array{a, "b"}),
                          json::value(json::array{-1}), json::value("1,2")}) {
    auto refused =
        principal.post("/api/v1/cases/bulk-close",
                       json::object{{"case_ids", bad}, {"status_id", 3}, {"reason_id", 7}});
    EXPECT_EQ(refused.status, 422) << json::serialize(bad);
  }
  EXPECT_EQ(open_cases(), before);
  auto closed = close(json::array{a, b});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json().at("closed").as_int64(), 2);
  EXPECT_EQ(open_cases(), before - 2);
  const auto is_open = [&](std::int64_t id) {
    return count("SELECT count(*) FROM cases WHERE closed_at IS NULL AND id = " +
                 std::to_string(id)) == 1;
  };
  EXPECT_FALSE(is_open(a));
  EXPECT_FALSE(is_open(b));
  EXPECT_TRUE(is_open(kept));
  EXPECT_TRUE(is_open(other_school));
  // Closed already: the same list again is refused, as closing one of them alone would be.
  EXPECT_EQ(close(json::array{a, b}).status, 409);
}

TEST_P(CasesApi, WritesNeedTheCsrfToken) {
  auto admin = signed_in(kDistrictAdmin);
  admin.forget_csrf();
  auto refused = admin.put("/api/v1/admin/case-management",
                           json::object{{"enabled", true}, {"open_case_on", json::array{}}});
  EXPECT_EQ(refused.status, 403);
}

INSTANTIATE_TEST_SUITE_P(Databases, CasesApi, ::testing::ValuesIn(test_database_kinds()),
                         DatabaseKindName());

}  // namespace
}  // namespace trellis::testing
