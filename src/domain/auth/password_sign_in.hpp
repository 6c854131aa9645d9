// Whether staff may sign in with a password. A district that signs in with its identity
// provider may turn passwords off for everyone except the district administrators it names
// (break-glass accounts), and only once single sign-on has worked, so that nobody is locked out.
#pragma once

#include <boost/json/object.hpp>
#include <vector>

#include "domain/auth/principal.hpp"
#include "domain/outcome.hpp"
#include "store/database.hpp"

namespace trellis::domain::auth {

enum class PasswordSignIn { everyone, break_glass_only };

struct SignInSettings {
  PasswordSignIn password_sign_in = PasswordSignIn::everyone;
  std::vector<Id> break_glass_user_ids;
};

SignInSettings sign_in_settings(store::Connection& conn);
// Whether `user_id` may sign in with a password now.
bool may_use_password(store::Connection& conn, Id user_id);
// Changes the setting, audited. Break-glass accounts must be active district administrators;
// turning passwords off needs at least one of them and an enabled provider someone has signed
// in with.
Outcome<SignInSettings> change_sign_in_settings(store::Connection& conn, const Actor& actor,
                                                const SignInSettings& wanted);

boost::json::object view(const SignInSettings& settings);

}  // namespace trellis::domain::auth
