// One input discipline for every text and number, over HTTP on SQLite and PostgreSQL: numbers
// are finite, text is UTF-8 without NUL or control characters but tab and newline, lengths are
// counted in characters; a refused request names the field and writes nothing, and nothing
// stored can make an answer that is not JSON.
#include <boost/json.hpp>
#include <string>

#include "support/mtss_fixture.hpp"

namespace trellis::testing {
namespace {

namespace json = boost::json;

const std::string kNul("a\0b", 3);

class HostileInput : public MtssApiTest {
 protected:
  // POSTs `raw` as a JSON body, byte for byte: what a hostile client sends is not always
  // something json::serialize would write (`1e999`, bytes that are not UTF-8).
  HttpResult post_raw(HttpClient& by, const std::string& target, const std::string& raw) {
    return by.request("POST", target, raw, {{"Content-Type", "application/json"}});
  }
  static std::string path_of(const char* collection, const json::value& record) {
    return std::string("/api/v1/") + collection + "/" + std::to_string(record.at("id").as_int64());
  }
  // The message for `field` in a 422 answer; "" (and a failure) when there is none.
  static std::string problem_with(const HttpResult& result, const std::string& field) {
    EXPECT_EQ(result.status, 422) << result.body;
    if (result.status != 422) return "";
    const auto body = result.json();
    const auto& fields = body.at("error").at("fields").as_object();
    if (!fields.contains(field)) {
      ADD_FAILURE() << "no problem named " << field << " in " << result.body;
      return "";
    }
    return std::string(fields.at(field).as_string());
  }
  std::int64_t rows(const std::string& table) { return count("SELECT count(*) FROM " + table); }

  json::object task_body(std::int64_t student, const std::string& title) {
    return {{"student_id", student},
            {"assignee_id", counselor_id_},
            {"title", title},
            {"description", "Check in weekly."}};
  }
  json::object meeting_body(std::int64_t student, const std::string& title) {
    return {{"title", title},
            {"starts_at", "2031-03-04T15:00:00Z"},
            {"ends_at", "2031-03-04T16:00:00Z"},
            {"location", "Room 12"},
            {"attendee_ids", json::array{}},
            {"student_ids", json::array{student}}};
  }
};

TEST_P(HostileInput, ScoreOfInfinityIsRefused) {
  const auto plan = create_plan(fresh_student()).json();
  const auto progress = path_of("plans", plan) + "/progress";
  const auto before = row_counts();
  for (const char* score : {"1e999", "-1e999"}) {
    auto refused = post_raw(*counselor_, progress,
                            std::string(R"({"date": "2026-01-12", "score": )") + score + "}");
    EXPECT_EQ(problem_with(refused, "score"), "Use a finite number.");
  }
  auto goal = post_raw(*counselor_, "/api/v1/plans",
                       R"({"student_id": 1, "area": "reading", "tier": 2,
                           "goal": {"target": 1e999}})");
  EXPECT_EQ(problem_with(goal, "goal.target"), "Use a finite number.");
  EXPECT_EQ(row_counts()[6], before[6]) << "no progress point was stored";

  // Finite scores whose sums overflow, and (written behind the API's back, as a database from
  // before this check could hold) an infinite one: the answer stays JSON, with null where
  // arithmetic gave no number.
  for (const char* date : {"2026-01-12", "2026-01-19"}) {
    auto added = post_raw(*counselor_, progress,
                          std::string(R"({"date": ")") + date + R"(", "score": 1.7e308})");
    ASSERT_EQ(added.status, 201) << added.body;
  }
  const auto infinity = GetParam() == "postgres" ? "'Infinity'::float8" : "9e999";
  execute("INSERT INTO progress_points (plan_id, date, score, note, recorded_at) VALUES (" +
          std::to_string(plan.at("id").as_int64()) + ", '2026-01-26', " + infinity + ", '', 1)");
  auto answer = counselor_->get(progress);
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.body.find("Infinity"), std::string::npos) << answer.body;
  EXPECT_EQ(answer.body.find("NaN"), std::string::npos) << answer.body;
  boost::system::error_code ec;
  const auto body = json::parse(answer.body, ec);
  ASSERT_FALSE(ec) << answer.body;
  EXPECT_EQ(body.at("points").as_array().size(), 3u);
  EXPECT_TRUE(body.at("points").at(2).at("score").is_null());
  EXPECT_TRUE(body.at("analysis").at("rate_of_improvement_per_week").is_null());
}

TEST_P(HostileInput, NulInTextIsRefusedEverywhere) {
  const auto student = fresh_student();
  const auto before = row_counts();
  const auto tasks = rows("tasks"), meetings = rows("meetings"), responses = rows("form_responses"),
             closed = rows("cases");

  EXPECT_EQ(problem_with(counselor_->post("/api/v1/tasks", task_body(student, kNul)), "title"),
            "Remove the control character U+0000.");
  EXPECT_FALSE(
      problem_with(counselor_->post("/api/v1/meetings", meeting_body(student, kNul)), "title")
          .empty());
  EXPECT_FALSE(problem_with(create_plan(student, {{"skill", kNul}}), "skill").empty());
  auto nested =
      create_plan(student, {{"interventions", json::array{json::object{{"name", kNul}}}}});
  EXPECT_FALSE(problem_with(nested, "interventions[0].name").empty());

  // A form answer, and a form's own field definitions.
  auto form = counselor_->post(
      "/api/v1/forms",
      json::object{{"name", unique("Nul check ")},
                   {"fields", json::array{json::object{
                                  {"key", "note"}, {"label", "Note"}, {"type", "long_text"}}}}});
  ASSERT_EQ(form.status, 201) << form.body;
  auto answer = counselor_->post(
      path_of("forms", form.json()) + "/responses",
      json::object{{"student_id", student}, {"answers", json::object{{"note", kNul}}}});
  EXPECT_FALSE(problem_with(answer, "answers.note").empty());

  // A case's closing note; the case stays open.
  dictionary(true, {});
  auto opened = counselor_->post("/api/v1/cases", json::object{{"student_id", student}});
  ASSERT_EQ(opened.status, 201) << opened.body;
  auto close = counselor_->post(path_of("cases", opened.json()) + "/close",
                                json::object{{"status_id", 1}, {"reason_id", 1}, {"note", kNul}});
  EXPECT_FALSE(problem_with(close, "note").empty());
  EXPECT_EQ(open_cases(student), 1);

  // Other control characters and carriage returns too; tab and newline are text.
  EXPECT_FALSE(
      problem_with(counselor_->post("/api/v1/tasks", task_body(student, "bell \x07")), "title")
          .empty());
  EXPECT_FALSE(
      problem_with(counselor_->post("/api/v1/tasks", task_body(student, "a\r\nb")), "title")
          .empty());
  // Bytes that are not UTF-8 are named too, not refused as malformed JSON.
  auto latin1 = post_raw(*counselor_, "/api/v1/tasks",
                         "{\"student_id\": " + std::to_string(student) + ", \"assignee_id\": " +
                             std::to_string(counselor_id_) + ", \"title\": \"caf\xe9\"}");
  EXPECT_EQ(problem_with(latin1, "title"), "Use valid UTF-8 text.");

  EXPECT_EQ(rows("tasks"), tasks);
  EXPECT_EQ(rows("meetings"), meetings);
  EXPECT_EQ(rows("form_responses"), responses);
  EXPECT_EQ(rows("cases"), closed + 1) << "only the case the test opened";
  EXPECT_EQ(row_counts()[0], before[0]) << "no plan was made";

  auto tab_and_newline = counselor_->post("/api/v1/tasks", task_body(student, "Call\tmother"));
  EXPECT_EQ(tab_and_newline.status, 201) << tab_and_newline.body;
}

TEST_P(HostileInput, AccentedTitleOf200CharactersIsAccepted) {
  const auto student = fresh_student();
  std::string accented;  // 200 characters, 400 bytes: what the browser's maxlength allows
  for (int i = 0; i < 200; ++i) accented += "\xc3\xa9";
  auto task = counselor_->post("/api/v1/tasks", task_body(student, accented));
  ASSERT_EQ(task.status, 201) << task.body;
  EXPECT_EQ(task.json().at("title").as_string(), accented);
  auto meeting = counselor_->post("/api/v1/meetings", meeting_body(student, accented));
  ASSERT_EQ(meeting.status, 201) << meeting.body;
  EXPECT_EQ(meeting.json().at("title").as_string(), accented);

  // One more character is one too many, for both, with the same message.
  const auto longer = accented + "\xc3\xa9";
  EXPECT_EQ(problem_with(counselor_->post("/api/v1/tasks", task_body(student, longer)), "title"),
            "Use at most 200 characters.");
  EXPECT_EQ(
      problem_with(counselor_->post("/api/v1/meetings", meeting_body(student, longer)), "title"),
      "Use at most 200 characters.");
}

INSTANTIATE_TEST_SUITE_P(Databases, HostileInput, ::testing::ValuesIn(test_database_kinds()),
                         DatabaseKindName());

}  // namespace
}  // namespace trellis::testing
