// Student files: upload to a student's profile, list, download. Access follows access to the
// student; every upload is a `file_attached` event (which may open the student's case), every
// download an entry in the student's access log.
//
// An upload runs in three steps because its content is not database data:
//   1. accept_upload (read): the checks, before anything is written;
//   2. store_content: the bytes, on the filesystem, outside any transaction;
//   3. record_upload (one write transaction): metadata, event, audit.
#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "domain/auth/principal.hpp"
#include "domain/outcome.hpp"
#include "store/database.hpp"
#include "store/file_blobs.hpp"
#include "store/files_repo.hpp"

namespace trellis::domain::files {

// A file as the client sent it.
struct Upload {
  Id student_id = 0;
  std::string client_name;
  std::string_view content;
};

// An upload that passed the checks: its display name and the type found in its content.
struct AcceptedUpload {
  Id student_id = 0;
  std::string name;
  std::string content_type;
  std::string_view content;
};

// The caller sees the student (else 404), the policy allows `file.upload` (else 403), the
// file is not empty (422, field "file"), has at most `max_bytes` bytes (413) and its content
// is of an allowed type (415; text must be UTF-8 without NUL or markup). The name it is kept
// under ends in an extension of that type (stored_name).
Outcome<AcceptedUpload> accept_upload(store::Connection& conn, const Principal& caller,
                                      const Upload& upload, std::size_t max_bytes);

// Writes the content and returns its SHA-256. This happens BEFORE the write transaction of
// record_upload, so that file I/O never holds the database writer. Blobs are addressed by
// content: if that transaction then rolls back, the blob is an orphan no row names, which a
// later upload of the same bytes simply reuses; harmless.
std::string store_content(const store::FileBlobs& blobs, std::string_view content);

// In one write transaction: the metadata row, the `file_attached` event through the case
// engine (the file remembers the case the event opened or joined) and the audit entry.
// 404 when the caller no longer sees the student, 403 when they may no longer upload.
Outcome<store::StudentFileRow> record_upload(store::Connection& conn, const Principal& caller,
                                             const Actor& actor, const AcceptedUpload& upload,
                                             const std::string& sha256);

// The student's files, newest first; 404 when the caller does not see the student.
Outcome<store::Page<store::StudentFileRow>> list_for_student(
    store::Connection& conn, const Principal& caller, Id student_id,
    const std::optional<std::string>& after, int limit);

// A file whose student the caller sees; 404 otherwise (unknown and unseen alike).
Outcome<store::StudentFileRow> find_visible(store::Connection& conn, const Principal& caller,
                                            Id file_id);

// The download's entry in the student's access log; commit it before sending the bytes.
void record_download(store::Connection& conn, const Principal& caller,
                     const store::StudentFileRow& file, const std::string& client_address);

boost::json::object view(const store::StudentFileRow& file);

}  // namespace trellis::domain::files
