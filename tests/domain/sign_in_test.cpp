// Sessions and sign-in limits, on a real database of each kind.
#include "domain/auth/sign_in.hpp"

#include <gtest/gtest.h>

#include "domain/auth/secrets.hpp"
#include "store/users_repo.hpp"
#include "support/test_databases.hpp"

namespace trellis::domain::auth {
namespace {

class SignIn : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    secrets::initialise();
    db_ = store::open_database(testing::fresh_database_url(GetParam()));
    db_->migrate();
    db_->write([&](store::Connection& conn) {
      store::User u;
      u.email = "Casey@School.example";
      u.given_name = "Casey";
      u.family_name = "Counselor";
      u.password_hash = secrets::hash_password("correct horse battery");
      u.roles = {{store::Role::district_admin, std::nullopt}};
      user_id_ = store::users::insert(conn, u);
    });
  }

  // The first step of a sign-in: its own write, committed before any password is checked.
  Outcome<SignInAttempt> begin(const std::string& email, const std::string& address) {
    Client client{address, "test"};
    std::optional<Outcome<SignInAttempt>> begun;
    db_->write(
        [&](store::Connection& c) { begun.emplace(begin_sign_in(c, policy_, email, client)); });
    return std::move(*begun);
  }

  Outcome<SignedIn> attempt(const std::string& email, const std::string& password,
                            const std::string& address = "10.0.0.1") {
    auto begun = begin(email, address);
    if (!begun.ok()) return begun.error();
    verify_sign_in(begun.value(), password);
    std::optional<Outcome<SignedIn>> finished;
    db_->write(
        [&](store::Connection& c) { finished.emplace(finish_sign_in(c, policy_, begun.value())); });
    return *finished;
  }

  std::optional<SessionLookup> lookup(const std::string& token) {
    std::optional<SessionLookup> found;
    db_->read([&](store::Connection& c) { found = find_session(c, policy_, token); });
    return found;
  }

  Policy policy_;
  std::unique_ptr<store::Database> db_;
  store::Id user_id_ = 0;
};

TEST_P(SignIn, RightPasswordOpensASessionFoundByItsToken) {
  auto signed_in = attempt("casey@school.example", "correct horse battery");
  ASSERT_TRUE(signed_in.ok());
  auto found = lookup(signed_in->session_token);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->principal.user_id, user_id_);
  EXPECT_EQ(found->principal.csrf_token, signed_in->principal.csrf_token);
  EXPECT_FALSE(lookup("some-other-token"));
}

TEST_P(SignIn, WrongPasswordAndUnknownUserFailAlike) {
  auto wrong = attempt("casey@school.example", "wrong");
  auto unknown = attempt("nobody@school.example", "wrong");
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.error().code, "invalid_credentials");
  EXPECT_EQ(unknown.error().code, wrong.error().code);
  EXPECT_EQ(unknown.error().message, wrong.error().message);
}

TEST_P(SignIn, FifthFailureLocksTheAccountForTheWindowEvenWithTheRightPassword) {
  for (int i = 0; i < policy_.max_failures_per_account; ++i) {
    EXPECT_EQ(attempt("casey@school.example", "wrong").error().code, "invalid_credentials");
  }
  auto locked = attempt("casey@school.example", "correct horse battery");
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().kind, ErrorKind::rate_limited);
  EXPECT_GT(locked.error().retry_after_seconds, 0);
}

// Attempts whose passwords are still being checked count already: parallel guesses cannot
// outrun the limit.
TEST_P(SignIn, AttemptsCountAsFailuresBeforeTheirPasswordIsChecked) {
  for (int i = 0; i < policy_.max_failures_per_account; ++i) {
    EXPECT_TRUE(begin("casey@school.example", "10.0.0.1").ok());
  }
  auto refused = begin("casey@school.example", "10.0.0.1");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::rate_limited);
}

// A school's staff share one address: once it is over its limit it gets no more guesses at the
// accounts it failed at, but an account it has not failed at still signs in.
TEST_P(SignIn, AnAddressOverItsLimitIsRefusedOnlyForAccountsItFailedAt) {
  policy_.max_failures_per_address = 3;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(attempt("user" + std::to_string(i) + "@x.example", "wrong", "10.9.9.9").error().kind,
              ErrorKind::unauthorized);
  }
  EXPECT_TRUE(attempt("casey@school.example", "correct horse battery", "10.9.9.9").ok());
  EXPECT_EQ(attempt("casey@school.example", "wrong", "10.9.9.9").error().kind,
            ErrorKind::unauthorized);
  EXPECT_EQ(attempt("casey@school.example", "correct horse battery", "10.9.9.9").error().kind,
            ErrorKind::rate_limited);
  EXPECT_EQ(attempt("user0@x.example", "wrong", "10.9.9.9").error().kind, ErrorKind::rate_limited);
  EXPECT_TRUE(attempt("casey@school.example", "correct horse battery", "10.1.1.1").ok());
}

TEST_P(SignIn, IdleSessionExpires) {
  auto signed_in = attempt("casey@school.example", "correct horse battery");
  ASSERT_TRUE(signed_in.ok());
  db_->write([&](store::Connection& c) { c.run("UPDATE sessions SET last_seen_at = 0"); });
  EXPECT_FALSE(lookup(signed_in->session_token));
}

TEST_P(SignIn, SignOutRevokesTheSession) {
  auto signed_in = attempt("casey@school.example", "correct horse battery");
  ASSERT_TRUE(signed_in.ok());
  db_->write([&](store::Connection& c) { sign_out(c, signed_in->principal, "10.0.0.1"); });
  EXPECT_FALSE(lookup(signed_in->session_token));
}

TEST_P(SignIn, SessionTokenIsStoredOnlyAsItsHash) {
  auto signed_in = attempt("casey@school.example", "correct horse battery");
  ASSERT_TRUE(signed_in.ok());
  std::int64_t plain = -1;
  db_->read([&](store::Connection& c) {
    plain =
        c.one("SELECT count(*) FROM sessions WHERE token_hash = $1", signed_in->session_token)[0]
            .as_int();
  });
  EXPECT_EQ(plain, 0);
}

INSTANTIATE_TEST_SUITE_P(Databases, SignIn, ::testing::ValuesIn(testing::test_database_kinds()),
                         testing::DatabaseKindName());

}  // namespace
}  // namespace trellis::domain::auth
