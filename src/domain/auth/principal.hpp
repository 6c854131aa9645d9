#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/records.hpp"

namespace trellis::domain {

using store::Id;

// Who is making a request, as established by a session cookie or an API token.
struct Principal {
  Id user_id = 0;
  std::string email;
  std::string given_name;
  std::string family_name;
  std::vector<store::RoleGrant> roles;
  std::optional<Id> session_id;    // signed in with a browser session
  std::optional<Id> api_token_id;  // or with an API token
  std::string csrf_token;          // for browser sessions

  std::string display_name() const { return given_name + " " + family_name; }
};

// Who did a write, for the audit log.
struct Actor {
  std::optional<Id> user_id;  // empty for the system itself (migrations, imports from the CLI)
  std::string client_address;

  static Actor of(const Principal& p, std::string client_address) {
    return {p.user_id, std::move(client_address)};
  }
  static Actor system() { return {std::nullopt, "local"}; }
};

}  // namespace trellis::domain
