// Student search over HTTP, on SQLite and PostgreSQL: a name prefix matches family or given
// names (or the exact local id), in name order, paged, through the one access rule. A district
// administrator's search runs as separate index walks merged into one page; a school-scoped
// user's search is driven by the students they may see: both must give the same answers.
#include <boost/json.hpp>
#include <cctype>
#include <string>
#include <vector>

#include "support/api_fixture.hpp"

namespace trellis::testing {
namespace {

namespace json = boost::json;

class StudentSearchApi : public ApiTest {
 protected:
  void SetUp() override {
    middle_school_ = count("SELECT id FROM schools WHERE name = 'Cedar Ridge Middle'");
    elementary_school_ = count("SELECT id FROM schools WHERE name = 'Maple Grove Elementary'");
    tag_ = unique("Qz");  // letters then digits: no demo name starts with it
  }

  std::int64_t add(std::int64_t school, const std::string& given, const std::string& family,
                   const std::string& local_id = "") {
    execute(
        "INSERT INTO students (given_name, family_name, local_id, grade, school_id, "
        "created_at, updated_at) VALUES ('" +
        given + "', '" + family + "', " + (local_id.empty() ? "NULL" : "'" + local_id + "'") +
        ", '07', " + std::to_string(school) + ", 1, 1)");
    return count("SELECT max(id) FROM students");
  }

  // The ids of one page and its cursor.
  struct Page {
    std::vector<std::int64_t> ids;
    std::string next;
  };
  static Page search(HttpClient& as, const std::string& query_string) {
    auto result = as.get("/api/v1/students?" + query_string);
    EXPECT_EQ(result.status, 200) << result.body;
    Page page;
    const auto body = result.json();
    for (const auto& item : body.at("items").as_array()) {
      page.ids.push_back(item.at("id").as_int64());
    }
    if (body.at("next_cursor").is_string()) page.next = body.at("next_cursor").as_string();
    return page;
  }

  std::int64_t middle_school_ = 0;
  std::int64_t elementary_school_ = 0;
  std::string tag_;
};

TEST_P(StudentSearchApi, FamilyAndGivenNamePrefixesComeInNameOrderAcrossPages) {
  // Family-name matches and a given-name match interleave in (family, given) order.
  const auto carter = add(middle_school_, "Ana", tag_ + "Carter");
  const auto by_given = add(middle_school_, tag_ + "Ben", "Bell");
  const auto adams = add(middle_school_, "Zoe", tag_ + "Adams");
  const std::vector<std::int64_t> expected{by_given, adams, carter};
  for (const char* email : {kDistrictAdmin, kMiddleCounselor}) {
    auto as = signed_in(email);
    const auto first = search(as, "limit=2&q=" + tag_);
    ASSERT_EQ(first.ids.size(), 2u) << email;
    ASSERT_FALSE(first.next.empty()) << email;
    const auto second = search(as, "limit=2&q=" + tag_ + "&cursor=" + first.next);
    std::vector<std::int64_t> all = first.ids;
    all.insert(all.end(), second.ids.begin(), second.ids.end());
    EXPECT_EQ(all, expected) << email;
    EXPECT_TRUE(second.next.empty()) << email;
  }
}

TEST_P(StudentSearchApi, PrefixIsCaseInsensitiveAndExactLocalIdMatches) {
  const auto student = add(middle_school_, "Lena", tag_ + "Ortega", tag_ + "-77");
  auto admin = signed_in(kDistrictAdmin);
  std::string lowered = tag_;
  for (auto& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(search(admin, "q=" + lowered + "or").ids, std::vector<std::int64_t>{student});
  EXPECT_EQ(search(admin, "q=" + tag_ + "-77").ids, std::vector<std::int64_t>{student});
  EXPECT_TRUE(search(admin, "q=" + tag_ + "-7").ids.empty()) << "a local id matches exactly";
  EXPECT_TRUE(search(admin, "q=" + tag_ + "Orf").ids.empty());
}

TEST_P(StudentSearchApi, APrefixEndingInPunctuationStillMatches) {
  const auto student = add(middle_school_, "Sean", tag_ + "O''Neil");  // O'Neil, in SQL text
  auto admin = signed_in(kDistrictAdmin);
  EXPECT_EQ(search(admin, "q=" + tag_ + "o%27").ids, std::vector<std::int64_t>{student});
  EXPECT_TRUE(search(admin, "q=" + tag_ + "o_").ids.empty()) << "_ is matched literally";
}

TEST_P(StudentSearchApi, FiltersApplyToEveryBranchOfTheSearch) {
  const auto middle = add(middle_school_, "Ivy", tag_ + "Reyes");
  add(elementary_school_, tag_ + "Ivo", "Reyes");
  execute("UPDATE students SET active = 0 WHERE id = " +
          std::to_string(add(middle_school_, "Old", tag_ + "Reyes")));
  auto admin = signed_in(kDistrictAdmin);
  EXPECT_EQ(search(admin, "school_id=" + std::to_string(middle_school_) + "&q=" + tag_).ids,
            std::vector<std::int64_t>{middle});
  EXPECT_EQ(search(admin, "q=" + tag_).ids.size(), 2u) << "inactive students are left out";
}

TEST_P(StudentSearchApi, ACounselorDoesNotFindAnotherSchoolsStudent) {
  const auto own = add(middle_school_, "Mia", tag_ + "Lopez");
  add(elementary_school_, "Max", tag_ + "Lopez");
  auto counselor = signed_in(kMiddleCounselor);
  EXPECT_EQ(search(counselor, "q=" + tag_).ids, std::vector<std::int64_t>{own});
  auto admin = signed_in(kDistrictAdmin);
  EXPECT_EQ(search(admin, "q=" + tag_).ids.size(), 2u);
}

// A counselor's search is a union of branches (their school's family- and given-name ranges,
// an exact local id, and the students related to them by grants or rosters); together they
// give exactly the students the access rule shows, in one name order across pages.
TEST_P(StudentSearchApi, AScopedSearchFindsEveryVisibleMatchThroughEachBranchInNameOrder) {
  const auto by_family = add(middle_school_, "Zed", tag_ + "Adams");
  const auto by_given = add(middle_school_, tag_ + "Ben", "Brown");
  const auto granted = add(elementary_school_, "Cy", tag_ + "Cole", tag_ + "-7");
  const auto unseen = add(elementary_school_, "Di", tag_ + "Dunn", tag_ + "-9");
  const auto by_local_id = add(middle_school_, "Eve", "Evans", tag_ + "-5");
  const auto counselor_id =
      count("SELECT id FROM users WHERE email = '" + std::string(kMiddleCounselor) + "'");
  execute(
      "INSERT INTO student_access_grants (user_id, student_id, reason, source_id, "
      "created_at) VALUES (" +
      std::to_string(counselor_id) + ", " + std::to_string(granted) + ", 'task_assignee', 0, 1)");
  auto counselor = signed_in(kMiddleCounselor);
  // Given "Ben" (family Brown), family "Adams", granted "Cole": in (family, given) order, two
  // a page; the other school's Dunn is not among them.
  auto first = search(counselor, "limit=2&q=" + tag_);
  EXPECT_EQ(first.ids, (std::vector<std::int64_t>{by_given, by_family}));
  ASSERT_FALSE(first.next.empty());
  auto second = search(counselor, "limit=2&q=" + tag_ + "&cursor=" + first.next);
  EXPECT_EQ(second.ids, std::vector<std::int64_t>{granted});
  EXPECT_EQ(search(counselor, "q=" + tag_ + "-5").ids, std::vector<std::int64_t>{by_local_id});
  EXPECT_TRUE(search(counselor, "q=" + tag_ + "-9").ids.empty()) << "another school's local id";
  EXPECT_EQ(search(counselor, "q=" + tag_ + "Co").ids, std::vector<std::int64_t>{granted});
  EXPECT_EQ(search(counselor, "q=" + tag_ + "-7").ids, std::vector<std::int64_t>{granted})
      << "a related student's local id";
  // A teacher has no school-wide role: only the students related to them.
  auto teacher = signed_in(kMiddleTeacher);
  EXPECT_TRUE(search(teacher, "q=" + tag_).ids.empty());
  auto admin = signed_in(kDistrictAdmin);
  EXPECT_EQ(search(admin, "q=" + tag_).ids,
            (std::vector<std::int64_t>{by_given, by_family, granted, unseen}));
  // Tests share the server: the counselor's reach goes back as it was.
  execute("DELETE FROM student_access_grants WHERE student_id = " + std::to_string(granted));
}

// Search is a list of directory information: name, grade, school, local id. Birth date, sex,
// e-mail and demographics are the record, shown only on the (access-logged) profile.
TEST_P(StudentSearchApi, SearchShowsDirectoryInformationOnlyAndLogsNothing) {
  const auto student = add(middle_school_, "Dana", tag_ + "Private");
  execute(
      "UPDATE students SET birth_date = '2012-04-01', sex = 'female', email = 'd@x.test', "
      "demographics = '{\"hispanicOrLatinoEthnicity\": true}' WHERE id = " +
      std::to_string(student));
  auto admin = signed_in(kDistrictAdmin);
  const auto logged = [&] {
    return count("SELECT count(*) FROM student_access_log WHERE student_id = " +
                 std::to_string(student));
  };
  auto found = admin.get("/api/v1/students?q=" + tag_ + "Private");
  ASSERT_EQ(found.status, 200) << found.body;
  const auto body = found.json();
  const auto& item = body.at("items").at(0).as_object();
  EXPECT_EQ(item.at("id").as_int64(), student);
  for (const char* field : {"birth_date", "sex", "email", "demographics"}) {
    EXPECT_FALSE(item.contains(field)) << field;
  }
  EXPECT_EQ(logged(), 0);
  auto profile = admin.get("/api/v1/students/" + std::to_string(student));
  ASSERT_EQ(profile.status, 200);
  EXPECT_EQ(profile.json().at("birth_date").as_string(), "2012-04-01");
  EXPECT_EQ(logged(), 1);
}

INSTANTIATE_TEST_SUITE_P(Databases, StudentSearchApi, ::testing::ValuesIn(test_database_kinds()),
                         DatabaseKindName());

}  // namespace
}  // namespace trellis::testing
