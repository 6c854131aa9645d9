// What only the PostgreSQL store does: retry lost races, survive dropped connections, and name
// its sessions. Skipped when TRELLIS_TEST_PG_URL is unset (scripts/with-postgres.sh sets it).
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/database.hpp"
#include "support/test_databases.hpp"

namespace trellis::store {
namespace {

using trellis::testing::describe;
using trellis::testing::violation_in;
using trellis::testing::write_and_wait;

constexpr std::string_view kInsertNote = "INSERT INTO notes (id, body) VALUES ($1, $2)";

// Makes the current statement fail with `sqlstate`, as the server does when a race is lost.
void fail_with_sqlstate(Connection& conn, std::string_view sqlstate) {
  conn.run("DO $$ BEGIN RAISE EXCEPTION 'injected failure' USING ERRCODE = '" +
           std::string(sqlstate) + "'; END $$");
}

class PostgresDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (trellis::testing::postgres_test_server().empty()) {
      GTEST_SKIP() << "TRELLIS_TEST_PG_URL is not set; run under scripts/with-postgres.sh";
    }
    url_ = trellis::testing::fresh_database_url("postgres");
    db_ = open_database(url_);
    db_->write([](Connection& conn) {
      conn.run("CREATE TABLE notes (id BIGINT PRIMARY KEY, body TEXT NOT NULL)");
    });
  }

  std::int64_t count_notes() {
    std::int64_t rows = 0;
    db_->read([&](Connection& conn) { rows = conn.one("SELECT count(*) FROM notes")[0].as_int(); });
    return rows;
  }

  std::string url_;
  std::unique_ptr<Database> db_;
};

TEST_F(PostgresDatabaseTest, TwoDatabaseObjectsRacingUniqueInsertRetry) {
  db_->write([](Connection& conn) {
    conn.run(
        "CREATE TABLE cases (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
        "student_id BIGINT NOT NULL UNIQUE, opened_by TEXT NOT NULL)");
  });
  auto second_server = open_database(url_);
  constexpr int kThreads = 32;  // 16 on each Database
  std::latch start(kThreads);
  std::vector<std::string> failures(kThreads);
  std::atomic<int> runs{0};
  // The first two transactions to find no case wait for each other before inserting, so the
  // race is certain to happen rather than left to timing.
  std::atomic<int> found_none{0};
  std::latch both_found_none(2);

  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    Database* server = i % 2 == 0 ? db_.get() : second_server.get();
    threads.emplace_back([&, server, i] {
      start.arrive_and_wait();
      const auto error = write_and_wait(*server, [&, i](Connection& conn) {
        ++runs;
        // Open the student's case unless someone has: the loser of the race fails on the
        // unique key, and its retry finds the winner's row.
        if (conn.maybe_one("SELECT id FROM cases WHERE student_id = $1", 42)) return;
        if (found_none++ < 2) both_found_none.arrive_and_wait();
        conn.run("INSERT INTO cases (student_id, opened_by) VALUES ($1, $2)", 42,
                 "thread " + std::to_string(i));
      });
      failures[static_cast<std::size_t>(i)] = describe(error);
    });
  }
  for (auto& thread : threads) thread.join();

  for (int i = 0; i < kThreads; ++i) {
    EXPECT_EQ(failures[static_cast<std::size_t>(i)], "") << "thread " << i;
  }
  EXPECT_GT(runs, kThreads) << "the loser of the race ran its work again";
  std::int64_t cases = 0;
  db_->read([&](Connection& conn) { cases = conn.one("SELECT count(*) FROM cases")[0].as_int(); });
  EXPECT_EQ(cases, 1);
}

TEST_F(PostgresDatabaseTest, SerializationFailureAndDeadlockAreRetried) {
  std::atomic<int> runs{0};

  const auto error = write_and_wait(*db_, [&runs](Connection& conn) {
    conn.run(kInsertNote, 1, "kept once");
    const int run = ++runs;
    if (run == 1) fail_with_sqlstate(conn, "40001");
    if (run == 2) fail_with_sqlstate(conn, "40P01");
  });

  EXPECT_EQ(describe(error), "");
  EXPECT_EQ(runs, 3);
  EXPECT_EQ(count_notes(), 1);
}

TEST_F(PostgresDatabaseTest, GenuineDuplicateFailsAfterFiveAttempts) {
  db_->write([](Connection& conn) { conn.run(kInsertNote, 1, "original"); });
  std::atomic<int> runs{0};

  const auto violation = violation_in(write_and_wait(*db_, [&runs](Connection& conn) {
    ++runs;
    conn.run(kInsertNote, 1, "duplicate");
  }));

  ASSERT_TRUE(violation);
  EXPECT_EQ(violation->kind(), ConstraintViolation::Kind::unique);
  EXPECT_EQ(violation->constraint(), "notes_pkey");
  EXPECT_EQ(runs, 5);
}

TEST_F(PostgresDatabaseTest, OtherFailuresAreNotRetried) {
  std::atomic<int> runs{0};

  const auto violation = violation_in(write_and_wait(*db_, [&runs](Connection& conn) {
    ++runs;
    conn.run(kInsertNote, 1, nullptr);
  }));

  ASSERT_TRUE(violation);
  EXPECT_EQ(violation->kind(), ConstraintViolation::Kind::not_null);
  EXPECT_EQ(runs, 1);
}

TEST_F(PostgresDatabaseTest, CaughtStatementFailureStillFailsTheWrite) {
  // PostgreSQL aborts the whole transaction at a failed statement, so work that catches the
  // error and carries on cannot commit: the caller hears the original failure.
  const auto violation = violation_in(write_and_wait(*db_, [](Connection& conn) {
    conn.run(kInsertNote, 1, "first");
    try {
      conn.run(kInsertNote, 2, nullptr);
    } catch (const ConstraintViolation&) {
      // Carry on, as work written against SQLite might.
    }
  }));

  ASSERT_TRUE(violation);
  EXPECT_EQ(violation->kind(), ConstraintViolation::Kind::not_null);
  EXPECT_EQ(count_notes(), 0);
}

TEST_F(PostgresDatabaseTest, ReconnectsAfterServerDropsConnections) {
  EXPECT_EQ(count_notes(), 0);
  ASSERT_TRUE(db_->ping());

  trellis::testing::run_directly(url_,
                                 "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
                                 "WHERE datname = current_database() AND pid <> pg_backend_pid()");

  EXPECT_EQ(describe(write_and_wait(
                *db_, [](Connection& conn) { conn.run(kInsertNote, 1, "after the drop"); })),
            "");
  EXPECT_EQ(count_notes(), 1);
  EXPECT_TRUE(db_->ping());
}

TEST_F(PostgresDatabaseTest, StatementCacheOverflowKeepsWorking) {
  db_->read([](Connection& conn) {
    for (int n = 0; n < 1100; ++n) {
      ASSERT_EQ(conn.one("SELECT " + std::to_string(n) + " + $1", 1)[0].as_int(), n + 1);
    }
  });
}

TEST_F(PostgresDatabaseTest, ColumnTypesConvert) {
  db_->read([](Connection& conn) {
    const auto row = conn.one(
        "SELECT true, false, 7::smallint, 8::integer, 2.5::numeric, 0.25::real, "
        "'Infinity'::float8, 'x'::varchar, NULL::bigint");
    EXPECT_EQ(row[0].as_int(), 1);
    EXPECT_EQ(row[1].as_int(), 0);
    EXPECT_EQ(row[2].as_int(), 7);
    EXPECT_EQ(row[3].as_int(), 8);
    EXPECT_EQ(row[4].as_double(), 2.5);
    EXPECT_EQ(row[5].as_double(), 0.25);
    EXPECT_EQ(row[6].as_double(), std::numeric_limits<double>::infinity());
    EXPECT_EQ(row[7].as_string(), "x");
    EXPECT_TRUE(row[8].is_null());
  });
}

TEST_F(PostgresDatabaseTest, SessionsUseUtcAndNameTheApplication) {
  db_->read([](Connection& conn) {
    const auto row =
        conn.one("SELECT current_setting('TimeZone'), current_setting('application_name')");
    EXPECT_EQ(row[0].as_string(), "UTC");
    EXPECT_EQ(row[1].as_string(), "trellis");
  });
}

TEST(PostgresDatabase, OpenFailsWhenServerIsUnreachable) {
  EXPECT_THROW(open_database("postgresql://trellis@127.0.0.1:1/postgres"), DatabaseError);
}

}  // namespace
}  // namespace trellis::store
