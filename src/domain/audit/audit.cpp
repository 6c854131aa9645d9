#include "domain/audit/audit.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "store/audit_repo.hpp"
#include "util/time.hpp"

namespace trellis::domain::audit {

namespace {
std::optional<std::string> serialise(const std::optional<boost::json::value>& v) {
  if (!v) return std::nullopt;
  return boost::json::serialize(*v);
}

std::string access_action(StudentAccess kind) {
  switch (kind) {
    case StudentAccess::view:
      return "view";
    case StudentAccess::export_:
      return "export";
    case StudentAccess::download:
      return "download";
  }
  return "view";
}
}  // namespace

void record(store::Connection& conn, const Actor& actor, const Change& change) {
  store::AuditEntry entry;
  entry.at = util::now_micros();
  entry.actor_id = actor.user_id;
  entry.action = change.action;
  entry.entity = change.entity;
  entry.entity_id = change.entity_id;
  entry.student_id = change.student_id;
  entry.before_json = serialise(change.before);
  entry.after_json = serialise(change.after);
  entry.client_address = actor.client_address;
  store::audit::insert(conn, entry);
}

void record_student_access(store::Connection& conn, const Principal& viewer, Id student_id,
                           StudentAccess kind, const std::string& detail,
                           const std::string& client_address) {
  store::AccessLogEntry entry;
  entry.at = util::now_micros();
  entry.student_id = student_id;
  entry.user_id = viewer.user_id;
  entry.action = access_action(kind);
  entry.detail = detail;
  entry.client_address = client_address;
  store::access_log::insert(conn, entry);
}

void record_students_access(store::Connection& conn, const Principal& viewer,
                            std::vector<Id> student_ids, StudentAccess kind,
                            const std::string& detail, const std::string& client_address) {
  std::sort(student_ids.begin(), student_ids.end());
  student_ids.erase(std::unique(student_ids.begin(), student_ids.end()), student_ids.end());
  for (Id student_id : student_ids) {
    record_student_access(conn, viewer, student_id, kind, detail, client_address);
  }
}

}  // namespace trellis::domain::audit
