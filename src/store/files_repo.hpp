// Student files' metadata (table student_files); the content itself is in FileBlobs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.hpp"
#include "store/records.hpp"

namespace trellis::store {

struct StudentFileRow {
  Id id = 0;
  Id student_id = 0;
  std::string name;  // display only, never a path
  std::string content_type;
  std::int64_t size = 0;
  std::string sha256;
  std::optional<Id> uploaded_by;
  std::string uploaded_by_name;  // filled on reads
  std::int64_t uploaded_at = 0;
  std::optional<Id> case_id;
};

namespace student_files {
Id insert(Connection& conn, const StudentFileRow& file);
void set_case(Connection& conn, Id file_id, Id case_id);
std::optional<StudentFileRow> find(Connection& conn, Id id);
// Newest first, one query per page (with the uploader's name).
Page<StudentFileRow> list_for_student(Connection& conn, Id student_id,
                                      const std::optional<std::string>& after, int limit);
}  // namespace student_files

}  // namespace trellis::store
