// Maps method + path to a route; patterns have {name} segments ("/api/v1/students/{id}").
#pragma once

#include <boost/beast/http/verb.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/auth/principal.hpp"
#include "domain/outcome.hpp"
#include "http/types.hpp"

namespace trellis::http {

class RequestContext;
class RouteMetrics;
using Handler = std::function<asio::awaitable<Response>(RequestContext&)>;

enum class Auth { none, signed_in };
// archive: a zip sent as application/zip, or as the multipart field `file`.
// multipart and archive bodies are received into a file (RequestContext::spooled_body),
// the others into memory.
enum class BodyKind { none, json, multipart, archive };

// Asked with the caller from the request header alone, before any body is read: the refusal
// (403) of a caller who may not use the route at all.
using Gate = std::function<std::optional<domain::Error>(const domain::Principal&)>;

struct Route {
  bhttp::verb method;
  std::string pattern;
  Handler handler;
  Auth auth = Auth::signed_in;
  BodyKind body = BodyKind::none;
  std::size_t body_limit = 1024 * 1024;
  Gate gate;  // none: every signed-in caller gets as far as the handler
  bool log_requests = true;
  RouteMetrics* metrics = nullptr;  // set when the dispatcher registers the route
};

using PathParams = std::vector<std::pair<std::string, std::string>>;

struct Match {
  const Route* route = nullptr;  // nullptr: no route
  PathParams params;
  bool path_known = false;  // the path matched some route with another method (405)
};

class Router {
 public:
  Route& add(bhttp::verb method, std::string pattern, Handler handler);
  Match match(bhttp::verb method, std::string_view path) const;
  std::vector<std::unique_ptr<Route>>& routes() { return routes_; }

 private:
  std::vector<std::unique_ptr<Route>> routes_;
};

}  // namespace trellis::http
