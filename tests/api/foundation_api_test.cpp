// The foundation over HTTP, on SQLite and PostgreSQL: health, errors, sign-in, sessions,
// CSRF, rate limiting, the access rule, the access log and the audit log.
#include <boost/json.hpp>
#include <set>

#include "support/api_fixture.hpp"

namespace trellis::testing {
namespace {

namespace json = boost::json;

std::int64_t first_student_id(HttpClient& c, const std::string& query) {
  auto result = c.get("/api/v1/students?limit=1&" + query);
  EXPECT_EQ(result.status, 200) << result.body;
  return result.json().at("items").at(0).at("id").as_int64();
}

TEST_P(ApiTest, HealthReadinessAndMetricsAnswerWithoutSignIn) {
  auto c = client();
  EXPECT_EQ(c.get("/healthz").status, 200);
  EXPECT_EQ(c.get("/readyz").status, 200);
  auto metrics = c.get("/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("trellis_http_requests_total"), std::string::npos);
  EXPECT_NE(metrics.body.find("trellis_http_request_duration_seconds_bucket"), std::string::npos);
}

TEST_P(ApiTest, UnknownRouteAndWrongMethodAnswerJsonErrors) {
  auto c = client();
  auto missing = c.get("/api/v1/no-such-thing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.error_code(), "not_found");
  auto wrong_method = c.request("DELETE", "/healthz");
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_EQ(wrong_method.error_code(), "method_not_allowed");
}

TEST_P(ApiTest, SignInSetsAnHttpOnlySameSiteCookieAndReturnsACsrfToken) {
  auto c = client();
  auto result = c.sign_in(kDistrictAdmin, kDemoPassword);
  ASSERT_EQ(result.status, 200) << result.body;
  const auto cookie = result.headers["set-cookie"];
  EXPECT_NE(cookie.find("trellis_session="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_FALSE(result.json().at("csrf_token").as_string().empty());
  auto me = c.get("/api/v1/auth/me");
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(me.json().at("user").at("email").as_string(), kDistrictAdmin);
}

TEST_P(ApiTest, WrongPasswordAndUnknownEmailAnswerTheSame401) {
  // An account of the test's own: a failed sign-in must not limit the shared demo sign-ins.
  auto admin = signed_in(kDistrictAdmin);
  const auto email = unique("mistyped") + "@example.org";
  ASSERT_EQ(
      admin
          .post("/api/v1/users", {{"email", email},
                                  {"given_name", "Misty"},
                                  {"family_name", "Typed"},
                                  {"password", "correct horse battery"},
                                  {"roles", json::array{json::object{{"role", "district_admin"}}}}})
          .status,
      201);
  auto c = client();
  auto wrong = c.sign_in(email, "not-the-password");
  auto unknown = c.sign_in("nobody@demo.trellis.test", "not-the-password");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_EQ(c.get("/api/v1/auth/me").status, 401);
}

TEST_P(ApiTest, BadBodiesGetClearErrorsAndWriteNothing) {
  auto admin = signed_in(kDistrictAdmin);
  const auto users_before = count("SELECT count(*) FROM users");
  auto malformed = admin.request("POST", "/api/v1/users", "{\"email\": ");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.error_code(), "malformed_json");

  auto missing = admin.post("/api/v1/users", json::object{{"email", "x@example.org"}});
  EXPECT_EQ(missing.status, 422);
  EXPECT_TRUE(missing.json().at("error").at("fields").as_object().contains("given_name"));

  auto wrong_type =
      admin.post("/api/v1/users",
                 {{"email", 42}, {"given_name", true}, {"family_name", "X"}, {"roles", "teacher"}});
  EXPECT_EQ(wrong_type.status, 422);
  const auto wrong_body = wrong_type.json();
  const auto& fields = wrong_body.at("error").at("fields").as_object();
  EXPECT_TRUE(fields.contains("email"));
  EXPECT_TRUE(fields.contains("given_name"));
  EXPECT_TRUE(fields.contains("roles"));

  auto wrong_media = admin.request("POST", "/api/v1/users", "email=x",
                                   {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(wrong_media.status, 415);

  auto oversized = admin.request("POST", "/api/v1/users", std::string(2 * 1024 * 1024, ' '));
  EXPECT_EQ(oversized.status, 413);
  EXPECT_EQ(oversized.error_code(), "payload_too_large");

  EXPECT_EQ(count("SELECT count(*) FROM users"), users_before);
}

TEST_P(ApiTest, UnsafeRequestWithoutCsrfTokenIsRefusedAndWritesNothing) {
  auto admin = signed_in(kDistrictAdmin);
  const auto email = unique("csrf") + "@example.org";
  admin.forget_csrf();
  json::object body{{"email", email},
                    {"given_name", "Casey"},
                    {"family_name", "Forged"},
                    {"roles", json::array{json::object{{"role", "district_admin"}}}}};
  auto missing = admin.post("/api/v1/users", body);
  EXPECT_EQ(missing.status, 403);
  EXPECT_EQ(missing.error_code(), "csrf_token_invalid");
  admin.set_csrf("wrong-token");
  EXPECT_EQ(admin.post("/api/v1/users", body).status, 403);
  EXPECT_EQ(count("SELECT count(*) FROM users WHERE email = '" + email + "'"), 0);
}

TEST_P(ApiTest, ExpiredAndSignedOutSessionsAnswer401) {
  auto c = signed_in(kMiddleCounselor);
  ASSERT_EQ(c.get("/api/v1/auth/me").status, 200);
  execute(
      "UPDATE sessions SET last_seen_at = 0 WHERE revoked_at IS NULL AND user_id = (SELECT id "
      "FROM users WHERE email = '" +
      std::string(kMiddleCounselor) + "')");
  auto expired = c.get("/api/v1/auth/me");
  EXPECT_EQ(expired.status, 401);
  EXPECT_EQ(expired.error_code(), "not_signed_in");

  auto again = signed_in(kMiddleCounselor);
  EXPECT_EQ(again.post("/api/v1/auth/logout", json::object{}).status, 204);
  EXPECT_EQ(again.get("/api/v1/auth/me").status, 401);
}

TEST_P(ApiTest, RepeatedFailedSignInsAreRateLimitedWithRetryAfter) {
  auto admin = signed_in(kDistrictAdmin);
  const auto email = unique("limited") + "@example.org";
  auto created = admin.post("/api/v1/users",
                            {{"email", email},
                             {"given_name", "Rita"},
                             {"family_name", "Limit"},
                             {"password", "correct horse battery"},
                             {"roles", json::array{json::object{{"role", "district_admin"}}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto c = client();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(c.sign_in(email, "wrong password!").status, 401);
  auto limited = c.sign_in(email, "correct horse battery");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.error_code(), "too_many_attempts");
  EXPECT_FALSE(limited.headers["retry-after"].empty());
}

TEST_P(ApiTest, TeacherSeesOnlyTheirClassRosterAndOtherStudentsAre404) {
  auto admin = signed_in(kDistrictAdmin);
  const auto elementary = school_id("Maple Grove Elementary");
  const auto high = school_id("Riverside High");
  const auto elementary_student =
      first_student_id(admin, "school_id=" + std::to_string(elementary));

  auto teacher = signed_in(kHighTeacher);
  auto list = teacher.get("/api/v1/students?limit=500");
  ASSERT_EQ(list.status, 200);
  const auto listed = list.json();
  const auto& items = listed.at("items").as_array();
  ASSERT_FALSE(items.empty());
  EXPECT_LT(items.size(), 184u) << "a teacher sees a class roster, not the whole school";
  // Beyond the roster only through a relationship (other tests on the same server may give one).
  for (const auto& s : items) {
    if (s.at("school_id").as_int64() == high) continue;
    EXPECT_GT(count("SELECT count(*) FROM student_access_grants g JOIN users u ON u.id = "
                    "g.user_id WHERE u.email = '" +
                    std::string(kHighTeacher) +
                    "' AND g.student_id = " + std::to_string(s.at("id").as_int64())),
              0)
        << s;
  }

  auto other = teacher.get("/api/v1/students/" + std::to_string(elementary_student));
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(other.error_code(), "not_found");
  EXPECT_EQ(teacher.get("/api/v1/students/999999999").status, 404);
  EXPECT_EQ(teacher.get("/api/v1/students/not-a-number").status, 404);
}

TEST_P(ApiTest, ViewingAStudentIsInTheirAccessLogAndInvisibleToOtherSchools) {
  auto admin = signed_in(kDistrictAdmin);
  const auto elementary = school_id("Maple Grove Elementary");
  const auto student = first_student_id(admin, "school_id=" + std::to_string(elementary));
  const auto path = "/api/v1/students/" + std::to_string(student);

  auto principal = signed_in(kElementaryPrincipal);
  ASSERT_EQ(principal.get(path).status, 200);
  auto log = admin.get(path + "/access-log");
  ASSERT_EQ(log.status, 200) << log.body;
  const auto logged = log.json();
  const auto& entries = logged.at("items").as_array();
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.at(0).at("action").as_string(), "view");
  EXPECT_EQ(entries.at(0).at("user").at("name").as_string().empty(), false);

  auto counselor = signed_in(kMiddleCounselor);
  EXPECT_EQ(counselor.get(path).status, 404);
  EXPECT_EQ(counselor.get(path + "/access-log").status, 404);
}

TEST_P(ApiTest, CreatingAUserIsAuditedWithTheAfterState) {
  auto admin = signed_in(kDistrictAdmin);
  const auto email = unique("audited") + "@example.org";
  auto created =
      admin.post("/api/v1/users",
                 {{"email", email},
                  {"given_name", "Audra"},
                  {"family_name", "Trail"},
                  {"roles", json::array{json::object{{"role", "teacher"}, {"school_id", 1}}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = created.json().at("id").as_int64();
  auto audit = admin.get("/api/v1/admin/audit?entity=user&limit=20");
  ASSERT_EQ(audit.status, 200);
  bool found = false;
  const auto audited = audit.json();
  for (const auto& entry : audited.at("items").as_array()) {
    if (entry.at("entity_id") == json::value(id) &&
        entry.at("action").as_string() == "user.create") {
      found = entry.at("after").at("email").as_string() == email;
    }
  }
  EXPECT_TRUE(found) << audit.body;
  EXPECT_EQ(created.body.find("password"), std::string::npos);
}

TEST_P(ApiTest, AdministrationIsDeniedToThoseWithoutTheRole) {
  auto teacher = signed_in(kHighTeacher);
  EXPECT_EQ(teacher.get("/api/v1/users").status, 403);
  EXPECT_EQ(teacher.get("/api/v1/admin/audit").status, 403);
  auto principal = signed_in(kElementaryPrincipal);
  auto escalate = principal.post(
      "/api/v1/users", {{"email", unique("escalate") + "@example.org"},
                        {"given_name", "Eve"},
                        {"family_name", "Up"},
                        {"roles", json::array{json::object{{"role", "district_admin"}}}}});
  EXPECT_EQ(escalate.status, 403);
}

// Every signed-in user may choose colleagues to give work to, but only among the active staff
// of their own schools, and sees names and roles, never account details.
TEST_P(ApiTest, StaffDirectoryListsOnlyActiveColleaguesOfTheCallersSchools) {
  auto admin = signed_in(kDistrictAdmin);
  const auto middle = school_id("Cedar Ridge Middle");
  const auto high = school_id("Riverside High");
  const auto email = unique("gone") + "@example.org";
  auto gone = admin.post(
      "/api/v1/users",
      {{"email", email},
       {"given_name", "Gone"},
       {"family_name", "Away"},
       {"active", false},
       {"roles", json::array{json::object{{"role", "teacher"}, {"school_id", middle}}}}});
  ASSERT_EQ(gone.status, 201) << gone.body;
  const auto gone_id = gone.json().at("id").as_int64();

  auto counselor = signed_in(kMiddleCounselor);
  std::set<std::int64_t> schools_seen;
  std::set<std::int64_t> ids;
  std::string cursor;
  do {
    auto page =
        counselor.get("/api/v1/staff?limit=50" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(page.status, 200) << page.body;
    const auto body = page.json();
    for (const auto& person : body.at("items").as_array()) {
      const auto& object = person.as_object();
      EXPECT_FALSE(object.contains("email"));
      ids.insert(object.at("id").as_int64());
      bool at_middle = false;
      for (const auto& role : object.at("roles").as_array()) {
        const auto& school = role.at("school_id");
        if (school.is_int64()) at_middle = at_middle || school.as_int64() == middle;
      }
      EXPECT_TRUE(at_middle) << object.at("name").as_string();
    }
    const auto& next = body.at("next_cursor");
    cursor = next.is_string() ? std::string(next.as_string()) : "";
  } while (!cursor.empty());
  EXPECT_FALSE(ids.empty());
  EXPECT_EQ(ids.count(gone_id), 0u);

  // Another school's staff are not the counselor's to choose; the district administrator's are.
  EXPECT_EQ(counselor.get("/api/v1/staff?school_id=" + std::to_string(high))
                .json()
                .at("items")
                .as_array()
                .size(),
            0u);
  EXPECT_GT(admin.get("/api/v1/staff?school_id=" + std::to_string(high))
                .json()
                .at("items")
                .as_array()
                .size(),
            0u);
  EXPECT_EQ(client().get("/api/v1/staff").status, 401);
  // Bad paging and filters answer 422 naming the parameter.
  auto bad_school = counselor.get("/api/v1/staff?school_id=abc");
  EXPECT_EQ(bad_school.status, 422);
  EXPECT_TRUE(bad_school.json().at("error").at("fields").as_object().contains("school_id"));
  EXPECT_EQ(counselor.get("/api/v1/staff?limit=0").status, 422);
  EXPECT_EQ(counselor.get("/api/v1/staff?cursor=not-a-cursor").status, 400);
}

TEST_P(ApiTest, ApiTokensAuthenticateWithoutCsrfAndStopWhenRevoked) {
  auto admin = signed_in(kDistrictAdmin);
  auto created = admin.post("/api/v1/auth/tokens", {{"name", "SIS sync"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto token = std::string(created.json().at("token").as_string());
  const auto id = created.json().at("id").as_int64();

  auto integration = client();
  integration.use_bearer(token);
  EXPECT_EQ(integration.get("/api/v1/auth/me").status, 200);
  EXPECT_EQ(integration.post("/api/v1/auth/tokens", {{"name", "from a token"}}).status, 201);
  EXPECT_EQ(admin.del("/api/v1/auth/tokens/" + std::to_string(id)).status, 204);
  EXPECT_EQ(integration.get("/api/v1/auth/me").status, 401);
  EXPECT_EQ(count("SELECT count(*) FROM api_tokens WHERE token_hash = '" + token + "'"), 0)
      << "tokens are stored hashed";
}

TEST_P(ApiTest, KeysetPagingVisitsEveryStudentOnce) {
  auto admin = signed_in(kDistrictAdmin);
  std::set<std::int64_t> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto page =
        admin.get("/api/v1/students?limit=100" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(page.status, 200) << page.body;
    const auto body = page.json();
    for (const auto& s : body.at("items").as_array()) {
      EXPECT_TRUE(seen.insert(s.at("id").as_int64()).second);
    }
    const auto& next = body.at("next_cursor");
    cursor = next.is_null() ? "" : std::string(next.as_string());
    ++pages;
  } while (!cursor.empty() && pages < 50);
  EXPECT_EQ(static_cast<std::int64_t>(seen.size()),
            count("SELECT count(*) FROM students WHERE active = 1"));
  EXPECT_EQ(admin.get("/api/v1/students?cursor=garbage").status, 400);
  EXPECT_EQ(admin.get("/api/v1/students?limit=501").status, 422);
}

INSTANTIATE_TEST_SUITE_P(Databases, ApiTest, ::testing::ValuesIn(test_database_kinds()),
                         DatabaseKindName());

}  // namespace
}  // namespace trellis::testing
