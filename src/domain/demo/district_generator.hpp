// A district of any size for benchmarks and trials (`trellis demo --students N`): schools of
// realistic sizes, their staff, classes and rosters, and a school year of case management
// history: referrals on the built-in Referral form, cases open and closed, tasks (done, open,
// overdue), student meetings, MTSS plans with weekly progress points and reviews, intervention
// groups, and about a dozen timeline events per student, all consistent with what the case
// engine would have written.
// The same N gives the same district (a fixed random seed); times are laid out backwards from
// the Monday of the week it is generated, so overdue tasks and upcoming meetings stay
// meaningful and a rerun differs only by whole weeks.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "store/database.hpp"

namespace trellis::domain::demo {

struct GeneratorOptions {
  std::int64_t students = 0;
  // Receives one line per phase (what was written, how long it took); may be empty.
  std::function<void(const std::string&)> progress;
};

struct GeneratedDistrict {
  std::int64_t schools = 0;
  std::int64_t staff = 0;
  std::int64_t students = 0;
  std::int64_t classes = 0;
  std::int64_t enrollments = 0;
  std::int64_t open_cases = 0;
  std::int64_t closed_cases = 0;
  std::int64_t events = 0;
  std::int64_t tasks = 0;
  std::int64_t meetings = 0;
  std::int64_t form_responses = 0;  // Referral forms
  std::int64_t plans = 0;
  std::int64_t progress_points = 0;
  std::int64_t plan_reviews = 0;
  std::int64_t groups = 0;  // intervention groups
  std::int64_t group_members = 0;

  bool operator==(const GeneratedDistrict&) const = default;
};

// Writes the district into a database that has no demo district and no students yet, in a
// few large transactions of multi-row inserts, and refreshes the planner's statistics.
// Returns nullopt (and writes nothing) when a demo district is already there; throws when the
// database holds students of another district.
std::optional<GeneratedDistrict> generate(store::Database& db, const std::string& password_hash,
                                          const GeneratorOptions& options);

}  // namespace trellis::domain::demo
