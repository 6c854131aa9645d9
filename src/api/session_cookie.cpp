#include "api/session_cookie.hpp"

#include "http/dispatcher.hpp"

namespace trellis::api {

std::string session_cookie(const http::RequestContext& ctx, const std::string& token,
                           std::int64_t max_age_seconds) {
  std::string cookie =
      std::string(http::kSessionCookie) + "=" + token +
      "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age_seconds);
  if (ctx.app.config.secure_cookies || ctx.peer.tls) cookie += "; Secure";
  return cookie;
}

}  // namespace trellis::api
