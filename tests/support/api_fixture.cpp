#include <unistd.h>

#include <atomic>
#include <map>
#include <mutex>

#include "support/api_fixture.hpp"

namespace trellis::testing {

ServerProcess& shared_demo_server(const std::string& kind) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<ServerProcess>> servers;
  std::lock_guard lock(mutex);
  auto& server = servers[kind];
  if (!server) server = std::make_unique<ServerProcess>(fresh_database_url(kind));
  return *server;
}

std::int64_t ApiTest::count(const std::string& sql) {
  auto db = store::open_database(server().db_url());
  std::int64_t n = 0;
  db->read([&](store::Connection& conn) { n = conn.one(sql)[0].as_int(); });
  return n;
}

void ApiTest::execute(const std::string& sql) {
  auto db = store::open_database(server().db_url());
  db->write([&](store::Connection& conn) { conn.run(sql); });
}

std::int64_t ApiTest::school_id(const std::string& name) {
  const auto id = count("SELECT coalesce(max(id), 0) FROM schools WHERE name = '" + name + "'");
  if (id == 0) ADD_FAILURE() << "no school " << name;
  return id;
}

std::string ApiTest::unique(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + std::to_string(getpid()) + "x" + std::to_string(++counter);
}

std::int64_t ApiTest::insert_student(std::int64_t school_id, const std::string& given_name) {
  execute(
      "INSERT INTO students (given_name, family_name, grade, school_id, created_at, "
      "updated_at) VALUES ('" +
      given_name + "', '" + unique("Student") + "', '07', " + std::to_string(school_id) +
      ", 1, 1)");
  return count("SELECT max(id) FROM students");
}

std::int64_t ApiTest::open_cases(std::int64_t student_id) {
  return count("SELECT count(*) FROM cases WHERE closed_at IS NULL AND student_id = " +
               std::to_string(student_id));
}

void ApiTest::set_case_management(HttpClient& admin, bool enabled, boost::json::array triggers) {
  auto result = admin.put("/api/v1/admin/case-management",
                          boost::json::object{{"enabled", enabled}, {"open_case_on", triggers}});
  ASSERT_EQ(result.status, 200) << result.body;
}

}  // namespace trellis::testing
