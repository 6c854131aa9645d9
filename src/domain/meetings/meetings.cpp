#include "domain/meetings/meetings.hpp"
#include "domain/views.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "domain/access/access.hpp"
#include "domain/audit/audit.hpp"
#include "domain/cases/case_engine.hpp"
#include "domain/meetings/ics.hpp"
#include "domain/notifications/notifications.hpp"
#include "store/audit_repo.hpp"
#include "store/users_repo.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace trellis::domain::meetings {

namespace json = boost::json;
using cases::CaseEngine;
using cases::StudentEvent;
using FieldErrors = std::map<std::string, std::string>;

namespace {

using views::or_null;

constexpr auto kAttendeeGrant = access::Relationship::meeting_attendee;
constexpr std::string_view kScheduled = "scheduled";
constexpr std::string_view kCancelled = "cancelled";

using util::check_text;
using util::trimmed;

FieldErrors check_meeting(const store::MeetingRow& m) {
  FieldErrors errors;
  check_text(errors, "title", m.title, kMaxTitleLength, true);
  check_text(errors, "location", m.location, kMaxLocationLength);
  if (m.ends_at <= m.starts_at) errors["ends_at"] = "End the meeting after it starts.";
  return errors;
}

// In the order given, without repeats.
std::vector<Id> unique_ids(const std::vector<Id>& ids) {
  std::vector<Id> unique;
  std::set<Id> seen;
  for (Id id : ids) {
    if (seen.insert(id).second) unique.push_back(id);
  }
  return unique;
}

bool contains(const std::vector<Id>& ids, Id id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// Attendees see the meeting's students, and staff may give that only to colleagues they could
// choose in their staff directory. Those already attending (and the caller) gain nothing new,
// so a meeting that someone else filled stays changeable.
void check_attendees(store::Connection& conn, const Principal& by, FieldErrors& errors,
                     const std::vector<Id>& ids, const std::vector<Id>& already) {
  if (ids.size() > kMaxAttendees) {
    errors["attendee_ids"] = fmt::format("Invite at most {} attendees.", kMaxAttendees);
    return;
  }
  for (Id id : ids) {
    if (id == by.user_id || contains(already, id)) continue;
    auto user = store::users::find(conn, id);
    if (!user || !access::in_staff_directory(by, *user)) {
      errors["attendee_ids"] =
          fmt::format("User {} is not an active colleague in your staff directory.", id);
      return;
    }
  }
}

// Adding students asks the policy for each one before anything is written, all or nothing: 404
// when the caller may not see one of them, 403 when they see but may not schedule about them.
Outcome<Done> check_students(store::Connection& conn, const Principal& by,
                             const std::vector<Id>& student_ids) {
  std::vector<store::Student> students;
  for (Id student_id : student_ids) {
    auto student = access::visible_student(conn, by, student_id);
    if (!student) return Error::not_found("The student");
    students.push_back(std::move(*student));
  }
  for (const auto& student : students) {
    if (auto refused = access::refusal(by, access::Action::schedule_meeting,
                                       access::student_subject(conn, by, student))) {
      return *refused;
    }
  }
  return Done{};
}

std::vector<Id> attendee_ids_of(const Meeting& meeting) {
  std::vector<Id> ids;
  for (const auto& attendee : meeting.attendees) ids.push_back(attendee.user_id);
  return ids;
}

bool takes_part(const Principal& by, const Meeting& meeting) {
  return access::allows(by, access::Action::run_meeting, subject_of(by, meeting));
}

Meeting load(store::Connection& conn, const store::StudentScope& scope, store::MeetingRow row) {
  Meeting meeting{std::move(row), {}, {}};
  meeting.attendees = store::meetings::attendees(conn, {meeting.row.id});
  meeting.students = store::meetings::visible_students(conn, scope, {meeting.row.id});
  return meeting;
}

// The meeting when `by` may change it: 404 when they may not see it, 403 when they only see it.
Outcome<Meeting> changeable(store::Connection& conn, const Principal& by, Id meeting_id) {
  auto meeting = find(conn, by, meeting_id);
  if (!meeting) return Error::not_found("The meeting");
  if (!takes_part(by, *meeting)) {
    return Error::forbidden("Only the meeting's creator and attendees change it.");
  }
  return std::move(*meeting);
}

Error cancelled_conflict() {
  return Error::conflict("meeting_cancelled",
                         "The meeting is cancelled; schedule a new one instead.");
}

// What the audit log keeps of a meeting.
json::object audit_state(const store::MeetingRow& m, const std::vector<Id>& attendee_ids) {
  return {{"title", m.title},
          {"starts_at", util::format_rfc3339(m.starts_at)},
          {"ends_at", util::format_rfc3339(m.ends_at)},
          {"location", m.location},
          {"status", m.status},
          {"sequence", m.sequence},
          {"attendee_ids", json::value_from(attendee_ids)}};
}

json::object event_detail(const store::MeetingRow& m) {
  return {{"meeting_id", m.id},
          {"title", m.title},
          {"starts_at", util::format_rfc3339(m.starts_at)},
          {"ends_at", util::format_rfc3339(m.ends_at)}};
}

StudentEvent meeting_event(Id student_id, std::string_view kind, std::string summary,
                           const store::MeetingRow& m) {
  return StudentEvent{student_id, std::string(kind), std::move(summary), "meeting",
                      m.id,       event_detail(m)};
}

// Puts students that check_students allowed on the meeting: the timeline event (which may open
// the student's case), the row remembering that case, and every attendee's access to the
// student.
void put_on_meeting(store::Connection& conn, const Actor& actor, const store::MeetingRow& meeting,
                    const std::vector<Id>& attendee_ids, const std::vector<Id>& student_ids,
                    const std::vector<Id>& already_on) {
  CaseEngine engine(conn, actor);
  const std::string kind(cases::name_of(cases::Trigger::meeting_student_added));
  for (Id student_id : student_ids) {
    if (contains(already_on, student_id)) continue;
    const auto recorded = engine.record(meeting_event(
        student_id, kind, fmt::format("Added to the meeting \"{}\"", meeting.title), meeting));
    store::meetings::add_student(conn, meeting.id, student_id, actor.user_id, engine.now(),
                                 recorded.case_id);
    for (Id user_id : attendee_ids) {
      access::grant(conn, user_id, student_id, kAttendeeGrant, meeting.id, sight_ends(meeting));
    }
    audit::record(conn, actor,
                  {"meeting.student_add", "meeting", meeting.id, student_id, std::nullopt,
                   json::object{{"case_id", or_null(recorded.case_id)}}});
  }
}

// Only the access this meeting gave: the same attendee may see the student for other reasons.
void revoke_attendee_access(store::Connection& conn, Id user_id, Id student_id, Id meeting_id) {
  access::revoke(conn, user_id, student_id, kAttendeeGrant, meeting_id);
}

// New attendees may see the meeting's students; those taken off lose that access.
void replace_attendees(store::Connection& conn, const store::MeetingRow& meeting,
                       const std::vector<Id>& before, const std::vector<Id>& after) {
  const Id meeting_id = meeting.id;
  const auto students = store::meetings::current_student_ids(conn, meeting_id);
  for (Id user_id : after) {
    if (contains(before, user_id)) continue;
    store::meetings::add_attendee(conn, meeting_id, user_id);
    for (Id student_id : students) {
      access::grant(conn, user_id, student_id, kAttendeeGrant, meeting_id, sight_ends(meeting));
    }
  }
  for (Id user_id : before) {
    if (contains(after, user_id)) continue;
    store::meetings::remove_attendee(conn, meeting_id, user_id);
    for (Id student_id : students) revoke_attendee_access(conn, user_id, student_id, meeting_id);
  }
}

// Each current student's timeline hears that the meeting moved or was called off.
void record_for_students(store::Connection& conn, const Actor& actor,
                         const store::MeetingRow& meeting, std::string_view kind,
                         const std::string& summary) {
  const auto students = store::meetings::current_student_ids(conn, meeting.id);
  if (students.empty()) return;
  CaseEngine engine(conn, actor);
  for (Id student_id : students) engine.record(meeting_event(student_id, kind, summary, meeting));
}

}  // namespace

std::int64_t sight_ends(const store::MeetingRow& meeting) {
  return meeting.ends_at + access::kFinishedWorkGraceMicros;
}

// The organizer counts as an attendee: they run the meeting they called.
access::Subject subject_of(const Principal& by, const Meeting& meeting) {
  access::Relationships held;
  if (meeting.row.created_by == by.user_id || contains(attendee_ids_of(meeting), by.user_id)) {
    held.add(access::Relationship::meeting_attendee);
  }
  return {.school_id = std::nullopt, .relationships = held};
}

boost::json::array allowed_actions(const Principal& by, const Meeting& meeting) {
  return access::allowed_actions(by, subject_of(by, meeting), {access::Action::run_meeting});
}

namespace {

// Privacy: calendar files get forwarded and synced to phones and outside services, so the
// file carries no student names (nor any student data): the title, place, time and the staff
// attending only. The title is the user's own words.
ics::Event calendar_event(store::Connection& conn, const store::MeetingRow& row,
                          const std::vector<store::MeetingAttendee>& attendees) {
  ics::Event event;
  event.uid = fmt::format("meeting-{}@trellis", row.id);
  event.stamp = row.updated_at;
  event.starts_at = row.starts_at;
  event.ends_at = row.ends_at;
  event.summary = row.title;
  event.location = row.location;
  event.sequence = row.sequence;
  event.cancelled = row.status == kCancelled;
  if (row.created_by) {
    if (auto creator = store::users::find(conn, *row.created_by)) {
      event.organizer =
          ics::Person{creator->given_name + " " + creator->family_name, creator->email};
    }
  }
  for (const auto& attendee : attendees) event.attendees.push_back({attendee.name, attendee.email});
  return event;
}

// The attendees hear of an invitation, a move or a cancellation (never the one who made it).
// The e-mail carries the event with its iTIP method, so the attendee's calendar adds, moves
// or removes it: CANCEL for those the meeting no longer has.
void tell_attendees(store::Connection& conn, const Actor& actor, const store::MeetingRow& meeting,
                    const std::vector<Id>& attendees, notifications::Kind kind) {
  if (attendees.empty()) return;
  notifications::Notice notice{kind,      meeting.title, "/meetings/" + std::to_string(meeting.id),
                               "meeting", meeting.id,    std::nullopt};
  if (notifications::mail_configured()) {
    auto event = calendar_event(conn, meeting, store::meetings::attendees(conn, {meeting.id}));
    event.method = kind == notifications::Kind::meeting_cancelled ? "CANCEL" : "REQUEST";
    if (event.method == "CANCEL") event.cancelled = true;
    notice.calendar = ics::write_calendar(event);
    notice.calendar_method = event.method;
  }
  notifications::notify(conn, actor, attendees, notice);
}

// Cancelled: everyone who was on it. Otherwise new attendees are invited, those taken off
// hear it is cancelled for them, and when it moved the others hear where it went.
void tell_of_change(store::Connection& conn, const Actor& actor, const store::MeetingRow& after,
                    const std::vector<Id>& before_ids, const std::vector<Id>& after_ids,
                    bool cancelled, bool moved) {
  using notifications::Kind;
  if (cancelled) {
    tell_attendees(conn, actor, after, before_ids, Kind::meeting_cancelled);
    return;
  }
  std::vector<Id> added, removed, kept;
  for (const auto id : after_ids) (contains(before_ids, id) ? kept : added).push_back(id);
  for (const auto id : before_ids) {
    if (!contains(after_ids, id)) removed.push_back(id);
  }
  tell_attendees(conn, actor, after, added, Kind::meeting_invited);
  tell_attendees(conn, actor, after, removed, Kind::meeting_cancelled);
  if (moved) tell_attendees(conn, actor, after, kept, Kind::meeting_rescheduled);
}

}  // namespace

Outcome<Meeting> schedule(store::Connection& conn, const Principal& by, const Actor& actor,
                          const MeetingDraft& draft) {
  store::MeetingRow row;
  row.title = trimmed(draft.title);
  row.starts_at = draft.starts_at;
  row.ends_at = draft.ends_at;
  row.location = trimmed(draft.location);
  row.status = kScheduled;
  row.created_by = by.user_id;
  row.created_at = row.updated_at = util::now_micros();
  auto attendee_ids = unique_ids(draft.attendee_ids);
  if (!contains(attendee_ids, by.user_id)) attendee_ids.push_back(by.user_id);
  const auto student_ids = unique_ids(draft.student_ids);

  FieldErrors errors = check_meeting(row);
  check_attendees(conn, by, errors, attendee_ids, {});
  if (student_ids.size() > kMaxStudentsPerRequest) {
    errors["student_ids"] = fmt::format("Add at most {} students at once.", kMaxStudentsPerRequest);
  }
  if (!errors.empty()) return Error::invalid(std::move(errors));
  if (auto allowed = check_students(conn, by, student_ids); !allowed) return allowed.error();

  row.id = store::meetings::insert(conn, row);
  for (Id user_id : attendee_ids) store::meetings::add_attendee(conn, row.id, user_id);
  put_on_meeting(conn, actor, row, attendee_ids, student_ids, {});
  tell_attendees(conn, actor, row, attendee_ids, notifications::Kind::meeting_invited);
  auto state = audit_state(row, attendee_ids);
  state["student_ids"] = json::value_from(student_ids);
  audit::record(
      conn, actor,
      {"meeting.create", "meeting", row.id, std::nullopt, std::nullopt, std::move(state)});
  return load(conn, access::student_scope(by), std::move(row));
}

Outcome<Meeting> change(store::Connection& conn, const Principal& by, const Actor& actor,
                        Id meeting_id, const MeetingChanges& changes) {
  auto found = changeable(conn, by, meeting_id);
  if (!found) return found.error();
  const auto& before = found->row;
  if (before.status == kCancelled) return cancelled_conflict();

  store::MeetingRow after = before;
  if (changes.title) after.title = trimmed(*changes.title);
  if (changes.location) after.location = trimmed(*changes.location);
  if (changes.starts_at) after.starts_at = *changes.starts_at;
  if (changes.ends_at) after.ends_at = *changes.ends_at;
  if (changes.cancel) after.status = kCancelled;
  const auto attendees_before = attendee_ids_of(*found);
  const auto attendees_after =
      changes.attendee_ids ? unique_ids(*changes.attendee_ids) : attendees_before;
  FieldErrors errors = check_meeting(after);
  if (changes.attendee_ids) check_attendees(conn, by, errors, attendees_after, attendees_before);
  if (!errors.empty()) return Error::invalid(std::move(errors));

  const bool moved = after.starts_at != before.starts_at || after.ends_at != before.ends_at;
  const bool attendees_changed = std::set<Id>(attendees_before.begin(), attendees_before.end()) !=
                                 std::set<Id>(attendees_after.begin(), attendees_after.end());
  const bool changed = moved || attendees_changed || changes.cancel ||
                       after.title != before.title || after.location != before.location;
  if (!changed) return std::move(*found);

  // Calendar clients replace their copy only when SEQUENCE grows (RFC 5545 3.8.7.4).
  after.sequence = before.sequence + 1;
  after.updated_at = util::now_micros();
  store::meetings::update(conn, after);
  if (attendees_changed) replace_attendees(conn, after, attendees_before, attendees_after);
  // A cancelled meeting gives no one sight of its students any more; a moved one, until a
  // grace period after its new end.
  if (changes.cancel) {
    access::revoke_all(conn, kAttendeeGrant, meeting_id);
  } else if (moved) {
    access::set_grants_end(conn, kAttendeeGrant, meeting_id, sight_ends(after));
  }
  if (changes.cancel) {
    record_for_students(conn, actor, after, cases::kinds::meeting_cancelled,
                        fmt::format("The meeting \"{}\" was cancelled", after.title));
  } else if (moved) {
    record_for_students(conn, actor, after, cases::kinds::meeting_rescheduled,
                        fmt::format("The meeting \"{}\" was moved to {}", after.title,
                                    util::format_rfc3339(after.starts_at)));
  }
  tell_of_change(conn, actor, after, attendees_before, attendees_after, changes.cancel, moved);
  audit::record(conn, actor,
                {"meeting.update", "meeting", meeting_id, std::nullopt,
                 audit_state(before, attendees_before), audit_state(after, attendees_after)});
  return load(conn, access::student_scope(by), std::move(after));
}

Outcome<Meeting> add_students(store::Connection& conn, const Principal& by, const Actor& actor,
                              Id meeting_id, std::vector<Id> student_ids) {
  auto found = changeable(conn, by, meeting_id);
  if (!found) return found.error();
  if (found->row.status == kCancelled) return cancelled_conflict();
  student_ids = unique_ids(student_ids);
  if (student_ids.empty()) return Error::invalid({{"student_ids", "Name at least one student."}});
  if (student_ids.size() > kMaxStudentsPerRequest) {
    return Error::invalid(
        {{"student_ids", fmt::format("Add at most {} students at once.", kMaxStudentsPerRequest)}});
  }
  if (auto allowed = check_students(conn, by, student_ids); !allowed) return allowed.error();
  const auto already_on = store::meetings::current_student_ids(conn, meeting_id);
  put_on_meeting(conn, actor, found->row, attendee_ids_of(*found), student_ids, already_on);
  found->row.updated_at = util::now_micros();
  store::meetings::touch(conn, meeting_id, found->row.updated_at);
  return load(conn, access::student_scope(by), std::move(found->row));
}

Outcome<Done> remove_student(store::Connection& conn, const Principal& by, const Actor& actor,
                             Id meeting_id, Id student_id) {
  auto found = changeable(conn, by, meeting_id);
  if (!found) return found.error();
  if (!access::visible_student(conn, by, student_id)) return Error::not_found("The student");
  const auto now = util::now_micros();
  if (!store::meetings::remove_student(conn, meeting_id, student_id, now)) {
    return Error::not_found("The student");
  }
  CaseEngine engine(conn, actor);
  engine.record(meeting_event(student_id, cases::kinds::meeting_student_removed,
                              fmt::format("Removed from the meeting \"{}\"", found->row.title),
                              found->row));
  for (Id user_id : attendee_ids_of(*found)) {
    revoke_attendee_access(conn, user_id, student_id, meeting_id);
  }
  store::meetings::touch(conn, meeting_id, now);
  audit::record(conn, actor, {"meeting.student_remove", "meeting", meeting_id, student_id});
  return Done{};
}

Outcome<store::MeetingNote> add_note(store::Connection& conn, const Principal& by,
                                     const Actor& actor, Id meeting_id, const NoteDraft& draft) {
  auto found = changeable(conn, by, meeting_id);
  if (!found) return found.error();
  store::MeetingNote note;
  note.meeting_id = meeting_id;
  note.student_id = draft.student_id;
  note.author_id = by.user_id;
  note.author_name = by.display_name();
  note.body = trimmed(draft.body);
  if (draft.decision && !trimmed(*draft.decision).empty()) note.decision = trimmed(*draft.decision);
  note.created_at = util::now_micros();

  FieldErrors errors;
  check_text(errors, "body", note.body, kMaxNoteLength, true);
  if (note.decision) check_text(errors, "decision", *note.decision, kMaxDecisionLength, true);
  if (note.student_id) {
    if (!access::visible_student(conn, by, *note.student_id)) {
      return Error::not_found("The student");
    }
    if (!contains(store::meetings::current_student_ids(conn, meeting_id), *note.student_id)) {
      errors["student_id"] = "This student is not on the meeting.";
    }
  }
  if (!errors.empty()) return Error::invalid(std::move(errors));

  note.id = store::meetings::insert_note(conn, note);
  if (note.student_id) {
    auto event = meeting_event(
        *note.student_id, cases::kinds::meeting_note_added,
        note.decision
            ? fmt::format("Decision at the meeting \"{}\": {}", found->row.title, *note.decision)
            : fmt::format("Note from the meeting \"{}\"", found->row.title),
        found->row);
    event.detail["note_id"] = note.id;
    CaseEngine(conn, actor).record(event);
  }
  audit::record(
      conn, actor,
      {"meeting.note_add", "meeting", meeting_id, note.student_id, std::nullopt, note_view(note)});
  return note;
}

std::optional<Meeting> find(store::Connection& conn, const Principal& by, Id meeting_id) {
  const auto scope = access::student_scope(by);
  auto row = store::meetings::find_visible(conn, scope, meeting_id);
  if (!row) return std::nullopt;
  return load(conn, scope, std::move(*row));
}

Outcome<store::Page<Meeting>> list(store::Connection& conn, const Principal& by,
                                   const store::meetings::ListFilter& filter) {
  if (filter.student_id && !access::visible_student(conn, by, *filter.student_id)) {
    return Error::not_found("The student");
  }
  const auto scope = access::student_scope(by);
  auto rows = store::meetings::list(conn, scope, filter);
  store::Page<Meeting> page{{}, rows.next_cursor};
  std::map<Id, std::size_t> position;
  std::vector<Id> ids;
  for (auto& row : rows.items) {
    position[row.id] = page.items.size();
    ids.push_back(row.id);
    page.items.push_back(Meeting{std::move(row), {}, {}});
  }
  // The attendees and students of the whole page in one query each.
  for (auto& attendee : store::meetings::attendees(conn, ids)) {
    page.items[position.at(attendee.meeting_id)].attendees.push_back(std::move(attendee));
  }
  for (auto& student : store::meetings::visible_students(conn, scope, ids)) {
    page.items[position.at(student.meeting_id)].students.push_back(std::move(student));
  }
  return page;
}

std::vector<Id> students_concerned(const Meeting& meeting) {
  std::vector<Id> ids;
  for (const auto& student : meeting.students) ids.push_back(student.student_id);
  return unique_ids(ids);
}

Outcome<MeetingNotes> notes(store::Connection& conn, const Principal& by, Id meeting_id,
                            std::optional<Id> student_id, const std::optional<std::string>& after,
                            int limit) {
  const auto meeting = find(conn, by, meeting_id);
  if (!meeting) return Error::not_found("The meeting");
  if (student_id && !access::visible_student(conn, by, *student_id)) {
    return Error::not_found("The student");
  }
  // Filtered to one student, the page holds that student's notes only.
  MeetingNotes found{
      store::meetings::notes(conn, access::student_scope(by), meeting_id, student_id, after, limit),
      student_id ? std::vector<Id>{*student_id} : students_concerned(*meeting)};
  for (const auto& note : found.page.items) {
    if (note.student_id) found.students_concerned.push_back(*note.student_id);
  }
  found.students_concerned = unique_ids(found.students_concerned);
  return found;
}

Outcome<Calendar> calendar(store::Connection& conn, const Principal& by, Id meeting_id) {
  auto meeting = find(conn, by, meeting_id);
  if (!meeting) return Error::not_found("The meeting");
  return Calendar{ics::write_calendar(calendar_event(conn, meeting->row, meeting->attendees)),
                  students_concerned(*meeting)};
}

json::object view(const Principal& by, const Meeting& m) {
  json::array attendees;
  for (const auto& a : m.attendees) attendees.push_back({{"id", a.user_id}, {"name", a.name}});
  json::array students;
  for (const auto& s : m.students) {
    students.push_back({{"id", s.student_id},
                        {"name", s.name},
                        {"grade", s.grade},
                        {"school_id", s.school_id},
                        {"case_id", or_null(s.case_id)}});
  }
  return {{"id", m.row.id},
          {"title", m.row.title},
          {"starts_at", util::format_rfc3339(m.row.starts_at)},
          {"ends_at", util::format_rfc3339(m.row.ends_at)},
          {"location", m.row.location},
          {"status", m.row.status},
          {"sequence", m.row.sequence},
          {"attendees", std::move(attendees)},
          {"students", std::move(students)},
          {"created_by", or_null(m.row.created_by)},
          {"created_at", util::format_rfc3339(m.row.created_at)},
          {"updated_at", util::format_rfc3339(m.row.updated_at)},
          {"allowed_actions", allowed_actions(by, m)}};
}

json::object note_view(const store::MeetingNote& n) {
  json::value author = nullptr;
  if (n.author_id) author = json::object{{"id", *n.author_id}, {"name", n.author_name}};
  return {{"id", n.id},
          {"meeting_id", n.meeting_id},
          {"student_id", or_null(n.student_id)},
          {"author", std::move(author)},
          {"body", n.body},
          {"decision", n.decision ? json::value(*n.decision) : json::value(nullptr)},
          {"created_at", util::format_rfc3339(n.created_at)}};
}

}  // namespace trellis::domain::meetings
