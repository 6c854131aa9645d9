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
// The PKCE code challenge of a verifier (RFC 7636 4.2, S256): base64url(SHA-256(verifier)).
std::string pkce_s256_challenge(std::string_view verifier);
// SHA-256 hex of a token: what the database stores, so a leaked table grants nothing.
std::string token_hash(std::string_view token);
// Compares two strings in time independent of where they differ.
bool equal_in_constant_time(std::string_view a, std::string_view b);

}  // namespace trellis::domain::secrets
