// The case engine's rules (DESIGN.md, "The case engine"), each by number, on SQLite and on
// PostgreSQL, through the domain alone: no HTTP.
#include "domain/cases/case_engine.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "domain/cases/cases.hpp"
#include "domain/cases/dictionary.hpp"
#include "domain/transaction.hpp"
#include "store/students_repo.hpp"
#include "store/users_repo.hpp"
#include "support/test_databases.hpp"

namespace trellis::domain::cases {
namespace {

using store::Connection;

// A connection that fails the Nth statement starting with `prefix`: the failure injected into
// an action on many students.
class FailingConnection : public Connection {
 public:
  FailingConnection(Connection& inner, std::string prefix, int fail_at)
      : inner_(inner), prefix_(std::move(prefix)), fail_at_(fail_at) {}
  store::Dialect dialect() const override { return inner_.dialect(); }
  store::Result execute(std::string_view sql, std::span<const store::Param> params) override {
    if (sql.starts_with(prefix_) && ++seen_ == fail_at_) {
      throw store::DatabaseError("injected failure");
    }
    return inner_.execute(sql, params);
  }

 private:
  Connection& inner_;
  std::string prefix_;
  int fail_at_;
  int seen_ = 0;
};

class CaseEngineTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    url_ = testing::fresh_database_url(GetParam());
    db_ = store::open_database(url_);
    db_->migrate();
    db_->write([&](Connection& conn) {
      school_ = store::schools::insert(conn, {0, std::nullopt, "North", "elementary", {}, true});
      store::User admin;
      admin.email = "admin@district.example";
      admin.given_name = "Ada";
      admin.family_name = "Admin";
      admin.roles = {{store::Role::district_admin, std::nullopt}};
      admin_.user_id = store::users::insert(conn, admin);
      admin_.given_name = "Ada";
      admin_.family_name = "Admin";
      admin_.roles = admin.roles;
      for (int i = 0; i < 40; ++i) {
        store::Student s;
        s.given_name = "Student";
        s.family_name = "Number" + std::to_string(i);
        s.grade = "05";
        s.school_id = school_;
        students_.push_back(store::students::insert(conn, s));
      }
    });
  }

  Actor actor() const { return Actor::of(admin_, "10.0.0.1"); }

  void set_dictionary(bool enabled, std::vector<std::string> triggers) {
    auto outcome = write_transaction(*db_, [&](Connection& conn) {
      return dictionary::change_settings(conn, admin_, actor(), {enabled, std::move(triggers)});
    });
    ASSERT_TRUE(outcome.ok()) << outcome.error().message;
  }

  RecordedEvent record(store::Id student, const std::string& kind, bool tagged = false) {
    RecordedEvent recorded;
    db_->write([&](Connection& conn) {
      CaseEngine engine(conn, actor());
      recorded = engine.record({.student_id = student,
                                .kind = kind,
                                .summary = "did " + kind,
                                .form_tagged_open_case = tagged});
    });
    return recorded;
  }

  std::int64_t scalar(const std::string& sql) {
    std::int64_t n = 0;
    db_->read([&](Connection& conn) { n = conn.one(sql)[0].as_int(); });
    return n;
  }
  std::int64_t open_cases(store::Id student) {
    return scalar("SELECT count(*) FROM cases WHERE closed_at IS NULL AND student_id = " +
                  std::to_string(student));
  }
  std::int64_t events_of(store::Id student) {
    return scalar("SELECT count(*) FROM student_events WHERE student_id = " +
                  std::to_string(student));
  }

  Outcome<store::CaseRow> close_case(store::Id case_id, std::optional<store::Id> status,
                                     std::optional<store::Id> reason) {
    return write_transaction(*db_, [&](Connection& conn) {
      return close(conn, admin_, actor(), case_id, {status, reason, "done"});
    });
  }

  // Seeded by migration 0002: 3 = "Closed" (a closed status), 4 = "Goals met" (a reason).
  static constexpr store::Id kClosedStatus = 3;
  static constexpr store::Id kGoalsMet = 4;

  std::string url_;
  std::unique_ptr<store::Database> db_;
  store::Id school_ = 0;
  Principal admin_;
  std::vector<store::Id> students_;
};

TEST_P(CaseEngineTest, Rule1_EveryEventLandsOnTheTimeline) {
  record(students_[0], "task_assigned");
  record(students_[0], std::string(kinds::task_note_added));
  store::Page<store::EventRow> page;
  db_->read([&](Connection& conn) {
    page = store::events::timeline(conn, {.student_id = students_[0], .limit = 10});
  });
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].kind, "task_note_added");  // newest first
  EXPECT_EQ(page.items[1].kind, "task_assigned");
  EXPECT_EQ(page.items[1].actor_name, "Ada Admin");
}

TEST_P(CaseEngineTest, Rule2_DictionaryChangesAreVersionedAndAudited) {
  const auto versions_before = scalar("SELECT count(*) FROM dictionary_versions");
  set_dictionary(true, {"task_assigned"});
  auto renamed = write_transaction(*db_, [&](Connection& conn) {
    return dictionary::update_value(
        conn, admin_, actor(), dictionary::ValueKind::focus_area, 8,
        {.name = "Academics", .closed = {}, .is_default = {}, .retired = {}});
  });
  ASSERT_TRUE(renamed.ok()) << renamed.error().message;
  EXPECT_EQ(scalar("SELECT count(*) FROM dictionary_versions"), versions_before + 2);
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action IN ('case_management.update', "
                   "'dictionary.update')"),
            2);
  EXPECT_EQ(scalar("SELECT count(*) FROM dictionary_value_history WHERE value_id = 8"), 2);
}

TEST_P(CaseEngineTest, Rule2_ValuesAreRetiredNeverDeleted) {
  auto retired = write_transaction(*db_, [&](Connection& conn) {
    return dictionary::update_value(conn, admin_, actor(), dictionary::ValueKind::close_reason,
                                    kGoalsMet,
                                    {.name = {}, .closed = {}, .is_default = {}, .retired = true});
  });
  ASSERT_TRUE(retired.ok());
  EXPECT_TRUE(retired->retired);
  EXPECT_EQ(scalar("SELECT count(*) FROM dictionary_values WHERE id = 4"), 1);
}

TEST_P(CaseEngineTest, Rule2_RetiringTheDefaultStatusIsRefused) {
  auto added = write_transaction(*db_, [&](Connection& conn) {
    return dictionary::create_value(
        conn, admin_, actor(), dictionary::ValueKind::case_status,
        {.name = "New", .closed = false, .is_default = true, .retired = {}});
  });
  ASSERT_TRUE(added.ok()) << added.error().message;
  auto retire = write_transaction(*db_, [&](Connection& conn) {
    return dictionary::update_value(conn, admin_, actor(), dictionary::ValueKind::case_status,
                                    added->id,
                                    {.name = {}, .closed = {}, .is_default = {}, .retired = true});
  });
  ASSERT_FALSE(retire.ok());
  EXPECT_EQ(retire.error().kind, ErrorKind::invalid);
  EXPECT_EQ(scalar("SELECT count(*) FROM dictionary_values WHERE kind = 'case_status' AND "
                   "is_default = 1 AND retired = 0"),
            1);
}

TEST_P(CaseEngineTest, Rule3_FormOpensACaseOnlyWithTheOpenCaseTag) {
  set_dictionary(true, {"form_submitted"});
  EXPECT_FALSE(record(students_[0], "form_submitted", false).opened_case);
  EXPECT_EQ(open_cases(students_[0]), 0);
  EXPECT_TRUE(record(students_[0], "form_submitted", true).opened_case);
  EXPECT_EQ(open_cases(students_[0]), 1);
}

TEST_P(CaseEngineTest, Rule4_TriggerOffRecordsTheEventAndOpensNoCase) {
  set_dictionary(true, {"meeting_student_added"});
  auto recorded = record(students_[0], "task_assigned");
  EXPECT_FALSE(recorded.case_id);
  EXPECT_EQ(events_of(students_[0]), 1);
  EXPECT_EQ(open_cases(students_[0]), 0);
}

TEST_P(CaseEngineTest, Rule4_TriggerOnOpensACaseOnce) {
  set_dictionary(true, {"task_assigned"});
  auto first = record(students_[0], "task_assigned");
  EXPECT_TRUE(first.opened_case);
  ASSERT_TRUE(first.case_id);
  EXPECT_EQ(open_cases(students_[0]), 1);
  // The trigger event plus the case_opened entry, both on the case.
  EXPECT_EQ(scalar("SELECT count(*) FROM student_events WHERE case_id = " +
                   std::to_string(*first.case_id)),
            2);
}

TEST_P(CaseEngineTest, Rule4_SecondTriggerJoinsTheOpenCase) {
  set_dictionary(true, {"task_assigned", "meeting_student_added"});
  auto first = record(students_[0], "task_assigned");
  auto second = record(students_[0], "meeting_student_added");
  EXPECT_FALSE(second.opened_case);
  EXPECT_EQ(second.case_id, first.case_id);
  EXPECT_EQ(open_cases(students_[0]), 1);
}

TEST_P(CaseEngineTest, Rule4_CaseManagementDisabledOpensNothing) {
  set_dictionary(false, {"task_assigned"});
  EXPECT_FALSE(record(students_[0], "task_assigned").case_id);
  EXPECT_EQ(open_cases(students_[0]), 0);
  EXPECT_EQ(events_of(students_[0]), 1);
}

TEST_P(CaseEngineTest, Rule4_TheSchemaAllowsOneOpenCasePerStudent) {
  set_dictionary(true, {"task_assigned"});
  record(students_[0], "task_assigned");
  auto error = testing::write_and_wait(*db_, [&](Connection& conn) {
    conn.run(
        "INSERT INTO cases (student_id, school_id, grade, status_id, opened_at, opened_by_kind, "
        "opened_rule, last_activity_at, updated_at) VALUES ($1, $2, '05', 1, 1, 'manual', "
        "'test', 1, 1)",
        students_[0], school_);
  });
  auto violation = testing::violation_in(error);
  ASSERT_TRUE(violation);
  EXPECT_EQ(violation->kind(), store::ConstraintViolation::Kind::unique);
}

TEST_P(CaseEngineTest, Rule4_SixteenParallelTriggersOpenExactlyOneCase) {
  set_dictionary(true, {"task_assigned"});
  // Two Database objects stand for two servers on one database.
  auto other_server = store::open_database(url_);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      auto& db = i % 2 ? *other_server : *db_;
      auto error = testing::write_and_wait(db, [&](Connection& conn) {
        CaseEngine(conn, actor())
            .record({.student_id = students_[1], .kind = "task_assigned", .summary = "parallel"});
      });
      if (error) ++failures;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(open_cases(students_[1]), 1);
  EXPECT_EQ(events_of(students_[1]), 17);  // 16 triggers and one case_opened
  EXPECT_EQ(scalar("SELECT count(*) FROM student_events WHERE case_id IS NULL AND student_id = " +
                   std::to_string(students_[1])),
            0);
}

TEST_P(CaseEngineTest, Rule5_ActionOnManyStudentsOpensAllCasesInOneTransaction) {
  set_dictionary(true, {"meeting_student_added"});
  db_->write([&](Connection& conn) {
    CaseEngine engine(conn, actor());
    for (int i = 0; i < 30; ++i) {
      engine.record({.student_id = students_[i], .kind = "meeting_student_added", .summary = "m"});
    }
  });
  EXPECT_EQ(scalar("SELECT count(*) FROM cases WHERE closed_at IS NULL"), 30);
}

TEST_P(CaseEngineTest, Rule5_WhenTheThirtiethFailsNothingIsWritten) {
  set_dictionary(true, {"meeting_student_added"});
  const auto events_before = scalar("SELECT count(*) FROM student_events");
  auto error = testing::write_and_wait(*db_, [&](Connection& conn) {
    FailingConnection failing(conn, "INSERT INTO cases", 30);
    CaseEngine engine(failing, actor());
    for (int i = 0; i < 30; ++i) {
      engine.record({.student_id = students_[i], .kind = "meeting_student_added", .summary = "m"});
    }
  });
  EXPECT_EQ(testing::describe(error), "injected failure");
  EXPECT_EQ(scalar("SELECT count(*) FROM cases"), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM student_events"), events_before);
}

TEST_P(CaseEngineTest, Rule5_AFailedOutcomeMidwayRollsBackTheTransaction) {
  set_dictionary(true, {"meeting_student_added"});
  auto outcome = write_transaction(*db_, [&](Connection& conn) -> Outcome<int> {
    CaseEngine engine(conn, actor());
    for (int i = 0; i < 29; ++i) {
      engine.record({.student_id = students_[i], .kind = "meeting_student_added", .summary = "m"});
    }
    return Error::not_found("The thirtieth student");
  });
  EXPECT_FALSE(outcome.ok());
  EXPECT_EQ(scalar("SELECT count(*) FROM cases"), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM student_events"), 0);
}

TEST_P(CaseEngineTest, Rule6_TurningATriggerOnDoesNotReachBack) {
  set_dictionary(true, {});
  record(students_[0], "task_assigned");
  set_dictionary(true, {"task_assigned"});
  EXPECT_EQ(open_cases(students_[0]), 0);
  EXPECT_TRUE(record(students_[1], "task_assigned").opened_case);  // new events do open
  EXPECT_EQ(open_cases(students_[0]), 0);
}

TEST_P(CaseEngineTest, Rule6_BackfillPreviewsThenApplies) {
  set_dictionary(true, {});
  record(students_[0], "task_assigned");
  record(students_[0], "task_assigned");
  record(students_[1], "task_assigned");
  record(students_[2], "file_attached");
  const BackfillRequest preview{"task_assigned", 0, std::numeric_limits<std::int64_t>::max(),
                                false};
  auto listed = write_transaction(
      *db_, [&](Connection& conn) { return backfill(conn, admin_, actor(), preview); });
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ(scalar("SELECT count(*) FROM cases"), 0);  // a preview writes nothing

  auto apply = preview;
  apply.apply = true;
  auto applied = write_transaction(
      *db_, [&](Connection& conn) { return backfill(conn, admin_, actor(), apply); });
  ASSERT_TRUE(applied.ok());
  EXPECT_EQ(open_cases(students_[0]), 1);
  EXPECT_EQ(open_cases(students_[1]), 1);
  EXPECT_EQ(open_cases(students_[2]), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM student_events WHERE kind = 'task_assigned' AND case_id "
                   "IS NULL"),
            0);
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action = 'case_management.backfill'"), 1);
}

TEST_P(CaseEngineTest, Rule7_ClosingNeedsAClosedStatusAndAReason) {
  set_dictionary(true, {"task_assigned"});
  const auto case_id = *record(students_[0], "task_assigned").case_id;
  EXPECT_EQ(close_case(case_id, kClosedStatus, std::nullopt).error().fields.count("reason_id"), 1u);
  EXPECT_EQ(close_case(case_id, 1, kGoalsMet).error().fields.count("status_id"), 1u);  // open
  EXPECT_EQ(open_cases(students_[0]), 1);
  auto closed = close_case(case_id, kClosedStatus, kGoalsMet);
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_FALSE(closed->is_open());
  EXPECT_EQ(scalar("SELECT count(*) FROM student_events WHERE kind = 'case_closed'"), 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action = 'case.close'"), 1);
}

TEST_P(CaseEngineTest, Rule7_NextTriggerAfterCloseOpensANewCase) {
  set_dictionary(true, {"task_assigned"});
  const auto first = *record(students_[0], "task_assigned").case_id;
  ASSERT_TRUE(close_case(first, kClosedStatus, kGoalsMet).ok());
  auto next = record(students_[0], "task_assigned");
  EXPECT_TRUE(next.opened_case);
  EXPECT_NE(*next.case_id, first);
  EXPECT_EQ(scalar("SELECT count(*) FROM cases WHERE student_id = " + std::to_string(students_[0])),
            2);
}

TEST_P(CaseEngineTest, Rule7_ClosedCaseReopensByHandOnlyWhenNoOtherIsOpen) {
  set_dictionary(true, {"task_assigned"});
  const auto first = *record(students_[0], "task_assigned").case_id;
  ASSERT_TRUE(close_case(first, kClosedStatus, kGoalsMet).ok());
  auto reopened = write_transaction(
      *db_, [&](Connection& conn) { return reopen(conn, admin_, actor(), first); });
  ASSERT_TRUE(reopened.ok());
  EXPECT_TRUE(reopened->is_open());
  EXPECT_EQ(reopened->status_id, 1);  // the default status

  ASSERT_TRUE(close_case(first, kClosedStatus, kGoalsMet).ok());
  record(students_[0], "task_assigned");  // opens a second case
  auto refused = write_transaction(
      *db_, [&](Connection& conn) { return reopen(conn, admin_, actor(), first); });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "case_already_open");
}

TEST_P(CaseEngineTest, Rule8_ACaseKnowsWhyItIsOpen) {
  set_dictionary(true, {"task_assigned"});
  const auto recorded = record(students_[0], "task_assigned");
  std::optional<CasePage> page;
  db_->read([&](Connection& conn) { page = case_page(conn, admin_, *recorded.case_id, 0); });
  ASSERT_TRUE(page);
  ASSERT_TRUE(page->opened_by);
  EXPECT_EQ(page->opened_by->id, recorded.event_id);
  EXPECT_EQ(page->opened_by->kind, "task_assigned");
  EXPECT_EQ(page->row.c.opened_rule, "Open Case On Event: task_assigned");
  ASSERT_TRUE(page->dictionary_version);
  EXPECT_TRUE(page->dictionary_version->enabled);
  EXPECT_EQ(page->dictionary_version->open_case_on, std::vector<std::string>{"task_assigned"});
}

TEST_P(CaseEngineTest, OpenByHandIsRefusedWhileCaseManagementIsOff) {
  auto refused = write_transaction(
      *db_, [&](Connection& conn) { return open(conn, admin_, actor(), students_[0]); });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "case_management_disabled");
  set_dictionary(true, {});
  auto opened = write_transaction(
      *db_, [&](Connection& conn) { return open(conn, admin_, actor(), students_[0]); });
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->opened_by_kind, "manual");
}

TEST_P(CaseEngineTest, BulkCloseByFocusAreaClosesOnlyThoseCases) {
  set_dictionary(true, {"task_assigned"});
  std::vector<store::Id> cases;
  for (int i = 0; i < 4; ++i) cases.push_back(*record(students_[i], "task_assigned").case_id);
  for (int i = 0; i < 2; ++i) {
    auto changed = write_transaction(*db_, [&](Connection& conn) {
      return change(
          conn, admin_, actor(), cases[i],
          {.status_id = {}, .manager_id = {}, .focus_area_id = std::optional<store::Id>{9}});
    });
    ASSERT_TRUE(changed.ok()) << changed.error().message;
  }
  store::case_queries::DashboardFilter filter;
  filter.focus_area_id = 9;
  auto closed = write_transaction(*db_, [&](Connection& conn) {
    return bulk_close(conn, admin_, actor(), filter, {kClosedStatus, kGoalsMet, "end of year"});
  });
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(*closed, 2);
  EXPECT_EQ(scalar("SELECT count(*) FROM cases WHERE closed_at IS NULL"), 2);
}

TEST_P(CaseEngineTest, ACaseFollowsItsStudentToAnotherSchoolAndGrade) {
  set_dictionary(true, {"task_assigned"});
  const auto case_id = *record(students_[0], "task_assigned").case_id;
  db_->write([&](Connection& conn) {
    const auto south = store::schools::insert(conn, {0, std::nullopt, "South", "middle", {}, true});
    conn.run("UPDATE students SET school_id = $1, grade = '06' WHERE id = $2", south, students_[0]);
  });
  EXPECT_EQ(scalar("SELECT count(*) FROM cases c JOIN students s ON s.id = c.student_id WHERE "
                   "c.school_id = s.school_id AND c.grade = '06' AND c.id = " +
                   std::to_string(case_id)),
            1);
}

INSTANTIATE_TEST_SUITE_P(Databases, CaseEngineTest,
                         ::testing::ValuesIn(testing::test_database_kinds()),
                         testing::DatabaseKindName());

}  // namespace
}  // namespace trellis::domain::cases
