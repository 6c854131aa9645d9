// The generated district (`trellis demo --students N`) on SQLite and PostgreSQL: the sizes the
// benchmark relies on, and a history the case engine could have written (every case opened by
// a real trigger event, events linked to the case open at their time and numbered in time
// order, tasks, meetings, referrals and plans remembering their case, group members' plans
// made from their group), which the per-request code can go on writing to; the same N gives
// the same district.
#include "domain/demo/district_generator.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <map>

#include "domain/access/access.hpp"
#include "domain/auth/secrets.hpp"
#include "domain/cases/case_engine.hpp"
#include "domain/demo/demo_district.hpp"
#include "domain/forms/fields.hpp"
#include "domain/transaction.hpp"
#include "store/forms_repo.hpp"
#include "store/students_repo.hpp"
#include "store/users_repo.hpp"
#include "support/test_databases.hpp"
#include "util/time.hpp"

namespace trellis::domain::demo {
namespace {

using store::Connection;

constexpr std::int64_t kStudents = 1500;

std::int64_t count(Connection& conn, const std::string& sql) {
  return conn.one(sql)[0].as_int();
}

// One district per database kind, generated once and only read by the tests below; tests that
// write generate a small one of their own.
struct Generated {
  std::unique_ptr<store::Database> db;
  std::optional<GeneratedDistrict> district;
  std::size_t progress_lines = 0;
};

std::string demo_hash() {
  static const std::string hash = secrets::hash_password(kDemoPassword);
  return hash;
}

Generated generate_fresh(const std::string& kind, std::int64_t students) {
  Generated g;
  g.db = store::open_database(testing::fresh_database_url(kind));
  g.db->migrate();
  g.district =
      generate(*g.db, demo_hash(), {students, [&](const std::string&) { ++g.progress_lines; }});
  return g;
}

class DistrictGeneratorTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() { secrets::initialise(); }

  void SetUp() override {
    static std::map<std::string, Generated> generated;
    auto& g = generated[GetParam()];
    if (!g.db) g = generate_fresh(GetParam(), kStudents);
    db_ = g.db.get();
    generated_ = g.district;
    progress_lines_ = g.progress_lines;
  }

  std::int64_t read_count(const std::string& sql) {
    std::int64_t n = 0;
    db_->read([&](Connection& conn) { n = count(conn, sql); });
    return n;
  }

  store::Database* db_ = nullptr;
  std::optional<GeneratedDistrict> generated_;
  std::size_t progress_lines_ = 0;
};

TEST_P(DistrictGeneratorTest, HasTheSizesAskedFor) {
  ASSERT_TRUE(generated_);
  EXPECT_EQ(generated_->students, kStudents);
  EXPECT_EQ(read_count("SELECT count(*) FROM students"), kStudents);
  EXPECT_EQ(generated_->schools, 3);  // one of each level for a small district
  // Exactly 30% of the students have an open case; some cases were closed earlier.
  EXPECT_EQ(read_count("SELECT count(*) FROM cases WHERE closed_at IS NULL"), kStudents * 3 / 10);
  EXPECT_GT(read_count("SELECT count(*) FROM cases WHERE closed_at IS NOT NULL"), 0);
  // About a dozen timeline events per student.
  const auto events = read_count("SELECT count(*) FROM student_events");
  EXPECT_EQ(events, generated_->events);
  EXPECT_GT(events, kStudents * 9);
  EXPECT_LT(events, kStudents * 14);
  const auto today = util::format_rfc3339(util::now_micros()).substr(0, 10);
  EXPECT_GT(
      read_count("SELECT count(*) FROM tasks WHERE status = 'open' AND due_date < '" + today + "'"),
      0);  // overdue
  EXPECT_GT(read_count("SELECT count(*) FROM tasks WHERE status = 'open' AND due_date >= '" +
                       today + "'"),
            0);
  EXPECT_GT(read_count("SELECT count(*) FROM tasks WHERE status = 'completed'"), 0);
  EXPECT_GT(read_count("SELECT count(*) FROM meeting_students"), 0);
  EXPECT_EQ(progress_lines_, 4u);
}

TEST_P(DistrictGeneratorTest, EveryStudentIsInAClassWithATeacher) {
  EXPECT_EQ(read_count("SELECT count(*) FROM students s WHERE NOT EXISTS (SELECT 1 FROM "
                       "enrollments e JOIN enrollments t ON t.class_id = e.class_id AND t.role = "
                       "'teacher' WHERE e.student_id = s.id)"),
            0);
}

TEST_P(DistrictGeneratorTest, FeaturedSignInsWorkWithTheDemoPassword) {
  for (const auto& sign_in : featured_sign_ins()) {
    std::optional<store::User> user;
    db_->read([&](Connection& conn) { user = store::users::find_by_email(conn, sign_in.email); });
    ASSERT_TRUE(user) << sign_in.email;
    EXPECT_TRUE(secrets::verify_password(kDemoPassword, user->password_hash.value_or("")));
    EXPECT_FALSE(user->roles.empty());
  }
}

TEST_P(DistrictGeneratorTest, CaseManagementIsOnForReferralsTasksAndMeetings) {
  db_->read([&](Connection& conn) {
    const auto settings = store::dictionary::current(conn);
    EXPECT_TRUE(settings.enabled);
    EXPECT_EQ(settings.open_case_on, (std::vector<std::string>{"form_submitted", "task_assigned",
                                                               "meeting_student_added"}));
    // The built-in version took effect first.
    EXPECT_LT(store::dictionary::find_version(conn, 1)->effective_at, settings.effective_at);
  });
}

TEST_P(DistrictGeneratorTest, EachCaseWasOpenedByATriggerEventOfItsStudent) {
  EXPECT_EQ(read_count("SELECT count(*) FROM cases c LEFT JOIN student_events e ON e.id = "
                       "c.opened_by_event_id WHERE e.id IS NULL OR e.student_id <> c.student_id "
                       "OR e.case_id IS NULL OR e.case_id <> c.id OR e.kind <> c.opened_by_kind OR "
                       "e.at <> c.opened_at OR e.kind NOT IN ('form_submitted', 'task_assigned', "
                       "'meeting_student_added') OR c.dictionary_version_id <> 2"),
            0);
  // ... followed by its case_opened entry, and the "why" in words.
  EXPECT_EQ(read_count("SELECT count(*) FROM cases c WHERE c.opened_rule <> 'Open Case On "
                       "Event: ' || c.opened_by_kind || CASE c.opened_by_kind WHEN "
                       "'form_submitted' THEN ' (form tagged openCase)' ELSE '' END OR NOT "
                       "EXISTS (SELECT 1 FROM student_events e WHERE e.case_id = c.id AND e.kind "
                       "= 'case_opened' AND e.id > c.opened_by_event_id)"),
            0);
  // Every kind of trigger opened some.
  EXPECT_EQ(read_count("SELECT count(DISTINCT opened_by_kind) FROM cases"), 3);
}

TEST_P(DistrictGeneratorTest, EventsJoinTheCaseOpenAtTheirTime) {
  // Linked events fall inside their case's life and belong to its student.
  EXPECT_EQ(read_count("SELECT count(*) FROM student_events e JOIN cases c ON c.id = e.case_id "
                       "WHERE c.student_id <> e.student_id OR e.at < c.opened_at OR e.at > "
                       "coalesce(c.closed_at, e.at)"),
            0);
  // Unlinked events happened when the student had no case open, and no unlinked trigger
  // happened after case management was switched on (no case would be missing).
  EXPECT_EQ(read_count("SELECT count(*) FROM student_events e JOIN cases c ON c.student_id = "
                       "e.student_id WHERE e.case_id IS NULL AND e.at >= c.opened_at AND e.at <= "
                       "coalesce(c.closed_at, e.at)"),
            0);
  EXPECT_EQ(read_count("SELECT count(*) FROM student_events e WHERE e.case_id IS NULL AND e.kind "
                       "IN ('form_submitted', 'task_assigned', 'meeting_student_added') AND e.at "
                       ">= (SELECT effective_at FROM dictionary_versions WHERE id = 2)"),
            0);
  EXPECT_EQ(read_count("SELECT count(*) FROM (SELECT student_id FROM cases WHERE closed_at IS "
                       "NULL GROUP BY student_id HAVING count(*) > 1) twice"),
            0);
  // A case's last activity is its newest event.
  EXPECT_EQ(read_count("SELECT count(*) FROM cases c WHERE c.last_activity_at <> (SELECT max(e.at) "
                       "FROM student_events e WHERE e.case_id = c.id)"),
            0);
}

TEST_P(DistrictGeneratorTest, TimelinesAreNumberedInTimeOrder) {
  EXPECT_EQ(read_count("SELECT count(*) FROM student_events a JOIN student_events b ON "
                       "b.student_id = a.student_id AND b.id > a.id WHERE b.at < a.at AND "
                       "a.student_id <= 200"),
            0);
}

TEST_P(DistrictGeneratorTest, TasksAndMeetingsRememberTheirCase) {
  EXPECT_EQ(read_count("SELECT count(*) FROM tasks t JOIN student_events e ON e.entity = 'task' "
                       "AND e.entity_id = t.id AND e.kind = 'task_assigned' WHERE e.student_id <> "
                       "t.student_id OR coalesce(e.case_id, 0) <> coalesce(t.case_id, 0)"),
            0);
  EXPECT_EQ(read_count("SELECT count(*) FROM tasks t WHERE NOT EXISTS (SELECT 1 FROM "
                       "student_access_grants g WHERE g.user_id = t.assignee_id AND g.student_id "
                       "= t.student_id AND g.reason = 'task_assignee' AND g.source_id = t.id)"),
            0);
  EXPECT_EQ(read_count("SELECT count(*) FROM meeting_students ms JOIN student_events e ON "
                       "e.entity = 'meeting' AND e.entity_id = ms.meeting_id AND e.student_id = "
                       "ms.student_id AND e.kind = 'meeting_student_added' WHERE "
                       "coalesce(e.case_id, 0) <> coalesce(ms.case_id, 0) OR e.at <> ms.added_at"),
            0);
}

// The grants are what tasks::assign and the meetings module write: a task's assignee and
// creator see the student while it is open and for 30 days after it is done; a meeting's
// attendees for 30 days after it ends.
TEST_P(DistrictGeneratorTest, FinishedWorkGrantsEndThirtyDaysLater) {
  const auto grace = access::kFinishedWorkGraceMicros;
  ASSERT_GT(read_count("SELECT count(*) FROM tasks WHERE status = 'completed'"), 0);
  for (const auto& [reason, user] : std::map<std::string, std::string>{
           {"task_assignee", "assignee_id"}, {"task_creator", "created_by"}}) {
    SCOPED_TRACE(reason);
    EXPECT_EQ(read_count(fmt::format(
                  "SELECT count(*) FROM tasks t WHERE NOT EXISTS (SELECT 1 FROM "
                  "student_access_grants g WHERE g.user_id = t.{} AND g.student_id = t.student_id "
                  "AND g.reason = '{}' AND g.source_id = t.id)",
                  user, reason)),
              0);
    EXPECT_EQ(read_count(fmt::format(
                  "SELECT count(*) FROM tasks t JOIN student_access_grants g ON g.reason = '{}' "
                  "AND g.source_id = t.id WHERE t.status = 'completed' AND (g.ends_at IS NULL OR "
                  "g.ends_at <> t.completed_at + {})",
                  reason, grace)),
              0);
    EXPECT_EQ(read_count(fmt::format(
                  "SELECT count(*) FROM tasks t JOIN student_access_grants g ON g.reason = '{}' "
                  "AND g.source_id = t.id WHERE t.status = 'open' AND g.ends_at IS NOT NULL",
                  reason)),
              0);
  }
  ASSERT_GT(
      read_count("SELECT count(*) FROM student_access_grants WHERE reason = 'meeting_attendee'"),
      0);
  EXPECT_EQ(read_count(fmt::format(
                "SELECT count(*) FROM student_access_grants g JOIN meetings m ON m.id = "
                "g.source_id WHERE g.reason = 'meeting_attendee' AND (g.ends_at IS NULL OR "
                "g.ends_at <> m.ends_at + {})",
                grace)),
            0);
}

TEST_P(DistrictGeneratorTest, HasPlansGroupsAndReferralsInSensibleNumbers) {
  ASSERT_TRUE(generated_);
  // About 15% of the students have a plan, made at tier 2 or 3, some of them from one of the
  // intervention groups every school runs.
  const auto plans = read_count("SELECT count(*) FROM plans");
  EXPECT_EQ(plans, generated_->plans);
  EXPECT_GT(plans, kStudents / 10);
  EXPECT_LT(plans, kStudents / 5);
  EXPECT_EQ(read_count("SELECT count(*) FROM student_events WHERE kind = 'plan_created' AND "
                       "detail NOT LIKE '%\"tier\":2%' AND detail NOT LIKE '%\"tier\":3%'"),
            0);
  EXPECT_EQ(read_count("SELECT count(*) FROM intervention_groups"), generated_->groups);
  EXPECT_EQ(read_count("SELECT count(*) FROM schools s WHERE NOT EXISTS (SELECT 1 FROM "
                       "intervention_groups g JOIN intervention_group_members m ON m.group_id = "
                       "g.id WHERE g.school_id = s.id)"),
            0);
  const auto members = read_count("SELECT count(*) FROM intervention_group_members");
  EXPECT_EQ(members, generated_->group_members);
  EXPECT_GT(members, plans / 4);
  EXPECT_LT(members, plans * 3 / 5);
  // Six to twelve weekly points per plan; some plans were reviewed.
  EXPECT_EQ(read_count("SELECT count(*) FROM progress_points"), generated_->progress_points);
  EXPECT_EQ(read_count("SELECT count(*) FROM plans p WHERE (SELECT count(*) FROM "
                       "progress_points pp WHERE pp.plan_id = p.id) NOT BETWEEN 6 AND 12"),
            0);
  const auto reviews = read_count("SELECT count(*) FROM plan_reviews");
  EXPECT_EQ(reviews, generated_->plan_reviews);
  EXPECT_GT(reviews, plans / 5);
  EXPECT_LT(reviews, plans * 3 / 5);
  // Referrals: for many of the students with an open case, and only ever within a case.
  EXPECT_EQ(read_count("SELECT count(*) FROM form_responses"), generated_->form_responses);
  EXPECT_GT(read_count("SELECT count(DISTINCT r.student_id) FROM form_responses r JOIN cases c "
                       "ON c.id = r.case_id WHERE c.closed_at IS NULL"),
            kStudents * 3 / 10 / 3);
  EXPECT_EQ(read_count("SELECT count(*) FROM form_responses WHERE case_id IS NULL OR form_id <> "
                       "(SELECT id FROM forms WHERE name = 'Referral')"),
            0);
}

TEST_P(DistrictGeneratorTest, ReferralsAreWhatTheirEventsAndCasesSay) {
  // Each response has its form_submitted event: same student, submitter, time and case.
  EXPECT_EQ(read_count("SELECT count(*) FROM form_responses r LEFT JOIN student_events e ON "
                       "e.entity = 'form_response' AND e.entity_id = r.id AND e.kind = "
                       "'form_submitted' WHERE e.id IS NULL OR e.student_id <> r.student_id OR "
                       "e.actor_id <> r.submitted_by OR e.at <> r.submitted_at OR "
                       "coalesce(e.case_id, 0) <> coalesce(r.case_id, 0) OR e.detail NOT LIKE "
                       "'%\"response_id\":' || r.id || '}%'"),
            0);
  // A case a referral opened remembers the response's event, and the response the case.
  EXPECT_EQ(read_count("SELECT count(*) FROM cases c JOIN student_events e ON e.id = "
                       "c.opened_by_event_id WHERE c.opened_by_kind = 'form_submitted' AND NOT "
                       "EXISTS (SELECT 1 FROM form_responses r WHERE r.id = e.entity_id AND "
                       "r.case_id = c.id)"),
            0);
  // The answers are valid answers to the form's current version.
  db_->read([&](Connection& conn) {
    const auto version =
        store::forms::find_version(conn, count(conn,
                                               "SELECT v.id FROM forms f JOIN form_versions v ON "
                                               "v.form_id = f.id AND v.number = "
                                               "f.current_version WHERE f.name = 'Referral'"));
    ASSERT_TRUE(version);
    const auto fields = forms::stored_fields(version->fields_json);
    for (const auto& row :
         conn.run("SELECT answers, form_version_id FROM form_responses ORDER BY id LIMIT 200")
             .rows) {
      EXPECT_EQ(row[1].as_int(), version->id);
      const auto answers = boost::json::parse(row[0].as_string()).as_object();
      EXPECT_TRUE(forms::check_answers(fields, answers, [](store::Id) { return true; }).empty())
          << row[0].as_string();
    }
  });
}

TEST_P(DistrictGeneratorTest, PlansAreWhatTheirEventsCasesAndGroupsSay) {
  // plan_created at the plan's creation, on the case open then (the plan keeps it, or a later
  // review's case).
  EXPECT_EQ(read_count("SELECT count(*) FROM plans p LEFT JOIN student_events e ON e.entity = "
                       "'plan' AND e.entity_id = p.id AND e.kind = 'plan_created' WHERE e.id IS "
                       "NULL OR e.student_id <> p.student_id OR e.at <> p.created_at OR "
                       "e.actor_id <> p.created_by OR (e.case_id IS NOT NULL AND "
                       "coalesce(p.case_id, 0) <> e.case_id)"),
            0);
  EXPECT_EQ(read_count("SELECT count(*) FROM plans p WHERE p.case_id IS NOT NULL AND NOT EXISTS "
                       "(SELECT 1 FROM student_events e WHERE e.entity = 'plan' AND e.entity_id "
                       "= p.id AND e.kind IN ('plan_created', 'plan_reviewed') AND e.case_id = "
                       "p.case_id)"),
            0);
  // Each point has its progress_recorded event; each review its plan_reviewed event.
  EXPECT_EQ(read_count("SELECT count(*) FROM student_events WHERE kind = 'progress_recorded'"),
            read_count("SELECT count(*) FROM progress_points"));
  EXPECT_EQ(read_count("SELECT count(*) FROM progress_points pp JOIN plans p ON p.id = pp.plan_id "
                       "WHERE NOT EXISTS (SELECT 1 FROM student_events e WHERE e.entity = 'plan' "
                       "AND e.entity_id = p.id AND e.kind = 'progress_recorded' AND e.at = "
                       "pp.recorded_at) OR pp.recorded_at < p.created_at"),
            0);
  EXPECT_EQ(read_count("SELECT count(*) FROM plan_reviews r JOIN plans p ON p.id = r.plan_id "
                       "WHERE NOT EXISTS (SELECT 1 FROM student_events e WHERE e.entity = 'plan' "
                       "AND e.entity_id = p.id AND e.kind = 'plan_reviewed' AND e.at = "
                       "r.created_at) OR (r.decision = 'exit') <> (p.status = 'archived')"),
            0);
  // Reviews judged the points against an aim line (group plans got their baseline).
  EXPECT_EQ(read_count("SELECT count(*) FROM plan_reviews WHERE progress_summary LIKE "
                       "'%\"aim_line\":null%'"),
            0);
  // A member's plan is the group's, made when the student joined; the facilitator owns it.
  EXPECT_EQ(read_count("SELECT count(*) FROM plans p LEFT JOIN intervention_group_members m ON "
                       "m.plan_id = p.id LEFT JOIN intervention_groups g ON g.id = m.group_id "
                       "WHERE p.group_id IS NOT NULL AND (m.id IS NULL OR g.id <> p.group_id OR "
                       "m.student_id <> p.student_id OR m.added_at <> p.created_at OR "
                       "p.owner_id <> g.facilitator_id OR p.area <> g.area OR "
                       "p.goal_measure <> g.goal_measure)"),
            0);
  // Owners and facilitators may see their students.
  EXPECT_EQ(read_count("SELECT count(*) FROM plans p WHERE p.group_id IS NULL AND NOT EXISTS "
                       "(SELECT 1 FROM student_access_grants g WHERE g.user_id = p.owner_id AND "
                       "g.student_id = p.student_id AND g.reason = 'plan_owner' AND g.source_id "
                       "= p.id)"),
            0);
  EXPECT_EQ(read_count("SELECT count(*) FROM intervention_group_members m JOIN "
                       "intervention_groups g ON g.id = m.group_id WHERE NOT EXISTS (SELECT 1 "
                       "FROM student_access_grants a WHERE a.user_id = g.facilitator_id AND "
                       "a.student_id = m.student_id AND a.reason = 'group_facilitator' AND "
                       "a.source_id = g.id)"),
            0);
}

TEST_P(DistrictGeneratorTest, TheSameSizeGivesTheSameDistrict) {
  const auto first = generate_fresh(GetParam(), 300);
  const auto second = generate_fresh(GetParam(), 300);
  ASSERT_TRUE(first.district && second.district);
  EXPECT_EQ(*first.district, *second.district);
  const std::string fingerprint =
      "SELECT (SELECT sum(score) FROM progress_points) + (SELECT sum(length(answers)) FROM "
      "form_responses) + (SELECT sum(tier_after) FROM plan_reviews) + (SELECT sum(length(summary)) "
      "FROM student_events)";
  double a = 0, b = 0;
  first.db->read([&](Connection& conn) { a = conn.one(fingerprint)[0].as_double(); });
  second.db->read([&](Connection& conn) { b = conn.one(fingerprint)[0].as_double(); });
  EXPECT_EQ(a, b);
}

TEST_P(DistrictGeneratorTest, TheCaseEngineCarriesOnAfterIt) {
  auto small = generate_fresh(GetParam(), 50);
  std::int64_t student = 0;
  std::int64_t last_event = 0;
  small.db->read([&](Connection& conn) {
    student = count(conn,
                    "SELECT min(id) FROM students s WHERE NOT EXISTS (SELECT 1 FROM cases c "
                    "WHERE c.student_id = s.id AND c.closed_at IS NULL)");
    last_event = count(conn, "SELECT max(id) FROM student_events");
  });
  const auto recorded = write_transaction(*small.db, [&](Connection& conn) {
    cases::CaseEngine engine(conn, Actor::system());
    return engine.record({.student_id = student, .kind = "task_assigned", .summary = "Test"});
  });
  // New rows take ids after the generated ones (PostgreSQL's sequences moved past them).
  EXPECT_EQ(recorded.event_id, last_event + 1);
  EXPECT_TRUE(recorded.opened_case);
}

TEST_P(DistrictGeneratorTest, GeneratesOnlyIntoANewDatabase) {
  auto small = generate_fresh(GetParam(), 50);
  ASSERT_TRUE(small.district);
  EXPECT_FALSE(generate(*small.db, demo_hash(), {50, {}}));  // already there

  auto demo = store::open_database(testing::fresh_database_url(GetParam()));
  demo->migrate();
  ASSERT_TRUE(seed(*demo, demo_hash()));  // the fixed demo district counts as one
  EXPECT_FALSE(generate(*demo, demo_hash(), {50, {}}));

  auto other = store::open_database(testing::fresh_database_url(GetParam()));
  other->migrate();
  other->write([](Connection& conn) {
    store::Student s;
    s.given_name = "Ana";
    s.family_name = "Diaz";
    s.grade = "05";
    s.school_id = store::schools::insert(conn, {0, std::nullopt, "North", "elementary", {}, true});
    store::students::insert(conn, s);
  });
  EXPECT_THROW(generate(*other, demo_hash(), {50, {}}), std::runtime_error);
}

INSTANTIATE_TEST_SUITE_P(Databases, DistrictGeneratorTest,
                         ::testing::ValuesIn(testing::test_database_kinds()),
                         testing::DatabaseKindName());

}  // namespace
}  // namespace trellis::domain::demo
