#include "support/mtss_fixture.hpp"

#include "support/sample_records.hpp"

namespace trellis::testing {

namespace json = boost::json;

void MtssApiTest::SetUp() {
  admin_ = std::make_unique<HttpClient>(signed_in(kDistrictAdmin));
  counselor_ = std::make_unique<HttpClient>(signed_in(kMiddleCounselor));
  counselor_id_ = user_id(kMiddleCounselor);
  school_ = count("SELECT id FROM schools WHERE name = 'Cedar Ridge Middle'");
  elementary_ = count("SELECT id FROM schools WHERE name = 'Maple Grove Elementary'");
}

void MtssApiTest::dictionary(bool enabled, json::array triggers) {
  auto result = admin_->put("/api/v1/admin/case-management",
                            json::object{{"enabled", enabled}, {"open_case_on", triggers}});
  ASSERT_EQ(result.status, 200) << result.body;
}

std::vector<std::int64_t> MtssApiTest::fresh_students(int n, std::int64_t school) {
  const auto family = unique("Plan");
  std::string sql =
      "INSERT INTO students (given_name, family_name, grade, school_id, created_at, updated_at) "
      "VALUES ";
  for (int i = 0; i < n; ++i) {
    sql += (i ? ", ('Mtss', '" : "('Mtss', '") + family + "', '07', " +
           std::to_string(school ? school : school_) + ", 1, 1)";
  }
  execute(sql);
  const auto last = count("SELECT max(id) FROM students");
  std::vector<std::int64_t> ids;
  for (std::int64_t id = last - n + 1; id <= last; ++id) ids.push_back(id);
  return ids;
}

std::int64_t MtssApiTest::user_id(const std::string& email) {
  return count("SELECT id FROM users WHERE email = '" + email + "'");
}

std::int64_t MtssApiTest::open_cases(std::int64_t student) {
  return count("SELECT count(*) FROM cases WHERE closed_at IS NULL AND student_id = " +
               std::to_string(student));
}

std::vector<std::int64_t> MtssApiTest::row_counts() {
  std::vector<std::int64_t> counts;
  for (const char* table :
       {"plans", "student_events", "cases", "student_access_grants", "intervention_group_members",
        "plan_reviews", "progress_points", "audit_log"}) {
    counts.push_back(count(std::string("SELECT count(*) FROM ") + table));
  }
  return counts;
}

HttpResult MtssApiTest::create_plan(std::int64_t student, json::object extra) {
  json::object body = samples::plan_body(student);
  body["interventions"] = json::array{
      json::object{{"name", "Read Naturally"}, {"frequency", "3x weekly"}, {"minutes", 30}}};
  for (const auto& [key, value] : extra) body[key] = value;
  return counselor_->post("/api/v1/plans", body);
}

}  // namespace trellis::testing
