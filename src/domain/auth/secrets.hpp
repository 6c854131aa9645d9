// Passwords, tokens and their hashes (libsodium).
#pragma once

#include <string>
#include <string_view>

namespace trellis::domain::secrets {

// Must be called once before any other function here (sodium_init).
void initialise();

// argon2id with libsodium's interactive limits.
std::string hash_password(std::string_view password);
bool verify_password(std::string_view password, std::string_view hash);

// 32 random bytes, base64url: session cookies, API tokens, CSRF tokens.
std::string random_token();
// SHA-256 hex of a token: what the database stores, so a leaked table grants nothing.
std::string token_hash(std::string_view token);
// Compares two strings in time independent of where they differ.
bool equal_in_constant_time(std::string_view a, std::string_view b);

}  // namespace trellis::domain::secrets
