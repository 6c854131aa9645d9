// migrate, user add, demo, backup and policy.
#include <fmt/format.h>
#include <sqlite3.h>

#include <cstdlib>
#include <iostream>

#include "api/route_policy.hpp"
#include "cli/commands.hpp"
#include "domain/auth/password_sign_in.hpp"
#include "domain/auth/secrets.hpp"
#include "domain/demo/demo_district.hpp"
#include "domain/demo/district_generator.hpp"
#include "domain/notifications/digest.hpp"
#include "domain/notifications/notifications.hpp"
#include "domain/transaction.hpp"
#include "domain/users/users.hpp"
#include "store/users_repo.hpp"
#include "util/time.hpp"

namespace trellis::cli {

std::unique_ptr<store::Database> open_migrated(const GlobalOptions& options) {
  auto db = store::open_database(options.database_url());
  db->migrate();
  return db;
}

namespace {
void print_sign_ins() {
  std::cout << "\nDemo sign-ins (password: " << domain::demo::kDemoPassword << "):\n";
  for (const auto& s : domain::demo::featured_sign_ins()) {
    std::cout << fmt::format("  {:<30} {:<40} {}\n", s.role, s.email, s.school);
  }
  std::cout << std::flush;
}
}  // namespace

void seed_demo_and_print(store::Database& db) {
  const auto hash = domain::secrets::hash_password(domain::demo::kDemoPassword);
  const bool seeded = domain::demo::seed(db, hash);
  std::cout << (seeded ? "Seeded the demo district." : "The demo district is already here.");
  print_sign_ins();
}

namespace {

struct UserAddOptions {
  std::string email;
  std::string name;
  std::string role;
  std::optional<std::int64_t> school_id;
  bool password_stdin = false;
};

std::pair<std::string, std::string> split_name(const std::string& name) {
  const auto space = name.rfind(' ');
  if (space == std::string::npos) return {name, name};
  return {name.substr(0, space), name.substr(space + 1)};
}

void user_add(const GlobalOptions& global, const UserAddOptions& o) {
  if (!o.password_stdin)
    throw std::runtime_error("pass the password on standard input with --password-stdin");
  std::string password;
  std::getline(std::cin, password);
  if (auto problem = domain::users::password_problem(password)) {
    throw std::runtime_error("password: " + *problem);
  }
  const auto role = store::parse_role(o.role);
  if (!role) {
    throw std::runtime_error(
        "--role must be district_admin, school_admin, interventionist or teacher");
  }
  auto db = open_migrated(global);
  domain::users::UserChanges changes;
  changes.email = o.email;
  std::tie(changes.given_name, changes.family_name) = split_name(o.name);
  changes.password_hash = domain::secrets::hash_password(password);
  changes.roles = std::vector<store::RoleGrant>{{*role, o.school_id}};
  std::optional<domain::Outcome<store::User>> created;
  db->write([&](store::Connection& conn) {
    created.emplace(domain::users::create(conn, std::nullopt, domain::Actor::system(), changes));
  });
  if (!created->ok()) {
    std::string detail = created->error().message;
    for (const auto& [field, problem] : created->error().fields) {
      detail += fmt::format(" {}: {}", field, problem);
    }
    throw std::runtime_error(detail);
  }
  std::cout << "Created user " << created->value().id << " <" << o.email << "> as " << o.role
            << "\n";
}

void backup_sqlite(const std::string& path, const std::string& file) {
  sqlite3* source = nullptr;
  sqlite3* target = nullptr;
  auto close_both = [&] {
    sqlite3_close(source);
    sqlite3_close(target);
  };
  if (sqlite3_open_v2(path.c_str(), &source, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK ||
      sqlite3_open(file.c_str(), &target) != SQLITE_OK) {
    close_both();
    throw std::runtime_error("cannot open the database or the backup file");
  }
  // The online backup API copies a consistent snapshot while the server keeps writing.
  auto* backup = sqlite3_backup_init(target, "main", source, "main");
  const int rc = backup ? sqlite3_backup_step(backup, -1) : SQLITE_ERROR;
  sqlite3_backup_finish(backup);
  const std::string error = sqlite3_errmsg(target);
  close_both();
  if (rc != SQLITE_DONE) throw std::runtime_error("backup failed: " + error);
}

void backup(const GlobalOptions& global, const std::string& file) {
  const auto url = global.database_url();
  if (url.starts_with("sqlite:")) {
    backup_sqlite(url.substr(7), file);
  } else {
    // pg_dump takes the same URL; the custom format restores with pg_restore.
    const auto command = fmt::format("pg_dump --format=custom --file='{}' '{}'", file, url);
    if (file.find('\'') != std::string::npos || url.find('\'') != std::string::npos ||
        std::system(command.c_str()) != 0) {
      throw std::runtime_error("pg_dump failed");
    }
  }
  std::cout << "Backed up " << (url.starts_with("sqlite:") ? url : "the PostgreSQL database")
            << " to " << file << "\n";
}

}  // namespace

void generate_demo_and_print(store::Database& db, std::int64_t students) {
  const auto hash = domain::secrets::hash_password(domain::demo::kDemoPassword);
  domain::demo::GeneratorOptions options;
  options.students = students;
  options.progress = [](const std::string& line) { std::cerr << "demo: " << line << std::endl; };
  const auto generated = domain::demo::generate(db, hash, options);
  std::cout << (generated ? fmt::format("Generated a district of {} students in {} schools.",
                                        generated->students, generated->schools)
                          : std::string("A demo district is already here."));
  print_sign_ins();
}

void add_migrate(CLI::App& app, GlobalOptions& global) {
  app.add_subcommand("migrate", "Apply pending database migrations")->callback([&global] {
    open_migrated(global);
    std::cout << "The database schema is up to date.\n";
  });
}

void add_user(CLI::App& app, GlobalOptions& global) {
  auto options = std::make_shared<UserAddOptions>();
  auto* user = app.add_subcommand("user", "Manage staff accounts");
  user->require_subcommand(1);
  auto* add = user->add_subcommand("add", "Create a staff account (e.g. the first administrator)");
  add->add_option("--email", options->email, "E-mail address (the sign-in)")->required();
  add->add_option("--name", options->name, "Full name, e.g. \"Dana Whitfield\"")->required();
  add->add_option("--role", options->role,
                  "district_admin, school_admin, interventionist or teacher")
      ->required();
  add->add_option("--school", options->school_id, "School id for school roles");
  add->add_flag("--password-stdin", options->password_stdin, "Read the password from stdin");
  add->callback([&global, options] { user_add(global, *options); });
}

void add_demo(CLI::App& app, GlobalOptions& global) {
  auto students = std::make_shared<std::int64_t>(0);
  auto* cmd = app.add_subcommand("demo", "Seed the demo district (once)");
  cmd->add_option("--students", *students,
                  "Generate a district of this many students with a year of case management "
                  "history instead (into a new database)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{10'000'000}));
  cmd->callback([&global, students] {
    auto db = open_migrated(global);
    if (*students > 0) {
      generate_demo_and_print(*db, *students);
    } else {
      seed_demo_and_print(*db);
    }
  });
}

void add_policy(CLI::App& app) {
  app.add_subcommand("policy", "Print who may see and do what (the access policy, docs/access.md)")
      ->callback([] { std::cout << api::access_document(); });
}

// The operator's way back in when password sign-in is off and no break-glass administrator can
// sign in (the identity provider is down, the break-glass account forgotten): whoever can run
// commands on the server turns passwords back on for everyone. Audited as the system.
void add_password_sign_in(CLI::App& app, GlobalOptions& global) {
  auto* cmd = app.add_subcommand(
      "password-sign-in-on",
      "Let everyone sign in with a password again (after single sign-on turned it off)");
  cmd->callback([&global] {
    auto db = open_migrated(global);
    auto changed = domain::write_transaction(*db, [](store::Connection& conn) {
      // The break-glass list goes too: an account on it may be why this is needed.
      return domain::auth::change_sign_in_settings(conn, domain::Actor::system(),
                                                   {domain::auth::PasswordSignIn::everyone, {}});
    });
    if (!changed.ok()) throw std::runtime_error(changed.error().message);
    std::cout << "Everyone may sign in with a password again. The break-glass list is cleared: "
                 "name the accounts again when you turn passwords off.\n";
  });
}

// The daily digests as the server sends them each morning, for a given moment: what an
// operator runs to send them now, and what the tests use to cross midnight. With --mail-from
// and --public-url (as the server has them, e.g. from trellis.conf) the digest e-mails are
// written to the outbox, which a running server's delivery worker sends.
void add_send_digests(CLI::App& app, GlobalOptions& global) {
  struct Options {
    std::string at;
    std::string zone = "America/Chicago";
    MailFrom mail_from;
    std::string public_url;
  };
  auto options = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "send-digests",
      "Send the morning run due now: task digests, plan review reminders, digest e-mails (the "
      "server does this each morning)");
  cmd->add_option("--at", options->at, "As if it were this moment (RFC 3339), instead of now");
  cmd->add_option("--time-zone", options->zone, "The district's time zone (as trellis serve)")
      ->capture_default_str()
      ->envname("TRELLIS_TIME_ZONE");
  add_mail_from_options(*cmd, options->mail_from);
  cmd->add_option("--public-url", options->public_url, "As trellis serve: links in e-mails")
      ->envname("TRELLIS_PUBLIC_URL");
  cmd->callback([&global, options] {
    util::set_district_time_zone(options->zone);
    const auto now = options->at.empty() ? std::optional<util::Micros>(util::now_micros())
                                         : util::parse_rfc3339(options->at);
    if (!now) throw std::runtime_error("--at takes an RFC 3339 time, e.g. 2026-12-08T07:30:00Z");
    // With --mail-from the digest e-mails are written too.
    if (!options->mail_from.address.empty()) {
      configure_mail(options->mail_from, options->public_url, "--mail-from");
    }
    auto db = open_migrated(global);
    std::size_t sent = 0;
    db->write([&](store::Connection& conn) {
      sent = domain::notifications::send_daily_digests(conn, *now);
    });
    std::cout << sent << " daily digest(s) sent.\n";
  });
}

void add_backup(CLI::App& app, GlobalOptions& global) {
  auto file = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("backup", "Write a consistent copy of the database to FILE");
  cmd->add_option("FILE", *file, "Backup file")->required();
  cmd->callback([&global, file] { backup(global, *file); });
}

}  // namespace trellis::cli
