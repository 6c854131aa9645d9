#include "domain/auth/sign_in_problems.hpp"

#include <array>

namespace trellis::domain::auth {

namespace {

struct Entry {
  SignInProblem problem;
  std::string_view code;
  std::string_view message;
};

constexpr std::array kProblems = {
    Entry{SignInProblem::try_again, "try_again",
          "Signing in with your district account did not work. Try again."},
    Entry{SignInProblem::link_expired, "link_expired",
          "That sign-in took too long or was already used. Start again from the sign-in page."},
    Entry{SignInProblem::unsafe_link, "unsafe_link",
          "That sign-in link would have taken you to another website afterwards, so Trellis "
          "stopped. Sign in from this page instead."},
    Entry{SignInProblem::cancelled, "cancelled",
          "Signing in was cancelled at your district's sign-in page."},
    Entry{SignInProblem::provider_unavailable, "provider_unavailable",
          "Trellis could not reach your district's sign-in service. Try again in a few "
          "minutes; if it keeps happening, tell your district's Trellis administrator."},
    Entry{SignInProblem::provider_off, "provider_off",
          "This way of signing in is turned off. Use another one on the sign-in page."},
    Entry{SignInProblem::no_email, "no_email",
          "Your district account did not share an e-mail address with Trellis."},
    Entry{SignInProblem::email_not_verified, "email_not_verified",
          "Your district account's e-mail address is not verified, so Trellis cannot use it "
          "to sign you in."},
    Entry{SignInProblem::domain_not_allowed, "domain_not_allowed",
          "Accounts with that e-mail domain cannot sign in to this district's Trellis."},
    Entry{SignInProblem::not_districts_account, "not_districts_account",
          "That account is not one of the district's. Sign in with your district account."},
    Entry{SignInProblem::no_staff_account, "no_staff_account",
          "There is no active staff account for this e-mail address in Trellis. Ask your "
          "district's Trellis administrator to add you."},
    Entry{SignInProblem::staff_account_inactive, "staff_account_inactive",
          "Your Trellis staff account is turned off. Ask your district's Trellis "
          "administrator."},
    Entry{SignInProblem::linked_to_another_account, "linked_to_another_account",
          "Your Trellis account is linked to a different account at this sign-in service. Ask "
          "your district's Trellis administrator."},
    Entry{SignInProblem::password_sign_in_off, "password_sign_in_off",
          "This district signs in with its district accounts. Use the button on the sign-in "
          "page."},
};

const Entry& entry(SignInProblem problem) {
  for (const auto& e : kProblems) {
    if (e.problem == problem) return e;
  }
  return kProblems.front();
}

}  // namespace

std::string_view code_of(SignInProblem problem) {
  return entry(problem).code;
}

std::string_view message_for(SignInProblem problem) {
  return entry(problem).message;
}

std::optional<SignInProblem> problem_named(std::string_view code) {
  for (const auto& e : kProblems) {
    if (e.code == code) return e.problem;
  }
  return std::nullopt;
}

}  // namespace trellis::domain::auth
