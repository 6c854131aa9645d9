#include "domain/roster/oneroster.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <chrono>
#include <unordered_map>
#include <unordered_set>

#include "util/string_arena.hpp"
#include "util/text.hpp"

namespace trellis::domain::roster {

using store::Role;
using store::roster::Change;
using store::roster::Entity;

namespace {

constexpr std::size_t kMaxProblems = 100000;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<std::string> opt(std::string_view value) {
  if (value.empty()) return std::nullopt;
  return std::string(value);
}

std::vector<std::string> split_list(std::string_view value) {
  std::vector<std::string> out;
  while (!value.empty()) {
    const auto comma = value.find(',');
    const auto item = trim(value.substr(0, comma));
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return out;
}

bool digits(std::string_view s, std::size_t from, std::size_t count) {
  if (s.size() < from + count) return false;
  for (std::size_t i = from; i < from + count; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

// YYYY-MM-DD with a month 01-12 and a day 01-31.
bool is_date(std::string_view s) {
  if (s.size() != 10 || !digits(s, 0, 4) || s[4] != '-' || !digits(s, 5, 2) || s[7] != '-' ||
      !digits(s, 8, 2)) {
    return false;
  }
  const int month = (s[5] - '0') * 10 + (s[6] - '0');
  const int day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// ISO 8601 as OneRoster writes it (2023-05-01T18:25:43.511Z); a bare date is accepted too.
bool is_datetime(std::string_view s) {
  if (!is_date(s.substr(0, 10))) return false;
  if (s.size() == 10) return true;
  if (s[10] != 'T' || !digits(s, 11, 2) || s.size() < 16 || s[13] != ':' || !digits(s, 14, 2)) {
    return false;
  }
  for (char c : s.substr(16)) {
    if (!std::isdigit(static_cast<unsigned char>(c)) &&
        std::string_view(":.Z+-").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// The columns of each file: every known name, and those a header must have.
struct FileSchema {
  const char* file;  // without .csv
  std::vector<const char*> columns;
  std::vector<const char*> required;
};

const FileSchema kOrgs{
    "orgs",
    {"sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"},
    {"sourcedId", "name", "type"}};
const FileSchema kSessions{"academicSessions",
                           {"sourcedId", "status", "dateLastModified", "title", "type", "startDate",
                            "endDate", "parentSourcedId", "schoolYear"},
                           {"sourcedId", "title", "type", "startDate", "endDate", "schoolYear"}};
const FileSchema kCourses{
    "courses",
    {"sourcedId", "status", "dateLastModified", "schoolYearSourcedId", "title", "courseCode",
     "grades", "orgSourcedId", "subjects", "subjectCodes"},
    {"sourcedId", "title", "orgSourcedId"}};
const FileSchema kClasses{
    "classes",
    {"sourcedId", "status", "dateLastModified", "title", "grades", "courseSourcedId", "classCode",
     "classType", "location", "schoolSourcedId", "termSourcedIds", "subjects", "subjectCodes",
     "periods"},
    {"sourcedId", "title", "courseSourcedId", "classType", "schoolSourcedId", "termSourcedIds"}};
const FileSchema kUsers11{
    "users",
    {"sourcedId", "status", "dateLastModified", "enabledUser", "orgSourcedIds", "role", "username",
     "userIds", "givenName", "familyName", "middleName", "identifier", "email", "sms", "phone",
     "agentSourcedIds", "grades", "password"},
    {"sourcedId", "enabledUser", "orgSourcedIds", "role", "username", "givenName", "familyName"}};
const FileSchema kUsers12{"users",
                          {"sourcedId",
                           "status",
                           "dateLastModified",
                           "enabledUser",
                           "username",
                           "userIds",
                           "givenName",
                           "familyName",
                           "middleName",
                           "identifier",
                           "email",
                           "sms",
                           "phone",
                           "agentSourcedIds",
                           "grades",
                           "password",
                           "userMasterIdentifier",
                           "resourceSourcedIds",
                           "preferredGivenName",
                           "preferredMiddleName",
                           "preferredFamilyName",
                           "primaryOrgSourcedId",
                           "pronouns"},
                          {"sourcedId", "enabledUser", "username", "givenName", "familyName"}};
const FileSchema kRoles{"roles",
                        {"sourcedId", "status", "dateLastModified", "userSourcedId", "roleType",
                         "role", "beginDate", "endDate", "orgSourcedId", "userProfileSourcedId"},
                        {"sourcedId", "userSourcedId", "roleType", "role", "orgSourcedId"}};
const FileSchema kUserProfiles{
    "userProfiles",
    {"sourcedId", "status", "dateLastModified", "userSourcedId", "profileType", "vendorId",
     "applicationId", "description", "credentialType", "username", "password"},
    {"sourcedId", "userSourcedId", "profileType", "vendorId", "credentialType", "username"}};
const FileSchema kEnrollments{
    "enrollments",
    {"sourcedId", "status", "dateLastModified", "classSourcedId", "schoolSourcedId",
     "userSourcedId", "role", "primary", "beginDate", "endDate"},
    {"sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"}};
const FileSchema kDemographics{
    "demographics",
    {"sourcedId", "status", "dateLastModified", "birthDate", "sex", "americanIndianOrAlaskaNative",
     "asian", "blackOrAfricanAmerican", "nativeHawaiianOrOtherPacificIslander", "white",
     "demographicRaceTwoOrMoreRaces", "hispanicOrLatinoEthnicity", "countryOfBirthCode",
     "stateOfBirthAbbreviation", "cityOfBirth", "publicSchoolResidenceStatus"},
    {"sourcedId"}};

bool has_column(const FileSchema& schema, std::string_view name) {
  const auto key = lower(name);
  return std::any_of(schema.columns.begin(), schema.columns.end(),
                     [&](const char* c) { return lower(c) == key; });
}

// Which of the other files' headers this one satisfies (a file copied under a wrong name).
const FileSchema* header_twin(const FileSchema& self, const std::vector<std::string>& header) {
  for (const FileSchema* other : {&kOrgs, &kSessions, &kCourses, &kClasses, &kRoles, &kUserProfiles,
                                  &kEnrollments, &kDemographics}) {
    if (std::string_view(other->file) == self.file) continue;
    const bool all =
        std::all_of(other->required.begin(), other->required.end(), [&](const char* c) {
          return std::any_of(header.begin(), header.end(),
                             [&](const std::string& h) { return lower(h) == lower(c); });
        });
    if (all && other->required.size() > 1) return other;
  }
  return nullptr;
}

enum class FileMode { absent, bulk, delta };

// Why `reader`'s last record went beyond the export's limits, with the column to blame (0:
// the whole row); nothing when it kept within them.
std::optional<std::pair<std::size_t, std::string>> overlong(const util::CsvReader& reader) {
  const auto& limits = reader.limits();
  switch (reader.overlong()) {
    case util::CsvReader::Overlong::none:
      return std::nullopt;
    case util::CsvReader::Overlong::field:
      return std::pair{reader.overlong_column(),
                       fmt::format("the field is longer than {}, the limit for one field",
                                   bytes_text(limits.max_field_bytes))};
    case util::CsvReader::Overlong::record:
      break;
  }
  return std::pair{std::size_t{0}, fmt::format("the row is longer than {}, the limit for one row",
                                               bytes_text(limits.max_record_bytes))};
}

// The sourcedIds one file has had so far, to find duplicates; kept in an arena, as a file
// may hold millions.
class SeenIds {
 public:
  // False when `id` was seen before.
  bool insert(std::string_view id) {
    if (ids_.contains(id)) return false;
    ids_.insert(arena_.keep(id));
    return true;
  }

 private:
  util::StringArena arena_;
  std::unordered_set<std::string_view> ids_;
};

// The columns of a file's header by name (any case). Rows ask for the same few names, always
// string literals, millions of times: answers are kept by the literal's address, so that a
// field costs no lowered copy of its name.
class Header {
 public:
  void add(std::string lowered, std::size_t index) { by_name_.emplace(std::move(lowered), index); }
  std::optional<std::size_t> index(const char* literal) const {
    if (const auto known = by_literal_.find(literal); known != by_literal_.end()) {
      return known->second;
    }
    const auto found = by_name_.find(lower(literal));
    const auto index =
        found == by_name_.end() ? std::nullopt : std::optional<std::size_t>(found->second);
    by_literal_.emplace(literal, index);
    return index;
  }

 private:
  std::unordered_map<std::string, std::size_t> by_name_;
  mutable std::unordered_map<const char*, std::optional<std::size_t>> by_literal_;
};

struct OrgInfo {
  bool school = false;
};

struct Demographic {
  std::optional<std::string> birth_date, sex;
  std::string json;
  std::size_t line = 0;
};

struct RoleEntry {
  std::string role;
  std::string org;
  bool primary = false;
  bool active = true;
};

class Importer {
 public:
  Importer(Source& source, store::roster::Sink& sink, const ProgressFn& progress)
      : source_(source), sink_(sink), progress_(progress) {}

  Result run() {
    const auto started = std::chrono::steady_clock::now();
    try {
      if (read_manifest()) {
        plan_files();
        check_unread_files();
        read_file(kOrgs, [this](Row& r) { org(r); });
        read_file(kSessions, [this](Row& r) { session(r); });
        put_sessions();
        read_file(kCourses, [this](Row& r) { course(r); });
        read_file(kClasses, [this](Row& r) { class_(r); });
        read_file(kDemographics, [this](Row& r) { demographic(r); });
        if (v12_) read_file(kRoles, [this](Row& r) { role(r); });
        read_file(v12_ ? kUsers12 : kUsers11, [this](Row& r) { user(r); });
        read_file(kEnrollments, [this](Row& r) { enrollment(r); });
        report_unused_demographics();
      }
    } catch (const LimitExceeded& e) {
      fatal(e.what());
    }
    sink_.finish();
    result_.summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return std::move(result_);
  }

 private:
  // One data row with its header, for field access and problems that name the column.
  class Row {
   public:
    Row(Importer& importer, const std::string& file, const std::vector<std::string>& fields,
        const Header& columns, std::size_t line)
        : importer_(importer), file_(file), fields_(fields), columns_(columns), line_(line) {}

    std::string_view get(const char* name) const {
      const auto i = index(name);
      return i && *i < fields_.size() ? trim(fields_[*i]) : std::string_view{};
    }
    std::size_t line() const { return line_; }
    const std::string& file() const { return file_; }
    bool rejected() const { return rejected_; }
    // An error that rejects the row.
    void reject(const char* field, std::string reason) {
      rejected_ = true;
      importer_.problem(Severity::error, file_, line_, column(field), field, std::move(reason));
    }
    // An error at a column by number (0: the whole row).
    void reject_column(std::size_t column, std::string reason) {
      rejected_ = true;
      importer_.problem(Severity::error, file_, line_, column, "", std::move(reason));
    }
    void warn(const char* field, std::string reason) {
      importer_.problem(Severity::warning, file_, line_, column(field), field, std::move(reason));
    }
    // A required value; rejects the row when it is empty.
    std::string_view need(const char* name) {
      const auto value = get(name);
      if (value.empty()) reject(name, fmt::format("{} is required", name));
      return value;
    }
    std::optional<std::string> date(const char* name) {
      const auto value = get(name);
      if (value.empty()) return std::nullopt;
      if (!is_date(value)) {
        reject(name, fmt::format("bad date '{}' (expected YYYY-MM-DD)", value));
        return std::nullopt;
      }
      return std::string(value);
    }
    bool flag(const char* name) {
      const auto value = lower(get(name));
      if (value.empty() || value == "false") return false;
      if (value == "true") return true;
      reject(name, fmt::format("'{}' is not true or false", get(name)));
      return false;
    }

   private:
    std::optional<std::size_t> index(const char* name) const { return columns_.index(name); }
    std::size_t column(const char* name) const {
      const auto i = index(name);
      return i ? *i + 1 : 0;
    }

    Importer& importer_;
    const std::string& file_;
    const std::vector<std::string>& fields_;
    const Header& columns_;
    std::size_t line_;
    bool rejected_ = false;
  };

  void problem(Severity severity, const std::string& file, std::size_t line, std::size_t column,
               std::string field, std::string reason) {
    auto& summary = result_.summary;
    (severity == Severity::error ? summary.errors : summary.warnings) += 1;
    if (result_.problems.size() < kMaxProblems) {
      // Reasons quote the export's values and header names: escaped, they stay one line of
      // valid UTF-8 whatever the file held.
      result_.problems.push_back({severity, util::escaped(file), line, column, util::escaped(field),
                                  util::escaped(reason)});
    }
  }
  void fatal(std::string message) {
    problem(Severity::error, "", 0, 0, "", message);
    result_.fatal = std::move(message);
  }

  // A reader of one of the export's files that keeps rows and fields within the limits.
  util::CsvReader reader_of(const std::string& name) {
    const auto& limits = source_.limits();
    return util::CsvReader(source_.open(name), {limits.max_row_bytes, limits.max_field_bytes});
  }
  // Reports a header or manifest row beyond the limits; true when it was.
  bool refused_overlong(const util::CsvReader& reader, const std::string& name) {
    const auto cut = overlong(reader);
    if (cut) problem(Severity::error, name, reader.line(), cut->first, "", cut->second);
    return cut.has_value();
  }

  bool read_manifest() {
    const auto name = source_.find("manifest.csv");
    if (!name) {
      fatal("manifest.csv is missing: this is not a OneRoster CSV export");
      return false;
    }
    auto reader = reader_of(*name);
    std::vector<std::string> fields;
    bool header = true;
    while (reader.next(fields)) {
      if (refused_overlong(reader, *name)) continue;
      if (header) {
        header = false;
        if (fields.size() < 2 || lower(trim(fields[0])) != "propertyname" ||
            lower(trim(fields[1])) != "value") {
          problem(Severity::error, *name, reader.line(), 1, "propertyName",
                  "the header must be propertyName,value");
        }
        continue;
      }
      if (fields.size() == 1 && trim(fields[0]).empty()) continue;
      const std::string key(trim(fields[0]));
      const std::string value(fields.size() > 1 ? trim(fields[1]) : "");
      manifest_[lower(key)] = {value, reader.line()};
    }
    const auto version = manifest_.find("oneroster.version");
    const std::string v = version == manifest_.end() ? "" : version->second.first;
    if (v != "1.0" && v != "1.1" && v != "1.2") {
      fatal(v.empty() ? "manifest.csv has no oneroster.version"
                      : fmt::format("oneroster.version {} is not supported (1.0, 1.1 or 1.2)", v));
      return false;
    }
    result_.summary.version = v;
    v12_ = v == "1.2";
    return true;
  }

  void plan_files() {
    for (const FileSchema* schema : {&kOrgs, &kSessions, &kCourses, &kClasses, &kDemographics,
                                     &kRoles, &kUserProfiles, &kUsers11, &kEnrollments}) {
      if (schema == &kRoles && !v12_) continue;
      const auto property = std::string("file.") + schema->file;
      const auto key = lower(property);
      auto mode = FileMode::absent;
      if (const auto found = manifest_.find(key); found != manifest_.end()) {
        const auto value = lower(found->second.first);
        if (value == "bulk") {
          mode = FileMode::bulk;
        } else if (value == "delta") {
          mode = FileMode::delta;
        } else if (value.empty()) {
          problem(Severity::warning, "manifest.csv", found->second.second, 2, property,
                  fmt::format("{} has no value; treated as absent", property));
        } else if (value != "absent") {
          problem(Severity::error, "manifest.csv", found->second.second, 2, property,
                  fmt::format("'{}' is not bulk, delta or absent", found->second.first));
        }
      }
      const auto csv = std::string(schema->file) + ".csv";
      const auto present = source_.find(csv);
      if (mode != FileMode::absent && !present) {
        problem(Severity::error, "manifest.csv", 0, 0, property,
                fmt::format("the manifest lists {} but the export has no such file", csv));
        mode = FileMode::absent;
      }
      modes_[schema->file] = mode;
    }
    const auto to_count = [&](const char* file) {
      const auto found = modes_.find(file);
      return found != modes_.end() && found->second != FileMode::absent;
    };
    for (const char* file : {"orgs", "academicSessions", "courses", "classes", "demographics",
                             "roles", "users", "enrollments"}) {
      if (!to_count(file)) continue;
      ++file_count_;
      bytes_total_ += source_.size(*source_.find(std::string(file) + ".csv"));
    }
  }

  // Files the export has but the manifest calls absent are not imported, nor is
  // userProfiles.csv (application logins); their header is still checked, so that a damaged
  // file is reported (a userProfiles.csv that is a copy of roles.csv).
  void check_unread_files() {
    for (const FileSchema* schema :
         {&kUserProfiles, &kOrgs, &kSessions, &kCourses, &kClasses, &kDemographics, &kRoles,
          v12_ ? &kUsers12 : &kUsers11, &kEnrollments}) {
      if (schema == &kRoles && !v12_) continue;
      const bool listed = modes_[schema->file] != FileMode::absent;
      if (listed && schema != &kUserProfiles) continue;
      const auto name = source_.find(std::string(schema->file) + ".csv");
      if (!name) continue;
      if (!listed) {
        problem(Severity::warning, *name, 0, 0, "",
                fmt::format("the manifest does not list {}.csv as bulk or delta; not imported",
                            schema->file));
      }
      auto reader = reader_of(*name);
      std::vector<std::string> header;
      if (reader.next(header) && !refused_overlong(reader, *name)) {
        check_header(*schema, *name, header);
      }
    }
  }

  // Maps the header by name (any case); reports unknown and missing columns. False when a
  // required column is missing: the file cannot be read.
  bool check_header(const FileSchema& schema, const std::string& name,
                    const std::vector<std::string>& header, Header* columns = nullptr) {
    bool ok = true;
    std::vector<std::size_t> empty;
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < header.size(); ++i) {
      const auto h = trim(header[i]);
      if (h.empty()) {
        empty.push_back(i + 1);
        continue;
      }
      const auto key = lower(h);
      if (!seen.insert(key).second) {
        problem(Severity::error, name, 1, i + 1, std::string(h),
                fmt::format("column {} appears twice", h));
        ok = false;
        continue;
      }
      if (columns) columns->add(key, i);
      if (has_column(schema, h) || key.starts_with("metadata.")) continue;
      std::string hint;
      for (const char* c : schema.columns) {
        if (edit_distance(key, lower(c)) <= 3 && !seen.contains(lower(c))) {
          hint = fmt::format("; did you mean {}?", c);
          break;
        }
      }
      problem(Severity::warning, name, 1, i + 1, std::string(h),
              fmt::format("unknown header {}{} (the column is ignored)", h, hint));
    }
    if (!empty.empty()) {
      std::string list;
      for (auto c : empty) list += (list.empty() ? "" : ", ") + std::to_string(c);
      problem(Severity::warning, name, 1, empty.front(), "",
              fmt::format("{} empty column name(s) at column {}; ignored", empty.size(), list));
    }
    const FileSchema* twin = nullptr;
    for (const char* c : schema.columns) {
      if (seen.contains(lower(c))) continue;
      const bool required =
          std::find(schema.required.begin(), schema.required.end(), c) != schema.required.end();
      if (required) {
        if (!twin) twin = header_twin(schema, header);
        problem(Severity::error, name, 1, 0, c,
                fmt::format("missing required column {}{}", c,
                            twin ? fmt::format(" (the header is that of {}.csv: is this file a "
                                               "copy of it?)",
                                               twin->file)
                                 : ""));
        ok = false;
      } else if (std::string_view(c) == "status" || std::string_view(c) == "dateLastModified") {
        problem(Severity::warning, name, 1, 0, c, fmt::format("missing column {}", c));
      }
    }
    return ok;
  }

  template <class Handle>
  void read_file(const FileSchema& schema, Handle handle) {
    const auto mode = modes_[schema.file];
    if (mode == FileMode::absent) return;
    const auto name = *source_.find(std::string(schema.file) + ".csv");
    ++file_index_;
    auto reader = reader_of(name);
    std::vector<std::string> fields;
    if (!reader.next(fields)) {
      problem(Severity::error, name, 1, 0, "", "the file is empty (no header)");
      return;
    }
    if (refused_overlong(reader, name)) return;
    Header columns;
    if (!check_header(schema, name, fields, &columns)) return;
    std::size_t width = 0;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (!trim(fields[i]).empty()) width = i + 1;
    }
    const std::size_t header_size = fields.size();
    SeenIds ids;
    bool warned_bulk = false;
    std::size_t rows = 0;
    Progress progress{name, file_index_, file_count_, 0, 0, bytes_total_};
    while (reader.next(fields)) {
      if (fields.size() == 1 && fields[0].empty()) continue;  // a blank line
      ++rows;
      ++result_.summary.rows;
      Row row(*this, name, fields, columns, reader.line());
      if (const auto cut = overlong(reader)) {
        // Its fields were cut short: anything more said about them would be noise.
        row.reject_column(cut->first, cut->second);
        continue;
      }
      if (reader.unterminated_quote()) {
        row.reject("", "a quoted field is not closed before the end of the file");
      } else if (fields.size() < width || (fields.size() > header_size &&
                                           std::any_of(fields.begin() + header_size, fields.end(),
                                                       [](const auto& f) { return !f.empty(); }))) {
        row.reject("", fmt::format("the row has {} fields, the header {}", fields.size(), width));
      }
      if (refused_text(row, fields)) continue;
      const auto id = row.get("sourcedId");
      if (!row.rejected() && !id.empty() && !ids.insert(id)) {
        row.reject("sourcedId", fmt::format("duplicate sourcedId {} in this file", id));
      }
      const auto status = lower(row.get("status"));
      if (!status.empty() && status != "active" && status != "tobedeleted" &&
          status != "inactive") {
        row.reject("status",
                   fmt::format("status '{}' is not active or tobedeleted", row.get("status")));
      }
      if (status == "inactive") {
        row.warn("status", "status inactive (OneRoster 1.0) is read as tobedeleted");
      }
      const auto modified = row.get("dateLastModified");
      if (!modified.empty() && !is_datetime(modified)) {
        row.reject(
            "dateLastModified",
            fmt::format("bad date '{}' (expected ISO 8601, e.g. 2023-05-01T18:25:43Z)", modified));
      }
      if (mode == FileMode::bulk && !warned_bulk && (!status.empty() || !modified.empty())) {
        warned_bulk = true;
        row.warn(status.empty() ? "dateLastModified" : "status",
                 "rows fill status/dateLastModified although the manifest says bulk (read as "
                 "given; first at this line)");
      }
      deleted_ = status == "tobedeleted" || status == "inactive";
      if (!row.rejected()) row.need("sourcedId");
      handle(row);
      if (rows % 4096 == 0 && progress_) {
        progress.rows = rows;
        progress.bytes_done = bytes_done_ + reader.bytes_read();
        progress_(progress);
      }
    }
    bytes_done_ += reader.bytes_read();
    if (progress_) {
      progress.rows = rows;
      progress.bytes_done = bytes_done_;
      progress_(progress);
    }
  }

  // The one input discipline (util/text.hpp) for every field: a row holding text that is not
  // valid UTF-8, or a control character other than tab and newline, is refused whole, since
  // its names would reach every page that shows them.
  bool refused_text(Row& row, const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (auto text_problem = util::text_problem(fields[i])) {
        row.reject_column(i + 1, "the field is not accepted text: " + *text_problem);
        return true;
      }
    }
    return false;
  }

  void count(Entity entity, Change change) {
    auto& c = result_.summary.of(entity);
    switch (change) {
      case Change::created:
        ++c.created;
        break;
      case Change::updated:
        ++c.updated;
        break;
      case Change::unchanged:
        ++c.unchanged;
        break;
      case Change::deactivated:
        ++c.deactivated;
        break;
    }
  }

  void rejected(Entity entity, const Row& row, std::string_view id) {
    ++result_.summary.of(entity).rejected;
    if (!id.empty()) {
      rejected_[static_cast<std::size_t>(entity)].emplace(
          id, fmt::format("{} line {}", row.file(), row.line()));
    }
  }

  // Puts a row that passed its checks; counts a rejected one.
  template <class Out>
  void deliver(Entity entity, const Row& row, const Out& out) {
    if (row.rejected()) return rejected(entity, row, out.sourced_id);
    count(entity, sink_.put(out));
  }

  // A tobedeleted row of a known record only deactivates it; true when handled.
  bool deactivated(Entity entity, Row& row) {
    if (!deleted_ || row.rejected()) return false;
    const std::string id(row.get("sourcedId"));
    if (!sink_.known(entity, id)) return false;
    count(entity, sink_.deactivate(entity, id));
    return true;
  }

  // Whether `id` of `entity` may be referred to; reports why not on the row.
  bool resolve(Row& row, const char* field, Entity entity, const std::string& id,
               const char* what) {
    const auto& gone = rejected_[static_cast<std::size_t>(entity)];
    if (const auto r = gone.find(id); r != gone.end()) {
      row.reject(field, fmt::format("{} {} was rejected ({})", what, id, r->second));
      return false;
    }
    if (!sink_.known(entity, id)) {
      row.reject(field, fmt::format("unknown {} {}", what, id));
      return false;
    }
    return true;
  }

  // The school that an org reference names, rejecting the row when it is not one.
  bool school_ref(Row& row, const char* field, const std::string& id) {
    if (const auto org = orgs_.find(id); org != orgs_.end() && !org->second.school) {
      row.reject(field, fmt::format("org {} is a district, not a school", id));
      return false;
    }
    return resolve(row, field, Entity::school, id, "org");
  }
  bool is_district_org(const std::string& id) const {
    const auto org = orgs_.find(id);
    return org != orgs_.end() && !org->second.school;
  }

  void org(Row& row) {
    const std::string id(row.get("sourcedId"));
    const auto type = lower(row.need("type"));
    const bool school = type == "school" || type == "department";
    if (!type.empty() && !school && type != "district" && type != "local" && type != "state" &&
        type != "national") {
      row.reject("type", fmt::format("org type '{}' is not school, department, district, local, "
                                     "state or national",
                                     row.get("type")));
    }
    const auto parent = row.get("parentSourcedId");
    if (!parent.empty() && !orgs_.contains(std::string(parent)) &&
        !sink_.known(Entity::school, std::string(parent))) {
      row.warn("parentSourcedId", fmt::format("unknown parent org {}; ignored", parent));
    }
    if (deactivated(Entity::school, row)) return;
    store::roster::SchoolRow out{id, std::string(row.need("name")), opt(row.get("identifier")),
                                 !deleted_};
    if (row.rejected()) return rejected(Entity::school, row, id);
    orgs_[id] = {school};
    if (school) count(Entity::school, sink_.put(out));
  }

  // Sessions wait until the file is read: a parent may come after its children.
  struct PendingSession {
    store::roster::SessionRow row;
    std::size_t line;
  };
  void session(Row& row) {
    const std::string id(row.get("sourcedId"));
    if (deactivated(Entity::session, row)) return;
    const auto type = lower(row.need("type"));
    if (!type.empty() && type != "gradingperiod" && type != "semester" && type != "schoolyear" &&
        type != "term") {
      row.reject("type", fmt::format("session type '{}' is not gradingPeriod, semester, "
                                     "schoolYear or term",
                                     row.get("type")));
    }
    row.need("startDate");
    row.need("endDate");
    store::roster::SessionRow out{id,
                                  std::string(row.need("title")),
                                  std::string(row.get("type")),
                                  row.date("startDate"),
                                  row.date("endDate"),
                                  opt(row.need("schoolYear")),
                                  opt(row.get("parentSourcedId")),
                                  !deleted_};
    if (const auto year = row.get("schoolYear"); !year.empty() && !digits(year, 0, 4)) {
      row.reject("schoolYear", fmt::format("schoolYear '{}' is not a year (YYYY)", year));
    }
    if (row.rejected()) return rejected(Entity::session, row, id);
    pending_sessions_.push_back({std::move(out), row.line()});
  }
  void put_sessions() {
    std::unordered_map<std::string, std::size_t> by_id;
    for (std::size_t i = 0; i < pending_sessions_.size(); ++i) {
      by_id.emplace(pending_sessions_[i].row.sourced_id, i);
    }
    std::vector<char> state(pending_sessions_.size(), 0);  // 0 new, 1 visiting, 2 written
    const auto file = source_.find("academicSessions.csv").value_or("academicSessions.csv");
    std::function<void(std::size_t)> put = [&](std::size_t i) {
      if (state[i] != 0) return;
      state[i] = 1;
      auto& s = pending_sessions_[i];
      if (s.row.parent) {
        const auto parent = by_id.find(*s.row.parent);
        if (parent != by_id.end() && state[parent->second] == 0) {
          put(parent->second);
        } else if (parent == by_id.end() && !sink_.known(Entity::session, *s.row.parent)) {
          problem(
              Severity::warning, file, s.line, 8, "parentSourcedId",
              fmt::format("unknown parent session {}; imported without a parent", *s.row.parent));
          s.row.parent.reset();
        } else if (parent != by_id.end() && state[parent->second] == 1) {
          problem(Severity::warning, file, s.line, 8, "parentSourcedId",
                  "sessions are each other's parents; the cycle is cut here");
          s.row.parent.reset();
        }
      }
      count(Entity::session, sink_.put(s.row));
      state[i] = 2;
    };
    for (std::size_t i = 0; i < pending_sessions_.size(); ++i) put(i);
    pending_sessions_.clear();
  }

  void course(Row& row) {
    const std::string id(row.get("sourcedId"));
    if (deactivated(Entity::course, row)) return;
    const std::string org(row.need("orgSourcedId"));
    std::optional<std::string> school;
    if (!org.empty() && !is_district_org(org) &&
        resolve(row, "orgSourcedId", Entity::school, org, "org")) {
      school = org;
    }
    store::roster::CourseRow out{id,
                                 std::string(row.need("title")),
                                 opt(row.get("courseCode")),
                                 opt(row.get("grades")),
                                 opt(row.get("subjects")),
                                 school,
                                 !deleted_};
    deliver(Entity::course, row, out);
  }

  void class_(Row& row) {
    const std::string id(row.get("sourcedId"));
    if (deactivated(Entity::class_, row)) return;
    const std::string school(row.need("schoolSourcedId"));
    if (!school.empty()) school_ref(row, "schoolSourcedId", school);
    row.need("classType");
    std::optional<std::string> course(opt(row.need("courseSourcedId")));
    if (course && !sink_.known(Entity::course, *course)) {
      row.warn("courseSourcedId", fmt::format("unknown course {}; the class is imported without "
                                              "a course",
                                              *course));
      course.reset();
    }
    std::optional<std::string> term;
    const auto terms = split_list(row.need("termSourcedIds"));
    if (!terms.empty()) {
      if (sink_.known(Entity::session, terms.front())) {
        term = terms.front();
      } else {
        row.warn("termSourcedIds", fmt::format("unknown term {}; the class is imported without "
                                               "a term",
                                               terms.front()));
      }
    }
    store::roster::ClassRow out{id,
                                school,
                                std::string(row.need("title")),
                                opt(row.get("classCode")),
                                opt(row.get("classType")),
                                opt(row.get("grades")),
                                opt(row.get("subjects")),
                                opt(row.get("periods")),
                                term,
                                course,
                                !deleted_};
    deliver(Entity::class_, row, out);
  }

  void demographic(Row& row) {
    const std::string id(row.get("sourcedId"));
    Demographic d;
    d.line = row.line();
    d.birth_date = row.date("birthDate");
    const auto sex = lower(row.get("sex"));
    if (!sex.empty() && sex != "male" && sex != "female" && sex != "other" &&
        sex != "unspecified") {
      row.reject("sex",
                 fmt::format("sex '{}' is not male, female, other or unspecified", row.get("sex")));
    }
    d.sex = opt(sex);
    boost::json::object json(kDemographics.columns.size());
    for (const char* c : kDemographics.columns) {
      const std::string_view name(c);
      if (name == "sourcedId" || name == "status" || name == "dateLastModified") continue;
      const auto value = row.get(c);
      if (value.empty()) continue;
      const auto flag = lower(value);
      if (name != "birthDate" && name != "sex" && name != "countryOfBirthCode" &&
          name != "stateOfBirthAbbreviation" && name != "cityOfBirth" &&
          name != "publicSchoolResidenceStatus") {
        if (flag != "true" && flag != "false") {
          row.reject(c, fmt::format("'{}' is not true or false", value));
          continue;
        }
        json[name] = flag == "true";
      } else {
        json[name] = value;
      }
    }
    if (row.rejected()) return;
    d.json = boost::json::serialize(json);
    demographics_.insert_or_assign(id, std::move(d));
  }
  // Students take their demographics out of the map as they are put: what is left is unused.
  void report_unused_demographics() {
    const auto file = source_.find("demographics.csv");
    for (const auto& [id, d] : demographics_) {
      problem(Severity::warning, file.value_or("demographics.csv"), d.line, 1, "sourcedId",
              fmt::format("no student {} in this import or the database; ignored", id));
    }
  }

  void role(Row& row) {
    const auto role = row.need("role");
    const auto type = lower(row.need("roleType"));
    if (!type.empty() && type != "primary" && type != "secondary") {
      row.reject("roleType",
                 fmt::format("roleType '{}' is not primary or secondary", row.get("roleType")));
    }
    row.date("beginDate");
    row.date("endDate");
    const auto user = row.need("userSourcedId");
    const auto org = row.need("orgSourcedId");
    if (row.rejected()) return;
    roles_[std::string(user)].push_back(
        {std::string(role), std::string(org), type == "primary", !deleted_});
  }

  // The OneRoster role as Trellis sees it: a student, a staff role, or neither.
  enum class Kind { student, staff, none };
  static Kind kind_of(std::string_view role) {
    const auto r = lower(role);
    if (r == "student") return Kind::student;
    if (r == "teacher" || r == "aide" || r == "proctor" || r == "administrator" ||
        r == "principal" || r == "siteadministrator" || r == "districtadministrator") {
      return Kind::staff;
    }
    return Kind::none;
  }

  void user(Row& row) {
    const std::string id(row.get("sourcedId"));
    // A leaving user needs no more than the key columns (as deltas send them).
    if (deleted_ && !row.rejected() &&
        (sink_.known(Entity::student, id) || sink_.known(Entity::staff, id))) {
      if (sink_.known(Entity::student, id))
        count(Entity::student, sink_.deactivate(Entity::student, id));
      if (sink_.known(Entity::staff, id)) count(Entity::staff, sink_.deactivate(Entity::staff, id));
      return;
    }
    std::vector<RoleEntry> roles;
    if (v12_) {
      if (const auto found = roles_.find(id); found != roles_.end()) roles = found->second;
    } else {
      for (auto& org : split_list(row.need("orgSourcedIds"))) {
        roles.push_back({std::string(row.need("role")), org, roles.empty(), true});
      }
    }
    const bool student = std::any_of(roles.begin(), roles.end(), [](const RoleEntry& r) {
      return r.active && kind_of(r.role) == Kind::student;
    });
    const bool staff = std::any_of(roles.begin(), roles.end(), [](const RoleEntry& r) {
      return r.active && kind_of(r.role) == Kind::staff;
    });
    const char* role_field = v12_ ? "sourcedId" : "role";
    if (!student && !staff) {
      if (!row.rejected()) {
        const auto what = roles.empty() ? std::string(v12_ ? "no role in roles.csv" : "no role")
                                        : fmt::format("role {}", roles.front().role);
        row.warn(role_field, fmt::format("user {} has {}: Trellis imports students and staff "
                                         "only; not imported",
                                         id, what));
      }
      skipped_users_.emplace(id, fmt::format("{} line {}", row.file(), row.line()));
      return;
    }
    if (student && staff) {
      row.warn(role_field, fmt::format("user {} is both a student and staff; imported as a "
                                       "student",
                                       id));
    }
    const std::string given(row.need("givenName"));
    const std::string family(row.need("familyName"));
    if (student) {
      put_student(row, id, roles, given, family);
    } else {
      put_staff(row, id, roles, given, family);
    }
  }

  void put_student(Row& row, const std::string& id, const std::vector<RoleEntry>& roles,
                   const std::string& given, const std::string& family) {
    std::optional<std::string> school;
    const RoleEntry* chosen = nullptr;
    for (const auto& r : roles) {
      if (kind_of(r.role) != Kind::student || !r.active || is_district_org(r.org)) continue;
      if (!chosen || (r.primary && !chosen->primary)) chosen = &r;
    }
    if (const auto primary = row.get("primaryOrgSourcedId"); v12_ && !primary.empty()) {
      if (!is_district_org(std::string(primary))) school = std::string(primary);
    }
    if (!school && chosen) school = chosen->org;
    if (!school) {
      row.reject(v12_ ? "primaryOrgSourcedId" : "orgSourcedIds",
                 fmt::format("student {} belongs to no school", id));
    } else {
      school_ref(row,
                 v12_ && chosen == nullptr ? "primaryOrgSourcedId"
                                           : (v12_ ? "sourcedId" : "orgSourcedIds"),
                 *school);
    }
    const auto grades = split_list(row.get("grades"));
    store::roster::StudentRow out{id,
                                  school.value_or(""),
                                  opt(row.get("identifier")),
                                  given,
                                  family,
                                  opt(row.get("middleName")),
                                  opt(row.get("preferredGivenName")),
                                  opt(row.get("email")),
                                  grades.empty() ? std::string() : grades.front(),
                                  std::nullopt,
                                  std::nullopt,
                                  std::nullopt,
                                  !deleted_};
    if (row.rejected()) return rejected(Entity::student, row, id);
    if (auto d = demographics_.find(id); d != demographics_.end()) {
      // Taken out, not copied: a student is put once, and a million demographics would
      // otherwise stay in memory until the end. Those left are the unused ones.
      out.birth_date = std::move(d->second.birth_date);
      out.sex = std::move(d->second.sex);
      out.demographics_json = std::move(d->second.json);
      demographics_.erase(d);
    }
    count(Entity::student, sink_.put(out));
  }

  void put_staff(Row& row, const std::string& id, const std::vector<RoleEntry>& roles,
                 const std::string& given, const std::string& family) {
    store::roster::StaffRow out{id, std::string(row.get("email")), given, family, {}, !deleted_};
    const char* org_field = v12_ ? "sourcedId" : "orgSourcedIds";
    for (const auto& r : roles) {
      if (!r.active || kind_of(r.role) != Kind::staff) continue;
      const auto name = lower(r.role);
      const bool district = is_district_org(r.org);
      if (!district && !resolve(row, org_field, Entity::school, r.org, "org")) continue;
      const std::optional<std::string> school =
          district ? std::nullopt : std::optional<std::string>(r.org);
      if (name == "districtadministrator" ||
          (district &&
           (name == "administrator" || name == "principal" || name == "siteadministrator"))) {
        out.roles.push_back({Role::district_admin, std::nullopt});
      } else if (district) {
        row.warn(org_field, fmt::format("role {} at district org {} grants nothing in Trellis",
                                        r.role, r.org));
      } else if (name == "administrator" || name == "principal" || name == "siteadministrator") {
        out.roles.push_back({Role::school_admin, school});
      } else {
        out.roles.push_back({Role::teacher, school});
      }
    }
    if (out.email.empty()) {
      std::string local;
      for (char c : id) {
        local += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ? c : '-';
      }
      out.email = local + "@roster.invalid";
    } else if (out.email.find('@') == std::string::npos) {
      row.reject("email", fmt::format("'{}' is not an e-mail address", out.email));
    }
    if (const auto owner = sink_.email_owner(out.email); owner && !owner->empty() && *owner != id) {
      row.reject("email", fmt::format("{} already belongs to user {}", out.email, *owner));
    }
    deliver(Entity::staff, row, out);
  }

  // The line where user `id` was rejected, as a student or as staff.
  std::optional<std::string> rejected_line(const std::string& id) const {
    for (const auto entity : {Entity::student, Entity::staff}) {
      const auto& gone = rejected_[static_cast<std::size_t>(entity)];
      if (const auto r = gone.find(id); r != gone.end()) return r->second;
    }
    return std::nullopt;
  }

  void enrollment(Row& row) {
    const std::string id(row.get("sourcedId"));
    if (deactivated(Entity::enrollment, row)) return;
    const std::string class_id(row.need("classSourcedId"));
    const std::string person(row.need("userSourcedId"));
    const std::string school(row.need("schoolSourcedId"));
    const auto role = lower(row.need("role"));
    if (!role.empty() && role != "student" && role != "teacher" && role != "administrator" &&
        role != "aide" && role != "proctor" && role != "guardian") {
      row.reject("role", fmt::format("enrollment role '{}' is not student, teacher, "
                                     "administrator, aide or proctor",
                                     row.get("role")));
    }
    if (!class_id.empty()) resolve(row, "classSourcedId", Entity::class_, class_id, "class");
    if (!school.empty()) school_ref(row, "schoolSourcedId", school);
    bool student = role == "student";
    if (!person.empty()) {
      const bool known_student = sink_.known(Entity::student, person);
      const bool known_staff = sink_.known(Entity::staff, person);
      const auto gone = rejected_line(person);
      if (const auto skipped = skipped_users_.find(person); skipped != skipped_users_.end()) {
        row.reject("userSourcedId",
                   fmt::format("user {} is not imported ({})", person, skipped->second));
      } else if (gone) {
        row.reject("userSourcedId", fmt::format("user {} was rejected ({})", person, *gone));
      } else if (known_student || known_staff) {
        if (student != known_student) {
          row.warn("role", fmt::format("enrollment role {} but user {} is {}; enrolled as {}", role,
                                       person, known_student ? "a student" : "staff",
                                       known_student ? "a student" : "staff"));
          student = known_student;
        }
      } else {
        resolve(row, "userSourcedId", student ? Entity::student : Entity::staff, person,
                student ? "student" : "user");
      }
    }
    store::roster::EnrollmentRow out{id,
                                     class_id,
                                     person,
                                     student,
                                     student ? "student" : (role == "student" ? "teacher" : role),
                                     row.flag("primary"),
                                     row.date("beginDate"),
                                     row.date("endDate"),
                                     !deleted_};
    deliver(Entity::enrollment, row, out);
  }

  Source& source_;
  store::roster::Sink& sink_;
  const ProgressFn& progress_;
  Result result_;
  bool v12_ = false;
  bool deleted_ = false;  // the current row says tobedeleted
  std::unordered_map<std::string, std::pair<std::string, std::size_t>> manifest_;
  std::unordered_map<std::string, FileMode> modes_;
  std::size_t file_index_ = 0, file_count_ = 0, bytes_total_ = 0, bytes_done_ = 0;
  std::unordered_map<std::string, OrgInfo> orgs_;
  // Rows rejected in this import: sourcedId -> "users.csv line 4".
  std::unordered_map<std::string, std::string> rejected_[store::roster::kEntityCount];
  std::unordered_map<std::string, std::string> skipped_users_;
  std::vector<PendingSession> pending_sessions_;
  std::unordered_map<std::string, Demographic> demographics_;
  std::unordered_map<std::string, std::vector<RoleEntry>> roles_;
};

}  // namespace

const char* mode_name(Mode mode) {
  return mode == Mode::strict ? "strict" : "lenient";
}

std::optional<Mode> parse_mode(std::string_view name) {
  if (name == "strict") return Mode::strict;
  if (name == "lenient") return Mode::lenient;
  return std::nullopt;
}

const char* severity_name(Severity severity) {
  return severity == Severity::error ? "error" : "warning";
}

Result read_oneroster(Source& source, store::roster::Sink& sink, const ProgressFn& progress) {
  return Importer(source, sink, progress).run();
}

std::string summary_json(const Summary& summary) {
  boost::json::object entities;
  for (int e = 0; e < store::roster::kEntityCount; ++e) {
    const auto& c = summary.entities[static_cast<std::size_t>(e)];
    entities[store::roster::entity_name(static_cast<Entity>(e))] = {{"created", c.created},
                                                                    {"updated", c.updated},
                                                                    {"deactivated", c.deactivated},
                                                                    {"unchanged", c.unchanged},
                                                                    {"rejected", c.rejected}};
  }
  const double rate = summary.seconds > 0 ? static_cast<double>(summary.rows) / summary.seconds : 0;
  return boost::json::serialize(boost::json::object{{"version", summary.version},
                                                    {"rows", summary.rows},
                                                    {"errors", summary.errors},
                                                    {"warnings", summary.warnings},
                                                    {"seconds", summary.seconds},
                                                    {"write_seconds", summary.write_seconds},
                                                    {"rows_per_second", rate},
                                                    {"entities", std::move(entities)}});
}

}  // namespace trellis::domain::roster
