#include "domain/auth/identity_providers.hpp"

#include <gtest/gtest.h>

namespace trellis::domain::auth::providers {
namespace {

// Production issuers are https; a local test provider may be http on the loopback, and only
// when the server is told so (--oidc-allow-http-loopback).
TEST(IssuerUrl, IsHttpsOrAnAllowedLoopback) {
  const IssuerPolicy strict{};
  const IssuerPolicy tests{true};
  EXPECT_FALSE(issuer_problem("https://accounts.google.com", strict));
  EXPECT_FALSE(issuer_problem("https://login.microsoftonline.com/tenant-1/v2.0", strict));
  EXPECT_EQ(issuer_problem("http://accounts.google.com", strict),
            "The issuer must be an https URL.");
  EXPECT_TRUE(issuer_problem("http://127.0.0.1:4000", strict));
  EXPECT_FALSE(issuer_problem("http://127.0.0.1:4000", tests));
  EXPECT_FALSE(issuer_problem("http://localhost:4000/oidc", tests));
  EXPECT_TRUE(issuer_problem("http://idp.example.org", tests)) << "http only on the loopback";
  EXPECT_TRUE(issuer_problem("https://idp.example.org/?tenant=1", strict));
  EXPECT_TRUE(issuer_problem("https://idp.example.org/#x", strict));
  EXPECT_TRUE(issuer_problem("accounts.google.com", strict));
  EXPECT_TRUE(issuer_problem("javascript:alert(1)", strict));
  EXPECT_TRUE(issuer_problem("https://" + std::string(600, 'a') + ".org", strict));
}

}  // namespace
}  // namespace trellis::domain::auth::providers
