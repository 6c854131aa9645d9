// The session cookie, set by every way of signing in (password, single sign-on) and cleared by
// signing out.
#pragma once

#include <cstdint>
#include <string>

#include "http/context.hpp"

namespace trellis::api {

// HttpOnly, SameSite=Lax (so that the redirect back from an identity provider carries it),
// Secure when served over HTTPS.
std::string session_cookie(const http::RequestContext& ctx, const std::string& token,
                           std::int64_t max_age_seconds);

}  // namespace trellis::api
