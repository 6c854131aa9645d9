#include "domain/users/users.hpp"

#include <algorithm>

#include "domain/access/access.hpp"
#include "domain/audit/audit.hpp"
#include "domain/auth/sign_in.hpp"
#include "domain/views.hpp"
#include "store/students_repo.hpp"
#include "store/users_repo.hpp"
#include "util/text.hpp"

namespace trellis::domain::users {

using store::Role;
using store::RoleGrant;

namespace {

using FieldErrors = std::map<std::string, std::string>;

void check_name(FieldErrors& errors, const char* field, const std::optional<std::string>& value) {
  if (value) util::check_text(errors, field, *value, kMaxName, true);
}

void check_roles(store::Connection& conn, FieldErrors& errors,
                 const std::optional<std::vector<RoleGrant>>& roles) {
  if (!roles) return;
  for (const auto& grant : *roles) {
    const bool district_wide = grant.role == Role::district_admin;
    if (district_wide && grant.school_id) {
      errors["roles"] = "A district administrator's role is district-wide: leave school_id out.";
    } else if (!district_wide && !grant.school_id) {
      errors["roles"] = "School roles need a school_id.";
    } else if (grant.school_id && !store::schools::find(conn, *grant.school_id)) {
      errors["roles"] = "School " + std::to_string(*grant.school_id) + " does not exist.";
    }
  }
}

FieldErrors validate(store::Connection& conn, const UserChanges& c) {
  FieldErrors errors;
  if (c.email && !looks_like_email(*c.email)) errors["email"] = "Enter an e-mail address.";
  check_name(errors, "given_name", c.given_name);
  check_name(errors, "family_name", c.family_name);
  check_roles(conn, errors, c.roles);
  return errors;
}

// School administrators manage only roles at their own schools, never district-wide ones.
bool may_grant(const Principal& by, const std::vector<RoleGrant>& roles) {
  return std::all_of(roles.begin(), roles.end(), [&](const RoleGrant& grant) {
    return access::allows(by, access::Action::manage_staff_accounts,
                          {.school_id = grant.school_id, .relationships = {}});
  });
}

std::optional<Error> email_taken(store::Connection& conn, const std::string& email,
                                 std::optional<Id> except) {
  auto existing = store::users::find_by_email(conn, email);
  if (existing && existing->id != except) {
    return Error{ErrorKind::conflict,
                 "email_taken",
                 "Another account uses this e-mail address.",
                 {{"email", "Another account uses this e-mail address."}}};
  }
  return std::nullopt;
}

void apply(store::User& user, const UserChanges& c) {
  if (c.email) user.email = *c.email;
  if (c.given_name) user.given_name = *c.given_name;
  if (c.family_name) user.family_name = *c.family_name;
  if (c.password_hash) user.password_hash = *c.password_hash;
  if (c.active) user.active = *c.active;
  if (c.roles) user.roles = *c.roles;
}

}  // namespace

// An account without roles belongs to no school: only those who may act at every school may.
bool may_read(const Principal& by, const store::User& target) {
  if (target.roles.empty()) {
    return !access::schools_allowing(by, access::Action::read_staff_accounts).has_value();
  }
  return std::any_of(target.roles.begin(), target.roles.end(), [&](const RoleGrant& grant) {
    return access::allows(by, access::Action::read_staff_accounts,
                          {.school_id = grant.school_id, .relationships = {}});
  });
}

bool may_manage(const Principal& by, const store::User& target) {
  if (target.roles.empty()) {
    return !access::schools_allowing(by, access::Action::manage_staff_accounts).has_value();
  }
  return may_grant(by, target.roles);
}

boost::json::array allowed_actions(const Principal& by, const store::User& target) {
  boost::json::array names;
  if (may_manage(by, target)) {
    names.emplace_back(access::rule(access::Action::manage_staff_accounts).name);
  }
  return names;
}

Outcome<store::User> find(store::Connection& conn, const Principal& by, Id user_id) {
  auto user = store::users::find(conn, user_id);
  if (!user || !may_read(by, *user)) return Error::not_found("The user");
  return std::move(*user);
}

bool looks_like_email(std::string_view text) {
  const auto at = text.find('@');
  return text.size() <= 254 && at != std::string_view::npos && at > 0 &&
         text.find('.', at) != std::string_view::npos && text.back() != '.' &&
         text.find(' ') == std::string_view::npos &&
         text.find('@', at + 1) == std::string_view::npos;
}

std::optional<std::string> password_problem(std::string_view password) {
  if (util::characters(password) < 10) return "Use at least 10 characters.";
  if (util::characters(password) > 200) return "Use at most 200 characters.";
  return std::nullopt;
}

Outcome<store::User> create(store::Connection& conn, const std::optional<Principal>& by,
                            const Actor& actor, const UserChanges& changes) {
  FieldErrors errors = validate(conn, changes);
  if (!changes.email) errors["email"] = "Required.";
  if (!changes.given_name) errors["given_name"] = "Required.";
  if (!changes.family_name) errors["family_name"] = "Required.";
  if (!changes.roles || changes.roles->empty()) errors["roles"] = "Give the account a role.";
  if (!errors.empty()) return Error::invalid(std::move(errors));
  if (by && !may_grant(*by, *changes.roles)) {
    return Error::forbidden("You may only give roles at schools you administer.");
  }
  if (auto taken = email_taken(conn, *changes.email, std::nullopt)) return *taken;

  store::User user;
  apply(user, changes);
  user.id = store::users::insert(conn, user);
  audit::record(conn, actor,
                {"user.create", "user", user.id, std::nullopt, std::nullopt, views::user(user)});
  return *store::users::find(conn, user.id);
}

Outcome<store::User> update(store::Connection& conn, const Principal& by, const Actor& actor,
                            Id user_id, const UserChanges& changes) {
  auto existing = find(conn, by, user_id);
  if (!existing.ok()) return existing.error();
  if (!may_manage(by, existing.value())) {
    return Error::forbidden(
        std::string(access::rule(access::Action::manage_staff_accounts).refusal));
  }
  FieldErrors errors = validate(conn, changes);
  if (changes.roles && changes.roles->empty()) errors["roles"] = "Keep at least one role.";
  if (!errors.empty()) return Error::invalid(std::move(errors));
  if (changes.roles && !may_grant(by, *changes.roles)) {
    return Error::forbidden("You may only give roles at schools you administer.");
  }
  if (changes.email) {
    if (auto taken = email_taken(conn, *changes.email, user_id)) return *taken;
  }

  const store::User& before = existing.value();
  store::User updated = before;
  apply(updated, changes);
  store::users::update(conn, updated);
  if (changes.roles) store::users::replace_roles(conn, user_id, *changes.roles);
  // A deactivated account or a new password ends every session and API token of the user; a
  // role taken away ends the tokens made under it.
  if ((changes.active && !*changes.active) || changes.password_hash) {
    auth::end_sign_ins(conn, user_id);
  } else if (changes.roles) {
    auth::end_tokens_of_lost_roles(conn, updated);
  }
  audit::record(
      conn, actor,
      {"user.update", "user", user_id, std::nullopt, views::user(before), views::user(updated)});
  return *store::users::find(conn, user_id);
}

}  // namespace trellis::domain::users
