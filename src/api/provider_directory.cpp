#include "api/provider_directory.hpp"

namespace trellis::api {

namespace asio = boost::asio;
namespace oidc = domain::auth::oidc;

namespace {

constexpr auto kMetadataLifetime = std::chrono::hours(1);
constexpr auto kKeyRefreshInterval = std::chrono::minutes(1);

}  // namespace

asio::awaitable<std::string> ProviderDirectory::fetch_json(const std::string& url,
                                                           std::string_view what) {
  http::OutboundResponse response;
  try {
    response = co_await outbound_.get(url);
  } catch (const http::OutboundError& error) {
    throw ProviderUnavailable("Trellis could not read the provider's " + std::string(what) + ". " +
                              error.what());
  }
  if (response.status != 200) {
    throw ProviderUnavailable("The provider answered " + std::to_string(response.status) +
                              " for its " + std::string(what) + " at " + url + ".");
  }
  co_return std::move(response.body);
}

asio::awaitable<oidc::ProviderMetadata> ProviderDirectory::fetch_metadata(
    const store::IdentityProviderRow& provider) {
  const auto document =
      co_await fetch_json(oidc::discovery_url(provider.issuer), "discovery document");
  auto parsed = oidc::parse_discovery(document, provider.issuer, policy_);
  if (auto* problem = std::get_if<std::string>(&parsed)) throw ProviderUnavailable(*problem);
  co_return std::get<oidc::ProviderMetadata>(std::move(parsed));
}

asio::awaitable<std::shared_ptr<const oidc::KeySet>> ProviderDirectory::fetch_keys(
    const std::string& jwks_uri) {
  const auto document = co_await fetch_json(jwks_uri, "signing keys (jwks_uri)");
  auto keys = oidc::KeySet::parse(document);
  if (!keys) throw ProviderUnavailable("The provider's jwks_uri does not answer a key set.");
  if (keys->size() == 0) {
    throw ProviderUnavailable("The provider's key set has no signing key Trellis can read.");
  }
  co_return std::make_shared<const oidc::KeySet>(std::move(*keys));
}

asio::awaitable<LiveProvider> ProviderDirectory::live(const store::IdentityProviderRow& provider) {
  {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(provider.id);
    if (found != entries_.end() && found->second.settings_version == provider.updated_at &&
        Clock::now() - found->second.metadata_at < kMetadataLifetime) {
      co_return found->second.live;
    }
  }
  co_return co_await fetch(provider);
}

asio::awaitable<LiveProvider> ProviderDirectory::fetch(const store::IdentityProviderRow& provider) {
  LiveProvider fetched;
  fetched.metadata = co_await fetch_metadata(provider);
  fetched.keys = co_await fetch_keys(fetched.metadata.jwks_uri);
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  auto& entry = entries_[provider.id];
  const auto refreshed_at = entry.keys_refreshed_at;
  entry = Entry{provider.updated_at, fetched, now, refreshed_at};
  co_return fetched;
}

asio::awaitable<std::shared_ptr<const oidc::KeySet>> ProviderDirectory::refresh_keys(
    const store::IdentityProviderRow& provider) {
  std::string jwks_uri;
  {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(provider.id);
    if (found == entries_.end()) {
      // Nothing held: the first fetch is not a refresh.
    } else if (found->second.keys_refreshed_at &&
               Clock::now() - *found->second.keys_refreshed_at < kKeyRefreshInterval) {
      co_return found->second.live.keys;
    } else {
      // Claimed before fetching, so requests arriving meanwhile do not fetch as well.
      found->second.keys_refreshed_at = Clock::now();
      jwks_uri = found->second.live.metadata.jwks_uri;
    }
  }
  if (jwks_uri.empty()) co_return (co_await fetch(provider)).keys;
  auto keys = co_await fetch_keys(jwks_uri);
  std::lock_guard lock(mutex_);
  auto found = entries_.find(provider.id);
  if (found != entries_.end()) found->second.live.keys = keys;
  co_return keys;
}

}  // namespace trellis::api
