// Student meetings: the meeting, its attendees, the students on it (with the history of who was
// removed) and its notes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

namespace trellis::store {

struct MeetingRow {
  Id id = 0;
  std::string title;
  std::int64_t starts_at = 0;
  std::int64_t ends_at = 0;
  std::string location;
  std::string status = "scheduled";  // scheduled, cancelled
  std::int64_t sequence = 0;         // the .ics SEQUENCE: bumped by every change
  std::optional<Id> created_by;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct MeetingAttendee {
  Id meeting_id = 0;
  Id user_id = 0;
  std::string name;
  std::string email;
};

// A current (not removed) student of a meeting, with what a meeting shows of them.
struct MeetingStudent {
  Id meeting_id = 0;
  Id student_id = 0;
  std::string name;
  std::string grade;
  Id school_id = 0;
  std::optional<Id> case_id;  // the case the meeting_student_added event joined or opened
};

struct MeetingNote {
  Id id = 0;
  Id meeting_id = 0;
  std::optional<Id> student_id;  // empty: about the meeting as a whole
  std::optional<Id> author_id;
  std::string author_name;  // filled on reads
  std::string body;
  std::optional<std::string> decision;
  std::int64_t created_at = 0;
};

namespace meetings {

Id insert(Connection& conn, const MeetingRow& meeting);
// Writes title, times, location, status, sequence and updated_at.
void update(Connection& conn, const MeetingRow& meeting);
void touch(Connection& conn, Id meeting_id, std::int64_t at);
// Without an access check: for the domain's own bookkeeping.
std::optional<MeetingRow> find(Connection& conn, Id id);

// Who may see a meeting: its creator, its attendees, and whoever may see at least one of its
// current students (the student access rule of `scope`).
std::optional<MeetingRow> find_visible(Connection& conn, const StudentScope& scope, Id id);

struct ListFilter {
  std::optional<std::int64_t> from;  // starts_at >= from
  std::optional<std::int64_t> to;    // starts_at < to
  std::optional<Id> student_id;      // a current student of the meeting
  std::optional<Id> attendee_id;
  std::optional<std::string> status;
  std::optional<std::string> after;  // cursor
  int limit = 50;
};
// Visible meetings, soonest first.
Page<MeetingRow> list(Connection& conn, const StudentScope& scope, const ListFilter& filter);

void add_attendee(Connection& conn, Id meeting_id, Id user_id);
void remove_attendee(Connection& conn, Id meeting_id, Id user_id);
// The attendees of the given meetings, by meeting then name.
std::vector<MeetingAttendee> attendees(Connection& conn, const std::vector<Id>& meeting_ids);

void add_student(Connection& conn, Id meeting_id, Id student_id, std::optional<Id> added_by,
                 std::int64_t at, std::optional<Id> case_id);
// Keeps the row with removed_at set; false when the student was not on the meeting.
bool remove_student(Connection& conn, Id meeting_id, Id student_id, std::int64_t at);
std::vector<Id> current_student_ids(Connection& conn, Id meeting_id);
// The current students of the given meetings that `scope` may see, by meeting then name.
std::vector<MeetingStudent> visible_students(Connection& conn, const StudentScope& scope,
                                             const std::vector<Id>& meeting_ids);

Id insert_note(Connection& conn, const MeetingNote& note);
// Oldest first: the notes about the meeting as a whole and about students `scope` may see.
Page<MeetingNote> notes(Connection& conn, const StudentScope& scope, Id meeting_id,
                        std::optional<Id> student_id, const std::optional<std::string>& after,
                        int limit);

}  // namespace meetings
}  // namespace trellis::store
