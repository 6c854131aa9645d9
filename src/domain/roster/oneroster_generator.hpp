// A deterministic OneRoster 1.1 bulk export of a district of N students, written as CSV to a
// folder, so that the importer can be measured at district scale (a million students) and
// tested on an export larger than the real fixtures. The same N gives the same bytes.
//
// Shape: one district org and a school per 1,000 students; one school year with two
// semesters; eight courses per school; sections of 25 students of one grade, each with a
// teacher and one class (kindergarten to grade 5: a homeroom) or four (grades 6 to 12: the
// core subjects); one administrator per school and one at the district; a demographics row
// per student. Every student and teacher is enrolled in the section's classes.
#pragma once

#include <cstddef>
#include <filesystem>

namespace trellis::domain::roster {

struct GeneratedCounts {
  std::size_t schools = 0, sessions = 0, courses = 0, classes = 0;
  std::size_t students = 0, staff = 0, enrollments = 0, demographics = 0;
  // Data rows over all files (orgs include the district), as the importer counts them.
  std::size_t rows = 0;
};

// Writes manifest.csv, orgs, academicSessions, courses, classes, users, enrollments and
// demographics into `folder` (created when missing). Throws std::runtime_error on I/O errors.
GeneratedCounts write_oneroster_district(const std::filesystem::path& folder, std::size_t students);

}  // namespace trellis::domain::roster
