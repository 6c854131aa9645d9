#include "http/router.hpp"

namespace trellis::http {

namespace {

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 1;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

// Literal segments must be equal; "{name}" takes any non-empty segment. A literal suffix
// after the parameter ("{id}.ics") is allowed.
bool match_segments(std::string_view pattern, std::string_view path, PathParams& params) {
  const auto want = segments(pattern);
  const auto got = segments(path);
  if (want.size() != got.size()) return false;
  for (std::size_t i = 0; i < want.size(); ++i) {
    const auto w = want[i];
    if (!w.starts_with('{')) {
      if (w != got[i]) return false;
      continue;
    }
    const auto close = w.find('}');
    const auto suffix = w.substr(close + 1);
    if (got[i].size() <= suffix.size() || !got[i].ends_with(suffix)) return false;
    params.emplace_back(std::string(w.substr(1, close - 1)),
                        std::string(got[i].substr(0, got[i].size() - suffix.size())));
  }
  return true;
}

}  // namespace

Route& Router::add(bhttp::verb method, std::string pattern, Handler handler) {
  auto route = std::make_unique<Route>();
  route->method = method;
  route->pattern = std::move(pattern);
  route->handler = std::move(handler);
  routes_.push_back(std::move(route));
  return *routes_.back();
}

Match Router::match(bhttp::verb method, std::string_view path) const {
  Match result;
  for (const auto& route : routes_) {
    PathParams params;
    if (!match_segments(route->pattern, path, params)) continue;
    if (route->method == method) {
      result.route = route.get();
      result.params = std::move(params);
      return result;
    }
    result.path_known = true;
  }
  return result;
}

}  // namespace trellis::http
