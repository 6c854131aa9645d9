// The OneRoster importer on the real exports in tests/fixtures/oneroster (third-party
// files nobody here shaped; see that folder's README), on SQLite and on PostgreSQL. The
// expected counts were taken by hand from the CSVs.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "domain/roster/oneroster.hpp"
#include "domain/roster/oneroster_generator.hpp"
#include "support/oneroster_fixtures.hpp"
#include "support/test_databases.hpp"
#include "util/text.hpp"

namespace trellis::domain::roster {
namespace {

namespace fs = std::filesystem;
using store::roster::Entity;

std::string fixture(const char* name) {
  return ::trellis::testing::oneroster_fixture(name);
}

// A folder export written by the test, removed afterwards.
class ExportFolder {
 public:
  ExportFolder() {
    dir_ = fs::temp_directory_path() /
           ("trellis-oneroster-" + std::to_string(::getpid()) + "-" + std::to_string(++count_));
    fs::create_directories(dir_);
  }
  ~ExportFolder() { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  std::string path() const { return dir_.string(); }

 private:
  fs::path dir_;
  static inline int count_ = 0;
};

// A OneRoster 1.1 export of one school (sourcedId s1, named `school` as written in the CSV)
// and the users.csv rows `user_rows`.
void write_one_school_export(ExportFolder& folder, const std::string& school,
                             const std::string& user_rows) {
  folder.write("manifest.csv",
               "propertyName,value\noneroster.version,1.1\nfile.orgs,bulk\nfile.users,bulk\n");
  folder.write("orgs.csv",
               "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n"
               "s1,,," +
                   school + ",school,,\n");
  folder.write("users.csv",
               "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,"
               "givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,"
               "password\n" +
                   user_rows);
}

bool has_problem(const Result& result, const std::string& file, std::size_t line,
                 std::size_t column, const std::string& reason_part) {
  return std::any_of(result.problems.begin(), result.problems.end(), [&](const Problem& p) {
    return p.file == file && p.line == line && p.column == column &&
           p.reason.find(reason_part) != std::string::npos;
  });
}

std::string describe(const Result& result) {
  std::string out;
  for (const auto& p : result.problems) {
    out += std::string(severity_name(p.severity)) + " " + p.file + ":" + std::to_string(p.line) +
           ":" + std::to_string(p.column) + " " + p.reason + "\n";
  }
  return out;
}

class OneRosterImport : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = store::open_database(testing::fresh_database_url(GetParam()));
    db_->migrate();
  }

  Result import(const std::string& path, Mode mode = Mode::strict) {
    auto source = open_source(path);
    EXPECT_TRUE(source.ok()) << source.error().message;
    ImportOptions options;
    options.mode = mode;
    return import_oneroster(*db_, **source, options);
  }

  std::int64_t count(const std::string& sql) {
    std::int64_t n = 0;
    db_->read([&](store::Connection& conn) { n = conn.one(sql)[0].as_int(); });
    return n;
  }
  std::string text(const std::string& sql) {
    std::string s;
    db_->read([&](store::Connection& conn) { s = conn.one(sql)[0].as_string(); });
    return s;
  }
  std::int64_t rows(const char* table) {
    return count(std::string("SELECT count(*) FROM ") + table);
  }

  std::unique_ptr<store::Database> db_;
};

TEST_P(OneRosterImport, FullDataSet11ImportsTheSchoolStudentsStaffClassesAndEnrollments) {
  const auto result = import(fixture("Test_full_data_set.zip"));
  ASSERT_TRUE(result.written) << describe(result);
  EXPECT_EQ(result.summary.errors, 0u) << describe(result);
  EXPECT_EQ(rows("schools"), 1);  // the one org (a department that classes name as school)
  EXPECT_EQ(rows("academic_sessions"), 5);
  EXPECT_EQ(rows("students"), 3);  // mary.jones, mmichel.jones, anna.brown
  EXPECT_EQ(rows("users"), 2);     // john.doe, jim.smith; the parent is not imported
  EXPECT_EQ(rows("classes"), 2);
  EXPECT_EQ(rows("enrollments"), 6);
  EXPECT_EQ(count("SELECT count(*) FROM enrollments WHERE student_id IS NOT NULL"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM users WHERE password_hash IS NULL"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM user_roles WHERE role = 'teacher'"), 2);
  EXPECT_EQ(text("SELECT grade FROM students WHERE sourced_id = 'usr-222-567891'"), "11");
  // Rows marked tobedeleted (a class, a session; "inactive" read as tobedeleted) arrive
  // inactive, and the bulk file that fills status is warned about, not refused.
  EXPECT_EQ(count("SELECT active FROM classes WHERE sourced_id = 'cls-222-123478'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM academic_sessions WHERE active = 0"), 2);
  EXPECT_TRUE(has_problem(result, "users.csv", 2, 2, "although the manifest says bulk"));
  EXPECT_TRUE(has_problem(result, "users.csv", 4, 6, "role parent"));
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'roster.import'"), 1);
}

TEST_P(OneRosterImport, MinimalDataSet11ImportsTheSameRoster) {
  const auto result = import(fixture("Test_minimal_data_set.zip"));
  ASSERT_TRUE(result.written) << describe(result);
  EXPECT_EQ(rows("schools"), 1);
  EXPECT_EQ(rows("students"), 3);
  EXPECT_EQ(rows("users"), 2);
  EXPECT_EQ(rows("classes"), 2);
  EXPECT_EQ(rows("enrollments"), 6);
  // Staff without an e-mail get a placeholder that can never receive mail.
  EXPECT_EQ(text("SELECT email FROM users WHERE sourced_id = 'usr-222-123456'"),
            "usr-222-123456@roster.invalid");
}

TEST_P(OneRosterImport, Delta12WithRolesCoursesAndDemographicsImports) {
  const auto result = import(fixture("oneroster_test_data.zip"));
  ASSERT_TRUE(result.written) << describe(result);
  EXPECT_EQ(result.summary.errors + result.summary.warnings, 0u) << describe(result);
  EXPECT_EQ(rows("schools"), 1);
  EXPECT_EQ(rows("courses"), 1);
  EXPECT_EQ(rows("classes"), 1);
  EXPECT_EQ(rows("students"), 1);  // USER_0, a student through roles.csv
  EXPECT_EQ(rows("users"), 0);
  EXPECT_EQ(rows("enrollments"), 1);
  EXPECT_EQ(text("SELECT birth_date FROM students"), "2010-04-17");
  EXPECT_EQ(text("SELECT demographics FROM students"), R"({"birthDate":"2010-04-17"})");
  EXPECT_EQ(count("SELECT count(*) FROM classes c JOIN courses k ON k.id = c.course_id"), 1);
}

TEST_P(OneRosterImport, ImportingTheSameFilesTwiceChangesNothing) {
  ASSERT_TRUE(import(fixture("Test_full_data_set.zip")).written);
  const auto stamps =
      "SELECT (SELECT coalesce(sum(updated_at), 0) FROM students) + (SELECT "
      "coalesce(sum(updated_at), 0) FROM users) + (SELECT "
      "coalesce(sum(updated_at), 0) FROM classes)";
  const auto before = count(stamps);
  const auto audit = rows("audit_log");
  const auto again = import(fixture("Test_full_data_set.zip"));
  ASSERT_TRUE(again.written) << describe(again);
  for (const auto& c : again.summary.entities) {
    EXPECT_EQ(c.created + c.updated + c.deactivated, 0u);
  }
  EXPECT_EQ(again.summary.of(Entity::student).unchanged, 3u);
  EXPECT_EQ(again.summary.of(Entity::enrollment).unchanged, 6u);
  EXPECT_EQ(count(stamps), before);
  EXPECT_EQ(rows("audit_log"), audit);
  EXPECT_EQ(rows("students"), 3);
  EXPECT_EQ(rows("user_roles"), 2);
}

TEST_P(OneRosterImport, FlawedExportGetsAReportNamingEachFlawAndStrictWritesNothing) {
  const auto result = import(fixture("v1p2_full_dataset.zip"), Mode::strict);
  EXPECT_FALSE(result.written);
  EXPECT_FALSE(result.fatal);
  const auto report = describe(result);
  // The misspelled headers, with the column and the likely meaning.
  EXPECT_TRUE(has_problem(result, "users.csv", 1, 18, "did you mean preferredGivenName?"))
      << report;
  EXPECT_TRUE(has_problem(result, "users.csv", 1, 19, "prefferedMiddleName")) << report;
  EXPECT_TRUE(has_problem(result, "users.csv", 1, 20, "prefferedFamilyName")) << report;
  // The dates that are not ISO 8601.
  for (std::size_t line : {2u, 4u, 5u, 6u}) {
    EXPECT_TRUE(has_problem(result, "users.csv", line, 3, "bad date '1/05/2023'")) << line;
  }
  EXPECT_TRUE(has_problem(result, "users.csv", 7, 3, "bad date '15/06/2023'")) << report;
  // dataLastModified for dateLastModified, and the extra empty columns.
  EXPECT_TRUE(has_problem(result, "roles.csv", 1, 3, "did you mean dateLastModified?")) << report;
  EXPECT_TRUE(has_problem(result, "roles.csv", 1, 10, "2 empty column name(s) at column 10, 11"))
      << report;
  // userprofiles.csv is a copy of roles.csv.
  EXPECT_TRUE(has_problem(result, "userprofiles.csv", 1, 0, "copy of it?")) << report;
  EXPECT_TRUE(has_problem(result, "manifest.csv", 22, 2, "file.userProfiles has no value"))
      << report;
  // Enrollments of rejected users are rejected with the reason.
  EXPECT_TRUE(has_problem(result, "enrollments.csv", 2, 6,
                          "user usr-222-123456 was rejected (users.csv line 2)"))
      << report;
  for (const char* table : {"schools", "academic_sessions", "classes", "students", "users",
                            "enrollments", "audit_log"}) {
    EXPECT_EQ(rows(table), 0) << table;
  }
}

TEST_P(OneRosterImport, FlawedExportInLenientModeImportsTheValidRows) {
  const auto result = import(fixture("v1p2_full_dataset.zip"), Mode::lenient);
  ASSERT_TRUE(result.written);
  EXPECT_EQ(rows("schools"), 1);
  EXPECT_EQ(rows("academic_sessions"), 5);
  EXPECT_EQ(rows("classes"), 2);
  // Only mary.jones has no bad date; the others and their enrollments are rejected.
  EXPECT_EQ(rows("students"), 1);
  EXPECT_EQ(text("SELECT sourced_id FROM students"), "usr-222-66778899");
  EXPECT_EQ(rows("users"), 0);
  EXPECT_EQ(rows("enrollments"), 0);
  EXPECT_EQ(result.summary.of(Entity::student).rejected, 2u);
  EXPECT_EQ(result.summary.of(Entity::staff).rejected, 3u);
  EXPECT_EQ(result.summary.of(Entity::enrollment).rejected, 6u);
}

TEST_P(OneRosterImport, DeltaWithTobedeletedDeactivatesAndKeepsHistory) {
  ASSERT_TRUE(import(fixture("Test_full_data_set.zip")).written);
  const auto anna = count("SELECT id FROM students WHERE sourced_id = 'usr-222-567891'");
  const auto mary = count("SELECT id FROM students WHERE sourced_id = 'usr-222-66778899'");
  ExportFolder delta;
  delta.write("manifest.csv",
              "propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.1\r\n"
              "file.users,delta\r\nfile.enrollments,delta\r\n");
  // anna.brown leaves (only the key columns filled, as deltas do); mary.jones moves to
  // grade 11 and is UPDATEd in place; one enrollment ends.
  delta.write("users.csv",
              "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,"
              "givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,"
              "password\r\n"
              "usr-222-567891,tobedeleted,2024-01-02T00:00:00Z,,,,,,,,,,,,,,,\r\n"
              "usr-222-66778899,active,2024-01-02T00:00:00Z,TRUE,org-sch-222-456,student,"
              "mary.jones,,Mary,Jones,Jane,mary.jones,mary.jones@myschool.com,,,,11,\r\n");
  delta.write("enrollments.csv",
              "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,"
              "role,primary,beginDate,endDate\r\n"
              "enr-s-222-12345-987655,tobedeleted,2024-01-02T00:00:00Z,,,,,,,\r\n");
  const auto result = import(delta.path());
  ASSERT_TRUE(result.written) << describe(result);
  EXPECT_EQ(result.summary.of(Entity::student).deactivated, 1u);
  EXPECT_EQ(result.summary.of(Entity::student).updated, 1u);
  EXPECT_EQ(result.summary.of(Entity::enrollment).deactivated, 1u);
  EXPECT_EQ(rows("students"), 3);  // nobody deleted
  EXPECT_EQ(count("SELECT active FROM students WHERE id = " + std::to_string(anna)), 0);
  EXPECT_EQ(text("SELECT given_name FROM students WHERE id = " + std::to_string(anna)), "Anna");
  EXPECT_EQ(text("SELECT grade FROM students WHERE id = " + std::to_string(mary)), "11");
  EXPECT_EQ(count("SELECT count(*) FROM enrollments WHERE active = 0"), 1);
  // Deactivating again is no change.
  const auto again = import(delta.path());
  EXPECT_EQ(again.summary.of(Entity::student).deactivated, 0u);
  EXPECT_EQ(again.summary.of(Entity::student).unchanged, 2u);
}

TEST_P(OneRosterImport, ReferencesToUnknownOrgsAreReportedWithLineAndColumn) {
  ExportFolder folder;
  write_one_school_export(folder, "\"North, High\"",
                          "u1,,,TRUE,s1,student,a,,Ada,Lovelace,,,,,,,09,\n"
                          "u2,,,TRUE,nowhere,student,b,,Bo,Brown,,,,,,,09,\n"
                          "u1,,,TRUE,s1,student,a,,Ada,Lovelace,,,,,,,09,\n"
                          "u3,,,TRUE,s1,student,c,,,Case,,,,,,,09,\n");
  const auto result = import(folder.path(), Mode::lenient);
  ASSERT_TRUE(result.written);
  EXPECT_TRUE(has_problem(result, "users.csv", 3, 5, "unknown org nowhere")) << describe(result);
  EXPECT_TRUE(has_problem(result, "users.csv", 4, 1, "duplicate sourcedId u1")) << describe(result);
  EXPECT_TRUE(has_problem(result, "users.csv", 5, 9, "givenName is required")) << describe(result);
  EXPECT_EQ(rows("students"), 1);
  EXPECT_EQ(text("SELECT name FROM schools"), "North, High");
}

// The one input discipline holds for imported text too: a name that is not UTF-8, or holds a
// control character, would reach every page that shows it. Problems quote values escaped, so
// the report stays valid JSON.
TEST_P(OneRosterImport, RowsWithTextThatIsNotValidAreRefusedAndQuotedEscaped) {
  ExportFolder folder;
  write_one_school_export(folder, "North",
                          "u1,,,TRUE,s1,student,a,,Ada,Lovelace,,,,,,,09,\n"
                          "u2,,,TRUE,s1,student,b,,B\xe9"
                          "a,Brown,,,,,,,09,\n"
                          "u3,,,TRUE,s1,student,c,,Cy,Ca\x1b[31mse,,,,,,,09,\n"
                          "u4\xff,,,TRUE,s1,student,d,,Di,\"Dee\",,,,,,,09,\n");
  const auto result = import(folder.path(), Mode::lenient);
  ASSERT_TRUE(result.written);
  EXPECT_TRUE(has_problem(result, "users.csv", 3, 9, "Use valid UTF-8 text.")) << describe(result);
  EXPECT_TRUE(has_problem(result, "users.csv", 4, 10, "Remove the control character U+001B."))
      << describe(result);
  EXPECT_TRUE(has_problem(result, "users.csv", 5, 1, "Use valid UTF-8 text.")) << describe(result);
  EXPECT_EQ(rows("students"), 1);
  EXPECT_EQ(text("SELECT family_name FROM students"), "Lovelace");
}

TEST(OneRosterProblems, QuoteTheExportsBytesEscaped) {
  ExportFolder folder;
  folder.write("manifest.csv", "propertyName,value\noneroster.version,1.1\nfile.orgs,bulk\n");
  folder.write("orgs.csv",
               "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId,x\xc1y\n");
  auto db = store::open_database(testing::fresh_database_url("sqlite"));
  db->migrate();
  auto source = open_source(folder.path());
  ASSERT_TRUE(source.ok());
  const auto result = import_oneroster(*db, **source, ImportOptions{});
  EXPECT_TRUE(std::any_of(result.problems.begin(), result.problems.end(), [](const Problem& p) {
    return p.reason.find("x\\xc1y") != std::string::npos && !util::text_problem(p.field) &&
           !util::text_problem(p.reason);
  })) << describe(result);
}

TEST_P(OneRosterImport, AnExportWithoutAManifestIsRefusedClearly) {
  ExportFolder folder;
  folder.write("users.csv", "sourcedId\n");
  const auto result = import(folder.path(), Mode::lenient);
  EXPECT_FALSE(result.written);
  ASSERT_TRUE(result.fatal);
  EXPECT_EQ(*result.fatal, "manifest.csv is missing: this is not a OneRoster CSV export");
}

TEST_P(OneRosterImport, AGeneratedDistrictImportsWholeAndAgainChangesNothing) {
  ExportFolder folder;
  const auto made = write_oneroster_district(folder.path(), 200);
  // 200 students: one school, 8 sections of 25 (grades K-5 one class, 6-7 four), 8 teachers,
  // the principal and a district administrator.
  EXPECT_EQ(made.schools, 1u);
  EXPECT_EQ(made.classes, 14u);
  EXPECT_EQ(made.staff, 10u);
  EXPECT_EQ(made.enrollments, 14u * 26u);
  const auto result = import(folder.path());
  ASSERT_TRUE(result.written) << describe(result);
  EXPECT_EQ(result.summary.errors + result.summary.warnings, 0u) << describe(result);
  EXPECT_EQ(result.summary.rows, made.rows);
  EXPECT_EQ(rows("schools"), 1);
  EXPECT_EQ(rows("academic_sessions"), 3);
  EXPECT_EQ(rows("courses"), 8);
  EXPECT_EQ(rows("classes"), 14);
  EXPECT_EQ(rows("students"), 200);
  EXPECT_EQ(rows("users"), 10);
  EXPECT_EQ(rows("enrollments"), 14 * 26);
  EXPECT_EQ(count("SELECT count(*) FROM students WHERE birth_date IS NOT NULL"), 200);
  EXPECT_EQ(count("SELECT count(*) FROM user_roles WHERE role = 'district_admin'"), 1);
  const auto again = import(folder.path());
  ASSERT_TRUE(again.written) << describe(again);
  for (const auto& c : again.summary.entities) {
    EXPECT_EQ(c.created + c.updated + c.deactivated + c.rejected, 0u);
  }
  EXPECT_EQ(again.summary.of(Entity::student).unchanged, 200u);
  EXPECT_EQ(again.summary.of(Entity::enrollment).unchanged, 14u * 26u);
  EXPECT_EQ(rows("students"), 200);
  // Compared before the write transaction: an unchanged re-import takes no write lock at all.
  EXPECT_EQ(again.summary.write_seconds, 0.0);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'roster.import'"), 1);
}

TEST_P(OneRosterImport, AReimportWritesOnlyTheRowsThatChanged) {
  ExportFolder folder;
  const auto made = write_oneroster_district(folder.path(), 100);
  ASSERT_TRUE(import(folder.path()).written);
  const auto stamp = [&] {
    return count("SELECT max(updated_at) FROM students WHERE given_name <> 'Renamed'");
  };
  const auto before = stamp();
  // One student renamed, one teacher's e-mail changed, one class retitled.
  std::ifstream users_in(folder.path() + "/users.csv");
  std::string users((std::istreambuf_iterator<char>(users_in)), std::istreambuf_iterator<char>());
  const auto student = users.find(",student,");
  ASSERT_NE(student, std::string::npos);
  const auto name = users.find(',', users.find(',', student + 9) + 1) + 1;
  users.replace(name, users.find(',', name) - name, "Renamed");
  const auto teacher = users.find(",teacher,");
  const auto at = users.find('@', teacher);
  users.insert(at, "-new");
  folder.write("users.csv", users);
  const auto result = import(folder.path());
  ASSERT_TRUE(result.written) << describe(result);
  EXPECT_EQ(result.summary.of(Entity::student).updated, 1u);
  EXPECT_EQ(result.summary.of(Entity::student).unchanged, 99u);
  EXPECT_EQ(result.summary.of(Entity::staff).updated, 1u);
  EXPECT_EQ(result.summary.of(Entity::enrollment).unchanged, made.enrollments);
  EXPECT_GT(result.summary.write_seconds, 0.0);
  EXPECT_EQ(count("SELECT count(*) FROM students WHERE given_name = 'Renamed'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM users WHERE email LIKE '%-new@%'"), 1);
  EXPECT_EQ(stamp(), before);  // the others were not touched
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'roster.import'"), 2);
}

// An import that changes more rows than a plan keeps is read again inside the write
// transaction, with the same outcome.
TEST_P(OneRosterImport, AnImportOfManyChangesIsWrittenInOnePass) {
  ExportFolder folder;
  const auto made = write_oneroster_district(folder.path(), 100);
  auto source = open_source(folder.path());
  ASSERT_TRUE(source.ok());
  ImportOptions options;
  options.max_planned_changes = 10;
  const auto result = import_oneroster(*db_, **source, options);
  ASSERT_TRUE(result.written) << describe(result);
  EXPECT_EQ(result.summary.of(Entity::student).created, 100u);
  EXPECT_EQ(rows("enrollments"), static_cast<std::int64_t>(made.enrollments));
  EXPECT_GT(result.summary.write_seconds, 0.0);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'roster.import'"), 1);
  const auto again = import(folder.path());
  EXPECT_EQ(again.summary.of(Entity::student).unchanged, 100u);
  EXPECT_EQ(again.summary.write_seconds, 0.0);
}

TEST(OneRosterGenerator, TheSameSizeWritesTheSameBytes) {
  ExportFolder first, second;
  write_oneroster_district(first.path(), 60);
  write_oneroster_district(second.path(), 60);
  for (const char* file : {"manifest.csv", "orgs.csv", "users.csv", "enrollments.csv",
                           "demographics.csv", "classes.csv"}) {
    const auto read = [&](const std::string& dir) {
      std::ifstream in(fs::path(dir) / file, std::ios::binary);
      return std::string(std::istreambuf_iterator<char>(in), {});
    };
    EXPECT_EQ(read(first.path()), read(second.path())) << file;
    EXPECT_FALSE(read(first.path()).empty()) << file;
  }
}

TEST(OneRosterSource, AMalformedZipIsAClearError) {
  ExportFolder folder;
  folder.write("broken.zip", "PK\x03\x04 this is not really a zip");
  const auto source = open_source(folder.path() + "/broken.zip");
  ASSERT_FALSE(source.ok());
  EXPECT_EQ(source.error().code, "unreadable_export");
  EXPECT_NE(source.error().message.find("is not a readable zip"), std::string::npos);
  EXPECT_FALSE(open_zip_bytes("garbage").ok());
  EXPECT_FALSE(open_source(folder.path() + "/missing.zip").ok());
}

INSTANTIATE_TEST_SUITE_P(Databases, OneRosterImport,
                         ::testing::ValuesIn(testing::test_database_kinds()),
                         testing::DatabaseKindName());

}  // namespace
}  // namespace trellis::domain::roster
