#include "domain/notifications/notifications.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include <fmt/format.h>

#include <mutex>

#include "domain/access/access.hpp"
#include "domain/auth/secrets.hpp"
#include "domain/auth/sign_in.hpp"
#include "domain/notifications/preferences.hpp"
#include "domain/views.hpp"
#include "store/mail_outbox_repo.hpp"
#include "store/settings_repo.hpp"
#include "store/users_repo.hpp"
#include "util/time.hpp"

namespace trellis::domain::notifications {

namespace json = boost::json;

std::string_view name_of(Kind kind) {
  switch (kind) {
    case Kind::task_assigned:
      return "task_assigned";
    case Kind::case_assigned:
      return "case_assigned";
    case Kind::meeting_invited:
      return "meeting_invited";
    case Kind::meeting_rescheduled:
      return "meeting_rescheduled";
    case Kind::meeting_cancelled:
      return "meeting_cancelled";
    case Kind::import_finished:
      return "import_finished";
    case Kind::import_failed:
      return "import_failed";
    case Kind::tasks_due:
      return "tasks_due";
    case Kind::review_due:
      return "review_due";
  }
  return "unknown";
}

namespace {

std::mutex mail_mutex;
std::optional<MailSettings> mail_settings;

std::optional<MailSettings> current_mail() {
  std::lock_guard lock(mail_mutex);
  return mail_settings;
}

std::string html_escaped(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

struct Wording {
  std::string subject;
  std::string sentence;  // "{by} assigned you a task"
};

// What each kind says. Subject and body name the kind and the thing's own title, never a
// student: the link leads into Trellis, where the access rule applies.
Wording wording_of(Kind kind, const std::string& by, const std::string& title) {
  switch (kind) {
    case Kind::task_assigned:
      return {"Task for you: " + title, by + " assigned you a task"};
    case Kind::case_assigned:
      return {"You manage " + title, by + " made you the case manager of " + title};
    case Kind::meeting_invited:
      return {"Invitation: " + title, by + " invited you to a meeting"};
    case Kind::meeting_rescheduled:
      return {"Moved: " + title, by + " moved a meeting"};
    case Kind::meeting_cancelled:
      return {"Cancelled: " + title, by + " cancelled a meeting, or took you off it"};
    case Kind::import_finished:
      return {"Finished: " + title, "The roster import you started finished"};
    case Kind::import_failed:
      return {"Failed: " + title, "The roster import you started failed"};
    case Kind::tasks_due:
      return {"Your tasks: " + title, "Your tasks in Trellis"};
    case Kind::review_due:
      return {"Review coming: " + title, "A plan you own is to be reviewed soon"};
  }
  return {title, by};
}

constexpr std::string_view kFooter =
    "Trellis sends this because your work in it changed. It holds no student's name or record: "
    "sign in to Trellis to see them.";
constexpr std::string_view kFooterWithNames =
    "Trellis sends this because your work in it changed. It names a student by first name and "
    "last initial at most, and holds no record: sign in to Trellis to see them.";
constexpr std::string_view kStudentNamesKey = "mail_student_names";

std::string_view footer(bool names) {
  return names ? kFooterWithNames : kFooter;
}

// The first UTF-8 character of `text` ("" when empty).
std::string_view first_character(std::string_view text) {
  std::size_t n = text.empty() ? 0 : 1;
  while (n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) ++n;
  return text.substr(0, n);
}

// "Maria G." for an e-mail about a student's record, when the district allows names in e-mail
// and the recipient may see the student's record now (the access policy's own scope);
// otherwise nothing, and the e-mail names only the thing.
std::optional<std::string> student_in_mail(store::Connection& conn, Id recipient,
                                           std::optional<Id> student_id) {
  if (!student_id || student_names_in_mail(conn) != StudentNames::first_name_last_initial) {
    return std::nullopt;
  }
  const auto principal = auth::load_principal(conn, recipient);
  if (!principal) return std::nullopt;
  const auto student = access::visible_student(conn, *principal, *student_id);
  if (!student) return std::nullopt;
  const auto& first = student->preferred_name && !student->preferred_name->empty()
                          ? *student->preferred_name
                          : student->given_name;
  const auto initial = first_character(student->family_name);
  return initial.empty() ? first : first + " " + std::string(initial) + ".";
}

// One notification as a line of an e-mail: what happened, the thing's title (with the
// student, when allowed), and where it is in Trellis.
struct MailLine {
  Wording words;
  std::string title;
  std::string url;
};

MailLine mail_line(store::Connection& conn, const MailSettings& mail, Id recipient, Kind kind,
                   const std::string& by, const std::string& title, const std::string& link,
                   std::optional<Id> student_id) {
  auto shown = title;
  if (auto student = student_in_mail(conn, recipient, student_id)) shown += " (" + *student + ")";
  return {wording_of(kind, by, shown), shown, mail.public_url + link};
}

std::string message_id(const MailSettings& mail, const std::string& local) {
  const auto domain = mail.from.address.substr(mail.from.address.find('@') + 1);
  // Fixed when written, so a message sent again (a server stopped mid-send) is recognisably
  // the same one.
  return fmt::format("<{}.{}@{}>", local, secrets::random_token().substr(0, 12), domain);
}

void enqueue(store::Connection& conn, std::optional<Id> notification_id, const store::User& to,
             MailMessage& message) {
  message.to = {to.given_name + " " + to.family_name, to.email};
  // Due now, even when the message is dated as if at another moment (send-digests --at).
  store::mail_outbox::insert(conn, notification_id, to.id, to.email, message.message_id,
                             render(message, secrets::random_token().substr(0, 16)),
                             util::now_micros());
}

void write_mail(store::Connection& conn, const MailSettings& mail, Id notification_id,
                const store::User& to, const std::string& by, const Notice& notice,
                std::int64_t now) {
  const auto line =
      mail_line(conn, mail, to.id, notice.kind, by, notice.title, notice.link, notice.student_id);
  const bool names = line.title != notice.title;
  MailMessage message;
  message.from = mail.from;
  message.subject = line.words.subject;
  message.message_id = message_id(mail, fmt::format("notification-{}", notification_id));
  message.date = now;
  message.text = fmt::format("{}: \"{}\".\n\nOpen it in Trellis: {}\n\n-- \n{}\n",
                             line.words.sentence, line.title, line.url, footer(names));
  message.html = fmt::format(
      "<!doctype html><html><body><p>{}: <strong>{}</strong>.</p>"
      "<p><a href=\"{}\">Open it in Trellis</a></p><p style=\"color:#555\">{}</p></body></html>",
      html_escaped(line.words.sentence), html_escaped(line.title), html_escaped(line.url),
      footer(names));
  message.calendar = notice.calendar;
  message.calendar_method = notice.calendar_method;
  enqueue(conn, notification_id, to, message);
}

}  // namespace

void configure_mail(std::optional<MailSettings> settings) {
  std::lock_guard lock(mail_mutex);
  mail_settings = std::move(settings);
}

bool mail_configured() {
  return current_mail().has_value();
}

void notify(store::Connection& conn, const Actor& actor, const std::vector<Id>& recipients,
            const Notice& notice) {
  auto people = recipients;
  std::sort(people.begin(), people.end());
  people.erase(std::unique(people.begin(), people.end()), people.end());
  const auto now = util::now_micros();
  const auto mail = current_mail();
  // Who did it, named in e-mail only (the app reads the name with the notification).
  std::string by = "Trellis";
  if (mail && actor.user_id) {
    if (auto user = store::users::find(conn, *actor.user_id)) {
      by = user->given_name + " " + user->family_name;
    }
  }
  for (const auto person : people) {
    if (actor.user_id == person) continue;  // nobody is told of what they did themselves
    const auto delivery = delivery_for(conn, person, notice.kind);
    if (delivery == Delivery::off) continue;
    const auto user = mail ? store::users::find(conn, person) : std::nullopt;
    const bool mailed = user && user->active;
    const auto id = store::notifications::insert(
        conn, {0, person, std::string(name_of(notice.kind)), notice.title, notice.link,
               notice.entity, notice.entity_id, notice.student_id, actor.user_id, "", now,
               std::nullopt, mailed && delivery == Delivery::digest});
    if (mailed && delivery == Delivery::immediately) {
      write_mail(conn, *mail, id, *user, by, notice, now);
    }
  }
}

StudentNames student_names_in_mail(store::Connection& conn) {
  const auto value = store::settings::get(conn, std::string(kStudentNamesKey));
  return value == "first_name_last_initial" ? StudentNames::first_name_last_initial
                                            : StudentNames::none;
}

std::string_view name_of(StudentNames names) {
  return names == StudentNames::first_name_last_initial ? "first_name_last_initial" : "none";
}

std::optional<StudentNames> student_names_named(std::string_view name) {
  for (const auto names : {StudentNames::none, StudentNames::first_name_last_initial}) {
    if (name_of(names) == name) return names;
  }
  return std::nullopt;
}

void set_student_names_in_mail(store::Connection& conn, StudentNames names) {
  if (names == StudentNames::none) {
    store::settings::remove(conn, std::string(kStudentNamesKey));
  } else {
    store::settings::set(conn, std::string(kStudentNamesKey), std::string(name_of(names)));
  }
}

bool write_digest_mail(store::Connection& conn, const store::User& to,
                       const std::vector<store::NotificationRow>& rows, const std::string& day,
                       std::int64_t now) {
  const auto mail = current_mail();
  if (!mail || rows.empty() || !to.active) return false;
  std::vector<MailLine> lines;
  bool names = false;
  for (const auto& row : rows) {
    const auto kind = kind_named(row.kind).value_or(Kind::task_assigned);
    const auto by = row.actor_name.empty() ? std::string("Trellis") : row.actor_name;
    lines.push_back(mail_line(conn, *mail, to.id, kind, by, row.title, row.link, row.student_id));
    names = names || lines.back().title != row.title;
  }
  MailMessage message;
  message.from = mail->from;
  message.subject = rows.size() == 1
                        ? "Your Trellis digest: 1 notification"
                        : fmt::format("Your Trellis digest: {} notifications", rows.size());
  message.message_id = message_id(*mail, fmt::format("digest-{}-{}", to.id, day));
  message.date = now;
  std::string text = "Since your last digest:\n\n";
  std::string items;
  for (const auto& line : lines) {
    text += fmt::format("- {}: \"{}\"\n  {}\n", line.words.sentence, line.title, line.url);
    items += fmt::format("<li>{}: <a href=\"{}\"><strong>{}</strong></a></li>",
                         html_escaped(line.words.sentence), html_escaped(line.url),
                         html_escaped(line.title));
  }
  const auto all = mail->public_url + "/notifications";
  message.text =
      text + fmt::format("\nAll your notifications: {}\n\n-- \n{}\n", all, footer(names));
  message.html = fmt::format(
      "<!doctype html><html><body><p>Since your last digest:</p><ul>{}</ul>"
      "<p><a href=\"{}\">All your notifications</a></p><p style=\"color:#555\">{}</p>"
      "</body></html>",
      items, html_escaped(all), footer(names));
  enqueue(conn, std::nullopt, to, message);
  return true;
}

Inbox inbox(store::Connection& conn, const Principal& me, const std::optional<std::string>& after,
            int limit, bool unread_only) {
  return {store::notifications::list(conn, me.user_id, after, limit, unread_only),
          store::notifications::unread_count(conn, me.user_id)};
}

Outcome<Done> mark_read(store::Connection& conn, const Principal& me, Id notification_id) {
  if (!store::notifications::mark_read(conn, me.user_id, notification_id, util::now_micros())) {
    return Error::not_found("The notification");
  }
  return Done{};
}

std::int64_t mark_all_read(store::Connection& conn, const Principal& me) {
  return store::notifications::mark_all_read(conn, me.user_id, util::now_micros());
}

json::object view(const store::NotificationRow& row) {
  return {{"id", row.id},
          {"kind", row.kind},
          {"title", row.title},
          {"link", row.link},
          {"entity", row.entity},
          {"entity_id", views::or_null(row.entity_id)},
          {"by", row.actor_name.empty() ? json::value(nullptr) : json::value(row.actor_name)},
          {"created_at", util::format_rfc3339(row.created_at)},
          {"read", row.read_at.has_value()}};
}

}  // namespace trellis::domain::notifications
