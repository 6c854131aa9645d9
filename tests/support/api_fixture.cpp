#include <unistd.h>

#include <atomic>
#include <map>
#include <mutex>

#include "support/api_fixture.hpp"

namespace trellis::testing {

ServerProcess& shared_demo_server(const std::string& kind) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<ServerProcess>> servers;
  std::lock_guard lock(mutex);
  auto& server = servers[kind];
  if (!server) server = std::make_unique<ServerProcess>(fresh_database_url(kind));
  return *server;
}

std::int64_t ApiTest::count(const std::string& sql) {
  auto db = store::open_database(server().db_url());
  std::int64_t n = 0;
  db->read([&](store::Connection& conn) { n = conn.one(sql)[0].as_int(); });
  return n;
}

void ApiTest::execute(const std::string& sql) {
  auto db = store::open_database(server().db_url());
  db->write([&](store::Connection& conn) { conn.run(sql); });
}

std::string ApiTest::unique(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + std::to_string(getpid()) + "x" + std::to_string(++counter);
}

}  // namespace trellis::testing
