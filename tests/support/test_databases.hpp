// Databases for tests that run on both SQLite and PostgreSQL.
#pragma once

#include <gtest/gtest.h>

#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace trellis::testing {

// "sqlite", plus "postgres" when TRELLIS_TEST_PG_URL names a server (scripts/with-postgres.sh
// starts a throwaway one and sets it).
std::vector<std::string> test_database_kinds();

// The server TRELLIS_TEST_PG_URL names, or empty when it is unset.
std::string postgres_test_server();

// The URL of a new, empty database of `kind`, removed when the test process exits.
std::string fresh_database_url(const std::string& kind);

// Runs one statement on a libpq connection of its own to the PostgreSQL database at `url`,
// for what a Database cannot do (create and drop databases, end other sessions).
void run_directly(const std::string& url, const std::string& sql);

// Calls write_async and waits for `done`, returning what it was given.
std::exception_ptr write_and_wait(store::Database& db, store::Work work);

// The message of `error`, or empty for nullptr: EXPECT_EQ(describe(error), "") shows it.
std::string describe(std::exception_ptr error);

// The ConstraintViolation that `error` holds; fails the current test when it holds anything else.
std::optional<store::ConstraintViolation> violation_in(std::exception_ptr error);

// Names parameterized tests after their database kind: Suite.Test/sqlite, Suite.Test/postgres.
struct DatabaseKindName {
  std::string operator()(const ::testing::TestParamInfo<std::string>& info) const {
    return info.param;
  }
};

}  // namespace trellis::testing
