// Telling staff about their part: a task assigned to them, a case they now manage, a meeting
// they are invited to, moved or cancelled. A notification is written by the action that causes
// it, in its transaction (a rolled-back action tells nobody), never to the person who did it.
// It names the kind of thing, its title and a link into Trellis, where the access rule decides
// what the person sees: no student's name, no record content.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/auth/principal.hpp"
#include "domain/notifications/mail_message.hpp"
#include "domain/outcome.hpp"
#include "store/database.hpp"
#include "store/notifications_repo.hpp"
#include "store/records.hpp"

namespace trellis::domain::notifications {

enum class Kind {
  task_assigned,
  case_assigned,
  meeting_invited,
  meeting_rescheduled,
  meeting_cancelled,
  import_finished,  // a roster import ended: to the administrator who started it
  import_failed,
  tasks_due,   // the daily digest of one's tasks due tomorrow and overdue
  review_due,  // a plan one owns is to be reviewed within a week
};
std::string_view name_of(Kind kind);

struct Notice {
  Kind kind;
  std::string title;   // the task's or meeting's title; "Case 12" for a case
  std::string link;    // a path in Trellis
  std::string entity;  // task, case, meeting
  std::optional<Id> entity_id;
  std::optional<Id> student_id;  // when it concerns one student's record
  // For meetings: the VCALENDAR an invitation e-mail carries, and its method (REQUEST, CANCEL).
  std::optional<std::string> calendar = std::nullopt;
  std::string calendar_method = {};
};

// E-mail for notifications, set once at start when the server has SMTP. Without it,
// notifications stay in the app.
struct MailSettings {
  Address from;
  std::string public_url;  // links in e-mails: public_url + the notification's link
};
void configure_mail(std::optional<MailSettings> settings);
bool mail_configured();

// Tells each of `recipients` (once each) except the actor; with mail configured, also writes
// each active recipient's e-mail to the outbox, in the same transaction.
void notify(store::Connection& conn, const Actor& actor, const std::vector<Id>& recipients,
            const Notice& notice);

// Whether e-mails may name the student a notification is about: by default not; a district
// may allow the first name and last initial ("Maria G."), only to recipients who may see the
// student's record.
enum class StudentNames { none, first_name_last_initial };
StudentNames student_names_in_mail(store::Connection& conn);
void set_student_names_in_mail(store::Connection& conn, StudentNames names);
std::string_view name_of(StudentNames names);
std::optional<StudentNames> student_names_named(std::string_view name);

// Writes one digest e-mail to `to` listing `rows` (their notifications awaiting the digest)
// to the outbox; false, writing nothing, without mail, rows or an active recipient.
bool write_digest_mail(store::Connection& conn, const store::User& to,
                       const std::vector<store::NotificationRow>& rows, const std::string& day,
                       std::int64_t now);

struct Inbox {
  store::Page<store::NotificationRow> page;
  std::int64_t unread = 0;
};
Inbox inbox(store::Connection& conn, const Principal& me, const std::optional<std::string>& after,
            int limit, bool unread_only);
// Not found for another person's notification, as for none.
Outcome<Done> mark_read(store::Connection& conn, const Principal& me, Id notification_id);
std::int64_t mark_all_read(store::Connection& conn, const Principal& me);

boost::json::object view(const store::NotificationRow& row);

}  // namespace trellis::domain::notifications
