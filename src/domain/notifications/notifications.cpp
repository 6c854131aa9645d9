#include "domain/notifications/notifications.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "domain/views.hpp"
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
  }
  return "unknown";
}

void notify(store::Connection& conn, const Actor& actor, const std::vector<Id>& recipients,
            const Notice& notice) {
  auto people = recipients;
  std::sort(people.begin(), people.end());
  people.erase(std::unique(people.begin(), people.end()), people.end());
  const auto now = util::now_micros();
  for (const auto person : people) {
    if (actor.user_id == person) continue;  // nobody is told of what they did themselves
    store::notifications::insert(conn, {0, person, std::string(name_of(notice.kind)), notice.title,
                                        notice.link, notice.entity, notice.entity_id,
                                        notice.student_id, actor.user_id, "", now, std::nullopt});
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
