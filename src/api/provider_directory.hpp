// What Trellis knows of each identity provider from the network: its discovery document and
// its signing keys (JWKS), fetched over HTTPS off the I/O threads and kept in memory. Keys are
// refetched when a token names a key not held (providers rotate keys), at most once a minute
// per provider, so tokens with made-up key ids cannot make Trellis hammer the provider.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

#include "domain/auth/discovery.hpp"
#include "domain/auth/id_token.hpp"
#include "domain/auth/identity_providers.hpp"
#include "http/outbound.hpp"
#include "store/identity_providers_repo.hpp"

namespace trellis::api {

// The provider could not be read: what() says why, for the administrator.
class ProviderUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct LiveProvider {
  domain::auth::oidc::ProviderMetadata metadata;
  std::shared_ptr<const domain::auth::oidc::KeySet> keys;
};

class ProviderDirectory {
 public:
  ProviderDirectory(http::OutboundHttp& outbound, domain::auth::providers::IssuerPolicy policy)
      : outbound_(outbound), policy_(policy) {}

  http::OutboundHttp& outbound() { return outbound_; }

  // The provider's metadata and keys: from memory when read within the hour for the settings
  // it has now, otherwise fetched. Throws ProviderUnavailable.
  boost::asio::awaitable<LiveProvider> live(const store::IdentityProviderRow& provider);
  // Fetched now whatever is in memory (an administrator's "test"); kept for later sign-ins.
  boost::asio::awaitable<LiveProvider> fetch(const store::IdentityProviderRow& provider);
  // The keys fetched again, unless they were refetched so within the last minute: then the
  // keys held. Throws ProviderUnavailable.
  boost::asio::awaitable<std::shared_ptr<const domain::auth::oidc::KeySet>> refresh_keys(
      const store::IdentityProviderRow& provider);

 private:
  using Clock = std::chrono::steady_clock;
  struct Entry {
    std::int64_t settings_version = 0;  // the provider's updated_at when fetched
    LiveProvider live;
    Clock::time_point metadata_at;
    // The last refetch of the keys for a token naming a key not held (not the first fetch).
    std::optional<Clock::time_point> keys_refreshed_at;
  };
  boost::asio::awaitable<domain::auth::oidc::ProviderMetadata> fetch_metadata(
      const store::IdentityProviderRow& provider);
  boost::asio::awaitable<std::shared_ptr<const domain::auth::oidc::KeySet>> fetch_keys(
      const std::string& jwks_uri);
  boost::asio::awaitable<std::string> fetch_json(const std::string& url, std::string_view what);

  http::OutboundHttp& outbound_;
  domain::auth::providers::IssuerPolicy policy_;
  std::mutex mutex_;
  std::map<store::Id, Entry> entries_;
};

}  // namespace trellis::api
