// The district's identity providers for single sign-on (OpenID Connect).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

namespace trellis::store {

struct IdentityProviderRow {
  Id id = 0;
  std::string name;
  std::string button_label;
  std::string issuer;
  std::string client_id;
  std::string client_secret;    // write-only: views and the audit log leave it out
  std::string scopes;           // space-separated
  std::string allowed_domains;  // space-separated, lower case
  std::optional<std::string> hosted_domain;
  std::optional<std::string> tenant_id;
  bool enabled = false;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

namespace identity_providers {
Id insert(Connection& conn, const IdentityProviderRow& row);
void update(Connection& conn, const IdentityProviderRow& row);
std::optional<IdentityProviderRow> find(Connection& conn, Id id);
// Every provider, by name (a district has a handful).
std::vector<IdentityProviderRow> all(Connection& conn);
// The provider named `name` (ignoring case), other than `except`.
std::optional<Id> named(Connection& conn, const std::string& name, std::optional<Id> except);
}  // namespace identity_providers

}  // namespace trellis::store
