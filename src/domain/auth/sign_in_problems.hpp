// What a person is told when single sign-on refuses them. The sign-in page receives only the
// code (never text from the URL, which anyone could put in a link) and asks the server for the
// sentence, so each sentence is written here once.
#pragma once

#include <optional>
#include <string_view>

namespace trellis::domain::auth {

enum class SignInProblem {
  try_again,                  // anything a person cannot act on: a bad signature, a lost code
  link_expired,               // the sign-in's state is unknown, used, or older than 10 minutes
  unsafe_link,                // the link would return to another site after signing in
  cancelled,                  // the person (or the provider) stopped at the provider
  provider_unavailable,       // Trellis could not reach the provider, or it answered nonsense
  provider_off,               // the provider was disabled or removed
  no_email,                   // the account shared no e-mail address
  email_not_verified,         // the provider has not verified the e-mail address
  domain_not_allowed,         // an e-mail domain the district does not accept
  not_districts_account,      // a Google hd or Entra tid other than the district's
  no_staff_account,           // no staff account has this e-mail address
  staff_account_inactive,     // the staff account is deactivated
  linked_to_another_account,  // the account is linked to another identity at this provider
  password_sign_in_off,       // the district signs in only with its identity provider
};

// The code the sign-in page is sent to (?sso_error=CODE), and back.
std::string_view code_of(SignInProblem problem);
std::optional<SignInProblem> problem_named(std::string_view code);
// A sentence for a teacher: what happened and what to do.
std::string_view message_for(SignInProblem problem);

}  // namespace trellis::domain::auth
