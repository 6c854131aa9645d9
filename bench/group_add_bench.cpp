// Issue 4's benchmark: adding 1,000 students to an intervention group (1,000 plans, their
// plan_created events and the cases they open) in one transaction, on a file-backed SQLite
// database with case management on and plan_created selected. Target: under 200 ms.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "domain/cases/dictionary.hpp"
#include "domain/mtss/groups.hpp"
#include "domain/transaction.hpp"
#include "store/students_repo.hpp"
#include "store/users_repo.hpp"

namespace {

using namespace trellis;
using domain::Principal;
using store::Connection;
using store::Id;

constexpr int kStudents = 1000;

struct District {
  std::unique_ptr<store::Database> db;
  Principal admin;
  Id school = 0;
};

District open_district(const std::string& path) {
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  District d;
  d.db = store::open_database("sqlite:" + path);
  d.db->migrate();
  d.db->write([&](Connection& conn) {
    d.school = store::schools::insert(conn, {0, std::nullopt, "Bench", "middle", {}, true});
    store::User admin;
    admin.email = "bench.admin@district.example";
    admin.given_name = "Bench";
    admin.family_name = "Admin";
    admin.roles = {{store::Role::district_admin, std::nullopt}};
    d.admin.user_id = store::users::insert(conn, admin);
    d.admin.roles = admin.roles;
  });
  auto on = domain::write_transaction(*d.db, [&](Connection& conn) {
    return domain::dictionary::change_settings(conn, d.admin, domain::Actor::of(d.admin, ""),
                                               {true, {"plan_created"}});
  });
  if (!on) throw std::runtime_error(on.error().message);
  return d;
}

// A new group and 1,000 new students, none with a case yet.
std::pair<Id, std::vector<Id>> fresh_group(District& d, int round) {
  std::pair<Id, std::vector<Id>> made;
  d.db->write([&](Connection& conn) {
    store::groups::GroupRow g;
    g.name = "Group " + std::to_string(round);
    g.intervention = "Read Naturally";
    g.school_id = d.school;
    g.facilitator_id = d.admin.user_id;
    g.area = "reading";
    made.first = store::groups::insert(conn, g);
    for (int i = 0; i < kStudents; ++i) {
      store::Student s;
      s.given_name = "Student";
      s.family_name = "R" + std::to_string(round) + "N" + std::to_string(i);
      s.grade = "07";
      s.school_id = d.school;
      made.second.push_back(store::students::insert(conn, s));
    }
  });
  return made;
}

void BM_AddThousandStudentsToAGroup(benchmark::State& state) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("trellis-group-bench-" + std::to_string(getpid()) + ".db");
  auto district = open_district(path.string());
  const auto actor = domain::Actor::of(district.admin, "bench");
  int round = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto [group, students] = fresh_group(district, ++round);
    state.ResumeTiming();
    auto added = domain::write_transaction(*district.db, [&](Connection& conn) {
      return domain::mtss::add_members(conn, district.admin, actor, group, students);
    });
    if (!added || added->size() != kStudents || !added->front().case_id) {
      state.SkipWithError("the add failed or opened no cases");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * kStudents);
  district.db.reset();
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}
BENCHMARK(BM_AddThousandStudentsToAGroup)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
