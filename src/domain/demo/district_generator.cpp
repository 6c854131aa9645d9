#include "domain/demo/district_generator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <random>
#include <set>
#include <span>
#include <stdexcept>

#include "domain/access/access.hpp"
#include "domain/audit/audit.hpp"
#include "domain/cases/case_engine.hpp"
#include "domain/demo/demo_district.hpp"
#include "domain/demo/demo_names.hpp"
#include "domain/demo/mtss_content.hpp"
#include "domain/forms/forms.hpp"
#include "domain/meetings/meetings.hpp"
#include "domain/mtss/groups.hpp"
#include "domain/mtss/plans.hpp"
#include "domain/mtss/reviews.hpp"
#include "domain/tasks/tasks.hpp"
#include "store/generator_repo.hpp"
#include "store/query_builder.hpp"
#include "store/users_repo.hpp"
#include "util/time.hpp"

namespace trellis::domain::demo {

namespace {

namespace json = boost::json;
using store::Connection;
using store::Id;
using store::Role;

constexpr std::int64_t kHour = 3'600'000'000LL;
constexpr std::int64_t kDay = 24 * kHour;
constexpr std::int64_t kWeek = 7 * kDay;
// The history covers a school year so far; case management was switched on a month in, so the
// first month's tasks and meetings opened no case (rule: no retroactive opening).
constexpr std::int64_t kHistoryDays = 270;
constexpr std::int64_t kDaysBeforeCaseManagement = 30;
// Student Support Team meetings are scheduled this far ahead.
constexpr std::int64_t kMeetingsAheadDays = 14;
// Students per transaction: big enough to amortise the commit, small enough to show progress.
constexpr std::int64_t kStudentsPerTransaction = 20'000;

// Shares of students, in percent: an open case (exactly, see has_open_case), a case that was
// closed earlier in the year, and tasks or meetings before case management was switched on.
constexpr std::int64_t kOpenCasePercent = 30;
constexpr int kClosedCasePercent = 12;
constexpr int kEarlyActivityPercent = 35;
// How a case opens: a teacher's referral, else adding the student to a meeting (when one is
// scheduled in time), else a task. Some cases get a second referral from another concern.
constexpr int kReferralOpensPercent = 45;
constexpr int kMeetingOpensPercent = 20;
constexpr int kSecondReferralPercent = 15;

// MTSS: the share of students with a plan (and of those, the share whose plan came from an
// intervention group), weekly progress points per plan, plans reviewed, and the weeks from a
// goal's baseline to its target date.
constexpr int kPlanPercent = 15;
constexpr int kGroupPlanPercent = 40;
constexpr std::int64_t kMinPoints = 6;
constexpr std::int64_t kMaxPoints = 12;
constexpr int kReviewPercent = 40;
constexpr std::int64_t kGoalWeeks = 18;
// One intervention group per this many students of a school (at least one).
constexpr std::int64_t kStudentsPerGroup = 120;

constexpr std::array kPlaceFirst = {"Oak",      "Pine",     "Willow",   "Birch",   "Aspen",
                                    "Cedar",    "Maple",    "Elm",      "Spruce",  "Juniper",
                                    "Sycamore", "Magnolia", "Hawthorn", "Laurel",  "Alder",
                                    "Chestnut", "Hickory",  "Poplar",   "Redwood", "Cypress"};
constexpr std::array kPlaceSecond = {"Grove", "Ridge",  "Creek", "Valley",  "Park",
                                     "Hill",  "Meadow", "Lake",  "Springs", "Heights"};
constexpr std::array kTaskTitles = {"Call home about attendance",
                                    "Weekly check-in with the student",
                                    "Schedule a reading assessment",
                                    "Send a progress report to the family",
                                    "Observe in class",
                                    "Set up a peer mentor",
                                    "Review grades with the student",
                                    "Refer to the school psychologist",
                                    "Collect teacher feedback",
                                    "Update the behaviour plan",
                                    "Arrange after-school tutoring",
                                    "Meet the family"};
constexpr std::array kTaskNotes = {
    "Left a voicemail for the family.", "Spoke with the student; things are improving.",
    "Teacher reports better focus this week.", "Family asked for a follow-up next week.",
    "Student missed the session; rescheduled."};
constexpr std::array kMeetingNotes = {"Discussed progress across classes.",
                                      "Reviewed attendance and grades.",
                                      "Teachers shared observations from the last two weeks."};
constexpr std::array kDecisions = {"Continue weekly check-ins.", "Add small-group reading support.",
                                   "Invite the family to the next meeting."};

// The same sequence for the same N on every machine: plain modulo over a fixed-seed engine
// (the standard distributions differ between standard libraries).
class Random {
 public:
  std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : engine_() % n; }
  // Uniform in [lo, hi); lo when the range is empty.
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return hi <= lo ? lo
                    : lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo)));
  }
  bool percent(int p) { return below(100) < static_cast<std::uint64_t>(p); }
  // In [lo, hi) in steps of a thousandth of the range.
  double real(double lo, double hi) {
    return lo + (hi - lo) * static_cast<double>(below(1000)) / 1000.0;
  }
  template <class Items>
  const auto& pick(const Items& items) {
    return items[below(items.size())];
  }

 private:
  std::mt19937_64 engine_{20261128};
};

struct Counts {
  GeneratedDistrict district;
  std::int64_t rows = 0;  // every row written, for the rates
};

// What the transactions advance. A transaction's work starts from a copy, so when PostgreSQL
// runs it again after a conflict, it writes the same rows with the same ids.
struct State {
  Random random;
  store::bulk::NextIds ids;
  Counts counts;
};

struct StaffMember {
  Id id = 0;
  std::string name;
};

struct GradePlan {
  std::string grade;
  std::int64_t students = 0;
};

struct Level {
  const char* name;
  const char* suffix;
  char letter;
  std::vector<std::string> grades;
  std::int64_t school_size;  // students in a typical school of the level
  std::int64_t class_size;
  std::vector<std::string> subjects;  // one homeroom per student when there is one subject
};

const std::array<Level, 3>& levels() {
  static const std::array<Level, 3> kLevels = {{
      {"elementary",
       "Elementary",
       'E',
       {"KG", "01", "02", "03", "04", "05"},
       500,
       25,
       {"Homeroom"}},
      {"middle",
       "Middle",
       'M',
       {"06", "07", "08"},
       800,
       30,
       {"English", "Mathematics", "Science", "Social Studies"}},
      {"high",
       "High",
       'H',
       {"09", "10", "11", "12"},
       1500,
       30,
       {"English", "Mathematics", "Science", "Social Studies"}},
  }};
  return kLevels;
}
constexpr std::int64_t kGrades = 13;
// Secondary teachers teach this many sections.
constexpr std::int64_t kSectionsPerTeacher = 5;

std::int64_t ceil_div(std::int64_t a, std::int64_t b) {
  return (a + b - 1) / b;
}

struct SchoolPlan {
  store::School school;
  std::string slug;
  const Level* level = nullptr;
  std::vector<GradePlan> grades;
  std::int64_t students = 0;
  std::int64_t first_ordinal = 0;  // the school's first student in district order
  // Chosen while writing.
  Id first_student_id = 0;
  StaffMember principal, counselor, interventionist;
  std::vector<StaffMember> teachers;

  std::int64_t sections(const GradePlan& g) const {
    return g.students == 0 ? 0 : ceil_div(g.students, level->class_size);
  }
  std::int64_t teachers_needed() const {
    std::int64_t sections_taught = 0;
    for (const auto& g : grades) sections_taught += sections(g) * std::ssize(level->subjects);
    const bool homerooms = level->subjects.size() == 1;
    return std::max<std::int64_t>(
        1, homerooms ? sections_taught : ceil_div(sections_taught, kSectionsPerTeacher));
  }
  // Sections are numbered subject by subject within a grade, grade by grade; a homeroom has
  // its own teacher, a secondary teacher takes kSectionsPerTeacher sections in that order.
  const StaffMember& teacher_of_section(std::int64_t section_number) const {
    const bool homerooms = level->subjects.size() == 1;
    const auto index = homerooms ? section_number : section_number / kSectionsPerTeacher;
    return teachers[static_cast<std::size_t>(index)];
  }
  // The teacher of the student's first class (homeroom, or the first subject's section), by
  // the student's place in the school (0 is its first student): who refers them.
  const StaffMember& first_teacher(std::int64_t student_index) const {
    std::int64_t sections_before = 0;
    for (const auto& g : grades) {
      if (student_index < g.students) {
        return teacher_of_section(sections_before + student_index % sections(g));
      }
      student_index -= g.students;
      sections_before += sections(g) * std::ssize(level->subjects);
    }
    throw std::out_of_range("no such student in the school");
  }
};

std::string generated_school_name(int& counter, const Level& level) {
  for (;;) {
    const int i = counter++;
    std::string place = fmt::format("{} {}", kPlaceFirst[i % kPlaceFirst.size()],
                                    kPlaceSecond[(i / kPlaceFirst.size()) % kPlaceSecond.size()]);
    if (const auto round = i / (kPlaceFirst.size() * kPlaceSecond.size()); round > 0) {
      place += fmt::format(" {}", round + 1);
    }
    auto name = fmt::format("{} {}", place, level.suffix);
    const bool featured = std::any_of(kFeaturedSchools.begin(), kFeaturedSchools.end(),
                                      [&](const auto& s) { return name == s.name; });
    if (!featured) return name;
  }
}

// Schools of typical sizes for each level (at least one each), the same number of students in
// every grade, spread evenly over the schools of its level. Students are numbered school by
// school, so a school's students have consecutive ids.
std::vector<SchoolPlan> plan_schools(std::int64_t students) {
  std::vector<SchoolPlan> plans;
  int name_counter = 0;
  std::int64_t grade_index = 0;
  std::int64_t ordinal = 0;
  for (std::size_t l = 0; l < levels().size(); ++l) {
    const Level& level = levels()[l];
    std::vector<std::int64_t> per_grade;
    std::int64_t level_students = 0;
    for (std::size_t g = 0; g < level.grades.size(); ++g, ++grade_index) {
      per_grade.push_back(students / kGrades + (grade_index < students % kGrades ? 1 : 0));
      level_students += per_grade.back();
    }
    const auto schools = std::max<std::int64_t>(
        1,
        std::llround(static_cast<double>(level_students) / static_cast<double>(level.school_size)));
    for (std::int64_t s = 0; s < schools; ++s) {
      SchoolPlan plan;
      plan.level = &level;
      if (s == 0) {
        const auto& featured = kFeaturedSchools[l];
        plan.school.name = featured.name;
        plan.school.identifier = featured.identifier;
        plan.slug = featured.slug;
      } else {
        plan.school.name = generated_school_name(name_counter, level);
        plan.school.identifier = fmt::format("{}{:03d}", level.letter, s + 1);
        plan.slug = store::ascii_lower(*plan.school.identifier);
      }
      plan.school.sourced_id = fmt::format("demo-school-{}", plan.slug);
      plan.school.level = level.name;
      for (std::size_t g = 0; g < level.grades.size(); ++g) {
        const auto n = per_grade[g] / schools + (s < per_grade[g] % schools ? 1 : 0);
        plan.grades.push_back({level.grades[g], n});
        plan.students += n;
      }
      plan.first_ordinal = ordinal;
      ordinal += plan.students;
      plans.push_back(std::move(plan));
    }
  }
  return plans;
}

// Exactly kOpenCasePercent of every run of students, spread evenly through the district.
bool has_open_case(std::int64_t ordinal) {
  return (ordinal + 1) * kOpenCasePercent / 100 != ordinal * kOpenCasePercent / 100;
}

// The moments the history is laid out around.
struct Calendar {
  std::int64_t now = 0;
  std::int64_t history_start = 0;         // the first day of school
  std::int64_t case_management_from = 0;  // the dictionary version that switched it on
  std::int64_t roster_at = 0;             // when the roster was loaded
  int year = 0;
};

// Every district is generated as of noon on a Monday, the one of the current week, so that the
// same N gives the same rows whenever it runs, only shifted by whole weeks (meetings stay on
// their weekdays): each day would otherwise change which meeting a student lands on and, with
// it, the rest of the random sequence.
Calendar calendar_for(std::int64_t real_now) {
  constexpr std::int64_t kMondayNoon = 4 * kDay + 12 * kHour;  // 1970-01-05 was a Monday
  Calendar c;
  c.now = kMondayNoon + (real_now - kMondayNoon) / kWeek * kWeek;
  const auto today = c.now - c.now % kDay;
  c.history_start = today - kHistoryDays * kDay;
  c.case_management_from = c.history_start + kDaysBeforeCaseManagement * kDay;
  c.roster_at = c.history_start - 7 * kDay;
  c.year = std::stoi(util::format_rfc3339(c.now).substr(0, 4));
  return c;
}

std::string date_of(std::int64_t at) {
  return util::format_rfc3339(at).substr(0, 10);
}

// The dictionary the history was recorded under.
struct Dictionary {
  Id version_id = 0;
  store::DictionaryValue open_status;
  std::optional<store::DictionaryValue> monitoring_status;  // a second open status, if any
  store::DictionaryValue closed_status;
  std::vector<store::DictionaryValue> close_reasons;
  std::vector<store::DictionaryValue> focus_areas;
};

std::vector<store::DictionaryValue> in_use(Connection& conn, const std::string& kind) {
  auto values = store::dictionary::values(conn, kind);
  std::erase_if(values, [](const auto& v) { return v.retired; });
  return values;
}

// Case management on, opening cases on referrals (forms tagged openCase), task assignments and
// student meetings, from the calendar's date; the statuses, reasons and focus areas the
// district starts with. Plans and reviews open no case: they join the one open at the time.
Dictionary switch_on_case_management(Connection& conn, const Calendar& when, Id admin_id) {
  store::bulk::backdate_builtin_dictionary(conn, when.roster_at);
  Dictionary d;
  d.version_id = store::dictionary::add_version(
      conn, {0,
             when.case_management_from,
             admin_id,
             "Case management settings",
             true,
             {std::string(cases::name_of(cases::Trigger::form_submitted)),
              std::string(cases::name_of(cases::Trigger::task_assigned)),
              std::string(cases::name_of(cases::Trigger::meeting_student_added))}});
  bool have_closed = false;
  for (const auto& status : in_use(conn, "case_status")) {
    if (status.is_default) {
      d.open_status = status;
    } else if (status.closed && !have_closed) {
      d.closed_status = status;
      have_closed = true;
    } else if (!status.closed && !d.monitoring_status) {
      d.monitoring_status = status;
    }
  }
  d.close_reasons = in_use(conn, "close_reason");
  d.focus_areas = in_use(conn, "focus_area");
  if (d.open_status.id == 0 || !have_closed || d.close_reasons.empty() || d.focus_areas.empty()) {
    throw std::runtime_error(
        "the dictionary needs a default status, a closed status, a reason for close and a "
        "focus area");
  }
  return d;
}

// The built-in Referral form the teachers' referrals answer; none when it is missing or no
// longer tagged openCase (then the history has no referrals and tasks open those cases).
struct Referral {
  store::forms::FormListing form;
  std::vector<forms::Field> fields;
};

std::optional<Referral> referral_form(Connection& conn, const Calendar& when) {
  auto form = store::bulk::form_named(conn, "Referral");
  if (!form || !forms::has_open_case_tag(form->form.tags_json)) return std::nullopt;
  const auto version = store::forms::find_version(conn, form->current_version_id);
  store::bulk::backdate_builtin_form(conn, form->form.id, when.roster_at);
  return Referral{std::move(*form), forms::stored_fields(version->fields_json)};
}

struct Context {
  Calendar when;
  Dictionary dictionary;
  std::string password_hash;
  std::optional<Referral> referral;
};

StaffMember add_staff(State& st, store::bulk::Writer& out, const Context& ctx,
                      const std::string& local_part, Role role, std::optional<Id> school_id) {
  store::User user;
  user.id = st.ids.user++;
  user.email = fmt::format("{}@{}", local_part, kDomain);
  user.given_name = st.random.pick(kGivenNames);
  user.family_name = st.random.pick(kFamilyNames);
  user.password_hash = ctx.password_hash;
  user.roles = {{role, school_id}};
  out.add(user, ctx.when.roster_at);
  ++st.counts.district.staff;
  return {user.id, user.given_name + " " + user.family_name};
}

void add_school_and_staff(State& st, store::bulk::Writer& out, const Context& ctx,
                          SchoolPlan& plan) {
  plan.school.id = st.ids.school++;
  out.add(plan.school, ctx.when.roster_at);
  ++st.counts.district.schools;
  const auto school_id = plan.school.id;
  plan.principal = add_staff(st, out, ctx, "principal." + plan.slug, Role::school_admin, school_id);
  plan.counselor =
      add_staff(st, out, ctx, "counselor." + plan.slug, Role::interventionist, school_id);
  plan.interventionist =
      add_staff(st, out, ctx, "interventionist." + plan.slug, Role::interventionist, school_id);
  plan.teachers.clear();
  for (std::int64_t t = 1; t <= plan.teachers_needed(); ++t) {
    plan.teachers.push_back(add_staff(st, out, ctx, fmt::format("teacher{}.{}", t, plan.slug),
                                      Role::teacher, school_id));
  }
}

store::Student new_student(State& st, const Calendar& when, const SchoolPlan& plan,
                           const std::string& grade, std::int64_t ordinal) {
  store::Student s;
  s.id = st.ids.student++;
  s.sourced_id = fmt::format("demo-student-{}", ordinal + 1);
  s.local_id = fmt::format("{:07d}", 1'000'000 + ordinal + 1);
  s.given_name = st.random.pick(kGivenNames);
  s.family_name = st.random.pick(kFamilyNames);
  s.grade = grade;
  s.school_id = plan.school.id;
  const int age = grade == "KG" ? 5 : 5 + std::stoi(grade);
  s.birth_date = fmt::format("{}-{:02d}-{:02d}", when.year - age - 1, 1 + st.random.below(12),
                             1 + st.random.below(28));
  s.sex = st.random.percent(50) ? "female" : "male";
  s.demographics_json = fmt::format(R"({{"hispanicOrLatinoEthnicity": {}}})",
                                    st.random.percent(25) ? "true" : "false");
  return s;
}

// The school's students, and its classes: homerooms in elementary school (one per student),
// four subjects above (a section of each per student); each section has a teacher.
void add_roster(State& st, store::bulk::Writer& out, const Context& ctx, SchoolPlan& plan) {
  plan.first_student_id = st.ids.student;
  const auto& subjects = plan.level->subjects;
  const bool homerooms = subjects.size() == 1;
  std::int64_t ordinal = plan.first_ordinal;
  std::int64_t sections_taught = 0;
  for (const auto& grade : plan.grades) {
    const auto sections = plan.sections(grade);
    // classes[subject][section]
    std::vector<std::vector<Id>> classes(subjects.size());
    for (std::size_t subject = 0; subject < subjects.size(); ++subject) {
      for (std::int64_t section = 0; section < sections; ++section, ++sections_taught) {
        store::roster::Class cls;
        cls.id = st.ids.class_++;
        cls.sourced_id =
            fmt::format("demo-class-{}-{}-{}-{}", plan.slug, grade.grade, subject, section + 1);
        cls.school_id = plan.school.id;
        cls.title = homerooms
                        ? fmt::format("Grade {} Homeroom {}", grade.grade, section + 1)
                        : fmt::format("{} {} ({})", subjects[subject], grade.grade, section + 1);
        cls.class_code =
            fmt::format("{}-{}-{}-{}", *plan.school.identifier, grade.grade, subject, section + 1);
        cls.grades = grade.grade;
        cls.subjects = subjects[subject];
        out.add(cls, ctx.when.roster_at);
        out.add(store::bulk::EnrollmentRow{cls.id, std::nullopt,
                                           plan.teacher_of_section(sections_taught).id, "teacher"});
        classes[subject].push_back(cls.id);
        ++st.counts.district.classes;
        ++st.counts.district.enrollments;
      }
    }
    for (std::int64_t i = 0; i < grade.students; ++i, ++ordinal) {
      const auto student = new_student(st, ctx.when, plan, grade.grade, ordinal);
      out.add(student, ctx.when.roster_at);
      for (const auto& sections_of_subject : classes) {
        const auto cls = sections_of_subject[static_cast<std::size_t>(i % sections)];
        out.add(store::bulk::EnrollmentRow{cls, student.id, std::nullopt, "student"});
        ++st.counts.district.enrollments;
      }
      ++st.counts.district.students;
    }
  }
}

json::object meeting_detail(const store::MeetingRow& m) {
  return {{"meeting_id", m.id},
          {"title", m.title},
          {"starts_at", util::format_rfc3339(m.starts_at)},
          {"ends_at", util::format_rfc3339(m.ends_at)}};
}

// A school's year of case management, student by student: what the tasks, meetings and case
// modules would have recorded through the case engine, with the same rows, summaries and
// details, written in bulk.
class SchoolHistory {
 public:
  SchoolHistory(const Context& ctx, const SchoolPlan& school, State& st, store::bulk::Writer& out)
      : ctx_(ctx), school_(school), st_(st), out_(out), random_(st.random) {}

  // Student Support Team meetings on Tuesdays and Thursdays, from the first day of school to
  // two weeks ahead, with the counselor, the interventionist and the principal.
  void add_meetings() {
    const auto& when = ctx_.when;
    for (auto day = when.history_start; day < when.now + kMeetingsAheadDays * kDay; day += kDay) {
      const auto weekday = (day / kDay + 4) % 7;  // 1970-01-01 was a Thursday; 0 is Sunday
      if (weekday != 2 && weekday != 4) continue;
      store::MeetingRow m;
      m.id = st_.ids.meeting++;
      m.title = "Student Support Team";
      m.starts_at = day + 15 * kHour;
      m.ends_at = m.starts_at + kHour;
      m.location = weekday == 2 ? "Conference Room" : "Counseling Office";
      m.created_by = school_.counselor.id;
      m.created_at = m.updated_at = std::min(m.starts_at - 7 * kDay, when.now);
      out_.add(m);
      for (const auto* attendee : attendees()) out_.add_attendee(m.id, attendee->id);
      meetings_.push_back(m);
      ++st_.counts.district.meetings;
    }
  }

  // A handful of intervention groups (one per kStudentsPerGroup students), set up by the
  // counselor in the first weeks of school and run by the interventionist or the counselor;
  // their rows wait for finish().
  void add_groups() {
    const auto count = std::max<std::int64_t>(1, school_.students / kStudentsPerGroup);
    for (std::int64_t n = 1; n <= count; ++n) {
      const auto& t = random_.pick(kPlanTemplates);
      Group g{&t, ctx_.when.history_start + random_.between(2, 9) * kWeek + 9 * kHour, {}};
      auto& row = g.row;
      row.id = st_.ids.group++;
      row.name = fmt::format("{} {}", t.group_intervention, n);
      row.intervention = t.group_intervention;
      row.school_id = school_.school.id;
      row.tier = random_.percent(75) ? 2 : 3;
      row.facilitator_id = (random_.percent(70) ? school_.interventionist : school_.counselor).id;
      row.schedule = fmt::format("{}, {} minutes", t.frequency, t.minutes);
      row.area = t.area;
      row.skill = t.skill;
      row.goal_measure = t.measure;
      row.goal_target =
          std::min(t.ceiling, std::round(t.baseline_high + t.growth_per_week * kGoalWeeks));
      row.goal_target_date = date_of(g.starts_at + kGoalWeeks * kWeek);
      row.frequency = t.frequency;
      row.minutes = t.minutes;
      row.created_by = school_.counselor.id;
      row.created_at = row.updated_at = g.starts_at - random_.between(1, 6) * kDay;
      groups_.push_back(std::move(g));
    }
  }

  void add_student(std::int64_t index, bool with_open_case) {
    Log log{school_.first_student_id + index, &school_.first_teacher(index), {}, {}, {}};
    const auto& when = ctx_.when;
    if (random_.percent(kEarlyActivityPercent)) before_case_management(log);
    auto open_from = when.case_management_from + kHour;
    if (random_.percent(kClosedCasePercent)) {
      const auto opened = random_.between(open_from, when.now - 120 * kDay);
      const auto closed = opened + random_.between(30 * kDay, 75 * kDay);
      run_case(log, opened, closed, true);
      open_from = closed + 7 * kDay;
    }
    if (with_open_case)
      run_case(log, random_.between(open_from, when.now - kHour), when.now, false);
    if (random_.percent(kPlanPercent)) add_plan(log);
    write(log);
  }

  // Rows written once the school's students are: a group's updated_at is its last member's
  // arrival.
  void finish() {
    for (const auto& g : groups_) out_.add(g.row);
    st_.counts.district.groups += std::ssize(groups_);
  }

 private:
  struct Planned {
    std::int64_t at = 0;
    std::size_t order = 0;  // ties keep the order of recording: the trigger before case_opened
    store::EventRow row;
    int opens_case = -1;  // index into Log::cases
  };
  struct Log {
    Id student_id = 0;
    const StaffMember* teacher = nullptr;  // of the student's first class: who refers them
    std::vector<Planned> events;
    std::vector<store::CaseRow> cases;
    std::set<Id> meetings;
  };

  struct Group {
    const PlanTemplate* plan_template = nullptr;
    std::int64_t starts_at = 0;  // its first members join then
    store::groups::GroupRow row;
  };

  std::array<const StaffMember*, 3> attendees() const {
    return {&school_.counselor, &school_.interventionist, &school_.principal};
  }

  // Whoever assigns a task: mostly the counselor.
  const StaffMember& task_creator() {
    const auto roll = random_.below(10);
    if (roll < 6) return school_.counselor;
    return roll < 8 ? school_.principal : school_.interventionist;
  }
  const StaffMember& task_assignee() {
    const auto roll = random_.below(10);
    if (roll < 4) return school_.counselor;
    return roll < 7 ? school_.interventionist : random_.pick(school_.teachers);
  }
  const StaffMember& case_worker() {
    return random_.percent(60) ? school_.counselor : school_.interventionist;
  }

  std::size_t plan(Log& log, std::int64_t at, Id actor, std::string_view kind, std::string summary,
                   const char* entity, Id entity_id, std::optional<Id> case_id,
                   const json::object& detail) {
    Planned p;
    p.at = at;
    p.order = log.events.size();
    p.row.student_id = log.student_id;
    p.row.kind = std::string(kind);
    p.row.at = at;
    p.row.actor_id = actor;
    p.row.summary = std::move(summary);
    p.row.entity = entity;
    p.row.entity_id = entity_id;
    p.row.case_id = case_id;
    p.row.detail_json = json::serialize(detail);
    log.events.push_back(std::move(p));
    return log.events.size() - 1;
  }

  // The grant access::grant writes for the relationship; `ends_at` is when the live code would
  // end it (a finished task, a past meeting), nullopt while the relationship lasts.
  void grant(Id user_id, Id student_id, access::Relationship relationship, Id source_id,
             std::int64_t at, std::optional<std::int64_t> ends_at = std::nullopt) {
    out_.add(store::bulk::GrantRow{user_id, student_id,
                                   std::string(access::grant_reason_of(relationship)), source_id,
                                   at, ends_at});
  }

  // Before case management was on: tasks and meetings that opened no case.
  void before_case_management(Log& log) {
    const auto& when = ctx_.when;
    const auto latest = when.case_management_from - 10 * kDay;
    for (auto n = 1 + random_.below(2); n > 0; --n) {
      const auto at = random_.between(when.history_start + kHour, latest);
      if (random_.percent(35) && add_to_meeting(log, std::nullopt, at, latest, latest)) continue;
      assign_task(log, std::nullopt, at, when.case_management_from - kHour, false);
    }
  }

  // A case opened at `opened` by a trigger; worked until `end` (now, or its closing).
  void run_case(Log& log, std::int64_t opened, std::int64_t end, bool closes) {
    const auto& d = ctx_.dictionary;
    const auto index = log.cases.size();
    store::CaseRow c;
    c.id = st_.ids.case_++;
    c.student_id = log.student_id;
    c.status_id = d.open_status.id;
    c.opened_at = opened;
    c.dictionary_version_id = d.version_id;
    log.cases.push_back(c);
    const auto case_id = c.id;
    const auto latest_meeting =
        closes ? end - 2 * kHour : ctx_.when.now + kMeetingsAheadDays * kDay;

    std::optional<std::size_t> trigger;
    const auto opener = static_cast<int>(random_.below(100));
    if (opener < kReferralOpensPercent) {
      trigger = submit_referral(log, index, opened);
    } else if (opener < kReferralOpensPercent + kMeetingOpensPercent) {
      trigger = add_to_meeting(log, index, opened, latest_meeting, end);
    }
    if (!trigger) trigger = assign_task(log, index, opened, end, closes);
    log.events[*trigger].opens_case = static_cast<int>(index);
    const auto kind = log.events[*trigger].row.kind;
    const auto opened_by = *log.events[*trigger].row.actor_id;
    const auto rule = cases::opened_rule(kind);
    log.cases[index].opened_by_kind = kind;
    log.cases[index].opened_by_user_id = opened_by;
    log.cases[index].opened_rule = rule;
    plan(log, opened, opened_by, cases::kinds::case_opened, "Case opened: " + rule, "case", case_id,
         case_id, {});

    if (random_.percent(80)) {
      const auto at = opened + random_.between(kHour, 3 * kDay);
      if (at < end) {
        const auto& manager = case_worker();
        log.cases[index].manager_id = manager.id;
        grant(manager.id, log.student_id, access::Relationship::case_manager, case_id, at);
        plan(log, at, school_.counselor.id, cases::kinds::case_manager_changed,
             "Case manager set to " + manager.name, "case", case_id, case_id, {});
      }
    }
    if (random_.percent(70)) {
      const auto at = opened + random_.between(2 * kHour, 5 * kDay);
      if (at < end) {
        const auto& area = random_.pick(d.focus_areas);
        log.cases[index].focus_area_id = area.id;
        plan(log, at, school_.counselor.id, cases::kinds::case_focus_area_changed,
             "Focus area set to " + area.name, "case", case_id, case_id, {});
      }
    }
    if (!closes && d.monitoring_status && random_.percent(15)) {
      const auto at = random_.between(opened + 7 * kDay, end);
      if (at > opened + 7 * kDay) {
        log.cases[index].status_id = d.monitoring_status->id;
        plan(log, at, school_.counselor.id, cases::kinds::case_status_changed,
             fmt::format("Case status changed from {} to {}", d.open_status.name,
                         d.monitoring_status->name),
             "case", case_id, case_id, {});
      }
    }
    for (auto n = 1 + random_.below(9); n > 0; --n) {
      const auto at = random_.between(opened + kHour, end - kHour);
      if (at > opened) assign_task(log, index, at, end, closes);
    }
    for (auto n = random_.below(5); n > 0; --n) {
      const auto at = random_.between(opened + kHour, std::min(end, ctx_.when.now) - kHour);
      if (at > opened) add_to_meeting(log, index, at, latest_meeting, end);
    }
    if (random_.percent(kSecondReferralPercent)) {
      const auto at = random_.between(opened + kHour, end - kHour);
      if (at > opened) submit_referral(log, index, at);
    }
    if (closes) close_case(log, index, end);
  }

  // A referral on the built-in Referral form (tagged openCase), mostly from the student's
  // teacher: the case's trigger when it comes first, else it joins the case. Returns its
  // form_submitted event; nullopt when the district has no Referral form.
  std::optional<std::size_t> submit_referral(Log& log, std::size_t case_index, std::int64_t at) {
    if (!ctx_.referral) return std::nullopt;
    const auto& form = ctx_.referral->form;
    const auto& by = random_.percent(85) ? *log.teacher : school_.counselor;
    store::forms::ResponseRow r;
    r.id = st_.ids.form_response++;
    r.form_id = form.form.id;
    r.form_version_id = form.current_version_id;
    r.student_id = log.student_id;
    r.answers_json = json::serialize(forms::stored_answers(ctx_.referral->fields, referral()));
    r.submitted_by = by.id;
    r.submitted_at = at;
    r.case_id = log.cases[case_index].id;
    out_.add(r);
    ++st_.counts.district.form_responses;
    return plan(log, at, by.id, cases::name_of(cases::Trigger::form_submitted),
                "Form submitted: " + form.form.name, "form_response", r.id, r.case_id,
                {{"form_id", r.form_id},
                 {"form_name", form.form.name},
                 {"form_version_id", r.form_version_id},
                 {"response_id", r.id}});
  }

  // Answers to the built-in Referral form's fields (0003_forms).
  json::object referral() {
    const auto& concern = random_.pick(kConcerns);
    const auto urgency = random_.below(10);
    json::object answers{{"concern_area", concern.area},
                         {"description", concern.description},
                         {"parent_contacted", random_.percent(55)},
                         {"urgency", kUrgencies[urgency < 4   ? 0
                                                : urgency < 8 ? 1
                                                              : 2]}};
    if (random_.percent(60)) answers["interventions_tried"] = random_.pick(kTried);
    return answers;
  }

  void close_case(Log& log, std::size_t index, std::int64_t at) {
    const auto& d = ctx_.dictionary;
    auto& c = log.cases[index];
    const auto& reason = random_.pick(d.close_reasons);
    c.status_id = d.closed_status.id;
    c.closed_at = at;
    c.closed_by = c.manager_id.value_or(school_.counselor.id);
    c.close_reason_id = reason.id;
    if (random_.percent(40)) c.close_note = "Reviewed with the family before closing.";
    plan(log, at, *c.closed_by, cases::kinds::case_closed,
         fmt::format("Case closed ({}): {}", d.closed_status.name, reason.name), "case", c.id, c.id,
         {});
  }

  std::optional<Id> case_id_of(const Log& log, std::optional<std::size_t> index) const {
    if (!index) return std::nullopt;
    return log.cases[*index].id;
  }

  // A task assigned at `at` (which may open the case) with notes, done before `end` when the
  // case closes then, or perhaps done, perhaps still open (and overdue) otherwise. Returns the
  // task_assigned event.
  std::size_t assign_task(Log& log, std::optional<std::size_t> case_index, std::int64_t at,
                          std::int64_t end, bool must_finish) {
    const auto case_id = case_id_of(log, case_index);
    const auto& creator = task_creator();
    const auto& assignee = task_assignee();
    store::tasks::TaskRow t;
    t.id = st_.ids.task++;
    t.student_id = log.student_id;
    t.assignee_id = assignee.id;
    t.created_by = creator.id;
    t.case_id = case_id;
    t.title = random_.pick(kTaskTitles);
    t.due_date = date_of(at + random_.between(7 * kDay, 28 * kDay));
    t.created_at = t.updated_at = at;
    if (must_finish) {
      t.completed_at = random_.between(at + kHour, end);
    } else if (random_.percent(55)) {
      const auto done = at + random_.between(kDay, 20 * kDay);
      if (done < end) t.completed_at = done;
    }
    json::object detail{{"task_id", t.id},
                        {"title", t.title},
                        {"assignee_id", t.assignee_id},
                        {"due_date", *t.due_date}};
    const auto assigned =
        plan(log, at, creator.id, cases::name_of(cases::Trigger::task_assigned),
             "Task assigned to " + assignee.name + ": " + t.title, "task", t.id, case_id, detail);
    const auto notes_until = t.completed_at.value_or(end);
    for (auto n = random_.below(3); n > 0; --n) {
      store::tasks::NoteRow note;
      note.id = st_.ids.task_note++;
      note.task_id = t.id;
      note.author_id = assignee.id;
      note.body = random_.pick(kTaskNotes);
      note.created_at = random_.between(at + kHour, notes_until);
      if (note.created_at >= notes_until) continue;
      out_.add(note);
      auto note_detail = detail;
      note_detail["note_id"] = note.id;
      plan(log, note.created_at, assignee.id, cases::kinds::task_note_added,
           "Note added to task: " + t.title, "task", t.id, case_id, note_detail);
    }
    if (t.completed_at) {
      t.status = "completed";
      t.completed_by = assignee.id;
      t.updated_at = *t.completed_at;
      plan(log, *t.completed_at, assignee.id, cases::kinds::task_completed,
           "Task completed: " + t.title, "task", t.id, case_id, detail);
    }
    // As tasks::assign: the assignee and the creator see the student while the task is open,
    // and for a grace period once it is done.
    grant(assignee.id, log.student_id, access::Relationship::task_assignee, t.id, at,
          tasks::sight_ends(t));
    grant(creator.id, log.student_id, access::Relationship::task_creator, t.id, at,
          tasks::sight_ends(t));
    out_.add(t);
    ++st_.counts.district.tasks;
    return assigned;
  }

  // The first Student Support Team meeting a day or more after `at` (and starting no later than
  // `latest_start`); the student is added at `at`, and a note follows the meeting when it ended
  // before `notes_until`. nullopt when there is no such meeting or the student is already on it.
  std::optional<std::size_t> add_to_meeting(Log& log, std::optional<std::size_t> case_index,
                                            std::int64_t at, std::int64_t latest_start,
                                            std::int64_t notes_until) {
    const auto found = std::lower_bound(
        meetings_.begin(), meetings_.end(), at + kDay,
        [](const store::MeetingRow& m, std::int64_t from) { return m.starts_at < from; });
    if (found == meetings_.end() || found->starts_at > latest_start) return std::nullopt;
    const auto& m = *found;
    if (!log.meetings.insert(m.id).second) return std::nullopt;
    const auto case_id = case_id_of(log, case_index);
    const auto& counselor = school_.counselor;
    out_.add(store::bulk::MeetingStudentRow{st_.ids.meeting_student++, m.id, log.student_id, at,
                                            counselor.id, case_id});
    for (const auto* attendee : attendees()) {
      grant(attendee->id, log.student_id, access::Relationship::meeting_attendee, m.id, at,
            meetings::sight_ends(m));
    }
    const auto detail = meeting_detail(m);
    const auto added =
        plan(log, at, counselor.id, cases::name_of(cases::Trigger::meeting_student_added),
             fmt::format("Added to the meeting \"{}\"", m.title), "meeting", m.id, case_id, detail);
    if (m.ends_at < std::min(notes_until, ctx_.when.now) && random_.percent(60)) {
      store::MeetingNote note;
      note.id = st_.ids.meeting_note++;
      note.meeting_id = m.id;
      note.student_id = log.student_id;
      note.author_id = counselor.id;
      note.body = random_.pick(kMeetingNotes);
      if (random_.percent(50)) note.decision = random_.pick(kDecisions);
      note.created_at = m.ends_at;
      out_.add(note);
      auto note_detail = detail;
      note_detail["note_id"] = note.id;
      plan(log, m.ends_at, counselor.id, cases::kinds::meeting_note_added,
           note.decision
               ? fmt::format("Decision at the meeting \"{}\": {}", m.title, *note.decision)
               : fmt::format("Note from the meeting \"{}\"", m.title),
           "meeting", m.id, case_id, note_detail);
    }
    return added;
  }

  // The case the engine links an event at `at` to: the student's case open then, if any.
  static std::optional<std::size_t> case_at(const Log& log, std::int64_t at) {
    for (std::size_t i = 0; i < log.cases.size(); ++i) {
      const auto& c = log.cases[i];
      if (c.opened_at <= at && at <= c.closed_at.value_or(at)) return i;
    }
    return std::nullopt;
  }

  // "Plan created: tier 2 reading plan", as plans.cpp words a plan's events.
  static std::string titled(std::string_view what, const store::plans::PlanRow& p) {
    return fmt::format("{}: tier {} {} plan", what, p.tier, p.area);
  }

  // Records a plan's event, with the detail plans.cpp gives it, on the case open at `at`.
  std::size_t plan_event(Log& log, std::int64_t at, Id actor, std::string_view kind,
                         std::string summary, const store::plans::PlanRow& p,
                         const json::object& more = {}) {
    json::object detail{{"plan_id", p.id},
                        {"area", p.area},
                        {"tier", p.tier},
                        {"group_id", p.group_id ? json::value(*p.group_id) : nullptr}};
    for (const auto& item : more) detail[item.key()] = item.value();
    return plan(log, at, actor, kind, std::move(summary), "plan", p.id,
                case_id_of(log, case_at(log, at)), detail);
  }

  // An MTSS plan: from an intervention group for some students, made for the student alone
  // (often during their case) for the others.
  void add_plan(Log& log) {
    if (!groups_.empty() && random_.percent(kGroupPlanPercent)) {
      join_group(log, groups_[random_.below(groups_.size())]);
    } else {
      add_individual_plan(log);
    }
  }

  void add_individual_plan(Log& log) {
    const auto& t = random_.pick(kPlanTemplates);
    const auto points = random_.between(kMinPoints, kMaxPoints + 1);
    const auto latest = ctx_.when.now - (points + 1) * kWeek;
    auto at = random_.between(ctx_.when.history_start + 2 * kWeek, latest);
    if (!log.cases.empty() && random_.percent(70)) {
      at = std::min(log.cases.back().opened_at + random_.between(kDay, 3 * kWeek), latest);
    }
    const auto& owner = case_worker();
    store::plans::PlanRow p;
    p.id = st_.ids.plan++;
    p.student_id = log.student_id;
    p.area = t.area;
    p.tier = random_.percent(70) ? 2 : 3;
    p.skill = t.skill;
    p.goal_measure = t.measure;
    p.goal_baseline = std::round(random_.real(t.baseline_low, t.baseline_high));
    p.goal_target =
        std::min(t.ceiling, std::round(*p.goal_baseline + t.growth_per_week * kGoalWeeks));
    p.goal_baseline_date = date_of(at);
    p.goal_target_date = date_of(at + kGoalWeeks * kWeek);
    p.interventions_json = mtss::interventions_json(
        {{std::string(t.intervention), std::string(t.frequency), t.minutes, owner.id}});
    p.owner_id = owner.id;
    p.created_by = owner.id;
    p.created_at = p.updated_at = at;
    grant(owner.id, log.student_id, access::Relationship::plan_owner, p.id, at);
    follow_plan(log, p, t, *p.goal_baseline, points);
  }

  // Added to a group, most with its first members, others weeks later: the plan is the
  // group's template, owned by the facilitator (mtss::add_members).
  void join_group(Log& log, Group& g) {
    const auto& group = g.row;
    const auto at = random_.percent(70) ? g.starts_at : g.starts_at + random_.between(1, 9) * kWeek;
    const auto weeks_left = (ctx_.when.now - at) / kWeek - 1;
    const auto points = std::min(random_.between(kMinPoints, kMaxPoints + 1), weeks_left);
    auto p = mtss::plan_from_template(group, log.student_id, group.facilitator_id);
    p.id = st_.ids.plan++;
    p.interventions_json = mtss::interventions_json(
        {{group.intervention, group.frequency, group.minutes, group.facilitator_id}});
    p.created_at = p.updated_at = at;
    out_.add(store::bulk::GroupMemberRow{st_.ids.group_member++, group.id, log.student_id, p.id, at,
                                         group.facilitator_id});
    grant(group.facilitator_id, log.student_id, access::Relationship::group_facilitator, group.id,
          at);
    g.row.updated_at = std::max(g.row.updated_at, at);
    ++st_.counts.district.group_members;
    const auto& t = *g.plan_template;
    follow_plan(log, p, t, random_.real(t.baseline_low, t.baseline_high), points);
  }

  // A plan's year: its plan_created event, weekly progress points on the student's own trend
  // (a share of the aim line's growth, with weekly scatter), perhaps a review; then its row.
  void follow_plan(Log& log, store::plans::PlanRow& p, const PlanTemplate& t, double level,
                   std::int64_t points) {
    p.case_id = case_id_of(log, case_at(log, p.created_at));
    plan_event(log, p.created_at, *p.created_by, cases::name_of(cases::Trigger::plan_created),
               titled("Plan created", p), p);
    const auto growth = t.growth_per_week * random_.pick(kResponsiveness);
    std::vector<mtss::DataPoint> data;
    std::int64_t last_at = p.created_at;
    for (std::int64_t week = 1; week <= points; ++week) {
      const auto day = (p.created_at + week * kWeek) / kDay * kDay + random_.between(0, 3) * kDay;
      last_at = day + 14 * kHour + random_.between(0, 3 * kHour);
      const auto noise = random_.real(-t.noise, t.noise);
      const auto score = std::clamp(std::round(level + growth * static_cast<double>(week) + noise),
                                    0.0, t.ceiling);
      data.push_back(record_point(log, p, last_at, score));
      if (!p.goal_baseline) set_baseline(log, p, data.front(), last_at + kHour / 12);
    }
    if (random_.percent(kReviewPercent)) {
      review(log, p, data, last_at + random_.between(kDay, 10 * kDay));
    }
    out_.add(p);
    ++st_.counts.district.plans;
  }

  mtss::DataPoint record_point(Log& log, const store::plans::PlanRow& p, std::int64_t at,
                               double score) {
    store::plans::ProgressPointRow point{
        st_.ids.progress_point++, p.id, date_of(at), score, "", p.owner_id, at};
    if (random_.percent(15)) point.note = random_.pick(kPointNotes);
    out_.add(point);
    ++st_.counts.district.progress_points;
    plan_event(log, at, p.owner_id, cases::kinds::progress_recorded,
               fmt::format("Progress recorded: {} on {}", score, point.date), p,
               {{"score", score}, {"date", point.date}});
    return {point.date, score};
  }

  // A group's plan comes without a baseline (the template has none): the facilitator enters
  // the first score as the baseline, which gives the plan its aim line.
  void set_baseline(Log& log, store::plans::PlanRow& p, const mtss::DataPoint& first,
                    std::int64_t at) {
    p.goal_baseline = first.score;
    p.goal_baseline_date = first.date;
    p.updated_at = at;
    plan_event(log, at, p.owner_id, cases::kinds::plan_updated, titled("Plan updated", p), p);
  }

  // The owner reviews the graph and decides as the four-point rule suggests (mostly); the
  // review joins the case open then, and so may give the plan its case (mtss::review).
  void review(Log& log, store::plans::PlanRow& p, const std::vector<mtss::DataPoint>& data,
              std::int64_t at) {
    if (at >= ctx_.when.now) return;
    const auto analysis = mtss::analyse(mtss::goal_of(p), data);
    store::plans::ReviewRow r;
    r.id = st_.ids.review++;
    r.plan_id = p.id;
    r.date = date_of(at);
    r.reviewer_id = p.owner_id;
    r.progress_summary_json = json::serialize(progress_summary(analysis, data));
    r.decision = decision_for(analysis.hint);
    if (random_.percent(50)) r.notes = random_.pick(kReviewNotes);
    r.tier_before = p.tier;
    r.tier_after = mtss::tier_after(r.decision, p.tier);
    r.archived = r.decision == "exit";
    r.created_at = at;
    out_.add(r);
    ++st_.counts.district.plan_reviews;
    const auto case_id = case_id_of(log, case_at(log, at));
    plan(log, at, p.owner_id, cases::name_of(cases::Trigger::plan_reviewed),
         fmt::format("Plan reviewed: {} (tier {} to {})", r.decision, r.tier_before, r.tier_after),
         "plan", p.id, case_id, {{"plan_id", p.id}, {"review_id", r.id}, {"decision", r.decision}});
    const auto before = p;
    p.tier = r.tier_after;
    if (!p.case_id) p.case_id = case_id;
    if (r.archived) {
      p.status = std::string(mtss::kArchived);
      p.archived_at = p.updated_at = at;
      plan_event(log, at, p.owner_id, cases::kinds::plan_archived,
                 titled("Plan archived (review decided exit)", p), p);
    } else if (p != before) {
      p.updated_at = at;
    }
  }

  // What the reviewer saw, as mtss::review stores it: the analysis, the number of points and
  // the latest one.
  static json::object progress_summary(const mtss::ProgressAnalysis& analysis,
                                       const std::vector<mtss::DataPoint>& data) {
    auto summary = mtss::view(analysis);
    summary["points"] = data.size();
    summary["latest"] = json::object{{"date", data.back().date}, {"score", data.back().score}};
    return summary;
  }

  std::string decision_for(mtss::DecisionHint hint) {
    switch (hint) {
      case mtss::DecisionHint::consider_intensifying:
        return random_.percent(70) ? "intensify"
                                   : (random_.percent(50) ? "modify" : "refer_for_evaluation");
      case mtss::DecisionHint::consider_fading_or_exiting:
        return random_.percent(60) ? "fade" : "exit";
      default:
        return random_.percent(85) ? "continue" : "modify";
    }
  }

  // Events get ids in the order they happened (the timeline reads newest first by id); each
  // case learns the event that opened it and its last activity.
  void write(Log& log) {
    std::sort(log.events.begin(), log.events.end(), [](const Planned& a, const Planned& b) {
      return a.at != b.at ? a.at < b.at : a.order < b.order;
    });
    for (auto& c : log.cases) c.last_activity_at = c.opened_at;
    for (auto& p : log.events) {
      p.row.id = st_.ids.event++;
      if (p.opens_case >= 0)
        log.cases[static_cast<std::size_t>(p.opens_case)].opened_by_event_id = p.row.id;
      for (auto& c : log.cases) {
        if (p.row.case_id == c.id) c.last_activity_at = std::max(c.last_activity_at, p.at);
      }
      out_.add(p.row);
    }
    for (auto& c : log.cases) {
      c.updated_at = c.last_activity_at;
      out_.add(c);
      ++(c.closed_at ? st_.counts.district.closed_cases : st_.counts.district.open_cases);
    }
    st_.counts.district.events += std::ssize(log.events);
  }

  const Context& ctx_;
  const SchoolPlan& school_;
  State& st_;
  store::bulk::Writer& out_;
  Random& random_;
  std::vector<store::MeetingRow> meetings_;  // by starts_at
  std::vector<Group> groups_;
};

void add_history(State& st, store::bulk::Writer& out, const Context& ctx, const SchoolPlan& plan) {
  SchoolHistory history(ctx, plan, st, out);
  history.add_meetings();
  history.add_groups();
  for (std::int64_t i = 0; i < plan.students; ++i) {
    history.add_student(i, has_open_case(plan.first_ordinal + i));
  }
  history.finish();
}

// Runs one transaction of the generator from a copy of the state, so a retried transaction
// (PostgreSQL, after a conflict) repeats exactly; the state moves on once it committed.
template <class Work>
void write_step(store::Database& db, State& state, Work work) {
  State attempt;
  db.write([&](Connection& conn) {
    attempt = state;
    store::bulk::prepare_connection(conn);
    store::bulk::Writer out(conn);
    work(conn, attempt, out);
    attempt.counts.rows += out.flush();
  });
  state = std::move(attempt);
}

class Progress {
 public:
  explicit Progress(const GeneratorOptions& options) : report_(options.progress) {}
  void phase_done(std::string_view phase, const std::string& what, std::int64_t rows) {
    const auto seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    if (report_) {
      report_(fmt::format("{:<10} {} ({} rows in {:.1f} s, {:.0f} rows/s)", phase, what, rows,
                          seconds, static_cast<double>(rows) / std::max(seconds, 1e-3)));
    }
    started_ = Clock::now();
  }

 private:
  using Clock = std::chrono::steady_clock;
  std::function<void(const std::string&)> report_;
  Clock::time_point started_ = Clock::now();
};

// Schools in groups of about kStudentsPerTransaction students, one transaction each.
template <class Each>
void by_transactions(std::vector<SchoolPlan>& plans, Each each) {
  std::size_t first = 0;
  while (first < plans.size()) {
    std::size_t last = first;
    std::int64_t students = 0;
    while (last < plans.size() && (last == first || students < kStudentsPerTransaction)) {
      students += plans[last++].students;
    }
    each(std::span<SchoolPlan>(plans.data() + first, last - first));
    first = last;
  }
}

}  // namespace

std::optional<GeneratedDistrict> generate(store::Database& db, const std::string& password_hash,
                                          const GeneratorOptions& options) {
  if (options.students < 1) throw std::invalid_argument("--students must be at least 1");
  State state;
  bool seeded = false;
  db.read([&](Connection& conn) {
    seeded = is_seeded(conn);
    if (!seeded && store::bulk::has_students(conn)) {
      throw std::runtime_error(
          "the database already has students; generate a district into a new database");
    }
    state.ids = store::bulk::next_ids(conn);
  });
  if (seeded) return std::nullopt;

  Context ctx{calendar_for(util::now_micros()), {}, password_hash, std::nullopt};
  auto plans = plan_schools(options.students);
  Progress progress(options);

  write_step(db, state, [&](Connection& conn, State& st, store::bulk::Writer& out) {
    const auto admin =
        add_staff(st, out, ctx, "district.admin", Role::district_admin, std::nullopt);
    add_staff(st, out, ctx, "mtss.coordinator", Role::district_admin, std::nullopt);
    for (auto& plan : plans) add_school_and_staff(st, out, ctx, plan);
    st.counts.rows += out.flush();
    ctx.dictionary = switch_on_case_management(conn, ctx.when, admin.id);
    ctx.referral = referral_form(conn, ctx.when);
  });
  const auto& district = state.counts.district;
  progress.phase_done("staff",
                      fmt::format("{} schools, {} staff", district.schools, district.staff),
                      state.counts.rows);

  auto rows_before = state.counts.rows;
  by_transactions(plans, [&](std::span<SchoolPlan> group) {
    write_step(db, state, [&](Connection&, State& st, store::bulk::Writer& out) {
      for (auto& plan : group) {
        add_roster(st, out, ctx, plan);
        st.counts.rows += out.flush();  // school by school: the buffers stay small
      }
    });
  });
  progress.phase_done("roster",
                      fmt::format("{} students, {} classes, {} enrollments", district.students,
                                  district.classes, district.enrollments),
                      state.counts.rows - rows_before);

  rows_before = state.counts.rows;
  by_transactions(plans, [&](std::span<SchoolPlan> group) {
    write_step(db, state, [&](Connection&, State& st, store::bulk::Writer& out) {
      for (const auto& plan : group) {
        add_history(st, out, ctx, plan);
        st.counts.rows += out.flush();
      }
    });
  });
  progress.phase_done("history",
                      fmt::format("{} open and {} closed cases, {} events, {} tasks, {} "
                                  "meetings, {} referrals, {} plans ({} from {} groups), {} "
                                  "progress points, {} reviews",
                                  district.open_cases, district.closed_cases, district.events,
                                  district.tasks, district.meetings, district.form_responses,
                                  district.plans, district.group_members, district.groups,
                                  district.progress_points, district.plan_reviews),
                      state.counts.rows - rows_before);

  db.write([&](Connection& conn) {
    store::bulk::finish(conn);
    audit::record(conn, Actor::system(),
                  {.action = "demo.generate",
                   .entity = "district",
                   .after = json::object{{"students", options.students}}});
    mark_seeded(conn);
  });
  progress.phase_done("analyze", "planner statistics refreshed", 0);
  return state.counts.district;
}

}  // namespace trellis::domain::demo
