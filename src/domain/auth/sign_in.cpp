#include "domain/auth/sign_in.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "domain/audit/audit.hpp"
#include "domain/auth/password_sign_in.hpp"
#include "domain/auth/secrets.hpp"
#include "domain/auth/sign_in_problems.hpp"
#include "store/sessions_repo.hpp"
#include "store/users_repo.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace trellis::domain::auth {

namespace {

Principal principal_of(const store::User& user) {
  Principal p;
  p.user_id = user.id;
  p.email = user.email;
  p.given_name = user.given_name;
  p.family_name = user.family_name;
  p.roles = user.roles;
  return p;
}

// Verified against when the e-mail is unknown, so both failures take the same time.
const std::string& decoy_hash() {
  static const std::string hash = secrets::hash_password(secrets::random_token());
  return hash;
}

int seconds_until_window_frees(const Policy& policy, std::int64_t oldest_at, std::int64_t now) {
  const auto remaining = oldest_at + policy.failure_window_us - now;
  return static_cast<int>(std::max<std::int64_t>(1, (remaining + 999'999) / 1'000'000));
}

Error too_many_attempts(const Policy& policy, std::int64_t frees_from, std::int64_t now) {
  Error error{ErrorKind::rate_limited, "too_many_attempts",
              "Too many failed sign-in attempts. Wait a few minutes and try again."};
  error.retry_after_seconds = seconds_until_window_frees(policy, frees_from, now);
  return error;
}

// Counts this attempt's own reservation out: call before recording it.
std::optional<Error> rate_limited(store::Connection& conn, const Policy& policy,
                                  const std::string& email, const Client& client,
                                  std::int64_t now) {
  const auto since = now - policy.failure_window_us;
  const auto by_email = store::login_failures::for_email(conn, email, since);
  if (by_email.count >= policy.max_failures_per_account) {
    return too_many_attempts(policy, by_email.oldest_at, now);
  }
  const auto by_address = store::login_failures::for_address(conn, client.address, since);
  if (by_address.count < policy.max_failures_per_address) return std::nullopt;
  // The address has spent its guesses: none more at an account it has guessed wrong at, until
  // the last of those leaves the window. An account it has not failed at is still checked.
  const auto here = store::login_failures::for_email_at_address(conn, email, client.address, since);
  if (here.count == 0) return std::nullopt;
  return too_many_attempts(policy, here.newest_at, now);
}

// Whether the owner still holds every role a token was made under.
bool holds_every(const std::vector<store::RoleGrant>& held,
                 const std::vector<store::RoleGrant>& made_under) {
  return std::all_of(made_under.begin(), made_under.end(), [&](const store::RoleGrant& role) {
    return std::find(held.begin(), held.end(), role) != held.end();
  });
}

}  // namespace

std::optional<Principal> load_principal(store::Connection& conn, Id user_id) {
  auto user = store::users::find(conn, user_id);
  if (!user || !user->active) return std::nullopt;
  return principal_of(*user);
}

Outcome<SignInAttempt> begin_sign_in(store::Connection& conn, const Policy& policy,
                                     const std::string& email, const Client& client) {
  const auto now = util::now_micros();
  store::login_failures::lock_email(conn, email);
  if (auto limited = rate_limited(conn, policy, email, client, now)) return *limited;
  SignInAttempt attempt{email, client, store::users::find_by_email(conn, email), 0, false};
  if (attempt.user && (!attempt.user->active || !attempt.user->password_hash)) {
    attempt.user.reset();
  }
  attempt.reservation_id = store::login_failures::record(conn, email, client.address, now);
  return attempt;
}

void verify_sign_in(SignInAttempt& attempt, const std::string& password) {
  const auto& hash = attempt.user ? *attempt.user->password_hash : decoy_hash();
  attempt.password_ok = secrets::verify_password(password, hash) && attempt.user.has_value();
}

Outcome<SignedIn> finish_sign_in(store::Connection& conn, const Policy& policy,
                                 const SignInAttempt& attempt) {
  const auto now = util::now_micros();
  if (!attempt.password_ok) {
    store::login_failures::mark_checked(conn, attempt.reservation_id, now);
    return Error{ErrorKind::unauthorized, "invalid_credentials",
                 "The e-mail address or password is not correct."};
  }
  // Checked only with the right password, so that a wrong guess cannot tell which accounts
  // are break-glass accounts.
  if (!may_use_password(conn, attempt.user->id)) {
    store::login_failures::mark_checked(conn, attempt.reservation_id, now);
    return Error{ErrorKind::forbidden, "password_sign_in_off",
                 std::string(message_for(SignInProblem::password_sign_in_off))};
  }
  store::login_failures::clear_for_email(conn, attempt.email);
  return open_session(conn, policy, *attempt.user, attempt.client,
                      boost::json::object{{"method", "password"}});
}

SignedIn open_session(store::Connection& conn, const Policy& policy, const store::User& user,
                      const Client& client, boost::json::object how) {
  const auto now = util::now_micros();
  SignedIn signed_in{principal_of(user), secrets::random_token(), now + policy.absolute_timeout_us};
  signed_in.principal.csrf_token = secrets::random_token();
  signed_in.principal.session_id = store::sessions::insert(
      conn, {user.id, secrets::token_hash(signed_in.session_token), signed_in.principal.csrf_token,
             now, signed_in.expires_at, client.address, client.user_agent});
  how["user_agent"] = client.user_agent;
  audit::record(conn, Actor::of(signed_in.principal, client.address),
                {"session.sign_in", "session", signed_in.principal.session_id, std::nullopt,
                 std::nullopt, std::move(how)});
  return signed_in;
}

std::optional<SessionLookup> find_session(store::Connection& conn, const Policy& policy,
                                          const std::string& session_token) {
  const auto now = util::now_micros();
  auto session = store::sessions::find_unrevoked(conn, secrets::token_hash(session_token), now);
  if (!session || session->last_seen_at + policy.idle_timeout_us <= now) return std::nullopt;
  auto principal = load_principal(conn, session->user_id);
  if (!principal) return std::nullopt;
  principal->session_id = session->id;
  principal->csrf_token = session->csrf_token;
  return SessionLookup{std::move(*principal),
                       session->last_seen_at + policy.touch_interval_us <= now};
}

void touch_session(store::Connection& conn, Id session_id) {
  store::sessions::touch(conn, session_id, util::now_micros());
}

void sign_out(store::Connection& conn, const Principal& principal, const std::string& address) {
  if (!principal.session_id) return;
  store::sessions::revoke(conn, *principal.session_id, util::now_micros());
  audit::record(conn, Actor::of(principal, address),
                {"session.sign_out", "session", principal.session_id});
}

Outcome<NewApiToken> create_api_token(store::Connection& conn, const Principal& principal,
                                      const std::string& name, const std::string& address) {
  std::map<std::string, std::string> problems;
  util::check_text(problems, "name", name, kMaxTokenName, true);
  if (!problems.empty()) return Error::invalid(std::move(problems));
  const auto now = util::now_micros();
  std::string secret = "trl_" + secrets::random_token();
  const auto id = store::api_tokens::insert(conn, principal.user_id, name,
                                            secrets::token_hash(secret), now, principal.roles);
  NewApiToken created{store::ApiToken{id, principal.user_id, name, now, std::nullopt, std::nullopt},
                      std::move(secret)};
  audit::record(conn, Actor::of(principal, address),
                {"api_token.create", "api_token", id, std::nullopt, std::nullopt,
                 boost::json::object{{"name", name}}});
  return created;
}

std::optional<SessionLookup> find_api_token(store::Connection& conn, const Policy& policy,
                                            const std::string& secret) {
  auto token = store::api_tokens::find_active(conn, secrets::token_hash(secret));
  if (!token) return std::nullopt;
  auto principal = load_principal(conn, token->user_id);
  if (!principal) return std::nullopt;
  auto made_under = store::api_tokens::roles_of(conn, token->id);
  // Checked on every use, so a role taken away by any path (the API, the command line, an
  // import) ends the token at once.
  if (!holds_every(principal->roles, made_under)) return std::nullopt;
  // Never more than it was made under: a role given to its owner later is not the token's.
  principal->roles = std::move(made_under);
  principal->api_token_id = token->id;
  const auto now = util::now_micros();
  const bool needs_touch =
      !token->last_used_at || *token->last_used_at + policy.touch_interval_us <= now;
  return SessionLookup{std::move(*principal), needs_touch};
}

void touch_api_token(store::Connection& conn, Id token_id) {
  store::api_tokens::touch(conn, token_id, util::now_micros());
}

Outcome<Done> revoke_api_token(store::Connection& conn, const Principal& principal, Id token_id,
                               const std::string& address) {
  if (!store::api_tokens::revoke(conn, principal.user_id, token_id, util::now_micros())) {
    return Error::not_found("The API token");
  }
  audit::record(conn, Actor::of(principal, address), {"api_token.revoke", "api_token", token_id});
  return Done{};
}

void end_sign_ins(store::Connection& conn, Id user_id) {
  const auto now = util::now_micros();
  store::sessions::revoke_all_for_user(conn, user_id, now);
  store::api_tokens::revoke_all_for_user(conn, user_id, now);
}

void end_tokens_of_lost_roles(store::Connection& conn, const store::User& user) {
  const auto now = util::now_micros();
  for (const auto& token : store::api_tokens::list_for_user(conn, user.id)) {
    if (token.revoked_at) continue;
    if (!holds_every(user.roles, store::api_tokens::roles_of(conn, token.id))) {
      store::api_tokens::revoke(conn, user.id, token.id, now);
    }
  }
}

}  // namespace trellis::domain::auth
