// Student meetings over HTTP, on SQLite and PostgreSQL: scheduling all or nothing, attendees'
// access, rescheduling and cancelling, students on and off, notes per student, the .ics file
// and who may see what.
#include <boost/json.hpp>

#include "support/api_fixture.hpp"
#include "support/ics_text.hpp"

namespace trellis::testing {
namespace {

namespace json = boost::json;

constexpr const char* kMiddleTeacher = "teacher2.crm@demo.trellis.test";  // grade 06 math
constexpr const char* kMiddlePrincipal = "principal.crm@demo.trellis.test";

class MeetingsApiTest : public ApiTest {
 protected:
  std::int64_t user_id(const std::string& email) {
    auto admin = signed_in(kDistrictAdmin);
    auto found = admin.get("/api/v1/users?q=" + email);
    EXPECT_EQ(found.status, 200) << found.body;
    return found.json().at("items").at(0).at("id").as_int64();
  }

  // `n` students of one grade of a school, after skipping `skip` of them.
  json::array students(const std::string& school, const std::string& grade, int n, int skip = 0) {
    auto admin = signed_in(kDistrictAdmin);
    auto page = admin.get("/api/v1/students?school_id=" + std::to_string(school_id(school)) +
                          "&grade=" + grade + "&limit=" + std::to_string(n + skip));
    EXPECT_EQ(page.status, 200) << page.body;
    const auto body = page.json();
    const auto& items = body.at("items").as_array();
    json::array ids;
    for (int i = skip; i < skip + n && i < static_cast<int>(items.size()); ++i) {
      ids.push_back(items.at(static_cast<std::size_t>(i)).at("id"));
    }
    EXPECT_EQ(static_cast<int>(ids.size()), n);
    return ids;
  }

  json::object meeting_body(const std::string& title, json::array student_ids,
                            json::array attendee_ids = {}) {
    return {{"title", title},
            {"starts_at", "2031-03-04T15:00:00Z"},
            {"ends_at", "2031-03-04T16:00:00Z"},
            {"location", "Room 12"},
            {"attendee_ids", std::move(attendee_ids)},
            {"student_ids", std::move(student_ids)}};
  }

  json::value schedule(HttpClient& c, const json::object& body) {
    auto created = c.post("/api/v1/meetings", body);
    EXPECT_EQ(created.status, 201) << created.body;
    return created.json();
  }

  std::int64_t events(std::int64_t meeting_id, const std::string& kind) {
    return count("SELECT count(*) FROM student_events WHERE entity = 'meeting' AND entity_id = " +
                 std::to_string(meeting_id) + " AND kind = '" + kind + "'");
  }

  std::int64_t grants(std::int64_t meeting_id) {
    return count(
        "SELECT count(*) FROM student_access_grants WHERE reason = 'meeting_attendee' AND "
        "source_id = " +
        std::to_string(meeting_id));
  }

  // Rows of every table a meeting writes to, to show a refused request wrote none.
  std::vector<std::int64_t> written_rows() {
    std::vector<std::int64_t> counts;
    for (const auto* table : {"meetings", "meeting_attendees", "meeting_students", "meeting_notes",
                              "student_events", "student_access_grants", "cases", "audit_log"}) {
      counts.push_back(count(std::string("SELECT count(*) FROM ") + table));
    }
    return counts;
  }
};

std::string path_of(const json::value& meeting, const std::string& rest = "") {
  return "/api/v1/meetings/" + std::to_string(meeting.at("id").as_int64()) + rest;
}

bool lists_student(const json::value& meeting, const json::value& student_id) {
  for (const auto& s : meeting.at("students").as_array()) {
    if (s.at("id") == student_id) return true;
  }
  return false;
}

TEST_P(MeetingsApiTest, SchedulingWithThreeStudentsAddsThemAndGivesAttendeesAccess) {
  const auto teacher_id = user_id(kMiddleTeacher);
  const auto ids = students("Cedar Ridge Middle", "08", 3);
  auto teacher = signed_in(kMiddleTeacher);
  const auto student_path = "/api/v1/students/" + std::to_string(ids.at(0).as_int64());
  ASSERT_EQ(teacher.get(student_path).status, 404) << "grade 8 is not on a grade 6 roster";

  auto counselor = signed_in(kMiddleCounselor);
  const auto meeting =
      schedule(counselor, meeting_body("Grade 8 SST", ids, json::array{teacher_id}));
  EXPECT_EQ(meeting.at("title").as_string(), "Grade 8 SST");
  EXPECT_EQ(meeting.at("starts_at").as_string(), "2031-03-04T15:00:00Z");
  EXPECT_EQ(meeting.at("status").as_string(), "scheduled");
  EXPECT_EQ(meeting.at("location").as_string(), "Room 12");
  ASSERT_EQ(meeting.at("students").as_array().size(), 3u);
  const auto& first = meeting.at("students").at(0);
  for (const auto* key : {"id", "name", "grade", "school_id", "case_id"}) {
    EXPECT_TRUE(first.as_object().contains(key)) << key;
  }
  EXPECT_EQ(first.at("grade").as_string(), "08");
  const auto& attendees = meeting.at("attendees").as_array();
  EXPECT_EQ(attendees.size(), 2u) << "the teacher, and the creator by default";
  EXPECT_EQ(meeting.at("created_by").as_int64(), user_id(kMiddleCounselor));

  const auto id = meeting.at("id").as_int64();
  EXPECT_EQ(events(id, "meeting_student_added"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM meeting_students WHERE removed_at IS NULL AND "
                  "meeting_id = " +
                  std::to_string(id)),
            3);
  EXPECT_EQ(grants(id), 6);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'meeting.create' AND entity_id "
                  "= " +
                  std::to_string(id)),
            1);

  EXPECT_EQ(teacher.get(student_path).status, 200) << "attendees may see the meeting's students";
  auto seen = teacher.get(path_of(meeting));
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.json().at("students").as_array().size(), 3u);
}

TEST_P(MeetingsApiTest, EndingBeforeItStartsIs422AndWritesNothing) {
  auto counselor = signed_in(kMiddleCounselor);
  auto body = meeting_body("Backwards", students("Cedar Ridge Middle", "07", 2));
  body["ends_at"] = "2031-03-04T14:00:00Z";
  const auto before = written_rows();
  auto refused = counselor.post("/api/v1/meetings", body);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_TRUE(refused.json().at("error").at("fields").as_object().contains("ends_at"));
  EXPECT_EQ(written_rows(), before);
}

TEST_P(MeetingsApiTest, AnInvisibleStudentAmongThirtyIs404AndWritesNothing) {
  auto counselor = signed_in(kMiddleCounselor);
  auto ids = students("Cedar Ridge Middle", "07", 29);
  ids.push_back(students("Riverside High", "10", 1).at(0));  // not the counselor's school
  const auto before = written_rows();
  auto refused = counselor.post("/api/v1/meetings", meeting_body("Too far", ids));
  EXPECT_EQ(refused.status, 404) << refused.body;
  EXPECT_EQ(refused.error_code(), "not_found");
  EXPECT_EQ(refused.body.find("Riverside"), std::string::npos) << "names nothing";
  EXPECT_EQ(written_rows(), before) << "no meeting, no events, no grants, no audit";
}

TEST_P(MeetingsApiTest, BadInputIsRefusedAndWritesNothing) {
  auto counselor = signed_in(kMiddleCounselor);
  const auto before = written_rows();
  auto wrong_types = counselor.post("/api/v1/meetings", {{"title", 5},
                                                         {"starts_at", "tomorrow"},
                                                         {"ends_at", "2031-03-04T16:00:00Z"},
                                                         {"student_ids", "1,2"},
                                                         {"attendee_ids", json::array{-1}}});
  EXPECT_EQ(wrong_types.status, 422) << wrong_types.body;
  const auto fields = wrong_types.json().at("error").at("fields").as_object();
  for (const auto* key : {"title", "starts_at", "student_ids", "attendee_ids"}) {
    EXPECT_TRUE(fields.contains(key)) << key;
  }
  auto blank_title =
      counselor.post("/api/v1/meetings", meeting_body("   ", json::array{}, json::array{}));
  EXPECT_EQ(blank_title.status, 422);
  auto inactive_attendee = counselor.post(
      "/api/v1/meetings", meeting_body("Ghost", json::array{}, json::array{999999999}));
  EXPECT_EQ(inactive_attendee.status, 422);
  EXPECT_TRUE(
      inactive_attendee.json().at("error").at("fields").as_object().contains("attendee_ids"));
  EXPECT_EQ(counselor.post("/api/v1/meetings", meeting_body(std::string(201, 'x'), {})).status,
            422);
  EXPECT_EQ(counselor
                .request("POST", "/api/v1/meetings", "title=x",
                         {{"Content-Type", "application/x-www-form-urlencoded"}})
                .status,
            415);
  EXPECT_EQ(counselor.request("POST", "/api/v1/meetings", std::string(2 * 1024 * 1024, ' ')).status,
            413);
  EXPECT_EQ(counselor.request("POST", "/api/v1/meetings", "{\"title\": ").status, 400);
  EXPECT_EQ(written_rows(), before);

  EXPECT_EQ(counselor.get("/api/v1/meetings/999999999").status, 404);
  EXPECT_EQ(counselor.get("/api/v1/meetings/999999999.ics").status, 404);
  EXPECT_EQ(counselor.get("/api/v1/meetings/abc.ics").status, 404);
  EXPECT_EQ(counselor.get("/api/v1/meetings?from=yesterday").status, 422);
  EXPECT_EQ(counselor.get("/api/v1/meetings?cursor=garbage").status, 400);
}

TEST_P(MeetingsApiTest, ReschedulingRecordsEventsAndBumpsTheCalendarSequence) {
  auto counselor = signed_in(kMiddleCounselor);
  const auto meeting =
      schedule(counselor, meeting_body("Move me", students("Cedar Ridge Middle", "06", 2, 10)));
  const auto ics_before = counselor.get(path_of(meeting, ".ics"));
  ASSERT_EQ(ics_before.status, 200) << ics_before.body;
  EXPECT_NE(ics_before.body.find("SEQUENCE:0\r\n"), std::string::npos) << ics_before.body;

  auto moved = counselor.patch(path_of(meeting), {{"starts_at", "2031-03-05T09:00:00-05:00"},
                                                  {"ends_at", "2031-03-05T10:00:00-05:00"}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json().at("starts_at").as_string(), "2031-03-05T14:00:00Z");
  EXPECT_EQ(moved.json().at("sequence").as_int64(), 1);
  EXPECT_EQ(events(meeting.at("id").as_int64(), "meeting_rescheduled"), 2);

  const auto ics_after = unfold_ics(counselor.get(path_of(meeting, ".ics")).body);
  EXPECT_NE(ics_after.find("SEQUENCE:1\r\n"), std::string::npos) << ics_after;
  EXPECT_NE(ics_after.find("DTSTART:20310305T140000Z\r\n"), std::string::npos) << ics_after;
  EXPECT_NE(ics_after.find("DTEND:20310305T150000Z\r\n"), std::string::npos) << ics_after;

  auto renamed = counselor.patch(path_of(meeting), {{"title", "Moved"}, {"location", "Library"}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json().at("sequence").as_int64(), 2);
  EXPECT_EQ(events(meeting.at("id").as_int64(), "meeting_rescheduled"), 2)
      << "a new title is no reschedule";

  auto unchanged = counselor.patch(path_of(meeting), {{"title", "Moved"}});
  EXPECT_EQ(unchanged.json().at("sequence").as_int64(), 2) << "no change, no new sequence";

  const auto before = written_rows();
  auto backwards = counselor.patch(path_of(meeting), {{"starts_at", "2031-03-06T09:00:00Z"}});
  EXPECT_EQ(backwards.status, 422) << "would now end before it starts";
  EXPECT_TRUE(backwards.json().at("error").at("fields").as_object().contains("ends_at"));
  EXPECT_EQ(written_rows(), before);
}

TEST_P(MeetingsApiTest, CancellingMarksTheCalendarAndFreezesTheMeeting) {
  auto counselor = signed_in(kMiddleCounselor);
  const auto meeting =
      schedule(counselor, meeting_body("Call off", students("Cedar Ridge Middle", "06", 2, 12)));
  auto cancelled = counselor.patch(path_of(meeting), {{"status", "cancelled"}});
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.json().at("status").as_string(), "cancelled");
  EXPECT_EQ(events(meeting.at("id").as_int64(), "meeting_cancelled"), 2);
  const auto ics = counselor.get(path_of(meeting, ".ics"));
  EXPECT_NE(ics.body.find("STATUS:CANCELLED\r\n"), std::string::npos) << ics.body;
  EXPECT_NE(ics.body.find("SEQUENCE:1\r\n"), std::string::npos) << ics.body;

  auto again = counselor.patch(path_of(meeting), {{"title", "Back on"}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.error_code(), "meeting_cancelled");
  auto more = counselor.post(path_of(meeting, "/students"),
                             {{"student_ids", students("Cedar Ridge Middle", "06", 1, 14)}});
  EXPECT_EQ(more.status, 409);
  EXPECT_EQ(counselor.patch(path_of(meeting), {{"status", "postponed"}}).status, 422);
}

TEST_P(MeetingsApiTest, NotesAreKeptPerStudentOnTheirTimeline) {
  auto counselor = signed_in(kMiddleCounselor);
  const auto ids = students("Cedar Ridge Middle", "07", 2, 30);
  const auto meeting = schedule(counselor, meeting_body("Notes", ids));
  const auto id = meeting.at("id").as_int64();

  auto about_student =
      counselor.post(path_of(meeting, "/notes"), {{"student_id", ids.at(0)},
                                                  {"body", "Reading fluency below benchmark."},
                                                  {"decision", "Tier 2"}});
  ASSERT_EQ(about_student.status, 201) << about_student.body;
  EXPECT_EQ(about_student.json().at("student_id"), ids.at(0));
  EXPECT_EQ(about_student.json().at("decision").as_string(), "Tier 2");
  EXPECT_EQ(events(id, "meeting_note_added"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM student_events WHERE kind = 'meeting_note_added' AND "
                  "entity_id = " +
                  std::to_string(id) + " AND student_id = " + std::to_string(ids.at(0).as_int64())),
            1);

  auto general = counselor.post(path_of(meeting, "/notes"), {{"body", "Next review in May."}});
  ASSERT_EQ(general.status, 201) << general.body;
  EXPECT_TRUE(general.json().at("student_id").is_null());
  EXPECT_EQ(events(id, "meeting_note_added"), 1) << "a note about the meeting is on no timeline";

  const auto outsider = students("Cedar Ridge Middle", "07", 1, 40).at(0);
  auto not_on_meeting =
      counselor.post(path_of(meeting, "/notes"), {{"student_id", outsider}, {"body", "x"}});
  EXPECT_EQ(not_on_meeting.status, 422);
  EXPECT_EQ(counselor.post(path_of(meeting, "/notes"), {{"body", ""}}).status, 422);

  auto listed = counselor.get(path_of(meeting, "/notes"));
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.json().at("items").as_array().size(), 2u);
  auto filtered =
      counselor.get(path_of(meeting, "/notes?student_id=") + std::to_string(ids.at(0).as_int64()));
  EXPECT_EQ(filtered.json().at("items").as_array().size(), 1u);
  // The access log names what was read: the meeting's notes.
  EXPECT_GE(count("SELECT count(*) FROM student_access_log WHERE detail = 'meeting " +
                  std::to_string(meeting.at("id").as_int64()) +
                  " notes' AND student_id = " + std::to_string(ids.at(0).as_int64())),
            1);

  auto stranger = signed_in(kHighTeacher);
  EXPECT_EQ(stranger.get(path_of(meeting, "/notes")).status, 404);
  EXPECT_EQ(stranger.post(path_of(meeting, "/notes"), {{"body", "x"}}).status, 404);
  auto principal = signed_in(kMiddlePrincipal);
  EXPECT_EQ(principal.post(path_of(meeting, "/notes"), {{"body", "x"}}).status, 403)
      << "sees the meeting through its students, but does not take part";
}

TEST_P(MeetingsApiTest, RemovingAStudentKeepsHistoryAndEndsAttendeesAccess) {
  const auto teacher_id = user_id(kMiddleTeacher);
  auto counselor = signed_in(kMiddleCounselor);
  const auto ids = students("Cedar Ridge Middle", "08", 3, 20);
  const auto meeting =
      schedule(counselor, meeting_body("Remove one", ids, json::array{teacher_id}));
  const auto id = meeting.at("id").as_int64();
  const auto removed = ids.at(1);
  const auto student_path = "/api/v1/students/" + std::to_string(removed.as_int64());
  auto teacher = signed_in(kMiddleTeacher);
  ASSERT_EQ(teacher.get(student_path).status, 200);

  EXPECT_EQ(
      counselor.del(path_of(meeting, "/students/") + std::to_string(removed.as_int64())).status,
      204);
  auto after = counselor.get(path_of(meeting)).json();
  EXPECT_EQ(after.at("students").as_array().size(), 2u);
  EXPECT_FALSE(lists_student(after, removed));
  EXPECT_EQ(count("SELECT count(*) FROM meeting_students WHERE removed_at IS NOT NULL AND "
                  "meeting_id = " +
                  std::to_string(id)),
            1)
      << "the row stays, marked removed";
  EXPECT_EQ(events(id, "meeting_student_removed"), 1);
  EXPECT_EQ(grants(id), 4) << "two students, two attendees";
  EXPECT_EQ(teacher.get(student_path).status, 404);
  EXPECT_EQ(
      counselor.del(path_of(meeting, "/students/") + std::to_string(removed.as_int64())).status,
      404);

  // Back on: a new row, a new event; students already on are ignored.
  auto readded = counselor.post(path_of(meeting, "/students"),
                                {{"student_ids", json::array{removed, ids.at(0)}}});
  ASSERT_EQ(readded.status, 200) << readded.body;
  EXPECT_EQ(readded.json().at("students").as_array().size(), 3u);
  EXPECT_EQ(events(id, "meeting_student_added"), 4);
  EXPECT_EQ(teacher.get(student_path).status, 200);
}

TEST_P(MeetingsApiTest, AttendeesChangedLaterGainAndLoseAccessToTheStudents) {
  const auto teacher_id = user_id(kMiddleTeacher);
  const auto counselor_id = user_id(kMiddleCounselor);
  auto counselor = signed_in(kMiddleCounselor);
  const auto ids = students("Cedar Ridge Middle", "08", 2, 30);
  const auto meeting = schedule(counselor, meeting_body("Invite later", ids));
  const auto student_path = "/api/v1/students/" + std::to_string(ids.at(0).as_int64());
  auto teacher = signed_in(kMiddleTeacher);
  ASSERT_EQ(teacher.get(student_path).status, 404);

  auto invited =
      counselor.patch(path_of(meeting), {{"attendee_ids", json::array{counselor_id, teacher_id}}});
  ASSERT_EQ(invited.status, 200) << invited.body;
  EXPECT_EQ(invited.json().at("attendees").as_array().size(), 2u);
  EXPECT_EQ(invited.json().at("sequence").as_int64(), 1);
  EXPECT_EQ(teacher.get(student_path).status, 200);
  EXPECT_EQ(grants(meeting.at("id").as_int64()), 4);

  auto uninvited = counselor.patch(path_of(meeting), {{"attendee_ids", json::array{counselor_id}}});
  ASSERT_EQ(uninvited.status, 200) << uninvited.body;
  EXPECT_EQ(teacher.get(student_path).status, 404);
  EXPECT_EQ(teacher.get(path_of(meeting)).status, 404);
  EXPECT_EQ(grants(meeting.at("id").as_int64()), 2);
  EXPECT_EQ(counselor.patch(path_of(meeting), {{"attendee_ids", json::array{999999999}}}).status,
            422);
}

TEST_P(MeetingsApiTest, AddingStudentsIsAllOrNothing) {
  auto counselor = signed_in(kMiddleCounselor);
  const auto meeting =
      schedule(counselor, meeting_body("Grow", students("Cedar Ridge Middle", "07", 1, 10)));
  auto ids = students("Cedar Ridge Middle", "07", 4, 11);
  ids.push_back(students("Maple Grove Elementary", "03", 1).at(0));
  const auto before = written_rows();
  auto refused = counselor.post(path_of(meeting, "/students"), {{"student_ids", ids}});
  EXPECT_EQ(refused.status, 404) << refused.body;
  EXPECT_EQ(written_rows(), before);
  EXPECT_EQ(counselor.post(path_of(meeting, "/students"), {{"student_ids", json::array{}}}).status,
            422);

  ids.pop_back();
  auto added = counselor.post(path_of(meeting, "/students"), {{"student_ids", ids}});
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(added.json().at("students").as_array().size(), 5u);
}

TEST_P(MeetingsApiTest, TheCalendarFileCarriesNoStudentNames) {
  auto counselor = signed_in(kMiddleCounselor);
  const auto title = "IEP review; parents, interpreter \\ " + std::string(80, 'x');
  const auto meeting =
      schedule(counselor, meeting_body(title, students("Cedar Ridge Middle", "06", 3, 20)));
  auto ics = counselor.get(path_of(meeting, ".ics"));
  ASSERT_EQ(ics.status, 200) << ics.body;
  EXPECT_EQ(ics.headers["content-type"], "text/calendar; charset=utf-8");
  EXPECT_NE(ics.headers["content-disposition"].find(".ics"), std::string::npos);

  std::size_t start = 0;
  while (start < ics.body.size()) {
    const auto end = ics.body.find("\r\n", start);
    ASSERT_NE(end, std::string::npos) << "every line ends in CRLF";
    EXPECT_LE(end - start, 75u) << "folded at 75 octets";
    EXPECT_EQ(ics.body.substr(start, end - start).find('\n'), std::string::npos);
    start = end + 2;
  }
  const auto text = unfold_ics(ics.body);
  EXPECT_EQ(text.rfind("BEGIN:VCALENDAR\r\n", 0), 0u);
  const auto uid = "UID:meeting-" + std::to_string(meeting.at("id").as_int64()) + "@trellis\r\n";
  EXPECT_NE(text.find(uid), std::string::npos) << text;
  EXPECT_NE(text.find("DTSTART:20310304T150000Z\r\n"), std::string::npos);
  EXPECT_NE(text.find("DTEND:20310304T160000Z\r\n"), std::string::npos);
  EXPECT_NE(text.find("DTSTAMP:"), std::string::npos);
  EXPECT_NE(text.find("SUMMARY:IEP review\\; parents\\, interpreter \\\\ xxx"), std::string::npos)
      << text;
  EXPECT_NE(text.find("LOCATION:Room 12\r\n"), std::string::npos);
  EXPECT_NE(text.find("STATUS:CONFIRMED\r\n"), std::string::npos);
  EXPECT_NE(text.find(":mailto:counselor.crm@demo.trellis.test\r\n"), std::string::npos);
  EXPECT_NE(text.find("ATTENDEE;CN="), std::string::npos);
  EXPECT_NE(text.find("END:VEVENT\r\nEND:VCALENDAR\r\n"), std::string::npos);
  for (const auto& student : meeting.at("students").as_array()) {
    const std::string name(student.at("name").as_string());
    EXPECT_EQ(text.find(name), std::string::npos) << "no student names: " << name;
    const auto family = name.substr(name.find(' ') + 1);
    EXPECT_EQ(text.find(family), std::string::npos) << family;
  }
  auto again = counselor.get(path_of(meeting, ".ics"));
  EXPECT_EQ(again.body, ics.body) << "the same meeting gives the same file";
}

TEST_P(MeetingsApiTest, OnlyThoseWithAReasonSeeAMeetingAndOnlyTheirStudents) {
  auto admin = signed_in(kDistrictAdmin);
  const auto middle_student = students("Cedar Ridge Middle", "06", 1, 30).at(0);
  const auto high_student = students("Riverside High", "11", 1, 5).at(0);
  const auto meeting =
      schedule(admin, meeting_body("Transition", json::array{middle_student, high_student}));
  EXPECT_EQ(meeting.at("students").as_array().size(), 2u);

  auto principal = signed_in(kMiddlePrincipal);
  auto seen = principal.get(path_of(meeting));
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.json().at("students").as_array().size(), 1u);
  EXPECT_TRUE(lists_student(seen.json(), middle_student));
  EXPECT_EQ(principal.get(path_of(meeting, ".ics")).status, 200);
  EXPECT_EQ(principal.patch(path_of(meeting), {{"title", "Mine now"}}).status, 403);
  EXPECT_EQ(
      principal.del(path_of(meeting, "/students/") + std::to_string(middle_student.as_int64()))
          .status,
      403);

  auto elsewhere = signed_in(kElementaryPrincipal);
  EXPECT_EQ(elsewhere.get(path_of(meeting)).status, 404);
  EXPECT_EQ(elsewhere.get(path_of(meeting, ".ics")).status, 404);
  EXPECT_EQ(elsewhere.patch(path_of(meeting), {{"title", "x"}}).status, 404);
  auto listed = elsewhere.get("/api/v1/meetings?from=2031-03-04T00:00:00Z&to=2031-03-05T00:00:00Z");
  ASSERT_EQ(listed.status, 200) << listed.body;
  const auto listed_body = listed.json();
  for (const auto& item : listed_body.at("items").as_array()) {
    EXPECT_NE(item.at("id"), meeting.at("id"));
  }
  EXPECT_EQ(
      elsewhere.get("/api/v1/meetings?student_id=" + std::to_string(middle_student.as_int64()))
          .status,
      404);
}

TEST_P(MeetingsApiTest, ListIsSoonestFirstWithFiltersAndKeysetPaging) {
  auto counselor = signed_in(kMiddleCounselor);
  const auto ids = students("Cedar Ridge Middle", "08", 1, 40);
  auto later = meeting_body("Later", ids);
  later["starts_at"] = "2035-06-02T10:00:00Z";
  later["ends_at"] = "2035-06-02T11:00:00Z";
  auto sooner = meeting_body("Sooner", json::array{});
  sooner["starts_at"] = "2035-06-01T10:00:00Z";
  sooner["ends_at"] = "2035-06-01T11:00:00Z";
  const auto later_id = schedule(counselor, later).at("id");
  const auto sooner_id = schedule(counselor, sooner).at("id");

  const std::string range =
      "/api/v1/meetings?attendee_id=me&from=2035-06-01T00:00:00Z&to=2035-06-03T00:00:00Z";
  auto first = counselor.get(range + "&limit=1");
  ASSERT_EQ(first.status, 200) << first.body;
  const auto first_page = first.json();
  ASSERT_EQ(first_page.at("items").as_array().size(), 1u);
  EXPECT_EQ(first_page.at("items").at(0).at("id"), sooner_id);
  ASSERT_TRUE(first_page.at("next_cursor").is_string());
  auto second = counselor.get(
      range + "&limit=1&cursor=" + std::string(first_page.at("next_cursor").as_string()));
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.json().at("items").at(0).at("id"), later_id);
  EXPECT_EQ(second.json().at("items").at(0).at("students").as_array().size(), 1u);

  auto by_student = counselor.get(range + "&student_id=" + std::to_string(ids.at(0).as_int64()));
  ASSERT_EQ(by_student.status, 200);
  ASSERT_EQ(by_student.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(by_student.json().at("items").at(0).at("id"), later_id);

  auto teacher = signed_in(kMiddleTeacher);
  auto theirs = teacher.get(range);
  ASSERT_EQ(theirs.status, 200);
  EXPECT_TRUE(theirs.json().at("items").as_array().empty());
}

TEST_P(MeetingsApiTest, AMeetingWithThirtyStudentsOpensThirtyCases) {
  auto admin = signed_in(kDistrictAdmin);
  const auto previous = admin.get("/api/v1/admin/case-management").json();
  auto turned_on = admin.put(
      "/api/v1/admin/case-management",
      json::object{{"enabled", true}, {"open_case_on", json::array{"meeting_student_added"}}});
  ASSERT_EQ(turned_on.status, 200) << turned_on.body;
  auto counselor = signed_in(kMiddleCounselor);
  const auto ids = students("Cedar Ridge Middle", "06", 30, 0);
  std::string id_list;
  for (const auto& id : ids) {
    id_list += (id_list.empty() ? "" : ",") + std::to_string(id.as_int64());
  }
  const auto open_before = count(
      "SELECT count(*) FROM cases WHERE closed_at IS NULL AND student_id IN (" + id_list + ")");

  const auto meeting = schedule(counselor, meeting_body("Grade 6 screening", ids));
  // Put the dictionary back for the other tests sharing this server.
  auto restored = admin.put("/api/v1/admin/case-management",
                            json::object{{"enabled", previous.at("enabled")},
                                         {"open_case_on", previous.at("open_case_on")}});
  EXPECT_EQ(restored.status, 200) << restored.body;

  const auto id = std::to_string(meeting.at("id").as_int64());
  EXPECT_EQ(count("SELECT count(*) FROM cases c JOIN student_events e ON e.id = "
                  "c.opened_by_event_id WHERE e.entity = 'meeting' AND e.entity_id = " +
                  id),
            30 - open_before);
  EXPECT_EQ(count("SELECT count(*) FROM cases WHERE closed_at IS NULL AND student_id IN (" +
                  id_list + ")"),
            30);
  for (const auto& student : meeting.at("students").as_array()) {
    EXPECT_TRUE(student.at("case_id").is_int64()) << "each student's case is on the meeting";
  }
  EXPECT_EQ(count("SELECT count(*) FROM meeting_students ms JOIN cases c ON c.id = ms.case_id "
                  "WHERE ms.meeting_id = " +
                  id),
            30);
}

INSTANTIATE_TEST_SUITE_P(Databases, MeetingsApiTest, ::testing::ValuesIn(test_database_kinds()),
                         DatabaseKindName());

}  // namespace
}  // namespace trellis::testing
