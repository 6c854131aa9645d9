// The one access rule, on a real database of each kind.
#include "domain/access/access.hpp"

#include <gtest/gtest.h>

#include "store/audit_repo.hpp"
#include "store/students_repo.hpp"
#include "store/users_repo.hpp"
#include "support/test_databases.hpp"
#include "util/time.hpp"

namespace trellis::domain {
namespace {

using store::Role;
using store::RoleGrant;

// Two schools; a teacher with one class holding one of school A's two students.
class StudentAccess : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = store::open_database(testing::fresh_database_url(GetParam()));
    db_->migrate();
    db_->write([&](store::Connection& conn) {
      school_a_ = store::schools::insert(conn, {0, std::nullopt, "A", "high", std::nullopt, true});
      school_b_ = store::schools::insert(conn, {0, std::nullopt, "B", "high", std::nullopt, true});
      in_class_ = add_student(conn, school_a_, "Ada");
      not_in_class_ = add_student(conn, school_a_, "Bo");
      other_school_ = add_student(conn, school_b_, "Cy");
      teacher_ = add_user(conn, "t@x.example", {{Role::teacher, school_a_}});
      const auto cls = store::roster::insert_class(conn, {0, std::nullopt, school_a_, "Algebra"});
      store::roster::insert_enrollment(conn, cls, std::nullopt, teacher_, "teacher");
      store::roster::insert_enrollment(conn, cls, in_class_, std::nullopt, "student");
    });
  }

  store::Id add_student(store::Connection& conn, store::Id school, const char* name) {
    store::Student s;
    s.given_name = name;
    s.family_name = "Test";
    s.grade = "09";
    s.school_id = school;
    return store::students::insert(conn, s);
  }

  store::Id add_user(store::Connection& conn, const char* email, std::vector<RoleGrant> roles) {
    store::User u;
    u.email = email;
    u.given_name = "U";
    u.family_name = "Ser";
    u.roles = std::move(roles);
    return store::users::insert(conn, u);
  }

  Principal principal(store::Id user_id, std::vector<RoleGrant> roles) {
    Principal p;
    p.user_id = user_id;
    p.roles = std::move(roles);
    return p;
  }

  bool sees(const Principal& p, store::Id student) {
    bool visible = false;
    db_->read([&](store::Connection& conn) {
      visible = access::visible_student(conn, p, student).has_value();
    });
    return visible;
  }

  std::size_t list_size(const Principal& p) {
    std::size_t n = 0;
    db_->read([&](store::Connection& conn) {
      n = store::students::search(conn, access::student_scope(p), {}).items.size();
    });
    return n;
  }

  std::unique_ptr<store::Database> db_;
  store::Id school_a_ = 0, school_b_ = 0, in_class_ = 0, not_in_class_ = 0, other_school_ = 0,
            teacher_ = 0;
};

TEST_P(StudentAccess, DistrictAdministratorSeesEveryone) {
  auto p = principal(999, {{Role::district_admin, std::nullopt}});
  EXPECT_TRUE(sees(p, in_class_));
  EXPECT_TRUE(sees(p, other_school_));
  EXPECT_EQ(list_size(p), 3u);
}

TEST_P(StudentAccess, SchoolRoleSeesOnlyThatSchool) {
  for (auto role : {Role::school_admin, Role::interventionist}) {
    auto p = principal(999, {{role, school_a_}});
    EXPECT_TRUE(sees(p, in_class_));
    EXPECT_TRUE(sees(p, not_in_class_));
    EXPECT_FALSE(sees(p, other_school_));
    EXPECT_EQ(list_size(p), 2u);
  }
}

TEST_P(StudentAccess, TeacherSeesOnlyTheirClassRoster) {
  auto p = principal(teacher_, {{Role::teacher, school_a_}});
  EXPECT_TRUE(sees(p, in_class_));
  EXPECT_FALSE(sees(p, not_in_class_));
  EXPECT_FALSE(sees(p, other_school_));
  EXPECT_EQ(list_size(p), 1u);
}

TEST_P(StudentAccess, NamedGrantOpensOneStudent) {
  auto p = principal(teacher_, {{Role::teacher, school_a_}});
  db_->write([&](store::Connection& conn) {
    store::roster::grant_access(conn, teacher_, other_school_, "task_assignee", 7);
  });
  EXPECT_TRUE(sees(p, other_school_));
  EXPECT_EQ(list_size(p), 2u);
}

TEST_P(StudentAccess, NoRoleSeesNobody) {
  auto p = principal(12345, {});
  EXPECT_FALSE(sees(p, in_class_));
  EXPECT_EQ(list_size(p), 0u);
}

TEST_P(StudentAccess, FinishedWorkGrantLapsesAtItsEnd) {
  auto p = principal(teacher_, {{Role::teacher, school_a_}});
  db_->write([&](store::Connection& conn) {
    access::grant(conn, teacher_, other_school_, access::Relationship::task_assignee, 7,
                  util::now_micros() - 1);
  });
  EXPECT_FALSE(sees(p, other_school_));
  db_->write([&](store::Connection& conn) {
    access::set_grants_end(conn, access::Relationship::task_assignee, 7,
                           util::now_micros() + access::kFinishedWorkGraceMicros);
  });
  EXPECT_TRUE(sees(p, other_school_));
  db_->write([&](store::Connection& conn) {
    access::revoke_all(conn, access::Relationship::task_assignee, 7);
  });
  EXPECT_FALSE(sees(p, other_school_));
}

TEST(AccessPolicy, DistrictRowsAllowOnlyDistrictAdministrators) {
  Principal admin;
  admin.roles = {{Role::district_admin, std::nullopt}};
  Principal principal;
  principal.roles = {{Role::school_admin, 1}};
  EXPECT_TRUE(access::allows(admin, access::Action::read_audit_log, {}));
  EXPECT_FALSE(access::allows(principal, access::Action::read_audit_log, {}));
  EXPECT_FALSE(access::allows(principal, access::Action::build_district_form, {}));
}

TEST(AccessPolicy, SchoolRolesCountOnlyAtTheirSchool) {
  Principal principal;
  principal.roles = {{Role::school_admin, 1}};
  const access::Subject here{.school_id = 1, .relationships = {}};
  const access::Subject there{.school_id = 2, .relationships = {}};
  EXPECT_TRUE(access::allows(principal, access::Action::manage_staff_accounts, here));
  EXPECT_FALSE(access::allows(principal, access::Action::manage_staff_accounts, there));
  EXPECT_FALSE(access::allows(principal, access::Action::close_case, there));
  EXPECT_EQ(access::schools_allowing(principal, access::Action::see_record),
            std::optional<std::vector<store::Id>>(std::vector<store::Id>{1}));
}

TEST(AccessPolicy, RelationshipsAllowOnlyTheRowsThatNameThem) {
  Principal teacher;
  teacher.roles = {{Role::teacher, 1}};
  const access::Subject managed{.school_id = 2,
                                .relationships = {access::Relationship::case_manager}};
  EXPECT_TRUE(access::allows(teacher, access::Action::close_case, managed));
  EXPECT_FALSE(access::allows(teacher, access::Action::open_case, managed));
  EXPECT_FALSE(access::allows(teacher, access::Action::edit_plan, managed));
  const access::Subject assigned{.school_id = 1,
                                 .relationships = {access::Relationship::task_assignee}};
  EXPECT_TRUE(access::allows(teacher, access::Action::complete_task, assigned));
  EXPECT_FALSE(access::allows(teacher, access::Action::complete_task,
                              {.school_id = 1, .relationships = {}}));
}

TEST(AccessPolicy, EveryActionHasOneNamedRowWithAMessage) {
  const auto rows = access::policy();
  ASSERT_EQ(rows.size(), access::kActionCount);
  for (const auto& row : rows) {
    EXPECT_EQ(access::action_named(row.name), row.action) << row.name;
    EXPECT_FALSE(row.refusal.empty()) << row.name;
    EXPECT_FALSE(row.roles.empty() && row.relationships.empty()) << row.name << " allows nobody";
  }
}

TEST(AccessPolicy, OnlyAColleagueInTheDirectoryMayBeGivenWork) {
  Principal teacher;
  teacher.roles = {{Role::teacher, 1}};
  store::User same_school;
  same_school.active = true;
  same_school.roles = {{Role::teacher, 1}};
  store::User other_school = same_school;
  other_school.roles = {{Role::teacher, 2}};
  store::User inactive = same_school;
  inactive.active = false;
  EXPECT_TRUE(access::in_staff_directory(teacher, same_school));
  EXPECT_FALSE(access::in_staff_directory(teacher, other_school));
  EXPECT_FALSE(access::in_staff_directory(teacher, inactive));
}

INSTANTIATE_TEST_SUITE_P(Databases, StudentAccess,
                         ::testing::ValuesIn(testing::test_database_kinds()),
                         testing::DatabaseKindName());

}  // namespace
}  // namespace trellis::domain
