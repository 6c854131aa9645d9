#include "domain/auth/password_sign_in.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "domain/audit/audit.hpp"
#include "store/sign_in_settings_repo.hpp"
#include "store/users_repo.hpp"
#include "util/time.hpp"

namespace trellis::domain::auth {

namespace json = boost::json;

namespace {

constexpr std::string_view kBreakGlassOnly = "break_glass_only";

// Why `user` cannot be a break-glass account, or nullopt: it must be able to sign in with a
// password as a district administrator on the day the identity provider is down.
std::optional<std::string> break_glass_problem(const std::optional<store::User>& user, Id id) {
  if (!user) return "There is no account " + std::to_string(id) + ".";
  const bool district_admin =
      std::any_of(user->roles.begin(), user->roles.end(), [](const store::RoleGrant& grant) {
        return grant.role == store::Role::district_admin && !grant.school_id;
      });
  if (!user->active || !district_admin) {
    return user->email + " is not an active district administrator.";
  }
  if (!user->password_hash) {
    return user->email + " has no password yet: set one first.";
  }
  return std::nullopt;
}

std::string name_of(PasswordSignIn mode) {
  return mode == PasswordSignIn::break_glass_only ? std::string(kBreakGlassOnly) : "everyone";
}

}  // namespace

SignInSettings sign_in_settings(store::Connection& conn) {
  const auto mode = store::sign_in_settings::password_sign_in(conn);
  return {mode == kBreakGlassOnly ? PasswordSignIn::break_glass_only : PasswordSignIn::everyone,
          store::sign_in_settings::break_glass_accounts(conn)};
}

bool may_use_password(store::Connection& conn, Id user_id) {
  if (store::sign_in_settings::password_sign_in(conn) != kBreakGlassOnly) return true;
  return store::sign_in_settings::is_break_glass(conn, user_id);
}

Outcome<SignInSettings> change_sign_in_settings(store::Connection& conn, const Actor& actor,
                                                const SignInSettings& wanted) {
  auto ids = wanted.break_glass_user_ids;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (const auto id : ids) {
    if (auto problem = break_glass_problem(store::users::find(conn, id), id)) {
      return Error::invalid({{"break_glass_user_ids",
                              "Break-glass accounts are active district administrators with a "
                              "password. " +
                                  *problem}});
    }
  }
  if (wanted.password_sign_in == PasswordSignIn::break_glass_only) {
    if (ids.empty()) {
      return Error::invalid({{"break_glass_user_ids",
                              "Name at least one district administrator who may still sign in "
                              "with a password, for the day the identity provider is down."}});
    }
    if (!store::sign_in_settings::single_sign_on_has_worked(conn)) {
      return Error::conflict("single_sign_on_not_working",
                             "Turn password sign-in off once single sign-on works: someone must "
                             "first sign in with an enabled identity provider.");
    }
  }
  const auto before = sign_in_settings(conn);
  store::sign_in_settings::set_password_sign_in(conn, name_of(wanted.password_sign_in));
  store::sign_in_settings::replace_break_glass_accounts(conn, ids, util::now_micros());
  const auto after = sign_in_settings(conn);
  audit::record(conn, actor,
                {"sign_in_settings.change", "settings", std::nullopt, std::nullopt, view(before),
                 view(after)});
  return after;
}

json::object view(const SignInSettings& settings) {
  json::array ids;
  for (const auto id : settings.break_glass_user_ids) ids.push_back(id);
  return {{"password_sign_in", name_of(settings.password_sign_in)},
          {"break_glass_user_ids", std::move(ids)}};
}

}  // namespace trellis::domain::auth
