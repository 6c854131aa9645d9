// The storage behaviour every repository relies on, pinned on each database kind the tests can
// reach: Store/DatabaseTest.Name/sqlite and, under scripts/with-postgres.sh, /postgres.
#include "store/database.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/migrations.hpp"
#include "support/test_databases.hpp"

namespace trellis::store {
namespace {

using trellis::testing::describe;
using trellis::testing::fresh_database_url;
using trellis::testing::violation_in;
using trellis::testing::write_and_wait;

constexpr std::string_view kCreateNotes =
    "CREATE TABLE notes (id BIGINT PRIMARY KEY, body TEXT NOT NULL)";
constexpr std::string_view kInsertNote = "INSERT INTO notes (id, body) VALUES ($1, $2)";

class DatabaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    url_ = fresh_database_url(GetParam());
    db_ = open_database(url_);
  }

  bool on_postgres() const { return GetParam() == "postgres"; }

  void run_in_write(std::string_view sql) {
    db_->write([sql](Connection& conn) { conn.run(sql); });
  }

  std::int64_t count_rows(const std::string& table) {
    std::int64_t rows = 0;
    db_->read(
        [&](Connection& conn) { rows = conn.one("SELECT count(*) FROM " + table)[0].as_int(); });
    return rows;
  }

  void create_constrained_tables() {
    db_->write([](Connection& conn) {
      conn.run("CREATE TABLE codes (id BIGINT PRIMARY KEY, code TEXT NOT NULL UNIQUE)");
      conn.run(
          "CREATE TABLE grades (id BIGINT PRIMARY KEY, "
          "score BIGINT NOT NULL CHECK (score BETWEEN 0 AND 100))");
      conn.run("CREATE TABLE parents (id BIGINT PRIMARY KEY)");
      conn.run(
          "CREATE TABLE children (id BIGINT PRIMARY KEY, "
          "parent_id BIGINT NOT NULL REFERENCES parents (id))");
    });
  }

  std::string url_;
  std::unique_ptr<Database> db_;
};

TEST_P(DatabaseTest, DialectMatchesTheUrl) {
  EXPECT_EQ(db_->dialect(), on_postgres() ? Dialect::postgres : Dialect::sqlite);
}

TEST_P(DatabaseTest, MigrateCreatesSchemaAndIsIdempotent) {
  const auto& migrations =
      db_->dialect() == Dialect::postgres ? postgres_migrations() : sqlite_migrations();
  const auto all_applied = static_cast<std::int64_t>(migrations.size());

  db_->migrate();
  EXPECT_EQ(count_rows("schema_migrations"), all_applied);
  EXPECT_EQ(count_rows("users"), 0);

  db_->migrate();
  EXPECT_EQ(count_rows("schema_migrations"), all_applied);
}

TEST_P(DatabaseTest, TwoServersMigratingAtOnceBothSucceed) {
  auto second_server = open_database(url_);
  std::exception_ptr errors[2];
  std::thread first([&] {
    try {
      db_->migrate();
    } catch (...) {
      errors[0] = std::current_exception();
    }
  });
  try {
    second_server->migrate();
  } catch (...) {
    errors[1] = std::current_exception();
  }
  first.join();

  EXPECT_EQ(describe(errors[0]), "");
  EXPECT_EQ(describe(errors[1]), "");
  const auto& migrations =
      db_->dialect() == Dialect::postgres ? postgres_migrations() : sqlite_migrations();
  EXPECT_EQ(count_rows("schema_migrations"), static_cast<std::int64_t>(migrations.size()));
}

TEST_P(DatabaseTest, InsertReturningId) {
  db_->migrate();
  constexpr std::string_view kInsertSchool =
      "INSERT INTO schools (name, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id";
  std::int64_t north = 0;
  std::int64_t south = 0;
  db_->write([&](Connection& conn) {
    north = conn.one(kInsertSchool, "North Elementary", 1)[0].as_int();
    south = conn.one(kInsertSchool, "South Middle", 2)[0].as_int();
  });

  EXPECT_GT(north, 0);
  EXPECT_GT(south, north);
  std::string name;
  db_->read([&](Connection& conn) {
    name = conn.one("SELECT name FROM schools WHERE id = $1", south)[0].as_string();
  });
  EXPECT_EQ(name, "South Middle");
}

TEST_P(DatabaseTest, ParamsOfEveryTypeRoundTrip) {
  run_in_write(
      "CREATE TABLE samples (id BIGINT PRIMARY KEY, whole BIGINT, fraction DOUBLE PRECISION, "
      "label TEXT, missing TEXT)");
  constexpr std::string_view kInsertSample =
      "INSERT INTO samples (id, whole, fraction, label, missing) VALUES ($1, $2, $3, $4, $5)";
  const std::int64_t largest = std::numeric_limits<std::int64_t>::max();
  const std::int64_t smallest = std::numeric_limits<std::int64_t>::min();
  const std::string unicode = "Zoë Łukasz 学生 🚀 'single' \"double\" back\\slash";
  db_->write([&](Connection& conn) {
    conn.run(kInsertSample, 1, largest, 0.1, unicode, nullptr);
    conn.run(kInsertSample, 2, smallest, -1.5e300, "", std::optional<std::string>{});
    conn.run(kInsertSample, 3, -42, 1.0 / 3.0, "third", "present");
  });

  db_->read([&](Connection& conn) {
    const auto first =
        conn.one("SELECT whole, fraction, label, missing FROM samples WHERE id = $1", 1);
    EXPECT_EQ(first[0].as_int(), largest);
    EXPECT_EQ(first[1].as_double(), 0.1);
    EXPECT_EQ(first[2].as_string(), unicode);
    EXPECT_TRUE(first[3].is_null());

    const auto second =
        conn.one("SELECT whole, fraction, label, missing FROM samples WHERE id = $1", 2);
    EXPECT_EQ(second[0].as_int(), smallest);
    EXPECT_EQ(second[1].as_double(), -1.5e300);
    EXPECT_FALSE(second[2].is_null()) << "an empty string is not NULL";
    EXPECT_EQ(second[2].as_string(), "");
    EXPECT_TRUE(second[3].is_null());

    const auto third = conn.one("SELECT whole, fraction, missing FROM samples WHERE id = $1", 3);
    EXPECT_EQ(third[0].as_int(), -42);
    EXPECT_EQ(third[1].as_double(), 1.0 / 3.0);
    EXPECT_EQ(third[2].opt_string(), "present");

    EXPECT_TRUE(conn.one("SELECT whole = $1 FROM samples WHERE id = $2", largest, 1)[0].as_bool());
  });

  // $2 is used twice and comes before $1 in the text: placeholders bind by number, not order.
  db_->write([](Connection& conn) {
    conn.run("UPDATE samples SET label = $2, missing = $2 WHERE id = $1", 3, "twice");
  });
  db_->read([](Connection& conn) {
    const auto row =
        conn.one("SELECT id, missing FROM samples WHERE label = $2 AND whole = $1", -42, "twice");
    EXPECT_EQ(row[0].as_int(), 3);
    EXPECT_EQ(row[1].as_string(), "twice");
  });
}

TEST_P(DatabaseTest, WriteRollsBackWhenWorkThrows) {
  run_in_write(kCreateNotes);

  const auto error = write_and_wait(*db_, [](Connection& conn) {
    conn.run(kInsertNote, 1, "never stored");
    throw std::runtime_error("work gave up");
  });
  EXPECT_EQ(describe(error), "work gave up");
  EXPECT_THROW(db_->write([](Connection& conn) {
    conn.run(kInsertNote, 2, "never stored either");
    throw std::logic_error("blocking callers get the exception too");
  }),
               std::logic_error);

  EXPECT_EQ(count_rows("notes"), 0);
}

TEST_P(DatabaseTest, UniqueViolationIsConstraintViolation) {
  create_constrained_tables();
  db_->write(
      [](Connection& conn) { conn.run("INSERT INTO codes (id, code) VALUES ($1, $2)", 1, "A"); });

  const auto violation = violation_in(write_and_wait(*db_, [](Connection& conn) {
    conn.run("INSERT INTO codes (id, code) VALUES ($1, $2)", 2, "A");
  }));

  ASSERT_TRUE(violation);
  EXPECT_EQ(violation->kind(), ConstraintViolation::Kind::unique);
  if (on_postgres()) {
    EXPECT_EQ(violation->constraint(), "codes_code_key");
  }
  EXPECT_EQ(count_rows("codes"), 1);
}

TEST_P(DatabaseTest, ForeignKeyViolationIsReported) {
  create_constrained_tables();

  const auto violation = violation_in(write_and_wait(*db_, [](Connection& conn) {
    conn.run("INSERT INTO children (id, parent_id) VALUES ($1, $2)", 1, 7);
  }));

  ASSERT_TRUE(violation);
  EXPECT_EQ(violation->kind(), ConstraintViolation::Kind::foreign_key);
  if (on_postgres()) {
    EXPECT_EQ(violation->constraint(), "children_parent_id_fkey");
  }
}

TEST_P(DatabaseTest, CheckAndNotNullViolationsAreReported) {
  create_constrained_tables();
  constexpr std::string_view kInsertGrade = "INSERT INTO grades (id, score) VALUES ($1, $2)";

  const auto check =
      violation_in(write_and_wait(*db_, [=](Connection& conn) { conn.run(kInsertGrade, 1, 101); }));
  const auto not_null = violation_in(
      write_and_wait(*db_, [=](Connection& conn) { conn.run(kInsertGrade, 2, nullptr); }));

  ASSERT_TRUE(check);
  EXPECT_EQ(check->kind(), ConstraintViolation::Kind::check);
  if (on_postgres()) {
    EXPECT_EQ(check->constraint(), "grades_score_check");
  }
  ASSERT_TRUE(not_null);
  EXPECT_EQ(not_null->kind(), ConstraintViolation::Kind::not_null);
}

TEST_P(DatabaseTest, ConcurrentWritersAllCommit) {
  run_in_write(kCreateNotes);
  constexpr int kThreads = 8;
  constexpr int kWritesPerThread = 200;
  constexpr int kWrites = kThreads * kWritesPerThread;
  constexpr std::int64_t kFailingId = 3 * kWritesPerThread + 17;
  std::atomic<int> committed{0};
  std::atomic<int> failed{0};
  std::latch all_done(kWrites);

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWritesPerThread; ++i) {
        const std::int64_t id = t * kWritesPerThread + i + 1;
        db_->write_async(
            [id](Connection& conn) {
              conn.run(kInsertNote, id, "note " + std::to_string(id));
              if (id == kFailingId) throw std::runtime_error("this one job fails");
            },
            [&](std::exception_ptr error) {
              ++(error ? failed : committed);
              all_done.count_down();
            });
      }
    });
  }
  for (auto& thread : threads) thread.join();
  all_done.wait();

  EXPECT_EQ(committed, kWrites - 1);
  EXPECT_EQ(failed, 1);
  // Reopening proves the writes are on disk (or on the server), not only in this object.
  db_.reset();
  db_ = open_database(url_);
  EXPECT_EQ(count_rows("notes"), kWrites - 1);
  db_->read([&](Connection& conn) {
    EXPECT_FALSE(conn.maybe_one("SELECT id FROM notes WHERE id = $1", kFailingId));
  });
}

TEST_P(DatabaseTest, ReadSeesCommittedWrites) {
  run_in_write(kCreateNotes);
  db_->write([](Connection& conn) { conn.run(kInsertNote, 1, "first"); });

  std::string seen_here;
  std::string seen_elsewhere;
  db_->read([&](Connection& conn) {
    seen_here = conn.one("SELECT body FROM notes WHERE id = $1", 1)[0].as_string();
  });
  std::thread reader([&] {
    db_->read([&](Connection& conn) {
      seen_elsewhere = conn.one("SELECT body FROM notes WHERE id = $1", 1)[0].as_string();
    });
  });
  reader.join();

  EXPECT_EQ(seen_here, "first");
  EXPECT_EQ(seen_elsewhere, "first");
}

TEST_P(DatabaseTest, ReadWorkSeesOneSnapshot) {
  run_in_write(kCreateNotes);
  db_->write([](Connection& conn) { conn.run(kInsertNote, 1, "before"); });

  std::int64_t before = 0;
  std::int64_t during = 0;
  db_->read([&](Connection& conn) {
    before = conn.one("SELECT count(*) FROM notes")[0].as_int();
    db_->write([](Connection& writer) { writer.run(kInsertNote, 2, "during"); });
    during = conn.one("SELECT count(*) FROM notes")[0].as_int();
  });

  EXPECT_EQ(before, 1);
  EXPECT_EQ(during, 1) << "a read keeps the snapshot it started with";
  EXPECT_EQ(count_rows("notes"), 2);
}

TEST_P(DatabaseTest, ReadRefusesWrites) {
  run_in_write(kCreateNotes);

  EXPECT_THROW(db_->read([](Connection& conn) { conn.run(kInsertNote, 1, "sneaky"); }),
               DatabaseError);
  EXPECT_EQ(count_rows("notes"), 0);
}

TEST_P(DatabaseTest, ReadWorkExceptionReachesCallerAndConnectionsRecover) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    EXPECT_THROW(db_->read([](Connection& conn) {
      conn.run("SELECT 1");
      throw std::runtime_error("reader gave up");
    }),
                 std::runtime_error);
  }
  std::int64_t answer = 0;
  db_->read([&](Connection& conn) { answer = conn.one("SELECT 1 + $1", 1)[0].as_int(); });
  EXPECT_EQ(answer, 2);
}

TEST_P(DatabaseTest, PreparedStatementReuse) {
  run_in_write(kCreateNotes);
  constexpr int kNotes = 500;
  db_->write([](Connection& conn) {
    for (int id = 1; id <= kNotes; ++id) conn.run(kInsertNote, id, "note " + std::to_string(id));
  });

  for (int id = 1; id <= kNotes; id += 7) {
    db_->read([id](Connection& conn) {
      EXPECT_EQ(conn.one("SELECT body FROM notes WHERE id = $1", id)[0].as_string(),
                "note " + std::to_string(id));
    });
  }
  EXPECT_EQ(count_rows("notes"), kNotes);
}

TEST_P(DatabaseTest, SyntaxErrorIsDatabaseErrorEachTime) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    EXPECT_THROW(db_->read([](Connection& conn) { conn.run("SELEC 1"); }), DatabaseError);
  }
}

TEST_P(DatabaseTest, UpdateAndDeleteReportAffectedRows) {
  run_in_write(kCreateNotes);
  db_->write([](Connection& conn) {
    for (int id = 1; id <= 3; ++id) EXPECT_EQ(conn.run(kInsertNote, id, "x").affected, 1);
    EXPECT_EQ(conn.run("UPDATE notes SET body = $1 WHERE id >= $2", "y", 2).affected, 2);
    EXPECT_EQ(conn.run("DELETE FROM notes WHERE id = $1", 1).affected, 1);
    EXPECT_EQ(conn.run("DELETE FROM notes WHERE id = $1", 1).affected, 0);
  });
}

TEST_P(DatabaseTest, PingAnswers) {
  EXPECT_TRUE(db_->ping());
}

INSTANTIATE_TEST_SUITE_P(Store, DatabaseTest,
                         ::testing::ValuesIn(trellis::testing::test_database_kinds()),
                         trellis::testing::DatabaseKindName{});

}  // namespace
}  // namespace trellis::store
