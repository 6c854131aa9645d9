#include "domain/files/files.hpp"

#include <boost/json.hpp>

#include "domain/access/access.hpp"
#include "domain/audit/audit.hpp"
#include "domain/cases/case_engine.hpp"
#include "domain/files/file_names.hpp"
#include "domain/files/file_types.hpp"
#include "util/time.hpp"

namespace trellis::domain::files {

namespace json = boost::json;

namespace {

constexpr std::size_t kMebibyte = 1024 * 1024;

std::string describe_limit(std::size_t max_bytes) {
  if (max_bytes % kMebibyte == 0) return std::to_string(max_bytes / kMebibyte) + " MB";
  return std::to_string(max_bytes) + " bytes";
}

Error too_large(std::size_t max_bytes) {
  return {ErrorKind::too_large, "payload_too_large",
          "The file is larger than the upload limit of " + describe_limit(max_bytes) + "."};
}

bool sees_student(store::Connection& conn, const Principal& caller, Id student_id) {
  return access::visible_student(conn, caller, student_id).has_value();
}

// 404 for a student the caller may not see, 403 when the policy refuses `file.upload`.
std::optional<Error> upload_refusal(store::Connection& conn, const Principal& caller,
                                    Id student_id) {
  auto student = access::visible_student(conn, caller, student_id);
  if (!student) return Error::not_found("The student");
  return access::refusal(caller, access::Action::upload_file,
                         access::student_subject(conn, caller, *student));
}

cases::StudentEvent attached_event(const store::StudentFileRow& file) {
  return {
      .student_id = file.student_id,
      .kind = std::string(cases::name_of(cases::Trigger::file_attached)),
      .summary = "File attached: " + file.name,
      .entity = "file",
      .entity_id = file.id,
      .detail = {{"name", file.name}, {"content_type", file.content_type}, {"size", file.size}}};
}

}  // namespace

Outcome<AcceptedUpload> accept_upload(store::Connection& conn, const Principal& caller,
                                      const Upload& upload, std::size_t max_bytes) {
  if (auto refused = upload_refusal(conn, caller, upload.student_id)) return *refused;
  if (upload.content.empty()) return Error::invalid({{"file", "The file is empty."}});
  if (upload.content.size() > max_bytes) return too_large(max_bytes);
  auto type = classify(upload.content);
  if (!type) return type.error();
  auto name = stored_name(upload.client_name, *type);
  return AcceptedUpload{upload.student_id, std::move(name), std::move(*type), upload.content};
}

std::string store_content(const store::FileBlobs& blobs, std::string_view content) {
  return blobs.put(content);
}

Outcome<store::StudentFileRow> record_upload(store::Connection& conn, const Principal& caller,
                                             const Actor& actor, const AcceptedUpload& upload,
                                             const std::string& sha256) {
  if (auto refused = upload_refusal(conn, caller, upload.student_id)) return *refused;
  store::StudentFileRow file;
  file.student_id = upload.student_id;
  file.name = upload.name;
  file.content_type = upload.content_type;
  file.size = static_cast<std::int64_t>(upload.content.size());
  file.sha256 = sha256;
  file.uploaded_by = caller.user_id;
  file.uploaded_by_name = caller.display_name();
  file.uploaded_at = util::now_micros();
  file.id = store::student_files::insert(conn, file);

  cases::CaseEngine engine(conn, actor);
  const auto recorded = engine.record(attached_event(file));
  if (recorded.case_id) {
    store::student_files::set_case(conn, file.id, *recorded.case_id);
    file.case_id = recorded.case_id;
  }
  audit::record(conn, actor,
                {"file.upload", "file", file.id, file.student_id, std::nullopt, view(file)});
  return file;
}

Outcome<store::Page<store::StudentFileRow>> list_for_student(
    store::Connection& conn, const Principal& caller, Id student_id,
    const std::optional<std::string>& after, int limit) {
  if (!sees_student(conn, caller, student_id)) return Error::not_found("The student");
  return store::student_files::list_for_student(conn, student_id, after, limit);
}

Outcome<store::StudentFileRow> find_visible(store::Connection& conn, const Principal& caller,
                                            Id file_id) {
  auto file = store::student_files::find(conn, file_id);
  if (!file || !sees_student(conn, caller, file->student_id)) return Error::not_found("The file");
  return std::move(*file);
}

void record_download(store::Connection& conn, const Principal& caller,
                     const store::StudentFileRow& file, const std::string& client_address) {
  audit::record_student_access(conn, caller, file.student_id, audit::StudentAccess::download,
                               "file " + std::to_string(file.id) + ": " + file.name,
                               client_address);
}

json::object view(const store::StudentFileRow& file) {
  json::value uploaded_by = nullptr;
  if (file.uploaded_by) {
    uploaded_by = json::object{{"id", *file.uploaded_by}, {"name", file.uploaded_by_name}};
  }
  return {{"id", file.id},
          {"student_id", file.student_id},
          {"name", file.name},
          {"content_type", file.content_type},
          {"size", file.size},
          {"sha256", file.sha256},
          {"uploaded_by", std::move(uploaded_by)},
          {"uploaded_at", util::format_rfc3339(file.uploaded_at)},
          {"case_id", file.case_id ? json::value(*file.case_id) : json::value(nullptr)},
          // A file is never changed once uploaded: the policy names no action on it.
          {"allowed_actions", json::array()}};
}

}  // namespace trellis::domain::files
