// Single sign-on's identity providers over HTTP, on SQLite and PostgreSQL: district
// administrators add and change them; the client secret is written, never read back, and never
// in the audit log; bad fields get clear errors and write nothing.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/api_fixture.hpp"

namespace trellis::testing {
namespace {

namespace json = boost::json;
constexpr const char* kPath = "/api/v1/admin/identity-providers";

class IdentityProvidersApi : public ApiTest {
 protected:
  json::object google(const std::string& name) {
    return {{"name", name},
            {"button_label", "Sign in with Google"},
            {"issuer", "https://accounts.google.com"},
            {"client_id", "1234.apps.googleusercontent.com"},
            {"client_secret", "GOCSPX-very-secret"},
            {"allowed_domains", json::array{"district.org"}},
            {"hosted_domain", "district.org"}};
  }
  std::int64_t providers() { return count("SELECT count(*) FROM identity_providers"); }
};

TEST_P(IdentityProvidersApi, ADistrictAdministratorAddsAndChangesAProviderWhoseSecretIsNeverRead) {
  auto admin = signed_in(kDistrictAdmin);
  const auto name = unique("Google ");
  auto created = admin.post(kPath, google(name));
  ASSERT_EQ(created.status, 201) << created.body;
  const auto provider = created.json().as_object();
  EXPECT_EQ(provider.at("name").as_string(), name);
  EXPECT_EQ(provider.at("scopes").as_string(), "openid email profile");
  EXPECT_TRUE(provider.at("has_client_secret").as_bool());
  EXPECT_FALSE(provider.at("enabled").as_bool());
  EXPECT_EQ(provider.at("allowed_domains").as_array().size(), 1u);
  const auto id = provider.at("id").as_int64();
  const auto path = std::string(kPath) + "/" + std::to_string(id);

  // Enabled, with the secret left as it was; the hosted domain cleared.
  auto changed = admin.patch(path, {{"enabled", true}, {"hosted_domain", nullptr}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_TRUE(changed.json().at("enabled").as_bool());
  EXPECT_TRUE(changed.json().at("hosted_domain").is_null());
  EXPECT_TRUE(changed.json().at("has_client_secret").as_bool());
  EXPECT_EQ(count("SELECT count(*) FROM identity_providers WHERE id = " + std::to_string(id) +
                  " AND client_secret = 'GOCSPX-very-secret'"),
            1);
  EXPECT_EQ(admin.patch(path, {{"client_secret", "rotated-secret"}}).status, 200);

  // The secret appears in no answer and no audit entry.
  for (const auto& body : {admin.get(kPath).body, admin.get(path).body,
                           admin.get("/api/v1/admin/audit?limit=100").body}) {
    EXPECT_EQ(body.find("very-secret"), std::string::npos) << body;
    EXPECT_EQ(body.find("rotated-secret"), std::string::npos) << body;
  }
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE entity = 'identity_provider' AND "
                  "entity_id = " +
                  std::to_string(id)),
            3);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE entity = 'identity_provider' AND "
                  "(coalesce(after_json, '') LIKE '%secret-%' OR coalesce(before_json, '') LIKE "
                  "'%secret-%')"),
            0);
}

TEST_P(IdentityProvidersApi, BadFieldsGetClearErrorsAndWriteNothing) {
  auto admin = signed_in(kDistrictAdmin);
  const auto before = providers();
  const auto problem_with = [&](json::object body, const char* field) {
    auto result = admin.post(kPath, body);
    EXPECT_EQ(result.status, 422) << result.body;
    const auto json = result.json();
    const auto* fields = json.at("error").as_object().if_contains("fields");
    return fields && fields->as_object().contains(field)
               ? std::string(fields->at(field).as_string())
               : "(no problem with " + std::string(field) + ": " + result.body + ")";
  };
  auto plain_http = google(unique("Plain "));
  plain_http["issuer"] = "http://accounts.google.com";
  EXPECT_EQ(problem_with(plain_http, "issuer"), "The issuer must be an https URL.");
  auto no_openid = google(unique("Scopes "));
  no_openid["scopes"] = "email profile";
  EXPECT_EQ(problem_with(no_openid, "scopes"), "Include openid: without it there is no ID token.");
  auto bad_domain = google(unique("Domains "));
  bad_domain["allowed_domains"] = json::array{"District.ORG"};
  EXPECT_NE(problem_with(bad_domain, "allowed_domains").find("lower case"), std::string::npos);
  auto no_secret = google(unique("Secret "));
  no_secret.erase("client_secret");
  EXPECT_EQ(problem_with(no_secret, "client_secret"), "Required.");
  EXPECT_EQ(providers(), before);

  const auto name = unique("Twice ");
  ASSERT_EQ(admin.post(kPath, google(name)).status, 201);
  EXPECT_EQ(admin.post(kPath, google(name)).status, 409);
  EXPECT_EQ(admin.get(std::string(kPath) + "/999999999").status, 404);
}

TEST_P(IdentityProvidersApi, OnlyDistrictAdministratorsConfigureSingleSignOn) {
  for (const auto* email : {kElementaryPrincipal, kMiddleCounselor, kHighTeacher}) {
    auto staff = signed_in(email);
    EXPECT_EQ(staff.get(kPath).status, 403) << email;
    EXPECT_EQ(staff.post(kPath, google(unique("Refused "))).status, 403) << email;
  }
  EXPECT_EQ(client().get(kPath).status, 401);
}

INSTANTIATE_TEST_SUITE_P(Databases, IdentityProvidersApi,
                         ::testing::ValuesIn(test_database_kinds()), DatabaseKindName());

}  // namespace
}  // namespace trellis::testing
