#include "store/identity_providers_repo.hpp"

namespace trellis::store::identity_providers {

namespace {

constexpr std::string_view kColumns =
    "id, name, button_label, issuer, client_id, client_secret, scopes, allowed_domains, "
    "hosted_domain, tenant_id, enabled, created_at, updated_at";

IdentityProviderRow row_of(const Row& r) {
  return {r[0].as_int(),     r[1].as_string(),  r[2].as_string(),    r[3].as_string(),
          r[4].as_string(),  r[5].as_string(),  r[6].as_string(),    r[7].as_string(),
          r[8].opt_string(), r[9].opt_string(), r[10].as_int() != 0, r[11].as_int(),
          r[12].as_int()};
}

}  // namespace

Id insert(Connection& conn, const IdentityProviderRow& p) {
  return conn
      .one(
          "INSERT INTO identity_providers (name, button_label, issuer, client_id, client_secret, "
          "scopes, allowed_domains, hosted_domain, tenant_id, enabled, created_at, updated_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
          p.name, p.button_label, p.issuer, p.client_id, p.client_secret, p.scopes,
          p.allowed_domains, p.hosted_domain, p.tenant_id, std::int64_t{p.enabled}, p.created_at)[0]
      .as_int();
}

void update(Connection& conn, const IdentityProviderRow& p) {
  conn.run(
      "UPDATE identity_providers SET name = $2, button_label = $3, issuer = $4, client_id = $5, "
      "client_secret = $6, scopes = $7, allowed_domains = $8, hosted_domain = $9, tenant_id = "
      "$10, enabled = $11, updated_at = $12 WHERE id = $1",
      p.id, p.name, p.button_label, p.issuer, p.client_id, p.client_secret, p.scopes,
      p.allowed_domains, p.hosted_domain, p.tenant_id, std::int64_t{p.enabled}, p.updated_at);
}

std::optional<IdentityProviderRow> find(Connection& conn, Id id) {
  auto row = conn.maybe_one(
      "SELECT " + std::string(kColumns) + " FROM identity_providers WHERE id = $1", id);
  if (!row) return std::nullopt;
  return row_of(*row);
}

std::vector<IdentityProviderRow> all(Connection& conn) {
  std::vector<IdentityProviderRow> out;
  for (const auto& r :
       conn.run("SELECT " + std::string(kColumns) + " FROM identity_providers ORDER BY name, id")
           .rows) {
    out.push_back(row_of(r));
  }
  return out;
}

std::optional<Id> named(Connection& conn, const std::string& name, std::optional<Id> except) {
  auto row =
      conn.maybe_one("SELECT id FROM identity_providers WHERE lower(name) = lower($1) AND id <> $2",
                     name, except.value_or(0));
  if (!row) return std::nullopt;
  return (*row)[0].as_int();
}

}  // namespace trellis::store::identity_providers
