// The command line: migrate, user add (the first administrator of a real deployment),
// backup, and a graceful stop on SIGTERM.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/test_databases.hpp"

namespace trellis::testing {
namespace {

TEST(Cli, UserAddCreatesAnAdministratorWhoCanSignIn) {
  const auto url = fresh_database_url("sqlite");
  auto migrated = run_trellis({"migrate", "--db", url});
  ASSERT_EQ(migrated.status, 0) << migrated.output;
  auto added =
      run_trellis({"user", "add", "--db", url, "--email", "first@district.example", "--name",
                   "Fiona First", "--role", "district_admin", "--password-stdin"},
                  "a long enough password\n");
  ASSERT_EQ(added.status, 0) << added.output;

  ServerProcess server(url, {});
  HttpClient c(server.port());
  EXPECT_EQ(c.sign_in("first@district.example", "a long enough password").status, 200);
  EXPECT_EQ(c.get("/api/v1/auth/me").json().at("user").at("name").as_string(), "Fiona First");
}

TEST(Cli, UserAddRefusesAShortPasswordAndAnUnknownRole) {
  const auto url = fresh_database_url("sqlite");
  auto short_password =
      run_trellis({"user", "add", "--db", url, "--email", "a@b.example", "--name", "A B", "--role",
                   "teacher", "--school", "1", "--password-stdin"},
                  "short\n");
  EXPECT_NE(short_password.status, 0);
  EXPECT_NE(short_password.output.find("password"), std::string::npos);
  auto bad_role = run_trellis({"user", "add", "--db", url, "--email", "a@b.example", "--name",
                               "A B", "--role", "janitor", "--password-stdin"},
                              "a long enough password\n");
  EXPECT_NE(bad_role.status, 0);
}

TEST(Cli, BackupWritesAConsistentCopyThatServes) {
  const auto url = fresh_database_url("sqlite");
  ASSERT_EQ(run_trellis({"demo", "--db", url}).status, 0);
  const auto copy = std::filesystem::path(url.substr(7)).parent_path() / "backup.db";
  auto backup = run_trellis({"backup", "--db", url, copy.string()});
  ASSERT_EQ(backup.status, 0) << backup.output;
  ServerProcess restored("sqlite:" + copy.string(), {});
  HttpClient c(restored.port());
  EXPECT_EQ(c.sign_in("district.admin@demo.trellis.test", "trellis-demo").status, 200);
}

TEST(Cli, DemoSeedsOnceAndPrintsTheSignIns) {
  const auto url = fresh_database_url("sqlite");
  auto first = run_trellis({"demo", "--db", url});
  ASSERT_EQ(first.status, 0) << first.output;
  EXPECT_NE(first.output.find("Seeded the demo district"), std::string::npos);
  EXPECT_NE(first.output.find("district.admin@demo.trellis.test"), std::string::npos);
  auto second = run_trellis({"demo", "--db", url});
  EXPECT_NE(second.output.find("already here"), std::string::npos);
}

TEST(Cli, ServerStopsCleanlyOnSigterm) {
  ServerProcess server(fresh_database_url("sqlite"), {});
  HttpClient c(server.port());
  EXPECT_EQ(c.get("/healthz").status, 200);
  EXPECT_EQ(server.stop(), 0);
}

TEST(Cli, UnknownDatabaseUrlIsAClearError) {
  auto result = run_trellis({"migrate", "--db", "mysql://nope"});
  EXPECT_NE(result.status, 0);
  EXPECT_NE(result.output.find("unsupported database URL"), std::string::npos);
}

// The district's zone decides what is overdue: a name tzdata does not know stops the server
// before it serves, rather than leaving it on some other day.
TEST(Cli, UnknownTimeZoneStopsTheServerAtStart) {
  auto result = run_trellis({"serve", "--db", fresh_database_url("sqlite"), "--listen",
                             "127.0.0.1:0", "--time-zone", "Mars/Olympus_Mons"});
  EXPECT_NE(result.status, 0);
  EXPECT_NE(result.output.find("unknown time zone Mars/Olympus_Mons"), std::string::npos)
      << result.output;
}

// E-mail needs an address to come from and a public URL for its links, in trellis serve and in
// send-digests alike (one check for both): without them nothing starts or is sent.
TEST(Cli, MailWithoutItsAddressOrPublicUrlIsRefusedAtStart) {
  const auto db = fresh_database_url("sqlite");
  const auto serve = [&](std::vector<std::string> mail) {
    std::vector<std::string> args{
        "serve", "--db", db, "--listen", "127.0.0.1:0", "--smtp-url", "smtp://127.0.0.1:1"};
    args.insert(args.end(), mail.begin(), mail.end());
    return run_trellis(args);
  };
  auto no_from = serve({"--public-url", "https://trellis.district.test"});
  EXPECT_NE(no_from.status, 0);
  EXPECT_NE(no_from.output.find("--smtp-url needs --mail-from"), std::string::npos)
      << no_from.output;
  auto not_an_address = serve({"--mail-from", "trellis", "--public-url", "https://t.test"});
  EXPECT_NE(not_an_address.status, 0);
  EXPECT_NE(not_an_address.output.find("needs --mail-from"), std::string::npos);
  auto no_url = serve({"--mail-from", "trellis@district.test"});
  EXPECT_NE(no_url.status, 0);
  EXPECT_NE(no_url.output.find("--smtp-url needs --public-url"), std::string::npos)
      << no_url.output;

  auto digests = run_trellis({"send-digests", "--db", db, "--mail-from", "trellis@district.test"});
  EXPECT_NE(digests.status, 0);
  EXPECT_NE(digests.output.find("--mail-from needs --public-url"), std::string::npos)
      << digests.output;
  auto digests_bad_from = run_trellis(
      {"send-digests", "--db", db, "--mail-from", "trellis", "--public-url", "https://t.test"});
  EXPECT_NE(digests_bad_from.status, 0);
  EXPECT_NE(digests_bad_from.output.find("needs --mail-from"), std::string::npos)
      << digests_bad_from.output;
}

}  // namespace
}  // namespace trellis::testing
