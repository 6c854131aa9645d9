// Every write is audited in the transaction that makes it; every view or export of a student
// record lands in that student's access log.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/auth/principal.hpp"
#include "store/database.hpp"

namespace trellis::domain::audit {

struct Change {
  std::string action;  // "user.create", "session.login", ...
  std::string entity;  // "user"
  std::optional<Id> entity_id = std::nullopt;
  std::optional<Id> student_id = std::nullopt;
  std::optional<boost::json::value> before = std::nullopt;
  std::optional<boost::json::value> after = std::nullopt;
};

void record(store::Connection& conn, const Actor& actor, const Change& change);

enum class StudentAccess { view, export_, download };
void record_student_access(store::Connection& conn, const Principal& viewer, Id student_id,
                           StudentAccess kind, const std::string& detail,
                           const std::string& client_address);
// A page of records about several students (a form's responses, a list of plans): one entry
// per distinct student, all in the caller's one write transaction.
void record_students_access(store::Connection& conn, const Principal& viewer,
                            std::vector<Id> student_ids, StudentAccess kind,
                            const std::string& detail, const std::string& client_address);

}  // namespace trellis::domain::audit
