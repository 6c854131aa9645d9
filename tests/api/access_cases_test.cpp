// Cases under the access policy, on SQLite and PostgreSQL: closing one or many asks the same
// rule per case, a case manager's sight of the student ends with the role, a manager comes from
// the caller's staff directory, and what a case shows is in the student's access log (exports
// too, one entry per student). Every refused write is checked to have changed nothing.
#include <boost/json.hpp>

#include "support/api_fixture.hpp"

namespace trellis::testing {
namespace {

namespace json = boost::json;

class AccessCasesTest : public ApiTest {
 protected:
  void SetUp() override {
    auto admin = signed_in(kDistrictAdmin);
    set_case_management(admin, true, json::array{});
  }

  std::int64_t user_id(const std::string& email) {
    return count("SELECT id FROM users WHERE email = '" + email + "'");
  }
  std::int64_t student_at(const std::string& school, const std::string& given_name = "Pat") {
    return insert_student(school_id(school), given_name);
  }
  std::int64_t open_case(HttpClient& c, std::int64_t student_id) {
    auto opened = c.post("/api/v1/cases", json::object{{"student_id", student_id}});
    EXPECT_EQ(opened.status, 201) << opened.body;
    return opened.status == 201 ? opened.json().at("id").as_int64() : 0;
  }
  // A meeting about `student_id` scheduled by `organizer`, with `attendee_id` invited: the
  // attendee sees the student through it.
  void meet(HttpClient& organizer, std::int64_t student_id, std::int64_t attendee_id) {
    auto scheduled =
        organizer.post("/api/v1/meetings", json::object{{"title", unique("Check-in ")},
                                                        {"starts_at", "2031-03-04T15:00:00Z"},
                                                        {"ends_at", "2031-03-04T16:00:00Z"},
                                                        {"location", "Room 12"},
                                                        {"attendee_ids", json::array{attendee_id}},
                                                        {"student_ids", json::array{student_id}}});
    ASSERT_EQ(scheduled.status, 201) << scheduled.body;
  }
  // Enrolls the student in a class that `teacher_email` teaches.
  void enroll_in_class_of(const std::string& teacher_email, std::int64_t student_id) {
    execute(
        "INSERT INTO enrollments (class_id, student_id, role, is_primary, active) SELECT "
        "class_id, " +
        std::to_string(student_id) +
        ", 'student', 0, 1 FROM enrollments WHERE active = 1 AND user_id = " +
        std::to_string(user_id(teacher_email)) + " ORDER BY class_id LIMIT 1");
  }

  static std::string case_path(std::int64_t id) { return "/api/v1/cases/" + std::to_string(id); }
  static std::string student_path(std::int64_t id) {
    return "/api/v1/students/" + std::to_string(id);
  }
  static json::object closing() {
    return {{"status_id", 3}, {"reason_id", 7}, {"note", "End of year"}};
  }
  static bool allows(const json::value& record, std::string_view action) {
    for (const auto& name : record.at("allowed_actions").as_array()) {
      if (name.as_string() == action) return true;
    }
    return false;
  }

  bool is_open(std::int64_t case_id) {
    return count("SELECT count(*) FROM cases WHERE closed_at IS NULL AND id = " +
                 std::to_string(case_id)) == 1;
  }
  // What any write to cases leaves behind: audit rows, timeline events, grants.
  std::int64_t written() {
    return count(
        "SELECT (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM student_events) + "
        "(SELECT count(*) FROM student_access_grants)");
  }
  std::int64_t access_entries(std::int64_t student_id, const std::string& email,
                              const std::string& more = "") {
    return count(
        "SELECT count(*) FROM student_access_log WHERE student_id = " + std::to_string(student_id) +
        " AND user_id = " + std::to_string(user_id(email)) + more);
  }
  // The student's profile, timeline and files, and the case: what a case manager reads.
  std::vector<std::string> record_paths(std::int64_t student_id, std::int64_t case_id) {
    const auto student = student_path(student_id);
    return {student, student + "/timeline", student + "/files", case_path(case_id)};
  }
};

TEST_P(AccessCasesTest, BulkCloseAsksThePolicyPerCase) {
  auto admin = signed_in(kDistrictAdmin);
  // A Cedar Ridge student whom Maple Grove's principal sees only as a meeting's attendee.
  const auto met = student_at("Cedar Ridge Middle");
  const auto met_case = open_case(admin, met);
  meet(admin, met, user_id(kElementaryPrincipal));
  const auto own_case = open_case(admin, student_at("Maple Grove Elementary"));

  auto principal = signed_in(kElementaryPrincipal);
  auto page = principal.get(case_path(met_case));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_FALSE(allows(page.json(), "case.close"));
  EXPECT_FALSE(allows(page.json(), "case.work"));

  const auto before = written();
  auto one = principal.post(case_path(met_case) + "/close", closing());
  EXPECT_EQ(one.status, 403) << one.body;
  const auto bulk = [&](json::array ids) {
    auto body = closing();
    body["case_ids"] = std::move(ids);
    return principal.post("/api/v1/cases/bulk-close", body);
  };
  auto named = bulk(json::array{met_case});
  EXPECT_EQ(named.status, 403) << named.body;
  // With a case the principal may close: all or nothing, so nothing.
  auto mixed = bulk(json::array{own_case, met_case});
  EXPECT_EQ(mixed.status, 403) << mixed.body;
  EXPECT_TRUE(is_open(met_case));
  EXPECT_TRUE(is_open(own_case));
  EXPECT_EQ(written(), before) << "no audit rows, no timeline events";

  // Their own school's case closes, one by one or many at once.
  auto own = bulk(json::array{own_case});
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(own.json().at("closed").as_int64(), 1);
  EXPECT_FALSE(is_open(own_case));

  // A counselor closes their own school's cases many at once, by the same rule as one.
  const auto a = open_case(admin, student_at("Cedar Ridge Middle"));
  const auto b = open_case(admin, student_at("Cedar Ridge Middle"));
  auto counselor = signed_in(kMiddleCounselor);
  EXPECT_TRUE(allows(counselor.get(case_path(a)).json(), "case.close"));
  auto body = closing();
  body["case_ids"] = json::array{a, b};
  auto closed = counselor.post("/api/v1/cases/bulk-close", body);
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json().at("closed").as_int64(), 2);
  EXPECT_FALSE(is_open(a));
  EXPECT_FALSE(is_open(b));
  EXPECT_TRUE(is_open(met_case));
}

TEST_P(AccessCasesTest, RemovedCaseManagerLosesAccess) {
  auto admin = signed_in(kDistrictAdmin);
  const auto student = student_at("Cedar Ridge Middle");
  const auto case_id = open_case(admin, student);
  const auto manager_id = user_id(kHighTeacher);  // Riverside High: another school
  const auto set_manager = [&](json::value manager) {
    auto changed = admin.patch(case_path(case_id), json::object{{"manager_id", manager}});
    EXPECT_EQ(changed.status, 200) << changed.body;
  };
  auto teacher = signed_in(kHighTeacher);
  const auto expect_reads = [&](int status, const std::string& when) {
    for (const auto& path : record_paths(student, case_id)) {
      EXPECT_EQ(teacher.get(path).status, status) << path << " " << when;
    }
  };
  expect_reads(404, "before");

  set_manager(manager_id);
  expect_reads(200, "as case manager");
  set_manager(nullptr);
  expect_reads(404, "after the manager was removed");
  EXPECT_EQ(count("SELECT count(*) FROM student_access_grants WHERE user_id = " +
                  std::to_string(manager_id) + " AND student_id = " + std::to_string(student)),
            0);

  set_manager(manager_id);
  expect_reads(200, "as case manager again");
  set_manager(user_id(kMiddleTeacher));
  expect_reads(404, "after the case went to someone else");
}

TEST_P(AccessCasesTest, CaseManagerMustBeInTheCallersDirectory) {
  auto counselor = signed_in(kMiddleCounselor);
  const auto student = student_at("Cedar Ridge Middle");
  const auto case_id = open_case(counselor, student);
  const auto status_before =
      count("SELECT status_id FROM cases WHERE id = " + std::to_string(case_id));
  const auto before = written();
  // A teacher of Riverside High is not in a Cedar Ridge counselor's staff directory.
  auto refused = counselor.patch(
      case_path(case_id), json::object{{"manager_id", user_id(kHighTeacher)}, {"status_id", 2}});
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_TRUE(refused.json().at("error").at("fields").as_object().contains("manager_id"));
  EXPECT_EQ(written(), before);
  EXPECT_EQ(count("SELECT count(*) FROM cases WHERE manager_id IS NULL AND id = " +
                  std::to_string(case_id)),
            1);
  EXPECT_EQ(count("SELECT status_id FROM cases WHERE id = " + std::to_string(case_id)),
            status_before);
  auto outsider = signed_in(kHighTeacher);
  EXPECT_EQ(outsider.get(case_path(case_id)).status, 404);

  // A colleague of the counselor's own school is.
  auto colleague =
      counselor.patch(case_path(case_id), json::object{{"manager_id", user_id(kMiddleTeacher)}});
  ASSERT_EQ(colleague.status, 200) << colleague.body;
  EXPECT_EQ(colleague.json().at("manager").at("id").as_int64(), user_id(kMiddleTeacher));
}

TEST_P(AccessCasesTest, CaseManagerWorksAndClosesTheirCase) {
  auto admin = signed_in(kDistrictAdmin);
  const auto managed_student = student_at("Cedar Ridge Middle");
  const auto managed = open_case(admin, managed_student);
  ASSERT_EQ(
      admin.patch(case_path(managed), json::object{{"manager_id", user_id(kHighTeacher)}}).status,
      200);
  const auto other = open_case(admin, student_at("Cedar Ridge Middle"));

  auto teacher = signed_in(kHighTeacher);
  auto page = teacher.get(case_path(managed));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(allows(page.json(), "case.work"));
  EXPECT_TRUE(allows(page.json(), "case.close"));
  auto changed = teacher.patch(case_path(managed), json::object{{"status_id", 2}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json().at("status").at("name").as_string(), "Monitoring");
  auto closed = teacher.post(case_path(managed) + "/close", closing());
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_FALSE(is_open(managed));
  // Managing a case is not opening cases: the student is seen, the action is refused.
  auto refused_open = teacher.post("/api/v1/cases", json::object{{"student_id", managed_student}});
  EXPECT_EQ(refused_open.status, 403) << refused_open.body;
  EXPECT_EQ(
      count("SELECT count(*) FROM cases WHERE student_id = " + std::to_string(managed_student)), 1);

  // Another case of the same school, not theirs: its student is not theirs to see.
  const auto before = written();
  EXPECT_EQ(teacher.get(case_path(other)).status, 404);
  EXPECT_EQ(teacher.patch(case_path(other), json::object{{"status_id", 2}}).status, 404);
  EXPECT_EQ(teacher.post(case_path(other) + "/close", closing()).status, 404);
  EXPECT_EQ(written(), before);

  // A class teacher sees their student's case but works it only as its manager.
  const auto pupil = student_at("Cedar Ridge Middle");
  enroll_in_class_of(kMiddleTeacher, pupil);
  const auto pupils_case = open_case(admin, pupil);
  auto class_teacher = signed_in(kMiddleTeacher);
  auto seen = class_teacher.get(case_path(pupils_case));
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_TRUE(seen.json().at("allowed_actions").as_array().empty());
  const auto before_refusals = written();
  auto refused_work = class_teacher.patch(case_path(pupils_case), json::object{{"status_id", 2}});
  EXPECT_EQ(refused_work.status, 403) << refused_work.body;
  auto refused_close = class_teacher.post(case_path(pupils_case) + "/close", closing());
  EXPECT_EQ(refused_close.status, 403) << refused_close.body;
  EXPECT_TRUE(is_open(pupils_case));
  EXPECT_TRUE(is_open(other));
  EXPECT_EQ(count("SELECT count(*) FROM cases WHERE status_id = 2 AND id IN (" +
                  std::to_string(other) + ", " + std::to_string(pupils_case) + ")"),
            0);
  EXPECT_EQ(written(), before_refusals);
}

TEST_P(AccessCasesTest, ExportLogsEveryExportedStudent) {
  auto admin = signed_in(kDistrictAdmin);
  const auto name = unique("exp");
  const auto first = student_at("Cedar Ridge Middle", name);
  const auto second = student_at("Cedar Ridge Middle", name);
  const auto first_case = open_case(admin, first);
  const auto second_case = open_case(admin, second);
  ASSERT_EQ(admin.post(case_path(second_case) + "/close", closing()).status, 200);
  // A Maple Grove student the counselor sees through a meeting: seen, not exportable.
  const auto met = student_at("Maple Grove Elementary", name);
  const auto met_case = open_case(admin, met);
  meet(admin, met, user_id(kMiddleCounselor));

  auto counselor = signed_in(kMiddleCounselor);
  auto listed = counselor.get("/api/v1/cases?status=all&q=" + name);
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.json().at("items").as_array().size(), 3u) << "the list shows what is seen";

  auto csv = counselor.get("/api/v1/cases/export?status=all&q=" + name);
  ASSERT_EQ(csv.status, 200) << csv.body;
  const auto has_row = [&](std::int64_t case_id) {
    return csv.body.find("\n" + std::to_string(case_id) + ",") != std::string::npos;
  };
  EXPECT_TRUE(has_row(first_case));
  EXPECT_TRUE(has_row(second_case));
  EXPECT_FALSE(has_row(met_case)) << csv.body;
  // One entry per exported student, naming their case; none for the student left out.
  const auto exported = [&](std::int64_t student, std::int64_t case_id) {
    return access_entries(
        student, kMiddleCounselor,
        " AND action = 'export' AND detail = 'cases export: case " + std::to_string(case_id) + "'");
  };
  EXPECT_EQ(exported(first, first_case), 1);
  EXPECT_EQ(exported(second, second_case), 1);
  EXPECT_EQ(access_entries(met, kMiddleCounselor, " AND action = 'export'"), 0);
}

TEST_P(AccessCasesTest, StudentCasesAreInTheAccessLog) {
  auto admin = signed_in(kDistrictAdmin);
  const auto name = unique("log");
  const auto student = student_at("Cedar Ridge Middle", name);
  const auto case_id = open_case(admin, student);
  auto body = closing();
  body["note"] = "Family asked for privacy";
  ASSERT_EQ(admin.post(case_path(case_id) + "/close", body).status, 200);

  auto counselor = signed_in(kMiddleCounselor);
  // The dashboard list shows summary fields only (no note) and logs nothing.
  auto listed = counselor.get("/api/v1/cases?status=all&q=" + name);
  ASSERT_EQ(listed.status, 200) << listed.body;
  const auto row = listed.json().at("items").at(0);
  EXPECT_FALSE(row.as_object().contains("close_note"));
  EXPECT_TRUE(allows(row, "case.work"));
  EXPECT_EQ(access_entries(student, kMiddleCounselor), 0);

  auto cases = counselor.get(student_path(student) + "/cases");
  ASSERT_EQ(cases.status, 200) << cases.body;
  const auto item = cases.json().at("items").at(0);
  EXPECT_EQ(item.at("id").as_int64(), case_id);
  EXPECT_EQ(item.at("close_note").as_string(), "Family asked for privacy");
  EXPECT_TRUE(allows(item, "case.work"));
  EXPECT_TRUE(allows(item, "case.close"));
  EXPECT_EQ(access_entries(student, kMiddleCounselor, " AND action = 'view' AND detail = 'cases'"),
            1);

  // The case page names the case it showed.
  ASSERT_EQ(counselor.get(case_path(case_id)).status, 200);
  EXPECT_EQ(access_entries(student, kMiddleCounselor,
                           " AND detail = 'case " + std::to_string(case_id) + "'"),
            1);

  // Someone who may not see the student: 404, and nothing is read or logged.
  auto teacher = signed_in(kHighTeacher);
  EXPECT_EQ(teacher.get(student_path(student) + "/cases").status, 404);
  EXPECT_EQ(access_entries(student, kHighTeacher), 0);
}

INSTANTIATE_TEST_SUITE_P(Databases, AccessCasesTest, ::testing::ValuesIn(test_database_kinds()),
                         DatabaseKindName());

}  // namespace
}  // namespace trellis::testing
