#include "domain/notifications/notifications.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include <fmt/format.h>

#include <mutex>

#include "domain/auth/secrets.hpp"
#include "domain/notifications/preferences.hpp"
#include "domain/views.hpp"
#include "store/mail_outbox_repo.hpp"
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

void write_mail(store::Connection& conn, const MailSettings& mail, Id notification_id,
                const store::User& to, const std::string& by, const Notice& notice,
                std::int64_t now) {
  const auto words = wording_of(notice.kind, by, notice.title);
  const auto url = mail.public_url + notice.link;
  const auto domain = mail.from.address.substr(mail.from.address.find('@') + 1);
  MailMessage message;
  message.from = mail.from;
  message.to = {to.given_name + " " + to.family_name, to.email};
  message.subject = words.subject;
  // Fixed when written, so a message sent again (a server stopped mid-send) is recognisably
  // the same one.
  message.message_id = fmt::format("<notification-{}.{}@{}>", notification_id,
                                   secrets::random_token().substr(0, 12), domain);
  message.date = now;
  message.text = fmt::format("{}: \"{}\".\n\nOpen it in Trellis: {}\n\n-- \n{}\n", words.sentence,
                             notice.title, url, kFooter);
  message.html = fmt::format(
      "<!doctype html><html><body><p>{}: <strong>{}</strong>.</p>"
      "<p><a href=\"{}\">Open it in Trellis</a></p><p style=\"color:#555\">{}</p></body></html>",
      html_escaped(words.sentence), html_escaped(notice.title), html_escaped(url), kFooter);
  message.calendar = notice.calendar;
  message.calendar_method = notice.calendar_method;
  store::mail_outbox::insert(conn, notification_id, to.id, to.email, message.message_id,
                             render(message, secrets::random_token().substr(0, 16)), now);
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
    const auto id = store::notifications::insert(
        conn,
        {0, person, std::string(name_of(notice.kind)), notice.title, notice.link, notice.entity,
         notice.entity_id, notice.student_id, actor.user_id, "", now, std::nullopt});
    if (!mail || delivery != Delivery::immediately) continue;
    const auto user = store::users::find(conn, person);
    if (user && user->active) write_mail(conn, *mail, id, *user, by, notice, now);
  }
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
