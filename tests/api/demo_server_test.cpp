// `trellis serve --demo` (what `make run` serves): a district with a school year of history,
// so that a newcomer sees what Trellis does at first sign-in; and the sign-in page's list of
// demo sign-ins, answered only by a demo server.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <ctime>
#include <string>

#include "support/api_fixture.hpp"

namespace trellis::testing {
namespace {

namespace json = boost::json;

std::size_t items(HttpClient& client, const std::string& target) {
  const auto result = client.get(target);
  EXPECT_EQ(result.status, 200) << target << ": " << result.body;
  const auto body = result.json();
  return body.is_object() && body.as_object().contains("items") ? body.at("items").as_array().size()
                                                                : 0;
}

std::string utc_in_days(int days) {
  const auto at = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() +
                                                       std::chrono::hours(24 * days));
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&at));
  return text;
}

TEST(DemoServer, TheLivedInDemoHasAYearOfHistoryForEveryFeaturedSignIn) {
  ServerProcess server(fresh_database_url("sqlite"), {"--demo"});

  auto admin = HttpClient(server.port());
  ASSERT_EQ(admin.sign_in(kDistrictAdmin, kDemoPassword).status, 200);
  const auto management = admin.get("/api/v1/admin/case-management").json();
  EXPECT_TRUE(management.at("enabled").as_bool());
  EXPECT_FALSE(management.at("open_case_on").as_array().empty());
  EXPECT_GT(items(admin, "/api/v1/intervention-groups"), 0u);
  const auto summary = admin.get("/api/v1/dashboard/summary").json();
  EXPECT_GT(summary.at("open").as_int64(), 100);
  EXPECT_GT(summary.at("closed").as_int64(), 0);

  const auto this_week = "&from=" + utc_in_days(-3) + "&to=" + utc_in_days(7);
  for (const auto* email : {kDistrictAdmin, kElementaryPrincipal, kMiddleCounselor, kHighTeacher}) {
    SCOPED_TRACE(email);
    HttpClient staff(server.port());
    ASSERT_EQ(staff.sign_in(email, kDemoPassword).status, 200);
    EXPECT_GT(items(staff, "/api/v1/students?limit=5"), 0u);
    EXPECT_GT(items(staff, "/api/v1/cases?status=open&limit=5"), 0u);
    EXPECT_GT(items(staff, "/api/v1/plans?limit=5"), 0u);
    EXPECT_GT(items(staff, "/api/v1/meetings?limit=50" + this_week), 0u) << "meetings this week";
  }
  // Those who do the work have their tasks, some overdue.
  for (const auto* email : {kMiddleCounselor, kHighTeacher}) {
    SCOPED_TRACE(email);
    HttpClient staff(server.port());
    ASSERT_EQ(staff.sign_in(email, kDemoPassword).status, 200);
    const auto mine = staff.get("/api/v1/tasks/mine?limit=100").json();
    int overdue = 0;
    for (const auto& task : mine.at("items").as_array()) overdue += task.at("overdue").as_bool();
    EXPECT_GT(overdue, 0);
  }
}

TEST(DemoServer, TheDemoSignInsAreAnsweredOnlyByADemoServer) {
  ServerProcess demo(fresh_database_url("sqlite"), {"--demo-roster"});
  const auto listed = HttpClient(demo.port()).get("/api/v1/auth/demo-sign-ins");
  ASSERT_EQ(listed.status, 200) << listed.body;
  const auto body = listed.json();
  EXPECT_EQ(body.at("password").as_string(), kDemoPassword);
  const auto& sign_ins = body.at("sign_ins").as_array();
  ASSERT_EQ(sign_ins.size(), 4u);
  EXPECT_EQ(sign_ins[0].at("email").as_string(), kDistrictAdmin);
  EXPECT_TRUE(sign_ins[0].at("school").is_null());
  for (const auto& s : sign_ins) {
    EXPECT_EQ(HttpClient(demo.port())
                  .sign_in(std::string(s.at("email").as_string()), kDemoPassword)
                  .status,
              200);
  }

  ServerProcess district(fresh_database_url("sqlite"), {});
  const auto refused = HttpClient(district.port()).get("/api/v1/auth/demo-sign-ins");
  EXPECT_EQ(refused.status, 404);
  EXPECT_EQ(refused.body.find("demo.trellis.test"), std::string::npos);
}

}  // namespace
}  // namespace trellis::testing
