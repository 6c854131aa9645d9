#include "domain/auth/secrets.hpp"

#include <gtest/gtest.h>

namespace trellis::domain::secrets {
namespace {

class Secrets : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { initialise(); }
};

TEST_F(Secrets, PasswordHashIsArgon2idAndVerifies) {
  const auto hash = hash_password("correct horse battery");
  EXPECT_TRUE(hash.starts_with("$argon2id$"));
  EXPECT_TRUE(verify_password("correct horse battery", hash));
  EXPECT_FALSE(verify_password("correct horse batterY", hash));
  EXPECT_FALSE(verify_password("", hash));
}

TEST_F(Secrets, SamePasswordHashesDifferentlyEachTime) {
  EXPECT_NE(hash_password("same password"), hash_password("same password"));
}

TEST_F(Secrets, TokensAreRandomAndUrlSafe) {
  const auto a = random_token();
  const auto b = random_token();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 43u);  // 32 bytes, base64url without padding
  EXPECT_EQ(a.find_first_of("+/="), std::string::npos);
}

TEST_F(Secrets, TokenHashIsSha256Hex) {
  EXPECT_EQ(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(Secrets, ConstantTimeEquality) {
  EXPECT_TRUE(equal_in_constant_time("abc", "abc"));
  EXPECT_FALSE(equal_in_constant_time("abc", "abd"));
  EXPECT_FALSE(equal_in_constant_time("abc", "abcd"));
}

}  // namespace
}  // namespace trellis::domain::secrets
