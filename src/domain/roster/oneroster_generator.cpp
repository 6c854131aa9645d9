#include "domain/roster/oneroster_generator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>

#include "domain/demo/demo_names.hpp"

namespace trellis::domain::roster {

namespace {

constexpr std::size_t kStudentsPerSchool = 1000;
constexpr std::size_t kSectionSize = 25;
constexpr std::size_t kGrades = 13;
constexpr std::size_t kFirstSecondaryGrade = 6;
constexpr std::array<const char*, kGrades> kGradeCodes = {"KG", "01", "02", "03", "04", "05", "06",
                                                          "07", "08", "09", "10", "11", "12"};
constexpr std::array<const char*, 8> kSubjects = {
    "Homeroom", "Mathematics", "English Language Arts", "Science", "Social Studies",
    "Art",      "Music",       "Physical Education"};

// A file written through a large buffer: a million-row export is mostly formatting, and one
// write per row would dominate it.
class CsvFile {
 public:
  CsvFile(const std::filesystem::path& path, std::string_view header)
      : file_(std::fopen(path.c_str(), "wb"), &std::fclose), path_(path) {
    if (!file_) throw std::runtime_error("cannot write " + path.string());
    buffer_.reserve(kFlushAt + 4096);
    buffer_.append(header);
    buffer_.append("\r\n");
  }
  template <class... Args>
  void row(fmt::format_string<Args...> format, Args&&... args) {
    fmt::format_to(std::back_inserter(buffer_), format, std::forward<Args>(args)...);
    buffer_.append("\r\n");
    ++rows_;
    if (buffer_.size() >= kFlushAt) flush();
  }
  std::size_t close() {
    flush();
    if (std::fflush(file_.get()) != 0) throw std::runtime_error("cannot write " + path_.string());
    return rows_;
  }

 private:
  static constexpr std::size_t kFlushAt = 1 << 20;
  void flush() {
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_.get()) != buffer_.size()) {
      throw std::runtime_error("cannot write " + path_.string());
    }
    buffer_.clear();
  }

  std::unique_ptr<std::FILE, decltype(&std::fclose)> file_;
  std::filesystem::path path_;
  std::string buffer_;
  std::size_t rows_ = 0;
};

// Knuth's multiplicative hash: names and flags that look varied but repeat exactly.
std::size_t mix(std::size_t n, std::size_t salt) {
  return ((n + 1) * 2654435761u + salt * 40503u) >> 7;
}

template <class Names>
const char* pick(const Names& names, std::size_t n, std::size_t salt) {
  return names[mix(n, salt) % names.size()];
}

const char* flag(bool value) {
  return value ? "true" : "false";
}

class DistrictWriter {
 public:
  DistrictWriter(const std::filesystem::path& folder, std::size_t students)
      : students_(students),
        orgs_(folder / "orgs.csv",
              "sourcedId,status,dateLastModified,name,type,identifier,"
              "parentSourcedId"),
        sessions_(folder / "academicSessions.csv",
                  "sourcedId,status,dateLastModified,title,type,startDate,endDate,"
                  "parentSourcedId,schoolYear"),
        courses_(folder / "courses.csv",
                 "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,"
                 "orgSourcedId,subjects,subjectCodes"),
        classes_(folder / "classes.csv",
                 "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,"
                 "classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,"
                 "periods"),
        users_(folder / "users.csv",
               "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,"
               "givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,"
               "grades,password"),
        enrollments_(folder / "enrollments.csv",
                     "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,"
                     "userSourcedId,role,primary,beginDate,endDate"),
        demographics_(folder / "demographics.csv",
                      "sourcedId,status,dateLastModified,birthDate,sex,"
                      "americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,"
                      "nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,"
                      "hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,"
                      "cityOfBirth,publicSchoolResidenceStatus") {}

  GeneratedCounts write() {
    orgs_.row("org-district,,,Generated Unified School District,district,GUSD,");
    users_.row(
        "adm-district,,,true,org-district,administrator,adm-district,,{},{},,,"
        "adm-district@district.trellis.test,,,,,",
        pick(demo::kGivenNames, 0, 1), pick(demo::kFamilyNames, 0, 2));
    write_sessions();
    const std::size_t schools = (students_ + kStudentsPerSchool - 1) / kStudentsPerSchool;
    for (std::size_t s = 0; s < schools; ++s) write_school(s);
    return close();
  }

 private:
  void write_sessions() {
    sessions_.row("sy-2026,,,2026-2027,schoolYear,2026-08-17,2027-06-11,,2027");
    sessions_.row("sem-2026-1,,,Fall 2026,semester,2026-08-17,2027-01-15,sy-2026,2027");
    sessions_.row("sem-2026-2,,,Spring 2027,semester,2027-01-19,2027-06-11,sy-2026,2027");
  }

  void write_school(std::size_t s) {
    const std::size_t first = s * kStudentsPerSchool;
    const std::size_t count = std::min(kStudentsPerSchool, students_ - first);
    orgs_.row("org-{0},,,School {0},school,{1},org-district", s, 1000 + s);
    users_.row(
        "adm-{0},,,true,org-{0},administrator,adm-{0},,{1},{2},,,adm-{0}@district.trellis."
        "test,,,,,",
        s, pick(demo::kGivenNames, s, 3), pick(demo::kFamilyNames, s, 4));
    for (std::size_t c = 0; c < kSubjects.size(); ++c) {
      courses_.row("crs-{0}-{1},,,sy-2026,{2},C{1},,org-{0},{2},", s, c, kSubjects[c]);
    }
    const std::size_t sections = (count + kSectionSize - 1) / kSectionSize;
    for (std::size_t k = 0; k < sections; ++k) {
      const std::size_t from = first + k * kSectionSize;
      write_section(s, k, from, std::min(from + kSectionSize, first + count));
    }
  }

  // A teacher, the section's classes and its students, each enrolled in every class.
  void write_section(std::size_t s, std::size_t k, std::size_t from, std::size_t to) {
    const std::size_t grade = k % kGrades;
    const std::size_t class_count = grade < kFirstSecondaryGrade ? 1 : 4;
    const std::size_t first_course = grade < kFirstSecondaryGrade ? 0 : 1;
    users_.row(
        "t-{0}-{1},,,true,org-{0},teacher,t-{0}-{1},,{2},{3},,,t-{0}-{1}@district.trellis."
        "test,,,,{4},",
        s, k, pick(demo::kGivenNames, s * 64 + k, 5), pick(demo::kFamilyNames, s * 64 + k, 6),
        kGradeCodes[grade]);
    for (std::size_t c = 0; c < class_count; ++c) {
      const std::size_t course = first_course + c;
      classes_.row(
          "cls-{0}-{1}-{2},,,{3} {4}-{1},{4},crs-{0}-{5},{5}-{1},{6},Room {7},org-{0},"
          "sem-2026-1,{3},,{8}",
          s, k, c, kSubjects[course], kGradeCodes[grade], course,
          course == 0 ? "homeroom" : "scheduled", 100 + k, c + 1);
      enrollments_.row("enr-{0}-{1}-{2}-t,,,cls-{0}-{1}-{2},org-{0},t-{0}-{1},teacher,true,,", s, k,
                       c);
      for (std::size_t i = from; i < to; ++i) {
        enrollments_.row(
            "enr-{0}-{1}-{2}-{3},,,cls-{0}-{1}-{2},org-{0},stu-{3},student,false,"
            "2026-08-17,2027-06-11",
            s, k, c, i);
      }
    }
    for (std::size_t i = from; i < to; ++i) write_student(s, i, grade);
  }

  void write_student(std::size_t s, std::size_t i, std::size_t grade) {
    users_.row(
        "stu-{0},,,true,org-{1},student,stu-{0},,{2},{3},{4},{5},"
        "stu-{0}@students.district.trellis.test,,,,{6},",
        i, s, pick(demo::kGivenNames, i, 7), pick(demo::kFamilyNames, i, 8),
        pick(demo::kGivenNames, i, 9), 900000000 + i, kGradeCodes[grade]);
    const std::size_t race = mix(i, 10) % 6;
    demographics_.row("stu-{},,,{}-{:02}-{:02},{},{},{},{},{},{},{},{},US,CA,,", i, 2021 - grade,
                      1 + mix(i, 11) % 12, 1 + mix(i, 12) % 28, i % 2 == 0 ? "female" : "male",
                      flag(race == 0), flag(race == 1), flag(race == 2), flag(race == 3),
                      flag(race == 4), flag(race == 5), flag(mix(i, 13) % 4 == 0));
  }

  GeneratedCounts close() {
    GeneratedCounts n;
    n.schools = orgs_.close() - 1;
    n.sessions = sessions_.close();
    n.courses = courses_.close();
    n.classes = classes_.close();
    n.students = students_;
    n.staff = users_.close() - students_;
    n.enrollments = enrollments_.close();
    n.demographics = demographics_.close();
    n.rows = n.schools + 1 + n.sessions + n.courses + n.classes + n.students + n.staff +
             n.enrollments + n.demographics;
    return n;
  }

  std::size_t students_;
  CsvFile orgs_, sessions_, courses_, classes_, users_, enrollments_, demographics_;
};

void write_manifest(const std::filesystem::path& folder) {
  CsvFile manifest(folder / "manifest.csv", "propertyName,value");
  manifest.row("manifest.version,1.0");
  manifest.row("oneroster.version,1.1");
  for (const char* file :
       {"academicSessions", "classes", "courses", "demographics", "enrollments", "orgs", "users"}) {
    manifest.row("file.{},bulk", file);
  }
  for (const char* file :
       {"categories", "classResources", "courseResources", "lineItems", "resources", "results"}) {
    manifest.row("file.{},absent", file);
  }
  manifest.row("source.systemName,Trellis OneRoster generator");
  manifest.close();
}

}  // namespace

GeneratedCounts write_oneroster_district(const std::filesystem::path& folder,
                                         std::size_t students) {
  std::filesystem::create_directories(folder);
  write_manifest(folder);
  return DistrictWriter(folder, students).write();
}

}  // namespace trellis::domain::roster
