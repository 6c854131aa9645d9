// A roster Sink that keeps sourcedIds in memory, for the targets that run the OneRoster reader
// without a database: it answers known() as the database would after the rows it was given.
#pragma once

#include <set>
#include <string>
#include <utility>

#include "domain/roster/oneroster.hpp"
#include "store/roster_repo.hpp"

namespace trellis::fuzz {

// Limits far below the defaults, so that inputs the fuzzer can write (64 KiB) reach every
// refusal: a row, a field, a file or a ratio too large.
inline domain::roster::Limits small_limits() {
  domain::roster::Limits limits;
  limits.max_total_bytes = 8 << 20;
  limits.max_file_bytes = 4 << 20;
  limits.max_entries = 20;
  limits.max_row_bytes = 4096;
  limits.max_field_bytes = 1024;
  return limits;
}

class MemorySink final : public store::roster::Sink {
 public:
  using Entity = store::roster::Entity;
  using Change = store::roster::Change;

  bool known(Entity entity, const std::string& sourced_id) const override {
    return ids_.contains({entity, sourced_id});
  }
  std::optional<std::string> email_owner(const std::string&) const override { return std::nullopt; }
  Change put(const store::roster::SchoolRow& row) override { return add(Entity::school, row); }
  Change put(const store::roster::SessionRow& row) override { return add(Entity::session, row); }
  Change put(const store::roster::CourseRow& row) override { return add(Entity::course, row); }
  Change put(const store::roster::ClassRow& row) override { return add(Entity::class_, row); }
  Change put(const store::roster::StudentRow& row) override { return add(Entity::student, row); }
  Change put(const store::roster::StaffRow& row) override { return add(Entity::staff, row); }
  Change put(const store::roster::EnrollmentRow& row) override {
    return add(Entity::enrollment, row);
  }
  Change deactivate(Entity entity, const std::string& sourced_id) override {
    return known(entity, sourced_id) ? Change::deactivated : Change::unchanged;
  }
  void finish() override {}

 private:
  template <class Row>
  Change add(Entity entity, const Row& row) {
    return ids_.emplace(entity, row.sourced_id).second ? Change::created : Change::unchanged;
  }

  std::set<std::pair<Entity, std::string>> ids_;
};

}  // namespace trellis::fuzz
