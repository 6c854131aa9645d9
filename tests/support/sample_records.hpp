// Request bodies that make a valid record of each kind, shared by the API tests so that a
// change to what a record needs is made once.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>

namespace trellis::testing::samples {

// Answers to every required question of the district's Referral form.
boost::json::object referral_answers();
// A tier 2 reading plan for `student` with a goal (and no interventions: add them if needed).
boost::json::object plan_body(std::int64_t student);

}  // namespace trellis::testing::samples
