// API tests run against the real server binary on each database kind; one demo-district
// server per kind is shared by the tests of a binary (they create what they change).
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/test_databases.hpp"

namespace trellis::testing {

inline constexpr const char* kDemoPassword = "trellis-demo";
inline constexpr const char* kDistrictAdmin = "district.admin@demo.trellis.test";
inline constexpr const char* kElementaryPrincipal = "principal.mge@demo.trellis.test";
inline constexpr const char* kMiddleCounselor = "counselor.crm@demo.trellis.test";
inline constexpr const char* kHighTeacher = "teacher1.rhs@demo.trellis.test";
inline constexpr const char* kMiddleTeacher = "teacher1.crm@demo.trellis.test";

ServerProcess& shared_demo_server(const std::string& kind);

class ApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  ServerProcess& server() { return shared_demo_server(GetParam()); }
  HttpClient client() { return HttpClient(server().port()); }
  HttpClient signed_in(const std::string& email) {
    HttpClient c = client();
    auto result = c.sign_in(email, kDemoPassword);
    EXPECT_EQ(result.status, 200) << result.body;
    return c;
  }
  // Runs SQL against the server's database directly, to set up what the API cannot (an
  // expired session) or to check that nothing was written.
  std::int64_t count(const std::string& sql);
  void execute(const std::string& sql);
  // The id of the demo school named `name` (a failure when there is none).
  std::int64_t school_id(const std::string& name);
  // A unique suffix for names and e-mail addresses made by one test.
  std::string unique(const std::string& prefix);
  // A student of the test's own at `school_id` (in grade 07), so that the cases a test opens
  // touch no demo student; the family name is unique.
  std::int64_t insert_student(std::int64_t school_id, const std::string& given_name);
  std::int64_t open_cases(std::int64_t student_id);
  // Sets the Case Management Dictionary's switch and triggers, as `admin`.
  void set_case_management(HttpClient& admin, bool enabled, boost::json::array triggers);
};

}  // namespace trellis::testing
