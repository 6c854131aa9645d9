#pragma once

#include <optional>
#include <string>

#include "store/database.hpp"
#include "store/records.hpp"

namespace trellis::store {

namespace audit {
Id insert(Connection& conn, const AuditEntry& entry);

struct ListFilter {
  std::optional<Id> actor_id;
  std::optional<Id> student_id;
  std::optional<std::string> entity;
  std::optional<std::int64_t> from;  // inclusive
  std::optional<std::int64_t> to;    // exclusive
  std::optional<std::string> after;  // cursor
  int limit = 50;
};
// Newest first.
Page<AuditEntry> list(Connection& conn, const ListFilter& filter);
}  // namespace audit

namespace access_log {
Id insert(Connection& conn, const AccessLogEntry& entry);
// Newest first, with the viewer's name.
Page<AccessLogEntry> list_for_student(Connection& conn, Id student_id,
                                      const std::optional<std::string>& after, int limit);
}  // namespace access_log

namespace roster {
struct Class {
  Id id = 0;
  std::optional<std::string> sourced_id;
  Id school_id = 0;
  std::string title;
  std::optional<std::string> class_code = std::nullopt;
  std::optional<std::string> grades = std::nullopt;
  std::optional<std::string> subjects = std::nullopt;
};
Id insert_class(Connection& conn, const Class& cls);
// Exactly one of student_id / user_id.
Id insert_enrollment(Connection& conn, Id class_id, std::optional<Id> student_id,
                     std::optional<Id> user_id, const std::string& role);
// Gives (or, when already given, sets the end of) one grant; see domain/access.
void grant_access(Connection& conn, Id user_id, Id student_id, const std::string& reason,
                  Id source_id, std::optional<std::int64_t> ends_at = std::nullopt);
// Withdraws one grant (a task handed to someone else); other grants of the user stay.
void revoke_access(Connection& conn, Id user_id, Id student_id, const std::string& reason,
                   Id source_id);
// Every grant one source record gave (a deleted task, a cancelled meeting).
void revoke_source(Connection& conn, const std::string& reason, Id source_id);
void set_grants_end(Connection& conn, const std::string& reason, Id source_id,
                    std::optional<std::int64_t> ends_at);
// The reasons of the user's grants on the student that have not lapsed at `now`.
std::vector<std::string> live_grant_reasons(Connection& conn, Id user_id, Id student_id,
                                            std::int64_t now);
// Whether the user teaches an active class the student is enrolled in.
bool teaches(Connection& conn, Id user_id, Id student_id);
}  // namespace roster

}  // namespace trellis::store
