// The trellis command line: serve, migrate, user add, demo, backup, import, policy.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "store/database.hpp"

namespace trellis::cli {

struct GlobalOptions {
  std::string db_url;  // empty: sqlite:<data_dir>/trellis.db
  std::string data_dir = "data";
  std::string database_url() const {
    return db_url.empty() ? "sqlite:" + data_dir + "/trellis.db" : db_url;
  }
};

void add_serve(CLI::App& app, GlobalOptions& options);
void add_migrate(CLI::App& app, GlobalOptions& options);
void add_user(CLI::App& app, GlobalOptions& options);
void add_demo(CLI::App& app, GlobalOptions& options);
void add_backup(CLI::App& app, GlobalOptions& options);
void add_password_sign_in(CLI::App& app, GlobalOptions& options);
void add_send_digests(CLI::App& app, GlobalOptions& options);
void add_import(CLI::App& app, GlobalOptions& options);
void add_policy(CLI::App& app);

// Where notification e-mail comes from (--mail-from, --mail-from-name), for trellis serve and
// send-digests alike. --public-url, which the links are made from, each command declares
// itself: serve's says it also makes the sign-in redirect URI.
struct MailFrom {
  std::string address;
  std::string name = "Trellis";
};
void add_mail_from_options(CLI::App& command, MailFrom& from);
// Turns notification e-mail on with `from` and `public_url` (its trailing slashes dropped);
// throws, saying what is missing, when the address is not one or public_url is empty.
void configure_mail(const MailFrom& from, std::string public_url, const std::string& needed_by);

// Opens the database and applies pending migrations.
std::unique_ptr<store::Database> open_migrated(const GlobalOptions& options);
// Seeds the demo district's roster (no history) when no demo district is there yet, and prints
// the sign-ins.
void seed_demo_and_print(store::Database& db);
// Generates a demo district of `students` with a school year of case management history when
// no demo district is there yet, and prints the sign-ins.
void generate_demo_and_print(store::Database& db, std::int64_t students);

}  // namespace trellis::cli
