#include "http/static_site.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/test_databases.hpp"

namespace trellis::http {
namespace {

constexpr const char* kIndex =
    "<!doctype html><meta name=\"trellis-time-zone\" content=\"__TRELLIS_TIME_ZONE__\">"
    "<script type=\"module\" src=\"/assets/index-1a2b.js\"></script>";

StaticSite sample_site(const std::string& zone = "America/Chicago") {
  return StaticSite({{"index.html", kIndex},
                     {"assets/index-1a2b.js", "console.log(1)"},
                     {"assets/index-3c4d.css", "body{}"},
                     {"favicon.svg", "<svg/>"}},
                    zone);
}

Response get(const StaticSite& site, std::string_view path) {
  return site.respond(11, true, path);
}

TEST(StaticSite, IndexCarriesTheDistrictTimeZoneAndAStrictPolicy) {
  const auto response = get(sample_site("America/Denver"), "/");
  EXPECT_EQ(response.result(), bhttp::status::ok);
  EXPECT_EQ(response[bhttp::field::content_type], "text/html; charset=utf-8");
  EXPECT_NE(response.body().find("content=\"America/Denver\""), std::string::npos);
  EXPECT_EQ(response[bhttp::field::cache_control], "no-cache");
  const auto policy = std::string(response["Content-Security-Policy"]);
  EXPECT_NE(policy.find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(response["X-Content-Type-Options"], "nosniff");
}

TEST(StaticSite, HashedAssetsAreCachedForeverWithTheirContentType) {
  const auto site = sample_site();
  const auto script = get(site, "/assets/index-1a2b.js");
  EXPECT_EQ(script.result(), bhttp::status::ok);
  EXPECT_EQ(script.body(), "console.log(1)");
  EXPECT_EQ(script[bhttp::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ(script[bhttp::field::cache_control], "public, max-age=31536000, immutable");
  EXPECT_EQ(get(site, "/assets/index-3c4d.css")[bhttp::field::content_type],
            "text/css; charset=utf-8");
}

TEST(StaticSite, FilesOutsideAssetsAreRevalidated) {
  const auto icon = get(sample_site(), "/favicon.svg");
  EXPECT_EQ(icon[bhttp::field::content_type], "image/svg+xml");
  EXPECT_EQ(icon[bhttp::field::cache_control], "no-cache");
}

TEST(StaticSite, ScreenPathsFallBackToIndexSoTheBrowserRouterTakesOver) {
  const auto response = get(sample_site(), "/cases/42");
  EXPECT_EQ(response.result(), bhttp::status::ok);
  EXPECT_NE(response.body().find("trellis-time-zone"), std::string::npos);
}

TEST(StaticSite, MissingFilesAreNotFoundRatherThanHtml) {
  const auto site = sample_site();
  EXPECT_EQ(get(site, "/assets/index-old.js").result(), bhttp::status::not_found);
  EXPECT_EQ(get(site, "/robots.txt").result(), bhttp::status::not_found);
}

TEST(StaticSite, AnswersOnlyReadsOutsideTheApi) {
  EXPECT_TRUE(StaticSite::answers(bhttp::verb::get, "/"));
  EXPECT_TRUE(StaticSite::answers(bhttp::verb::head, "/cases"));
  EXPECT_TRUE(StaticSite::answers(bhttp::verb::get, "/apiary"));
  EXPECT_FALSE(StaticSite::answers(bhttp::verb::get, "/api/v1/nothing"));
  EXPECT_FALSE(StaticSite::answers(bhttp::verb::get, "/api"));
  EXPECT_FALSE(StaticSite::answers(bhttp::verb::post, "/cases"));
}

TEST(StaticSite, RefusesATimeZoneThatWouldBeMarkup) {
  EXPECT_THROW(sample_site("\"><script>alert(1)</script>"), std::invalid_argument);
  EXPECT_THROW(sample_site(""), std::invalid_argument);
}

TEST(StaticSite, WithoutAUiSaysHowToBuildOne) {
  const StaticSite site({}, "UTC");
  EXPECT_FALSE(site.has_ui());
  const auto response = get(site, "/");
  EXPECT_EQ(response.result(), bhttp::status::not_found);
  EXPECT_NE(response.body().find("--web-dir"), std::string::npos);
}

// A folder holding a built UI, removed at the end of the test.
class WebDir {
 public:
  WebDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "trellis-web-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
    std::filesystem::create_directories(path_ / "assets");
    std::ofstream(path_ / "index.html") << kIndex;
    std::ofstream(path_ / "assets" / "index-1a2b.js") << "console.log(1)";
  }
  ~WebDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

TEST(StaticSite, LoadsAFolderWithItsSubfolders) {
  const WebDir dir;
  const auto site = StaticSite::from_directory(dir.path(), "UTC");
  EXPECT_TRUE(site.has_ui());
  EXPECT_EQ(get(site, "/assets/index-1a2b.js").body(), "console.log(1)");
}

TEST(StaticSite, RefusesAFolderWithoutIndex) {
  EXPECT_THROW(
      StaticSite::from_directory(std::filesystem::temp_directory_path() / "no-such-ui", "UTC"),
      std::runtime_error);
}

// The real binary: the UI beside the API, each answering its own paths.
TEST(StaticSiteServer, ServesTheUiBesideTheApi) {
  const WebDir dir;
  testing::ServerProcess server(testing::fresh_database_url("sqlite"),
                                {"--web-dir", dir.path().string(), "--time-zone", "Europe/Paris"});
  testing::HttpClient client(server.port());

  const auto page = client.get("/students/7");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Europe/Paris"), std::string::npos);
  EXPECT_NE(page.headers.at("content-security-policy").find("default-src 'self'"),
            std::string::npos);

  const auto api_miss = client.get("/api/v1/no-such-thing");
  EXPECT_EQ(api_miss.status, 404);
  EXPECT_EQ(api_miss.error_code(), "not_found");
  EXPECT_EQ(client.get("/healthz").status, 200);
  EXPECT_EQ(client.get("/assets/index-1a2b.js").headers.at("cache-control"),
            "public, max-age=31536000, immutable");
  EXPECT_EQ(
      client.request("POST", "/students/7", "{}", {{"Content-Type", "application/json"}}).status,
      404);
}

}  // namespace
}  // namespace trellis::http
