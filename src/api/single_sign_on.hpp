// Single sign-on (OpenID Connect) as the HTTP API offers it.
#pragma once

#include <string>

#include "http/context.hpp"

namespace trellis::api {

inline constexpr std::string_view kOidcCallbackPath = "/api/v1/auth/oidc/callback";

// The redirect URI to register at every identity provider: --public-url, or this request's
// scheme and Host, followed by kOidcCallbackPath.
std::string sso_redirect_uri(const http::RequestContext& ctx);

}  // namespace trellis::api
