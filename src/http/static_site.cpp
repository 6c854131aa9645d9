#include "http/static_site.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "http/web_assets.hpp"

namespace trellis::http {

namespace {

// Scripts and styles come only from our own files: an injected <script> or inline handler
// does not run, which is what keeps a stored student name from becoming code.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";
// Vite puts a content hash in every name under assets/, so a name never changes meaning.
constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
// Everything else (index.html above all) names the current assets: check before each use.
constexpr std::string_view kRevalidate = "no-cache";
constexpr std::string_view kTimeZonePlaceholder = "__TRELLIS_TIME_ZONE__";

std::string_view content_type_of(std::string_view path) {
  static const std::unordered_map<std::string_view, std::string_view> types{
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"webmanifest", "application/manifest+json"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"ico", "image/x-icon"},
      {"woff2", "font/woff2"},
      {"txt", "text/plain; charset=utf-8"},
  };
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  const auto found = types.find(path.substr(dot + 1));
  return found == types.end() ? "application/octet-stream" : found->second;
}

// An IANA zone name is letters, digits and "/_-+"; anything else would be markup.
void check_time_zone(const std::string& zone) {
  const bool plausible =
      !zone.empty() && zone.size() <= 64 && std::all_of(zone.begin(), zone.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' ||
               c == '+';
      });
  if (!plausible) throw std::invalid_argument("not a time zone name: " + zone);
}

void fill_time_zone(std::string& html, const std::string& zone) {
  for (auto at = html.find(kTimeZonePlaceholder); at != std::string::npos;
       at = html.find(kTimeZonePlaceholder, at + zone.size())) {
    html.replace(at, kTimeZonePlaceholder.size(), zone);
  }
}

// A path for a file (its last segment has an extension, or it is under assets/) that is
// missing gets a 404: answering index.html would hand the browser HTML as a script.
bool names_a_file(std::string_view path) {
  if (path.starts_with("/assets/")) return true;
  const auto last = path.substr(path.rfind('/') + 1);
  return last.find('.') != std::string_view::npos;
}

Response file_response(unsigned version, bool keep_alive, bhttp::status status,
                       std::string_view content_type, std::string_view cache_control,
                       std::string body) {
  Response response{status, version};
  response.set(bhttp::field::content_type, content_type);
  response.set(bhttp::field::cache_control, cache_control);
  response.set("Content-Security-Policy", kContentSecurityPolicy);
  response.set("X-Content-Type-Options", "nosniff");
  response.set("X-Frame-Options", "DENY");
  response.set("Referrer-Policy", "same-origin");
  response.keep_alive(keep_alive);
  response.body() = std::move(body);
  return response;
}

std::string_view without_leading_slashes(std::string_view path) {
  while (path.starts_with('/')) path.remove_prefix(1);
  return path;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream content;
  content << in.rdbuf();
  return std::move(content).str();
}

}  // namespace

StaticSite::StaticSite(std::vector<SiteFile> files, const std::string& time_zone) {
  check_time_zone(time_zone);
  for (auto& file : files) files_.emplace(std::move(file.path), std::move(file.content));
  if (auto index = files_.find("index.html"); index != files_.end()) {
    fill_time_zone(index->second, time_zone);
  }
}

StaticSite StaticSite::embedded(const std::string& time_zone) {
  std::vector<SiteFile> files;
  for (const auto& file : embedded_web_files()) {
    files.push_back({std::string(file.path), std::string(file.content)});
  }
  return StaticSite(std::move(files), time_zone);
}

StaticSite StaticSite::from_directory(const std::filesystem::path& dir,
                                      const std::string& time_zone) {
  if (!std::filesystem::is_regular_file(dir / "index.html")) {
    throw std::runtime_error("no index.html in " + dir.string() + " (build the UI: make web)");
  }
  std::vector<SiteFile> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    files.push_back({entry.path().lexically_relative(dir).generic_string(), read_file(entry)});
  }
  return StaticSite(std::move(files), time_zone);
}

bool StaticSite::answers(bhttp::verb method, std::string_view path) {
  const bool reads = method == bhttp::verb::get || method == bhttp::verb::head;
  return reads && path != "/api" && !path.starts_with("/api/");
}

Response StaticSite::respond(unsigned version, bool keep_alive, std::string_view path) const {
  const auto name = without_leading_slashes(path);
  if (const auto file = files_.find(std::string(name)); file != files_.end()) {
    const auto cache = path.starts_with("/assets/") ? kImmutable : kRevalidate;
    return file_response(version, keep_alive, bhttp::status::ok, content_type_of(name), cache,
                         file->second);
  }
  const auto index = files_.find("index.html");
  if (names_a_file(path) || index == files_.end()) {
    const auto message = index == files_.end()
                             ? "The web UI is not built into this server: run make, or pass "
                               "--web-dir with the built UI.\n"
                             : "Not found.\n";
    return file_response(version, keep_alive, bhttp::status::not_found, "text/plain; charset=utf-8",
                         kRevalidate, message);
  }
  return file_response(version, keep_alive, bhttp::status::ok, content_type_of("index.html"),
                       kRevalidate, index->second);
}

}  // namespace trellis::http
