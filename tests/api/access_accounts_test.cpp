// Accounts under the access policy, on SQLite and PostgreSQL: who reads which staff accounts,
// when API tokens end, and the sign-in limits (per account, reserved before the password is
// checked; per address, never refusing an account that has not failed). Tests that make sign-ins
// fail use accounts they create, never the shared demo sign-ins.
#include <boost/json.hpp>
#include <set>
#include <thread>
#include <vector>

#include "support/api_fixture.hpp"

namespace trellis::testing {
namespace {

namespace json = boost::json;

constexpr const char* kPassword = "correct horse battery";

class AccessAccountsApi : public ApiTest {
 protected:
  struct Account {
    std::int64_t id = 0;
    std::string email;
  };

  static json::object role(const char* name, std::int64_t school_id) {
    return {{"role", name}, {"school_id", school_id}};
  }

  // A new account made by the district administrator, able to sign in with kPassword.
  Account create_account(const std::string& prefix, json::array roles) {
    auto admin = signed_in(kDistrictAdmin);
    const auto email = unique(prefix) + "@example.org";
    auto created = admin.post("/api/v1/users", {{"email", email},
                                                {"given_name", "Ada"},
                                                {"family_name", unique("Account")},
                                                {"password", kPassword},
                                                {"roles", std::move(roles)}});
    EXPECT_EQ(created.status, 201) << created.body;
    return {created.json().at("id").as_int64(), email};
  }

  Account teacher_at_maple_grove(const std::string& prefix) {
    auto admin = signed_in(kDistrictAdmin);
    return create_account(prefix, {role("teacher", school_id("Maple Grove Elementary"))});
  }

  // Signs in as `account` and makes an API token; returns a client that uses it.
  std::pair<HttpClient, std::int64_t> token_of(const Account& account) {
    auto owner = client();
    EXPECT_EQ(owner.sign_in(account.email, kPassword).status, 200);
    auto created = owner.post("/api/v1/auth/tokens", {{"name", "SIS sync"}});
    EXPECT_EQ(created.status, 201) << created.body;
    auto integration = client();
    integration.use_bearer(std::string(created.json().at("token").as_string()));
    EXPECT_EQ(integration.get("/api/v1/auth/me").status, 200);
    return {integration, created.json().at("id").as_int64()};
  }

  std::int64_t revoked_tokens(std::int64_t token_id) {
    return count("SELECT count(*) FROM api_tokens WHERE revoked_at IS NOT NULL AND id = " +
                 std::to_string(token_id));
  }

  // Every account a caller's GET /users lists, page by page.
  std::vector<json::object> every_listed_account(HttpClient& c, const std::string& query = "") {
    std::vector<json::object> accounts;
    std::string cursor;
    do {
      auto page =
          c.get("/api/v1/users?limit=100" + query + (cursor.empty() ? "" : "&cursor=" + cursor));
      EXPECT_EQ(page.status, 200) << page.body;
      if (page.status != 200) break;
      const auto body = page.json();
      for (const auto& item : body.at("items").as_array()) accounts.push_back(item.as_object());
      const auto& next = body.at("next_cursor");
      cursor = next.is_string() ? std::string(next.as_string()) : "";
    } while (!cursor.empty());
    return accounts;
  }

  static bool allows(const json::object& record, const char* action) {
    for (const auto& name : record.at("allowed_actions").as_array()) {
      if (name.as_string() == action) return true;
    }
    return false;
  }

  // How many of an account's sign-in attempts had their password checked and found wrong.
  std::int64_t checked_failures(const std::string& email) {
    return count("SELECT count(*) FROM login_failures WHERE checked_at IS NOT NULL AND email = '" +
                 email + "'");
  }
};

TEST_P(AccessAccountsApi, SchoolAdministratorReadsOnlyTheirSchoolsAccounts) {
  auto admin = signed_in(kDistrictAdmin);
  const auto maple = school_id("Maple Grove Elementary");
  const auto riverside = school_id("Riverside High");
  const auto own = create_account("mge-teacher", {role("teacher", maple)});
  const auto shared =
      create_account("both-teacher", {role("teacher", maple), role("teacher", riverside)});
  const auto other = create_account("rhs-teacher", {role("teacher", riverside)});

  auto principal = signed_in(kElementaryPrincipal);
  const auto listed = every_listed_account(principal);
  std::set<std::int64_t> ids;
  for (const auto& account : listed) {
    ids.insert(account.at("id").as_int64());
    bool at_maple = false;
    for (const auto& r : account.at("roles").as_array()) {
      at_maple = at_maple || r.at("school_id") == json::value(maple);
    }
    EXPECT_TRUE(at_maple) << json::serialize(account);
    ASSERT_TRUE(account.contains("allowed_actions"));
  }
  // Exactly the accounts holding a role at Maple Grove.
  EXPECT_EQ(static_cast<std::int64_t>(ids.size()),
            count("SELECT count(DISTINCT user_id) FROM user_roles WHERE school_id = " +
                  std::to_string(maple)));
  EXPECT_EQ(ids.count(own.id), 1u);
  EXPECT_EQ(ids.count(shared.id), 1u);
  EXPECT_EQ(ids.count(other.id), 0u);
  // Filtered to Riverside: only the accounts that are also at Maple Grove.
  std::set<std::int64_t> at_riverside;
  for (const auto& account :
       every_listed_account(principal, "&school_id=" + std::to_string(riverside))) {
    at_riverside.insert(account.at("id").as_int64());
  }
  EXPECT_EQ(at_riverside.count(shared.id), 1u);
  EXPECT_EQ(at_riverside.count(other.id), 0u);

  // Their own school's account: readable and theirs to manage.
  auto mine = principal.get("/api/v1/users/" + std::to_string(own.id));
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_TRUE(allows(mine.json().as_object(), "user.manage"));
  // An account also at another school: readable, not theirs to change.
  auto both = principal.get("/api/v1/users/" + std::to_string(shared.id));
  ASSERT_EQ(both.status, 200) << both.body;
  EXPECT_FALSE(allows(both.json().as_object(), "user.manage"));
  auto change_both =
      principal.patch("/api/v1/users/" + std::to_string(shared.id), {{"given_name", "Changed"}});
  EXPECT_EQ(change_both.status, 403) << change_both.body;
  // Another school's account does not exist for them.
  auto theirs = principal.get("/api/v1/users/" + std::to_string(other.id));
  EXPECT_EQ(theirs.status, 404) << theirs.body;
  auto change_theirs =
      principal.patch("/api/v1/users/" + std::to_string(other.id), {{"given_name", "Changed"}});
  EXPECT_EQ(change_theirs.status, 404) << change_theirs.body;
  EXPECT_EQ(count("SELECT count(*) FROM users WHERE given_name = 'Changed' AND id IN (" +
                  std::to_string(shared.id) + ", " + std::to_string(other.id) + ")"),
            0);

  // The district administrator reads and manages every account.
  auto by_admin = admin.get("/api/v1/users/" + std::to_string(other.id));
  ASSERT_EQ(by_admin.status, 200);
  EXPECT_TRUE(allows(by_admin.json().as_object(), "user.manage"));
  // Teachers read no accounts at all.
  EXPECT_EQ(signed_in(kHighTeacher).get("/api/v1/users/" + std::to_string(other.id)).status, 403);
}

TEST_P(AccessAccountsApi, TokenEndsWhenAnAdministratorChangesThePassword) {
  const auto account = teacher_at_maple_grove("password-token");
  auto [integration, token_id] = token_of(account);
  auto admin = signed_in(kDistrictAdmin);
  auto changed = admin.patch("/api/v1/users/" + std::to_string(account.id),
                             {{"password", "a brand new password"}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(integration.get("/api/v1/auth/me").status, 401);
  EXPECT_EQ(revoked_tokens(token_id), 1);
}

TEST_P(AccessAccountsApi, TokenEndsWhenTheAccountIsDeactivated) {
  const auto account = teacher_at_maple_grove("inactive-token");
  auto [integration, token_id] = token_of(account);
  auto admin = signed_in(kDistrictAdmin);
  const auto path = "/api/v1/users/" + std::to_string(account.id);
  ASSERT_EQ(admin.patch(path, {{"active", false}}).status, 200);
  EXPECT_EQ(integration.get("/api/v1/auth/me").status, 401);
  // Ended, not suspended: reactivating the account does not bring the token back.
  ASSERT_EQ(admin.patch(path, {{"active", true}}).status, 200);
  EXPECT_EQ(integration.get("/api/v1/auth/me").status, 401);
  EXPECT_EQ(revoked_tokens(token_id), 1);
}

TEST_P(AccessAccountsApi, TokenEndsWhenItsRoleIsRemoved) {
  auto admin = signed_in(kDistrictAdmin);
  const auto maple = school_id("Maple Grove Elementary");
  const auto cedar = school_id("Cedar Ridge Middle");
  const auto account =
      create_account("role-token", {role("teacher", maple), role("teacher", cedar)});
  const auto path = "/api/v1/users/" + std::to_string(account.id);
  auto [integration, token_id] = token_of(account);

  // A role given later neither ends the token nor widens it: it acts with the roles it was
  // made under.
  ASSERT_EQ(admin
                .patch(path, {{"roles", json::array{role("teacher", maple), role("teacher", cedar),
                                                    role("school_admin", maple)}}})
                .status,
            200);
  auto me = integration.get("/api/v1/auth/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json().at("user").at("roles").as_array().size(), 2u) << me.body;
  EXPECT_EQ(integration.get("/api/v1/users").status, 403);

  // Taking away one of the roles it was made under ends it, for good.
  ASSERT_EQ(admin
                .patch(path, {{"roles",
                               json::array{role("teacher", maple), role("school_admin", maple)}}})
                .status,
            200);
  EXPECT_EQ(integration.get("/api/v1/auth/me").status, 401);
  EXPECT_EQ(revoked_tokens(token_id), 1);
  ASSERT_EQ(
      admin.patch(path, {{"roles", json::array{role("teacher", maple), role("teacher", cedar)}}})
          .status,
      200);
  EXPECT_EQ(integration.get("/api/v1/auth/me").status, 401);

  // Checked on every use too, so a role removed by any other path ends the token at once.
  auto [second, second_id] = token_of(account);
  execute("DELETE FROM user_roles WHERE user_id = " + std::to_string(account.id) +
          " AND school_id = " + std::to_string(cedar));
  EXPECT_EQ(second.get("/api/v1/auth/me").status, 401);
  EXPECT_EQ(revoked_tokens(second_id), 0);
}

TEST_P(AccessAccountsApi, TokenUseSetsLastUsedAt) {
  const auto account = teacher_at_maple_grove("used-token");
  auto owner = client();
  ASSERT_EQ(owner.sign_in(account.email, kPassword).status, 200);
  auto created = owner.post("/api/v1/auth/tokens", {{"name", "Nightly export"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = created.json().at("id").as_int64();
  EXPECT_TRUE(created.json().at("last_used_at").is_null());
  const auto last_used =
      "SELECT coalesce(max(last_used_at), 0) FROM api_tokens WHERE id = " + std::to_string(id);
  EXPECT_EQ(count(last_used), 0);

  auto integration = client();
  integration.use_bearer(std::string(created.json().at("token").as_string()));
  ASSERT_EQ(integration.get("/api/v1/auth/me").status, 200);
  const auto first_use = count(last_used);
  EXPECT_GT(first_use, 0);
  auto listed = owner.get("/api/v1/auth/tokens").json();
  bool shown = false;
  for (const auto& token : listed.at("items").as_array()) {
    if (token.at("id").as_int64() == id) shown = token.at("last_used_at").is_string();
  }
  EXPECT_TRUE(shown) << json::serialize(listed);

  // Recorded at most once a minute, so a busy integration does not write on every request.
  ASSERT_EQ(integration.get("/api/v1/auth/me").status, 200);
  EXPECT_EQ(count(last_used), first_use);
  execute("UPDATE api_tokens SET last_used_at = last_used_at - 120000000 WHERE id = " +
          std::to_string(id));
  ASSERT_EQ(integration.get("/api/v1/auth/me").status, 200);
  EXPECT_GT(count(last_used), first_use - 120000000);
}

TEST_P(AccessAccountsApi, ParallelGuessesCheckAtMostFivePasswords) {
  const auto account = teacher_at_maple_grove("guessed");
  // On PostgreSQL the guesses go to two servers on one database, as behind a load balancer.
  std::unique_ptr<ServerProcess> second;
  if (GetParam() == "postgres") second = std::make_unique<ServerProcess>(server().db_url());
  std::vector<int> statuses(24, 0);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    threads.emplace_back([&, i] {
      HttpClient c(second && i % 2 == 1 ? second->port() : server().port());
      statuses[i] = c.sign_in(account.email, "a wrong guess " + std::to_string(i)).status;
    });
  }
  for (auto& t : threads) t.join();

  int checked = 0;
  for (int status : statuses) {
    if (status == 401)
      ++checked;
    else
      EXPECT_EQ(status, 429);
  }
  EXPECT_GE(checked, 1);
  EXPECT_LE(checked, 5);
  EXPECT_EQ(checked_failures(account.email), checked);
  EXPECT_LE(count("SELECT count(*) FROM login_failures WHERE email = '" + account.email + "'"), 5);

  // The right password is refused until the window passes.
  auto c = client();
  auto refused = c.sign_in(account.email, kPassword);
  EXPECT_EQ(refused.status, 429);
  EXPECT_FALSE(refused.headers["retry-after"].empty());
  execute("UPDATE login_failures SET at = at - 16 * 60 * 1000000 WHERE email = '" + account.email +
          "'");
  EXPECT_EQ(c.sign_in(account.email, kPassword).status, 200);
}

TEST_P(AccessAccountsApi, SharedAddressNeverLocksOutAnAccountThatHasNotFailed) {
  const auto fresh = teacher_at_maple_grove("colleague");
  const auto typist = teacher_at_maple_grove("typist");
  // 40 failures from this address (127.0.0.1, like a school's staff behind one public
  // address), at accounts other than these two.
  const auto prefix = unique("stranger");
  std::vector<int> statuses(40, 0);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      HttpClient c(server().port());
      for (std::size_t j = i; j < statuses.size(); j += 4) {
        statuses[j] =
            c.sign_in(prefix + "-" + std::to_string(j) + "@example.org", "a wrong guess").status;
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int status : statuses) EXPECT_EQ(status, 401);
  EXPECT_GE(count("SELECT count(*) FROM login_failures WHERE client_address = '127.0.0.1'"), 40);

  // An account that has not failed here signs in.
  EXPECT_EQ(client().sign_in(fresh.email, kPassword).status, 200);
  // One that has failed here gets no further guesses from this address for now.
  EXPECT_EQ(client().sign_in(typist.email, "a typo in it").status, 401);
  EXPECT_EQ(client().sign_in(typist.email, kPassword).status, 429);

  // Leave the shared server's address as it was for the tests that follow.
  execute("DELETE FROM login_failures WHERE email LIKE '" + prefix + "-%' OR email = '" +
          typist.email + "'");
}

INSTANTIATE_TEST_SUITE_P(Databases, AccessAccountsApi, ::testing::ValuesIn(test_database_kinds()),
                         DatabaseKindName());

}  // namespace
}  // namespace trellis::testing
