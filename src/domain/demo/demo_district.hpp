// A believable demo district for trying Trellis: three schools, about 600 students from K to
// 12, about 40 staff across the four roles, classes and enrollments. Seeded once.
#pragma once

#include <string>
#include <vector>

#include "store/database.hpp"

namespace trellis::domain::demo {

struct SignIn {
  std::string role;
  std::string email;
  std::string school;  // empty for district-wide
};

inline constexpr std::string_view kDemoPassword = "trellis-demo";

// The sign-ins worth trying, one per kind of user.
std::vector<SignIn> featured_sign_ins();

// Seeds the district unless it was seeded before; returns true when it seeded now.
// `password_hash` is the hash of kDemoPassword (computed by the caller, outside the
// transaction), shared by every demo account.
bool seed(store::Database& db, const std::string& password_hash);

// Whether a demo district, the fixed one or a generated one, is in the database; the marker is
// written in the seeding transaction.
bool is_seeded(store::Connection& conn);
void mark_seeded(store::Connection& conn);

}  // namespace trellis::domain::demo
