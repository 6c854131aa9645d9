#include "support/test_databases.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <stdlib.h>

#include <boost/url/url.hpp>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>

namespace trellis::testing {

namespace {

// What this process created, removed at exit so repeated runs leave nothing behind.
class CreatedDatabases {
 public:
  CreatedDatabases() = default;
  CreatedDatabases(const CreatedDatabases&) = delete;
  CreatedDatabases& operator=(const CreatedDatabases&) = delete;

  ~CreatedDatabases() {
    for (const auto& name : postgres_databases_) {
      try {
        // FORCE ends sessions that a test left open.
        run_directly(postgres_test_server(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      } catch (const std::exception&) {
        // The server may already be gone; scripts/with-postgres.sh deletes its whole cluster.
      }
    }
    for (const auto& directory : directories_) {
      std::error_code ignored;
      std::filesystem::remove_all(directory, ignored);
    }
  }

  void add_postgres_database(std::string name) {
    std::lock_guard lock(mutex_);
    postgres_databases_.push_back(std::move(name));
  }

  void add_directory(std::filesystem::path directory) {
    std::lock_guard lock(mutex_);
    directories_.push_back(std::move(directory));
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> postgres_databases_;
  std::vector<std::filesystem::path> directories_;
};

CreatedDatabases& created() {
  static CreatedDatabases registry;
  return registry;
}

std::string fresh_sqlite_url() {
  std::string directory = (std::filesystem::temp_directory_path() / "trellis-test-XXXXXX").string();
  if (!mkdtemp(directory.data())) throw std::runtime_error("cannot create " + directory);
  created().add_directory(directory);
  return "sqlite:" + directory + "/db.sqlite";
}

std::string fresh_postgres_url() {
  const std::string server = postgres_test_server();
  if (server.empty()) throw std::runtime_error("TRELLIS_TEST_PG_URL is not set");
  std::random_device random;
  const std::string name = fmt::format("t_{:08x}{:08x}", random(), random());
  run_directly(server, "CREATE DATABASE " + name);
  created().add_postgres_database(name);
  boost::urls::url url(server);
  url.set_path("/" + name);
  return std::string(url.buffer());
}

}  // namespace

std::vector<std::string> test_database_kinds() {
  std::vector<std::string> kinds{"sqlite"};
  if (!postgres_test_server().empty()) kinds.emplace_back("postgres");
  return kinds;
}

std::string postgres_test_server() {
  const char* url = std::getenv("TRELLIS_TEST_PG_URL");
  return url ? url : "";
}

std::string fresh_database_url(const std::string& kind) {
  if (kind == "sqlite") return fresh_sqlite_url();
  if (kind == "postgres") return fresh_postgres_url();
  throw std::invalid_argument("unknown database kind '" + kind + "'");
}

void run_directly(const std::string& url, const std::string& sql) {
  const std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(url.c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    throw std::runtime_error("cannot connect to " + url + ": " + PQerrorMessage(conn.get()));
  }
  const std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn.get(), sql.c_str()),
                                                             &PQclear);
  const auto status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw std::runtime_error(sql + ": " + PQresultErrorMessage(result.get()));
  }
}

std::exception_ptr write_and_wait(store::Database& db, store::Work work) {
  std::promise<std::exception_ptr> outcome;
  auto done = outcome.get_future();
  db.write_async(std::move(work),
                 [&outcome](std::exception_ptr error) { outcome.set_value(error); });
  return done.get();
}

std::string describe(std::exception_ptr error) {
  if (!error) return "";
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "an exception that is not a std::exception";
  }
}

std::optional<store::ConstraintViolation> violation_in(std::exception_ptr error) {
  try {
    if (error) std::rethrow_exception(error);
  } catch (const store::ConstraintViolation& violation) {
    return violation;
  } catch (...) {
    // Anything else is reported below.
  }
  ADD_FAILURE() << "expected a ConstraintViolation, got '" << describe(error) << "'";
  return std::nullopt;
}

}  // namespace trellis::testing
