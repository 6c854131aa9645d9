// What every handler can reach: the database, the sign-in policy and the server settings.
#pragma once

#include <filesystem>
#include <string>

#include "domain/auth/sign_in.hpp"
#include "store/database.hpp"

namespace trellis::domain::roster {
class ImportWorker;
}
namespace trellis::api {
class ProviderDirectory;
}

namespace trellis::http {

struct AppConfig {
  bool secure_cookies = false;  // set when served over HTTPS (directly or behind a proxy)
  bool trust_proxy = false;     // take the client address from X-Forwarded-For
  std::filesystem::path data_dir = "data";
  std::size_t json_body_limit = 1024 * 1024;
  // The largest student file accepted (trellis serve --max-upload-mb).
  std::size_t max_upload_bytes = 10 * 1024 * 1024;
  // Serving a demo district (--demo, --demo-roster): the sign-in page may list its sign-ins.
  bool demo = false;
  // Identity providers may have http issuers on the loopback (tests with a local provider).
  bool oidc_allow_http_loopback = false;
  // Where people reach this server ("https://trellis.district.org"), for the single sign-on
  // redirect URI; empty: taken from each request's Host header.
  std::string public_url;
};

struct App {
  store::Database& db;
  domain::auth::Policy auth_policy;
  AppConfig config;
  // Roster imports run here, not on request threads; the server's owner stops it on shutdown.
  domain::roster::ImportWorker& imports;
  // The identity providers' metadata and keys (single sign-on); none: sign-on unavailable.
  api::ProviderDirectory* providers = nullptr;
};

}  // namespace trellis::http
