// The web UI as the server sends it: GET and HEAD outside /api/ are answered from the built
// files, with content types, caching fit for hashed asset names, a strict
// Content-Security-Policy, and index.html for any other path so that the browser's router can
// take over (single-page app). Files are held in memory; nothing on disk is read per request.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/types.hpp"

namespace trellis::http {

struct SiteFile {
  std::string path;  // relative to the site root: "index.html", "assets/index-1a2b3c.js"
  std::string content;
};

class StaticSite {
 public:
  // `time_zone` (an IANA name such as "America/Chicago") is what the UI shows dates in; it is
  // written into index.html, whose placeholder it replaces. Throws std::invalid_argument for a
  // name that is not one.
  StaticSite(std::vector<SiteFile> files, const std::string& time_zone);
  // The UI built into the binary.
  static StaticSite embedded(const std::string& time_zone);
  // Every file under `dir` (the UI built elsewhere, e.g. trellis serve --web-dir web/dist).
  static StaticSite from_directory(const std::filesystem::path& dir, const std::string& time_zone);

  bool has_ui() const { return files_.contains("index.html"); }
  // Whether the site answers this request: GET or HEAD outside /api/.
  static bool answers(bhttp::verb method, std::string_view path);
  Response respond(unsigned version, bool keep_alive, std::string_view path) const;

 private:
  std::unordered_map<std::string, std::string> files_;
};

}  // namespace trellis::http
