// Roster import over HTTP and from the command line, on SQLite and PostgreSQL: district
// administrators upload a OneRoster zip, follow the run to its end and read the report.
#include <gtest/gtest.h>
#include <zip.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "domain/roster/oneroster.hpp"
#include "domain/roster/oneroster_generator.hpp"
#include "store/database.hpp"
#include "support/api_fixture.hpp"
#include "support/oneroster_fixtures.hpp"

namespace trellis::testing {
namespace {

std::string fixture(const char* name) {
  return ::trellis::testing::oneroster_fixture(name);
}

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A server of its own: imports add schools and students the shared demo server's tests do
// not expect.
class RosterImportApi : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(fresh_database_url(GetParam()));
  }

  HttpClient signed_in(const std::string& email) {
    HttpClient c(server_->port());
    EXPECT_EQ(c.sign_in(email, kDemoPassword).status, 200);
    return c;
  }

  // Polls the run until it has finished.
  boost::json::object finished(HttpClient& client, std::int64_t id) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      auto got = client.get("/api/v1/admin/imports/" + std::to_string(id));
      EXPECT_EQ(got.status, 200) << got.body;
      auto run = got.json().as_object();
      const auto status = run.at("status").as_string();
      if (status == "succeeded" || status == "failed") return run;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "import " << id << " did not finish";
    return {};
  }

  // The kind of the caller's notification linking to `link`, or "".
  std::string notification_about(HttpClient& client, const std::string& link) {
    const auto listed = client.get("/api/v1/notifications?limit=500").json();
    for (const auto& item : listed.at("items").as_array()) {
      if (item.at("link").as_string() == link) return std::string(item.at("kind").as_string());
    }
    return "";
  }

  std::unique_ptr<ServerProcess> server_;
};

TEST_P(RosterImportApi, DistrictAdminUploadsAZipAndFollowsTheRunToItsReport) {
  const auto zip = bytes_of(fixture("Test_full_data_set.zip"));
  const std::map<std::string, std::string> as_zip{{"Content-Type", "application/zip"}};

  auto teacher = signed_in(kHighTeacher);
  EXPECT_EQ(teacher.request("POST", "/api/v1/admin/imports/oneroster", zip, as_zip).status, 403);

  auto admin = signed_in(kDistrictAdmin);
  auto started = admin.request("POST", "/api/v1/admin/imports/oneroster", zip, as_zip);
  ASSERT_EQ(started.status, 202) << started.body;
  const auto id = started.json().at("id").as_int64();
  const auto run = finished(admin, id);
  EXPECT_EQ(run.at("status").as_string(), "succeeded") << boost::json::serialize(run);
  // The administrator who started it hears how it ended.
  EXPECT_EQ(notification_about(admin, "/admin/imports/" + std::to_string(id)), "import_finished");
  const auto& entities = run.at("summary").at("entities");
  EXPECT_EQ(entities.at("students").at("created").as_int64(), 3);
  EXPECT_EQ(entities.at("staff").at("created").as_int64(), 2);
  EXPECT_EQ(entities.at("enrollments").at("created").as_int64(), 6);
  EXPECT_EQ(run.at("errors").as_int64(), 0);
  EXPECT_GT(run.at("problems").at("items").as_array().size(), 0u);  // the warnings
  EXPECT_EQ(teacher.get("/api/v1/admin/imports/" + std::to_string(id)).status, 403);
  EXPECT_EQ(admin.get("/api/v1/admin/imports/999999").status, 404);

  // The flawed export, as a browser's file input sends it: refused whole in strict mode,
  // with a report paged by cursor.
  auto flawed = admin.upload("/api/v1/admin/imports/oneroster?mode=strict", "v1p2.zip",
                             bytes_of(fixture("v1p2_full_dataset.zip")), "application/zip");
  ASSERT_EQ(flawed.status, 202) << flawed.body;
  const auto flawed_id = flawed.json().at("id").as_int64();
  const auto failed = finished(admin, flawed_id);
  EXPECT_EQ(failed.at("status").as_string(), "failed");
  EXPECT_EQ(failed.at("errors").as_int64(), 15);
  EXPECT_EQ(notification_about(admin, "/admin/imports/" + std::to_string(flawed_id)),
            "import_failed");
  const auto path = "/api/v1/admin/imports/" + std::to_string(flawed_id);
  auto page = admin.get(path + "?limit=5").json();
  ASSERT_EQ(page.at("problems").at("items").as_array().size(), 5u);
  const auto cursor = page.at("problems").at("next_cursor").as_string();
  auto next = admin.get(path + "?limit=500&cursor=" + std::string(cursor)).json();
  bool bad_date = false;
  for (const auto& p : next.at("problems").at("items").as_array()) {
    bad_date |= p.at("file") == "users.csv" && p.at("line") == 2 && p.at("column") == 3 &&
                p.at("field") == "dateLastModified";
  }
  EXPECT_TRUE(bad_date) << boost::json::serialize(next);

  EXPECT_EQ(
      admin.request("POST", "/api/v1/admin/imports/oneroster", "not a zip", as_zip).error_code(),
      "unreadable_export");
  EXPECT_EQ(
      admin
          .request("POST", "/api/v1/admin/imports/oneroster", zip, {{"Content-Type", "text/plain"}})
          .status,
      415);
  EXPECT_EQ(admin.request("POST", "/api/v1/admin/imports/oneroster?mode=maybe", zip, as_zip).status,
            422);

  // Each zip was read from the file it was received into, which is gone once its run ended
  // or it was refused.
  const auto received = server_->data_dir() / "tmp";
  EXPECT_TRUE(!std::filesystem::exists(received) || std::filesystem::is_empty(received));
}

TEST_P(RosterImportApi, CommandLineImportsPrintsTheSummaryAndRefusesAFlawedExportInStrictMode) {
  const auto url = fresh_database_url(GetParam());
  auto good =
      run_trellis({"import", "oneroster", fixture("Test_minimal_data_set.zip"), "--db", url});
  EXPECT_EQ(good.status, 0) << good.output;
  EXPECT_NE(good.output.find("students                   3"), std::string::npos) << good.output;
  EXPECT_NE(good.output.find("import: enrollments.csv (5/5): 6 rows, 100%"), std::string::npos)
      << good.output;
  auto flawed = run_trellis({"import", "oneroster", fixture("v1p2_full_dataset.zip"), "--db", url});
  EXPECT_NE(flawed.status, 0);
  EXPECT_NE(flawed.output.find("strict mode: 15 errors, nothing was imported"), std::string::npos)
      << flawed.output;
  auto missing = run_trellis({"import", "oneroster", "/nonexistent.zip", "--db", url});
  EXPECT_NE(missing.status, 0);
  EXPECT_NE(missing.output.find("is neither a zip nor a folder"), std::string::npos)
      << missing.output;
}

// A generated district of `students` as a zip, made at run time.
std::string generated_zip(std::size_t students) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("trellis-import-zip-" + std::to_string(::getpid()));
  domain::roster::write_oneroster_district(dir, students);
  const auto path = (dir / "export.zip").string();
  int code = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  EXPECT_NE(archive, nullptr);
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".csv") continue;
    zip_source_t* source = zip_source_file(archive, entry.path().c_str(), 0, -1);
    zip_file_add(archive, entry.path().filename().c_str(), source, 0);
  }
  EXPECT_EQ(zip_close(archive), 0);
  auto bytes = bytes_of(path);
  std::filesystem::remove_all(dir);
  return bytes;
}

// A shutdown while an import runs: the server stops cleanly, and the run is either finished
// or cancelled, saying so and having written nothing; never left running or queued.
TEST_P(RosterImportApi, ImportIsCancelledOrFinishedOnShutdown) {
  auto admin = signed_in(kDistrictAdmin);
  const auto zip = generated_zip(20000);
  auto started = admin.request("POST", "/api/v1/admin/imports/oneroster", zip,
                               {{"Content-Type", "application/zip"}});
  ASSERT_EQ(started.status, 202) << started.body;
  const auto id = started.json().at("id").as_int64();
  const auto path = "/api/v1/admin/imports/" + std::to_string(id);
  // Stopped once the import has begun (it reads 20,000 students for seconds), or earlier.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline &&
         admin.get(path).json().at("status").as_string() == "queued") {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(server_->stop(), 0) << "a graceful stop";

  auto db = store::open_database(server_->db_url());
  std::string status, error;
  std::int64_t students = 0;
  db->read([&](store::Connection& conn) {
    const auto run =
        conn.one("SELECT status, coalesce(error, '') FROM import_runs WHERE id = $1", id);
    status = run[0].as_string();
    error = run[1].as_string();
    students = conn.one("SELECT count(*) FROM students WHERE sourced_id LIKE 'stu-%'")[0].as_int();
  });
  if (status == "succeeded") {
    EXPECT_EQ(students, 20000);
  } else {
    EXPECT_EQ(status, "failed");
    EXPECT_NE(error.find("cancelled: the server shut down"), std::string::npos) << error;
    EXPECT_EQ(students, 0) << "a cancelled import writes nothing";
  }
  RecordProperty("import_status_at_shutdown", status);
}

// A server killed mid-import leaves its run "running". The next server to start fails it,
// saying so: on SQLite at once (an embedded database has one server), on PostgreSQL once it is
// an hour old (other servers on the database may still be running theirs).
TEST_P(RosterImportApi, RunsAStoppedServerLeftUnfinishedAreFailedAtTheNextStart) {
  const auto url = server_->db_url();
  ASSERT_EQ(server_->stop(), 0);
  const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const std::int64_t two_hours = std::int64_t{2} * 3600 * 1000 * 1000;
  auto db = store::open_database(url);
  std::int64_t old_run = 0, recent_run = 0;
  db->write([&](store::Connection& conn) {
    const char* insert =
        "INSERT INTO import_runs (kind, source, mode, status, created_at, started_at) VALUES "
        "('oneroster', 'upload.zip', 'strict', 'running', $1, $1) RETURNING id";
    old_run = conn.one(insert, now - two_hours)[0].as_int();
    recent_run = conn.one(insert, now)[0].as_int();
  });
  db.reset();

  server_ = std::make_unique<ServerProcess>(url, std::vector<std::string>{});
  auto admin = signed_in(kDistrictAdmin);
  const auto status_of = [&](std::int64_t id) {
    return admin.get("/api/v1/admin/imports/" + std::to_string(id)).json();
  };
  const auto old = status_of(old_run);
  EXPECT_EQ(old.at("status").as_string(), "failed");
  EXPECT_EQ(old.at("error").as_string(), domain::roster::kInterrupted);
  EXPECT_EQ(status_of(recent_run).at("status").as_string(),
            GetParam() == "sqlite" ? "failed" : "running");
}

INSTANTIATE_TEST_SUITE_P(Databases, RosterImportApi, ::testing::ValuesIn(test_database_kinds()),
                         DatabaseKindName());

}  // namespace
}  // namespace trellis::testing
