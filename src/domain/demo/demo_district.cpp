#include "domain/demo/demo_district.hpp"

#include <fmt/format.h>

#include <array>
#include <random>

#include "domain/audit/audit.hpp"
#include "domain/demo/demo_names.hpp"
#include "store/audit_repo.hpp"
#include "store/students_repo.hpp"
#include "store/users_repo.hpp"

namespace trellis::domain::demo {

using store::Connection;
using store::Id;
using store::Role;

namespace {

struct SchoolPlan {
  const char* name;
  const char* level;
  const char* identifier;
  const char* slug;
  std::vector<std::string> grades;
};

std::vector<SchoolPlan> school_plans() {
  const auto& [elementary, middle, high] = kFeaturedSchools;
  return {{elementary.name,
           elementary.level,
           elementary.identifier,
           elementary.slug,
           {"KG", "01", "02", "03", "04", "05"}},
          {middle.name, middle.level, middle.identifier, middle.slug, {"06", "07", "08"}},
          {high.name, high.level, high.identifier, high.slug, {"09", "10", "11", "12"}}};
}

constexpr int kStudentsPerGrade = 46;
constexpr int kTeachersPerSchool = 10;

class Seeder {
 public:
  Seeder(Connection& conn, const std::string& password_hash)
      : conn_(conn), password_hash_(password_hash) {}

  void run() {
    add_user("district.admin", "Dana", "Whitfield", {{Role::district_admin, std::nullopt}});
    add_user("mtss.coordinator", "Marcus", "Bell", {{Role::district_admin, std::nullopt}});
    for (const auto& plan : school_plans()) seed_school(plan);
    mark_seeded(conn_);
    audit::record(conn_, Actor::system(), {"demo.seed", "district"});
  }

 private:
  Id add_user(const std::string& local, const char* given, const char* family,
              std::vector<store::RoleGrant> roles) {
    store::User user;
    user.email = fmt::format("{}@{}", local, kDomain);
    user.given_name = given;
    user.family_name = family;
    user.password_hash = password_hash_;
    user.roles = std::move(roles);
    return store::users::insert(conn_, user);
  }

  const char* pick_given() { return kGivenNames[random_() % kGivenNames.size()]; }
  const char* pick_family() { return kFamilyNames[random_() % kFamilyNames.size()]; }

  void seed_school(const SchoolPlan& plan) {
    store::School school{
        0, fmt::format("demo-school-{}", plan.slug), plan.name, plan.level, plan.identifier, true};
    const Id school_id = store::schools::insert(conn_, school);
    add_user(fmt::format("principal.{}", plan.slug), pick_given(), pick_family(),
             {{Role::school_admin, school_id}});
    add_user(fmt::format("counselor.{}", plan.slug), pick_given(), pick_family(),
             {{Role::interventionist, school_id}});
    add_user(fmt::format("interventionist.{}", plan.slug), pick_given(), pick_family(),
             {{Role::interventionist, school_id}});
    std::vector<Id> teachers;
    for (int t = 1; t <= kTeachersPerSchool; ++t) {
      teachers.push_back(add_user(fmt::format("teacher{}.{}", t, plan.slug), pick_given(),
                                  pick_family(), {{Role::teacher, school_id}}));
    }
    for (std::size_t g = 0; g < plan.grades.size(); ++g) {
      seed_grade(plan, school_id, plan.grades[g], teachers, g);
    }
  }

  // Each grade gets two classes (homerooms in elementary school, English and math above),
  // taught by the school's teachers in turn; every student is in both.
  void seed_grade(const SchoolPlan& plan, Id school_id, const std::string& grade,
                  const std::vector<Id>& teachers, std::size_t grade_index) {
    const bool elementary = std::string_view(plan.level) == "elementary";
    std::array<Id, 2> classes{};
    for (std::size_t c = 0; c < classes.size(); ++c) {
      const auto subject = elementary ? "Homeroom" : (c == 0 ? "English" : "Mathematics");
      const auto title = elementary ? fmt::format("Grade {} Homeroom {}", grade, c == 0 ? "A" : "B")
                                    : fmt::format("{} {}", subject, grade);
      classes[c] = store::roster::insert_class(
          conn_, {0, fmt::format("demo-class-{}-{}-{}", plan.slug, grade, c), school_id, title,
                  fmt::format("{}-{}-{}", plan.identifier, grade, c), grade, subject});
      const Id teacher = teachers[(grade_index * 2 + c) % teachers.size()];
      store::roster::insert_enrollment(conn_, classes[c], std::nullopt, teacher, "teacher");
    }
    for (int s = 0; s < kStudentsPerGrade; ++s) {
      const Id student = add_student(school_id, grade);
      // Elementary students have one homeroom; older students take both subjects.
      if (elementary) {
        store::roster::insert_enrollment(conn_, classes[s % 2], student, std::nullopt, "student");
      } else {
        for (Id cls : classes) {
          store::roster::insert_enrollment(conn_, cls, student, std::nullopt, "student");
        }
      }
    }
  }

  Id add_student(Id school_id, const std::string& grade) {
    ++student_number_;
    store::Student s;
    s.sourced_id = fmt::format("demo-student-{}", student_number_);
    s.local_id = fmt::format("{:06d}", 100000 + student_number_);
    s.given_name = pick_given();
    s.family_name = pick_family();
    s.grade = grade;
    s.school_id = school_id;
    const int age = grade == "KG" ? 5 : 5 + std::stoi(grade);
    s.birth_date =
        fmt::format("{}-{:02d}-{:02d}", 2026 - age - 1, 1 + random_() % 12, 1 + random_() % 28);
    s.sex = random_() % 2 ? "female" : "male";
    s.demographics_json = fmt::format(R"({{"hispanicOrLatinoEthnicity": {}}})",
                                      random_() % 4 == 0 ? "true" : "false");
    return store::students::insert(conn_, s);
  }

  Connection& conn_;
  const std::string& password_hash_;
  std::mt19937 random_{20261128};  // fixed seed: every demo district is the same
  int student_number_ = 0;
};

}  // namespace

std::vector<SignIn> featured_sign_ins() {
  return {
      {"district administrator", fmt::format("district.admin@{}", kDomain), ""},
      {"school administrator", fmt::format("principal.mge@{}", kDomain), "Maple Grove Elementary"},
      {"counselor (interventionist)", fmt::format("counselor.crm@{}", kDomain),
       "Cedar Ridge Middle"},
      {"teacher", fmt::format("teacher1.rhs@{}", kDomain), "Riverside High"}};
}

bool is_seeded(Connection& conn) {
  return conn.maybe_one("SELECT value FROM settings WHERE key = $1", std::string(kSeededKey))
      .has_value();
}

void mark_seeded(Connection& conn) {
  conn.run("INSERT INTO settings (key, value) VALUES ($1, 'true')", std::string(kSeededKey));
}

bool seed(store::Database& db, const std::string& password_hash) {
  bool seeded_now = false;
  db.write([&](Connection& conn) {
    if (is_seeded(conn)) return;
    Seeder(conn, password_hash).run();
    seeded_now = true;
  });
  return seeded_now;
}

}  // namespace trellis::domain::demo
