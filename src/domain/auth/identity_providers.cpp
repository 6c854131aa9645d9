#include "domain/auth/identity_providers.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <cctype>

#include "domain/audit/audit.hpp"
#include "domain/views.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace trellis::domain::auth::providers {

namespace json = boost::json;
using FieldErrors = std::map<std::string, std::string>;

namespace {

bool is_loopback(std::string_view host) {
  return host == "127.0.0.1" || host == "localhost" || host == "[::1]";
}

// Scope tokens as RFC 6749 allows them, without the quote and backslash.
bool is_scope_token(std::string_view word) {
  return !word.empty() && std::all_of(word.begin(), word.end(), [](unsigned char c) {
    return c > 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
}

// A host name: letters, digits, hyphens and at least one dot, in lower case.
bool is_domain(std::string_view domain) {
  return domain.size() <= 253 && domain.find('.') != std::string_view::npos &&
         domain.front() != '.' && domain.back() != '.' &&
         std::all_of(domain.begin(), domain.end(), [](unsigned char c) {
           return std::islower(c) || std::isdigit(c) || c == '-' || c == '.';
         });
}

bool is_tenant_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-';
  });
}

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto end = std::min(text.find(' ', at), text.size());
    if (end > at) words.emplace_back(text.substr(at, end - at));
    at = end + 1;
  }
  return words;
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : " ") + word;
  return out;
}

void check_required(FieldErrors& errors, const char* field, const std::optional<std::string>& value,
                    bool creating) {
  if (creating && !value) errors[field] = "Required.";
  if (value && util::is_blank(*value)) errors[field] = "Required.";
}

FieldErrors validate(const ProviderChanges& c, bool creating, const IssuerPolicy& policy) {
  FieldErrors errors;
  check_required(errors, "name", c.name, creating);
  check_required(errors, "button_label", c.button_label, creating);
  check_required(errors, "issuer", c.issuer, creating);
  check_required(errors, "client_id", c.client_id, creating);
  check_required(errors, "client_secret", c.client_secret, creating);
  if (c.issuer && !errors.contains("issuer")) {
    if (auto problem = issuer_problem(*c.issuer, policy)) errors["issuer"] = *problem;
  }
  if (c.scopes) {
    const auto scopes = words_of(*c.scopes);
    if (!std::all_of(scopes.begin(), scopes.end(), is_scope_token)) {
      errors["scopes"] = "Scopes are words separated by spaces.";
    } else if (std::find(scopes.begin(), scopes.end(), "openid") == scopes.end()) {
      errors["scopes"] = "Include openid: without it there is no ID token.";
    }
  }
  if (c.allowed_domains) {
    if (c.allowed_domains->size() > kMaxDomains) {
      errors["allowed_domains"] = "Use at most 50 domains.";
    } else if (!std::all_of(c.allowed_domains->begin(), c.allowed_domains->end(), is_domain)) {
      errors["allowed_domains"] = "Each is a domain in lower case, such as district.org.";
    }
  }
  if (c.hosted_domain && *c.hosted_domain && !is_domain(**c.hosted_domain)) {
    errors["hosted_domain"] = "A domain in lower case, such as district.org.";
  }
  if (c.tenant_id && *c.tenant_id && !is_tenant_id(**c.tenant_id)) {
    errors["tenant_id"] = "The directory (tenant) id: letters, digits and hyphens.";
  }
  return errors;
}

void apply(store::IdentityProviderRow& row, const ProviderChanges& c) {
  if (c.name) row.name = util::trimmed(*c.name);
  if (c.button_label) row.button_label = util::trimmed(*c.button_label);
  if (c.issuer) row.issuer = util::trimmed(*c.issuer);
  if (c.client_id) row.client_id = util::trimmed(*c.client_id);
  if (c.client_secret) row.client_secret = *c.client_secret;
  if (c.scopes) row.scopes = joined(words_of(*c.scopes));
  if (c.allowed_domains) row.allowed_domains = joined(*c.allowed_domains);
  if (c.hosted_domain) row.hosted_domain = *c.hosted_domain;
  if (c.tenant_id) row.tenant_id = *c.tenant_id;
  if (c.enabled) row.enabled = *c.enabled;
}

std::optional<Error> name_taken(store::Connection& conn, const std::string& name,
                                std::optional<store::Id> except) {
  if (!store::identity_providers::named(conn, name, except)) return std::nullopt;
  return Error{ErrorKind::conflict,
               "name_taken",
               "Another identity provider has this name.",
               {{"name", "Another identity provider has this name."}}};
}

// What the audit log keeps of a change: the views, and that the secret changed (never its value).
json::object audited(const store::IdentityProviderRow& row, bool secret_changed) {
  auto v = view(row);
  v["client_secret_changed"] = secret_changed;
  return v;
}

}  // namespace

std::optional<std::string> issuer_problem(std::string_view issuer, const IssuerPolicy& policy) {
  if (issuer.size() > kMaxUrl) return "Use at most 500 characters.";
  const auto url = boost::urls::parse_absolute_uri(issuer);
  if (!url || url->host().empty())
    return "The issuer is a URL such as https://accounts.google.com.";
  if (url->has_query() || url->has_fragment()) return "An issuer has no query or fragment.";
  if (url->scheme() == "https") return std::nullopt;
  if (url->scheme() == "http" && policy.allow_http_loopback && is_loopback(url->host())) {
    return std::nullopt;
  }
  return "The issuer must be an https URL.";
}

Outcome<store::IdentityProviderRow> create(store::Connection& conn, const Actor& actor,
                                           const ProviderChanges& changes,
                                           const IssuerPolicy& policy) {
  if (auto errors = validate(changes, true, policy); !errors.empty()) {
    return Error::invalid(std::move(errors));
  }
  store::IdentityProviderRow row;
  row.scopes = std::string(kDefaultScopes);
  apply(row, changes);
  if (auto taken = name_taken(conn, row.name, std::nullopt)) return *taken;
  row.created_at = row.updated_at = util::now_micros();
  row.id = store::identity_providers::insert(conn, row);
  audit::record(conn, actor,
                {"identity_provider.create", "identity_provider", row.id, std::nullopt,
                 std::nullopt, audited(row, true)});
  return row;
}

Outcome<store::IdentityProviderRow> update(store::Connection& conn, const Actor& actor,
                                           store::Id id, const ProviderChanges& changes,
                                           const IssuerPolicy& policy) {
  auto existing = find(conn, id);
  if (!existing.ok()) return existing.error();
  if (auto errors = validate(changes, false, policy); !errors.empty()) {
    return Error::invalid(std::move(errors));
  }
  const auto before = existing.value();
  auto row = before;
  apply(row, changes);
  if (auto taken = name_taken(conn, row.name, id)) return *taken;
  row.updated_at = util::now_micros();
  store::identity_providers::update(conn, row);
  audit::record(conn, actor,
                {"identity_provider.update", "identity_provider", id, std::nullopt,
                 audited(before, false), audited(row, changes.client_secret.has_value())});
  return row;
}

Outcome<store::IdentityProviderRow> find(store::Connection& conn, store::Id id) {
  auto row = store::identity_providers::find(conn, id);
  if (!row) return Error::not_found("The identity provider");
  return std::move(*row);
}

json::object view(const store::IdentityProviderRow& p) {
  json::array domains;
  for (const auto& domain : words_of(p.allowed_domains)) domains.emplace_back(domain);
  return {{"id", p.id},
          {"name", p.name},
          {"button_label", p.button_label},
          {"issuer", p.issuer},
          {"client_id", p.client_id},
          {"has_client_secret", !p.client_secret.empty()},
          {"scopes", p.scopes},
          {"allowed_domains", std::move(domains)},
          {"hosted_domain", views::or_null(p.hosted_domain)},
          {"tenant_id", views::or_null(p.tenant_id)},
          {"enabled", p.enabled},
          {"created_at", util::format_rfc3339(p.created_at)},
          {"updated_at", util::format_rfc3339(p.updated_at)}};
}

}  // namespace trellis::domain::auth::providers
