// Single sign-on against a real OpenID provider (panva's oidc-provider on loopback, see
// tests/oidc/), on SQLite and PostgreSQL: the authorization code flow with PKCE, state and
// nonce signs a staff member in exactly as a password does, and every refusal the issue names
// is a clear refusal with no session and an audit entry giving its technical reason.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <memory>

#include "store/database.hpp"
#include "support/api_fixture.hpp"
#include "support/oidc_provider.hpp"
#include "support/server_process.hpp"
#include "support/test_databases.hpp"

namespace trellis::testing {
namespace {

namespace json = boost::json;

constexpr const char* kClientId = "trellis-sso-test";
constexpr const char* kClientSecret = "s3cret with spaces & symbols";

class SingleSignOnApi : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(
        fresh_database_url(GetParam()),
        std::vector<std::string>{"--demo-roster", "--oidc-allow-http-loopback"});
    provider_ = std::make_unique<OidcProvider>();
    provider_->register_client(kClientId, kClientSecret, {origin() + "/api/v1/auth/oidc/callback"});
    provider_id_ = add_provider("Test district accounts", true);
  }

  std::string origin() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
  HttpClient client() const { return HttpClient(server_->port()); }
  // As a browser sends it: the Host names the port, which the redirect URI is made from.
  std::map<std::string, std::string> browser_headers() const {
    return {{"Host", "127.0.0.1:" + std::to_string(server_->port())}, {"User-Agent", "sso-test"}};
  }

  std::int64_t add_provider(const std::string& name, bool enabled) {
    auto admin = client();
    EXPECT_EQ(admin.sign_in(kDistrictAdmin, kDemoPassword).status, 200);
    auto created = admin.post("/api/v1/admin/identity-providers",
                              {{"name", name},
                               {"button_label", "Sign in with " + name},
                               {"issuer", provider_->issuer()},
                               {"client_id", kClientId},
                               {"client_secret", kClientSecret},
                               {"allowed_domains", json::array{"demo.trellis.test"}},
                               {"enabled", enabled}});
    EXPECT_EQ(created.status, 201) << created.body;
    return created.json().at("id").as_int64();
  }

  std::int64_t count(const std::string& sql) {
    auto db = store::open_database(server_->db_url());
    std::int64_t n = 0;
    db->read([&](store::Connection& conn) { n = conn.one(sql)[0].as_int(); });
    return n;
  }

  // GET /start: the redirect to the provider's authorization endpoint.
  HttpResult start(const std::string& return_to = "/cases", std::int64_t provider = 0) {
    boost::urls::url target("/api/v1/auth/oidc/" +
                            std::to_string(provider ? provider : provider_id_) + "/start");
    target.params().append({"return_to", return_to});
    return client().request("GET", std::string(target.buffer()), "", browser_headers());
  }
  std::string authorization_url(const std::string& return_to = "/cases") {
    auto started = start(return_to);
    EXPECT_EQ(started.status, 302) << started.body;
    EXPECT_TRUE(started.headers["location"].starts_with(provider_->issuer()))
        << started.headers["location"];
    return started.headers["location"];
  }
  // The provider's redirect back, followed as the browser would (a fresh client: no session).
  HttpResult callback(const std::string& url) {
    EXPECT_TRUE(url.starts_with(origin())) << url;
    return client().request("GET", url.substr(origin().size()), "", browser_headers());
  }
  // The whole round trip as the account `sub`.
  HttpResult sign_in_as(const std::string& sub) {
    provider_->next_login(sub);
    return callback(provider_->authorize(authorization_url()));
  }

  static std::string query_param(const std::string& url, const std::string& name) {
    auto parsed = boost::urls::parse_uri_reference(url);
    if (!parsed) return "";
    auto found = parsed->params().find(name);
    return found == parsed->params().end() ? "" : std::string((*found).value);
  }
  static std::string session_of(const HttpResult& result) {
    auto cookie = result.headers.count("set-cookie") ? result.headers.at("set-cookie") : "";
    if (!cookie.starts_with("trellis_session=")) return "";
    return cookie.substr(16, cookie.find(';') - 16);
  }

  // A refusal: to the sign-in page with the problem's code, no session, and the technical
  // reason in the audit log.
  void expect_refused(const HttpResult& result, const std::string& problem,
                      const std::string& reason) {
    EXPECT_EQ(result.status, 302) << result.body;
    EXPECT_EQ(result.headers.at("location"), "/sign-in?sso_error=" + problem);
    EXPECT_EQ(session_of(result), "");
    EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'session.sign_in_refused' AND "
                    "after_json LIKE '%\"reason\":\"" +
                    reason + "%'"),
              1)
        << "no audit entry with reason " << reason;
    EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'session.sign_in' AND "
                    "after_json LIKE '%single_sign_on%'"),
              0);
  }

  // Signs in with a spoiled ID token and expects the refusal.
  void expect_token_refused(const std::string& mode, const std::string& reason,
                            const std::string& problem = "try_again") {
    provider_->add_account("t1", kHighTeacher, true, "High Teacher");
    provider_->id_token_mode(mode);
    expect_refused(sign_in_as("t1"), problem, reason);
  }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<OidcProvider> provider_;
  std::int64_t provider_id_ = 0;
};

TEST_P(SingleSignOnApi, AStaffMemberSignsInWithTheProviderExactlyAsWithAPassword) {
  provider_->add_account("teacher-sub-1", kHighTeacher, true, "High Teacher");
  const auto url = authorization_url("/cases?school=2");
  // The authorization code flow with PKCE S256, state and nonce.
  EXPECT_EQ(query_param(url, "response_type"), "code");
  EXPECT_EQ(query_param(url, "code_challenge_method"), "S256");
  EXPECT_EQ(query_param(url, "code_challenge").size(), 43u);
  EXPECT_FALSE(query_param(url, "state").empty());
  EXPECT_FALSE(query_param(url, "nonce").empty());
  EXPECT_EQ(query_param(url, "redirect_uri"), origin() + "/api/v1/auth/oidc/callback");

  provider_->next_login("teacher-sub-1");
  const auto result = callback(provider_->authorize(url));
  ASSERT_EQ(result.status, 302) << result.body;
  EXPECT_EQ(result.headers.at("location"), "/cases?school=2");
  EXPECT_NE(result.headers.at("set-cookie").find("HttpOnly"), std::string::npos);
  const auto session = session_of(result);
  ASSERT_FALSE(session.empty());

  // The session is a session like any other: the caller, its CSRF token, signing out.
  auto browser = client();
  browser.set_session_cookie(session);
  auto me = browser.get("/api/v1/auth/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json().at("user").at("email").as_string(), kHighTeacher);
  browser.set_csrf(std::string(me.json().at("csrf_token").as_string()));
  EXPECT_EQ(browser.request("POST", "/api/v1/auth/logout").status, 204);

  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'session.sign_in' AND "
                  "after_json LIKE '%single_sign_on%'"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM staff_identities WHERE subject = 'teacher-sub-1'"), 1);
  // Client authentication at the token endpoint worked, once.
  EXPECT_EQ(provider_->stats().at("token").as_int64(), 1);
}

TEST_P(SingleSignOnApi, TheSubjectIsRememberedAndLaterSignInsMatchByIt) {
  provider_->add_account("sub-a", kMiddleTeacher, true, "Middle Teacher");
  ASSERT_EQ(sign_in_as("sub-a").status, 302);
  // The provider changes the account's address: the remembered subject still finds it.
  provider_->add_account("sub-a", "renamed.teacher@demo.trellis.test", true, "Middle Teacher");
  auto again = sign_in_as("sub-a");
  ASSERT_EQ(again.status, 302) << again.headers["location"];
  EXPECT_FALSE(session_of(again).empty());
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'session.sign_in' AND "
                  "after_json LIKE '%single_sign_on%'"),
            2);
  // Someone new given the old address at the provider does not reach the account.
  provider_->add_account("sub-b", kMiddleTeacher, true, "Someone Else");
  auto other = sign_in_as("sub-b");
  EXPECT_EQ(other.headers["location"], "/sign-in?sso_error=linked_to_another_account");
  EXPECT_EQ(session_of(other), "");
}

TEST_P(SingleSignOnApi, ABadOrReusedStateIsRefused) {
  expect_refused(callback(origin() + "/api/v1/auth/oidc/callback?code=abc&state=made-up"),
                 "link_expired", "unknown_used_or_expired_state");
  // A callback used once is used up, even with its good code.
  provider_->add_account("t1", kHighTeacher, true, "High Teacher");
  provider_->next_login("t1");
  const auto back = provider_->authorize(authorization_url());
  ASSERT_EQ(callback(back).status, 302);
  auto replayed = callback(back);
  EXPECT_EQ(replayed.headers.at("location"), "/sign-in?sso_error=link_expired");
  EXPECT_EQ(session_of(replayed), "");
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'session.sign_in_refused'"), 2);
}

TEST_P(SingleSignOnApi, AReplayedCodeIsRefused) {
  provider_->add_account("t1", kHighTeacher, true, "High Teacher");
  provider_->next_login("t1");
  const auto first = provider_->authorize(authorization_url());
  ASSERT_EQ(callback(first).status, 302);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'session.sign_in' AND "
                  "after_json LIKE '%single_sign_on%'"),
            1);
  // A new sign-in's own state, with the first one's code.
  const auto second = authorization_url();
  const auto replay = origin() + "/api/v1/auth/oidc/callback?code=" + query_param(first, "code") +
                      "&state=" + query_param(second, "state");
  auto result = callback(replay);
  EXPECT_EQ(result.headers.at("location"), "/sign-in?sso_error=try_again");
  EXPECT_EQ(session_of(result), "");
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'session.sign_in_refused' AND "
                  "after_json LIKE '%code_rejected: 400 invalid_grant%'"),
            1);
}

TEST_P(SingleSignOnApi, AWrongNonceIsRefused) {
  expect_token_refused("wrong_nonce", "wrong_nonce");
}

TEST_P(SingleSignOnApi, AnExpiredTokenIsRefused) {
  expect_token_refused("expired", "expired");
}

TEST_P(SingleSignOnApi, AWrongAudienceIsRefused) {
  expect_token_refused("wrong_audience", "wrong_audience");
}

TEST_P(SingleSignOnApi, AWrongIssuerIsRefused) {
  expect_token_refused("wrong_issuer", "wrong_issuer");
}

TEST_P(SingleSignOnApi, AnUnsignedTokenIsRefused) {
  expect_token_refused("alg_none", "algorithm_not_allowed:none");
}

TEST_P(SingleSignOnApi, AnHs256TokenKeyedWithThePublicKeyIsRefused) {
  expect_token_refused("hs256_public_key", "algorithm_not_allowed:HS256");
}

TEST_P(SingleSignOnApi, AnUnverifiedEmailIsRefused) {
  provider_->add_account("t1", kHighTeacher, false, "High Teacher");
  expect_refused(sign_in_as("t1"), "email_not_verified", "email_not_verified");
}

TEST_P(SingleSignOnApi, ADomainNotAllowedIsRefused) {
  provider_->add_account("x1", "someone@elsewhere.org", true, "Someone");
  expect_refused(sign_in_as("x1"), "domain_not_allowed", "domain_not_allowed:elsewhere.org");
}

TEST_P(SingleSignOnApi, AnEmailWithNoStaffAccountIsRefusedAndNobodyIsCreated) {
  const auto users = count("SELECT count(*) FROM users");
  provider_->add_account("x2", "nobody.here@demo.trellis.test", true, "Nobody");
  expect_refused(sign_in_as("x2"), "no_staff_account", "no_staff_account");
  EXPECT_EQ(count("SELECT count(*) FROM users"), users);
  EXPECT_EQ(count("SELECT count(*) FROM staff_identities"), 0);
}

TEST_P(SingleSignOnApi, AnInactiveStaffMemberIsRefused) {
  auto db = store::open_database(server_->db_url());
  db->write([&](store::Connection& conn) {
    conn.run("UPDATE users SET active = 0 WHERE lower(email) = lower($1)",
             std::string(kMiddleCounselor));
  });
  provider_->add_account("c1", kMiddleCounselor, true, "Middle Counselor");
  expect_refused(sign_in_as("c1"), "staff_account_inactive", "staff_account_inactive");
}

TEST_P(SingleSignOnApi, AReturnToOnAnotherSiteIsRefusedBeforeTheProviderIsAsked) {
  for (const auto* elsewhere :
       {"https://evil.example/", "//evil.example/cases", "/\\evil.example", "cases"}) {
    auto result = start(elsewhere);
    EXPECT_EQ(result.status, 302);
    EXPECT_EQ(result.headers["location"], "/sign-in?sso_error=unsafe_link") << elsewhere;
    EXPECT_EQ(session_of(result), "");
  }
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'session.sign_in_refused' AND "
                  "after_json LIKE '%return_to_not_same_site%'"),
            4);
  EXPECT_EQ(count("SELECT count(*) FROM oidc_logins"), 0);
}

TEST_P(SingleSignOnApi, AnUnknownKeyIsRefusedAfterOneRefetchAndARotatedKeyIsAccepted) {
  provider_->add_account("t1", kHighTeacher, true, "High Teacher");
  ASSERT_FALSE(session_of(sign_in_as("t1")).empty());
  EXPECT_EQ(provider_->stats().at("jwks").as_int64(), 1);
  // The provider rotates its key: the token names a key Trellis has not seen, so Trellis
  // fetches the keys again and finds it.
  provider_->rotate_keys();
  auto rotated = sign_in_as("t1");
  EXPECT_FALSE(session_of(rotated).empty()) << rotated.headers["location"];
  EXPECT_EQ(provider_->stats().at("jwks").as_int64(), 2);
  // A key the provider never published: refused, and the keys are not fetched again within
  // the minute, however many such tokens arrive.
  for (int i = 0; i < 2; ++i) {
    provider_->id_token_mode("unpublished_key");
    auto result = sign_in_as("t1");
    EXPECT_EQ(result.headers["location"], "/sign-in?sso_error=try_again");
    EXPECT_EQ(session_of(result), "");
  }
  EXPECT_EQ(provider_->stats().at("jwks").as_int64(), 2);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'session.sign_in_refused' AND "
                  "after_json LIKE '%\"reason\":\"unknown_key%'"),
            2);
}

TEST_P(SingleSignOnApi, CancellingAtTheProviderComesBackToTheSignInPage) {
  const auto url = authorization_url();
  auto result = callback(origin() + "/api/v1/auth/oidc/callback?error=access_denied&state=" +
                         query_param(url, "state"));
  expect_refused(result, "cancelled", "provider_error: access_denied");
}

TEST_P(SingleSignOnApi, ADisabledProviderIsNotOfferedAndCannotBeStarted) {
  const auto off = add_provider("Turned off", false);
  auto listed = client().get("/api/v1/auth/providers");
  ASSERT_EQ(listed.status, 200);
  const auto body = listed.json();
  const auto& items = body.at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("id").as_int64(), provider_id_);
  EXPECT_EQ(items[0].at("start_url").as_string(),
            "/api/v1/auth/oidc/" + std::to_string(provider_id_) + "/start");
  EXPECT_TRUE(body.at("password_sign_in").as_bool());
  expect_refused(start("/cases", off), "provider_off", "provider_off");
}

TEST_P(SingleSignOnApi, TheSignInPageGetsEachProblemsSentenceFromTheServer) {
  auto known = client().get("/api/v1/auth/sign-in-problems/no_staff_account");
  ASSERT_EQ(known.status, 200);
  EXPECT_NE(std::string(known.json().at("message").as_string()).find("no active staff account"),
            std::string::npos);
  EXPECT_EQ(client().get("/api/v1/auth/sign-in-problems/%3Cscript%3E").status, 404);
}

TEST_P(SingleSignOnApi, ASignInBegunAtTheProviderStartsOneOfTrellissOwn) {
  // Clever's portal sends a code without state: Trellis never uses it, and starts over.
  auto portal = callback(origin() + "/api/v1/auth/oidc/callback?code=from-the-portal");
  EXPECT_EQ(portal.status, 302);
  EXPECT_EQ(portal.headers["location"],
            "/api/v1/auth/oidc/" + std::to_string(provider_id_) + "/start");
  EXPECT_EQ(provider_->stats().at("token").as_int64(), 0);
  // OpenID Connect's third-party initiated login (ClassLink): iss and target_link_uri.
  const auto initiate = "/api/v1/auth/oidc/" + std::to_string(provider_id_) +
                        "/initiate?iss=" + provider_->issuer() + "&target_link_uri=" + origin() +
                        "/tasks";
  auto started = client().request("GET", initiate, "", browser_headers());
  EXPECT_EQ(started.headers["location"],
            "/api/v1/auth/oidc/" + std::to_string(provider_id_) + "/start?return_to=/tasks");
  auto spoofed = client().request(
      "GET",
      "/api/v1/auth/oidc/" + std::to_string(provider_id_) + "/initiate?iss=https://evil.example",
      "", browser_headers());
  expect_refused(spoofed, "try_again", "initiated_by_another_issuer");
}

TEST_P(SingleSignOnApi, AnAdministratorChecksAProviderAndSeesTheRedirectUri) {
  auto admin = client();
  ASSERT_EQ(admin.sign_in(kDistrictAdmin, kDemoPassword).status, 200);
  auto checked = admin.request(
      "POST", "/api/v1/admin/identity-providers/" + std::to_string(provider_id_) + "/check", "",
      browser_headers());
  ASSERT_EQ(checked.status, 200) << checked.body;
  EXPECT_TRUE(checked.json().at("ok").as_bool()) << checked.body;
  EXPECT_EQ(checked.json().at("keys").as_int64(), 1);
  EXPECT_EQ(checked.json().at("redirect_uri").as_string(), origin() + "/api/v1/auth/oidc/callback");
  auto teacher = client();
  ASSERT_EQ(teacher.sign_in(kHighTeacher, kDemoPassword).status, 200);
  EXPECT_EQ(teacher
                .request("POST", "/api/v1/admin/identity-providers/" +
                                     std::to_string(provider_id_) + "/check")
                .status,
            403);
}

TEST_P(SingleSignOnApi, PasswordsTurnOffOnlyOnceSingleSignOnWorksAndBreakGlassAdminsKeepThem) {
  auto admin = client();
  ASSERT_EQ(admin.sign_in(kDistrictAdmin, kDemoPassword).status, 200);
  const auto admin_id = admin.get("/api/v1/auth/me").json().at("user").at("id").as_int64();
  auto teacher_probe = client();
  ASSERT_EQ(teacher_probe.sign_in(kHighTeacher, kDemoPassword).status, 200);
  const auto teacher_id =
      teacher_probe.get("/api/v1/auth/me").json().at("user").at("id").as_int64();
  const auto put = [&](const std::string& mode, json::array ids) {
    return admin.put("/api/v1/admin/sign-in-settings",
                     {{"password_sign_in", mode}, {"break_glass_user_ids", std::move(ids)}});
  };
  // Not before single sign-on has worked, not without a break-glass administrator, and only
  // district administrators can be one.
  EXPECT_EQ(put("break_glass_only", {admin_id}).error_code(), "single_sign_on_not_working");
  EXPECT_EQ(put("break_glass_only", {}).status, 422);
  EXPECT_EQ(put("break_glass_only", {teacher_id}).status, 422);
  EXPECT_EQ(put("nobody", {admin_id}).status, 422);
  EXPECT_EQ(count("SELECT count(*) FROM break_glass_accounts"), 0);

  provider_->add_account("t1", kHighTeacher, true, "High Teacher");
  ASSERT_FALSE(session_of(sign_in_as("t1")).empty());
  auto off = put("break_glass_only", {admin_id});
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_FALSE(client().get("/api/v1/auth/providers").json().at("password_sign_in").as_bool());

  // The right password is refused with a reason; a wrong one gets the usual answer, so a
  // guess cannot tell break-glass accounts from others.
  auto teacher = client();
  auto refused = teacher.sign_in(kHighTeacher, kDemoPassword);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.error_code(), "password_sign_in_off");
  EXPECT_EQ(session_of(refused), "");
  EXPECT_EQ(teacher.sign_in(kHighTeacher, "wrong password").error_code(), "invalid_credentials");
  EXPECT_EQ(client().sign_in(kDistrictAdmin, kDemoPassword).status, 200);
  // Single sign-on still works for the teacher.
  EXPECT_FALSE(session_of(sign_in_as("t1")).empty());
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'sign_in_settings.change'"), 1);

  ASSERT_EQ(put("everyone", {}).status, 200);
  EXPECT_EQ(client().sign_in(kHighTeacher, kDemoPassword).status, 200);
}

TEST_P(SingleSignOnApi, ABreakGlassAccountMustBeAbleToSignInWithAPassword) {
  auto admin = client();
  ASSERT_EQ(admin.sign_in(kDistrictAdmin, kDemoPassword).status, 200);
  auto created = admin.post(
      "/api/v1/users",
      {{"email", "no.password@demo.trellis.test"},
       {"given_name", "No"},
       {"family_name", "Password"},
       {"roles", json::array{json::object{{"role", "district_admin"}, {"school_id", nullptr}}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto refused = admin.put("/api/v1/admin/sign-in-settings",
                           {{"password_sign_in", "everyone"},
                            {"break_glass_user_ids", {created.json().at("id").as_int64()}}});
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("no.password@demo.trellis.test has no password yet"),
            std::string::npos)
      << refused.body;
}

TEST_P(SingleSignOnApi, TheServersOperatorCanTurnPasswordsBackOnFromTheCommandLine) {
  auto admin = client();
  ASSERT_EQ(admin.sign_in(kDistrictAdmin, kDemoPassword).status, 200);
  const auto admin_id = admin.get("/api/v1/auth/me").json().at("user").at("id").as_int64();
  provider_->add_account("t1", kHighTeacher, true, "High Teacher");
  ASSERT_FALSE(session_of(sign_in_as("t1")).empty());
  ASSERT_EQ(admin
                .put("/api/v1/admin/sign-in-settings", {{"password_sign_in", "break_glass_only"},
                                                        {"break_glass_user_ids", {admin_id}}})
                .status,
            200);
  EXPECT_EQ(client().sign_in(kHighTeacher, kDemoPassword).status, 403);
  const auto ran = run_trellis({"password-sign-in-on", "--db", server_->db_url()});
  EXPECT_EQ(ran.status, 0) << ran.output;
  EXPECT_EQ(client().sign_in(kHighTeacher, kDemoPassword).status, 200);
  EXPECT_EQ(count("SELECT count(*) FROM break_glass_accounts"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'sign_in_settings.change' AND "
                  "actor_id IS NULL"),
            1);
}

INSTANTIATE_TEST_SUITE_P(Databases, SingleSignOnApi, ::testing::ValuesIn(test_database_kinds()),
                         DatabaseKindName());

}  // namespace
}  // namespace trellis::testing
