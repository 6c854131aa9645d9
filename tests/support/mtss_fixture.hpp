// What the MTSS API tests share: a counselor at Cedar Ridge Middle working fresh students of
// that school, the dictionary set per test, and row counts to prove a failed request wrote
// nothing.
#pragma once

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <vector>

#include "support/api_fixture.hpp"

namespace trellis::testing {

class MtssApiTest : public ApiTest {
 protected:
  void SetUp() override;
  void dictionary(bool enabled, boost::json::array triggers);
  // `n` new students in one statement (consecutive ids), at Cedar Ridge unless told.
  std::vector<std::int64_t> fresh_students(int n, std::int64_t school = 0);
  std::int64_t fresh_student(std::int64_t school = 0) { return fresh_students(1, school).front(); }
  std::int64_t user_id(const std::string& email);
  std::int64_t open_cases(std::int64_t student);
  // Plans, events, cases, grants, group members, reviews, points and audit entries.
  std::vector<std::int64_t> row_counts();
  HttpResult create_plan(std::int64_t student, boost::json::object extra = {});

  std::unique_ptr<HttpClient> admin_;
  std::unique_ptr<HttpClient> counselor_;
  std::int64_t counselor_id_ = 0;
  std::int64_t school_ = 0;
  std::int64_t elementary_ = 0;
};

}  // namespace trellis::testing
