// Student meetings (Tools > Student Meetings): scheduled with attendees and students,
// rescheduled, cancelled, students added and removed, notes and decisions per student, and a
// calendar file per meeting.
//
// Who may see a meeting: its creator, its attendees, and whoever may see at least one of its
// students; the students listed to a caller are only those the caller may see. Who may change
// it (and add notes): the policy's `meeting.run` row (its organizer and attendees, district
// administrators). Adding a student asks `meeting.schedule` for each one.
// Every attendee may see every student of the meeting (Relationship::meeting_attendee) until
// 30 days after it ends, or until they are taken off it or it is cancelled; attendees must be
// active colleagues in the caller's staff directory (access::in_staff_directory).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/access/access.hpp"
#include "domain/auth/principal.hpp"
#include "domain/outcome.hpp"
#include "store/database.hpp"
#include "store/meetings_repo.hpp"

namespace trellis::domain::meetings {

inline constexpr std::size_t kMaxTitleLength = 200;     // characters
inline constexpr std::size_t kMaxLocationLength = 200;  // characters
inline constexpr std::size_t kMaxNoteLength = 10000;    // characters
inline constexpr std::size_t kMaxDecisionLength = 500;  // characters
inline constexpr std::size_t kMaxAttendees = 100;
inline constexpr std::size_t kMaxStudentsPerRequest = 500;

struct MeetingDraft {
  std::string title;
  std::int64_t starts_at = 0;
  std::int64_t ends_at = 0;
  std::string location;
  std::vector<Id> attendee_ids;  // the creator is added
  std::vector<Id> student_ids;
};

// What a PATCH may change; absent fields stay as they are.
struct MeetingChanges {
  std::optional<std::string> title;
  std::optional<std::int64_t> starts_at;
  std::optional<std::int64_t> ends_at;
  std::optional<std::string> location;
  bool cancel = false;
  std::optional<std::vector<Id>> attendee_ids;  // the whole new list
};

struct NoteDraft {
  std::optional<Id> student_id;  // empty: a note about the meeting as a whole
  std::string body;
  std::optional<std::string> decision;
};

// A meeting as one caller may see it.
struct Meeting {
  store::MeetingRow row;
  std::vector<store::MeetingAttendee> attendees;
  std::vector<store::MeetingStudent> students;  // only those the caller may see
};

// All or nothing: the meeting, its attendees, each student (with the meeting_student_added
// event that may open their case) and the attendees' access. An invisible student among them
// is 404 and the transaction rolls back.
Outcome<Meeting> schedule(store::Connection& conn, const Principal& by, const Actor& actor,
                          const MeetingDraft& draft);
// Reschedule, retitle, relocate, cancel or change the attendees; any change bumps the
// calendar SEQUENCE. A cancelled meeting cannot be changed (409).
Outcome<Meeting> change(store::Connection& conn, const Principal& by, const Actor& actor,
                        Id meeting_id, const MeetingChanges& changes);
// All or nothing like schedule. Students already on the meeting are ignored, so adding a
// group twice is harmless.
Outcome<Meeting> add_students(store::Connection& conn, const Principal& by, const Actor& actor,
                              Id meeting_id, std::vector<Id> student_ids);
// Takes a student off the meeting (kept with removed_at); the attendees lose the access this
// meeting gave them to the student.
Outcome<Done> remove_student(store::Connection& conn, const Principal& by, const Actor& actor,
                             Id meeting_id, Id student_id);
Outcome<store::MeetingNote> add_note(store::Connection& conn, const Principal& by,
                                     const Actor& actor, Id meeting_id, const NoteDraft& draft);

// nullopt for unknown and invisible alike.
std::optional<Meeting> find(store::Connection& conn, const Principal& by, Id meeting_id);
// The students whose record a read of the meeting shows (those on it that the caller may see),
// for their access logs.
std::vector<Id> students_concerned(const Meeting& meeting);
// Soonest first. A student_id filter naming a student the caller may not see is 404.
Outcome<store::Page<Meeting>> list(store::Connection& conn, const Principal& by,
                                   const store::meetings::ListFilter& filter);
struct MeetingNotes {
  store::Page<store::MeetingNote> page;
  // The meeting's students the caller sees and those the page's notes are about (a note about
  // the meeting as a whole is about its students too); with a student filter, that student.
  std::vector<Id> students_concerned;
};
Outcome<MeetingNotes> notes(store::Connection& conn, const Principal& by, Id meeting_id,
                            std::optional<Id> student_id, const std::optional<std::string>& after,
                            int limit);
struct Calendar {
  std::string ics;
  std::vector<Id> students_concerned;
};
// The meeting as an RFC 5545 calendar file.
Outcome<Calendar> calendar(store::Connection& conn, const Principal& by, Id meeting_id);

// When an attendee's grant to the meeting's students ends: a grace period after the meeting
// ends (the notes and follow-up written afterwards), not for ever; rescheduled, the end moves
// with it. The demo generator writes its grants by this too.
std::int64_t sight_ends(const store::MeetingRow& meeting);

// The policy's subject for a meeting: district-wide, and whether the caller organizes it or
// attends it.
access::Subject subject_of(const Principal& by, const Meeting& meeting);
// What the caller may do with the meeting, for its `allowed_actions`.
boost::json::array allowed_actions(const Principal& by, const Meeting& meeting);

// The meeting JSON of the API, with the caller's `allowed_actions`.
boost::json::object view(const Principal& by, const Meeting& meeting);
boost::json::object note_view(const store::MeetingNote& note);

}  // namespace trellis::domain::meetings
