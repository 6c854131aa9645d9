#include "store/files_repo.hpp"

#include <fmt/format.h>

#include "store/query_builder.hpp"

namespace trellis::store {

namespace sql {
constexpr std::string_view kInsertFile =
    "INSERT INTO student_files (student_id, name, content_type, size, sha256, uploaded_by, "
    "uploaded_at, case_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
constexpr std::string_view kSetCase = "UPDATE student_files SET case_id = $2 WHERE id = $1";
constexpr std::string_view kFileColumns =
    "SELECT f.id, f.student_id, f.name, f.content_type, f.size, f.sha256, f.uploaded_by, "
    "COALESCE(u.given_name || ' ' || u.family_name, ''), f.uploaded_at, f.case_id "
    "FROM student_files f LEFT JOIN users u ON u.id = f.uploaded_by ";
constexpr std::string_view kFindFile = "WHERE f.id = $1";
constexpr std::string_view kFilesOfStudent =
    "WHERE f.student_id = $1 {} ORDER BY f.id DESC LIMIT $2";
}  // namespace sql

namespace {

StudentFileRow read_file(const Row& row) {
  return StudentFileRow{row[0].as_int(), row[1].as_int(),    row[2].as_string(), row[3].as_string(),
                        row[4].as_int(), row[5].as_string(), row[6].opt_int(),   row[7].as_string(),
                        row[8].as_int(), row[9].opt_int()};
}

}  // namespace

namespace student_files {

Id insert(Connection& conn, const StudentFileRow& f) {
  return conn
      .one(sql::kInsertFile, f.student_id, f.name, f.content_type, f.size, f.sha256, f.uploaded_by,
           f.uploaded_at, f.case_id)[0]
      .as_int();
}

void set_case(Connection& conn, Id file_id, Id case_id) {
  conn.run(sql::kSetCase, file_id, case_id);
}

std::optional<StudentFileRow> find(Connection& conn, Id id) {
  auto row = conn.maybe_one(std::string(sql::kFileColumns) + std::string(sql::kFindFile), id);
  if (!row) return std::nullopt;
  return read_file(*row);
}

Page<StudentFileRow> list_for_student(Connection& conn, Id student_id,
                                      const std::optional<std::string>& after, int limit) {
  const auto before = id_cursor(after);
  const auto query = std::string(sql::kFileColumns) +
                     fmt::format(fmt::runtime(sql::kFilesOfStudent), before ? "AND f.id < $3" : "");
  const auto rows = before ? conn.run(query, student_id, std::int64_t{limit + 1}, *before)
                           : conn.run(query, student_id, std::int64_t{limit + 1});
  std::vector<StudentFileRow> files;
  for (const auto& row : rows.rows) files.push_back(read_file(row));
  return newest_first_page(std::move(files), limit);
}

}  // namespace student_files
}  // namespace trellis::store
