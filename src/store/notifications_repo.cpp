#include "store/notifications_repo.hpp"

#include <fmt/format.h>

#include "store/query_builder.hpp"

namespace trellis::store::notifications {

namespace {

constexpr std::string_view kColumns =
    "SELECT n.id, n.user_id, n.kind, n.title, n.link, n.entity, n.entity_id, n.student_id, "
    "n.actor_id, coalesce(a.given_name || ' ' || a.family_name, ''), n.created_at, n.read_at "
    "FROM notifications n LEFT JOIN users a ON a.id = n.actor_id ";

NotificationRow read_row(const Row& r) {
  return {r[0].as_int(),    r[1].as_int(),    r[2].as_string(), r[3].as_string(),
          r[4].as_string(), r[5].as_string(), r[6].opt_int(),   r[7].opt_int(),
          r[8].opt_int(),   r[9].as_string(), r[10].as_int(),   r[11].opt_int()};
}

}  // namespace

Id insert(Connection& conn, const NotificationRow& n) {
  return conn
      .one(
          "INSERT INTO notifications (user_id, kind, title, link, entity, entity_id, student_id, "
          "actor_id, created_at, awaiting_digest) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
          "RETURNING id",
          n.user_id, n.kind, n.title, n.link, n.entity, n.entity_id, n.student_id, n.actor_id,
          n.created_at, std::int64_t{n.awaiting_digest ? 1 : 0})[0]
      .as_int();
}

Page<NotificationRow> list(Connection& conn, Id user_id, const std::optional<std::string>& after,
                           int limit, bool unread_only) {
  QueryBuilder q;
  q.where("n.user_id = " + q.bind(user_id));
  if (unread_only) q.where("n.read_at IS NULL");
  if (auto before = id_cursor(after)) q.where("n.id < " + q.bind(*before));
  const auto query = fmt::format("{} {} ORDER BY n.id DESC LIMIT {}", kColumns, q.where_clause(),
                                 q.bind(std::int64_t{limit + 1}));
  std::vector<NotificationRow> items;
  for (const auto& row : conn.execute(query, q.params()).rows) items.push_back(read_row(row));
  return newest_first_page(std::move(items), limit);
}

std::int64_t unread_count(Connection& conn, Id user_id) {
  return conn
      .one("SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL", user_id)[0]
      .as_int();
}

bool mark_read(Connection& conn, Id user_id, Id id, std::int64_t now) {
  if (!conn.maybe_one("SELECT 1 FROM notifications WHERE id = $1 AND user_id = $2", id, user_id)) {
    return false;
  }
  conn.run(
      "UPDATE notifications SET read_at = $3 WHERE id = $1 AND user_id = $2 AND "
      "read_at IS NULL",
      id, user_id, now);
  return true;
}

std::int64_t mark_all_read(Connection& conn, Id user_id, std::int64_t now) {
  const auto unread = unread_count(conn, user_id);
  conn.run("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL", user_id,
           now);
  return unread;
}

// The notifications the digest takes; `cutoff` is the parameter given.
std::string digest_due(std::string_view cutoff) {
  return fmt::format(
      "awaiting_digest = 1 AND (created_at < {} OR kind IN ('tasks_due', 'review_due'))", cutoff);
}

std::vector<Id> awaiting_digest_users(Connection& conn, std::int64_t cutoff) {
  std::vector<Id> people;
  const auto query = fmt::format(
      "SELECT DISTINCT user_id FROM notifications WHERE {} AND user_id IN (SELECT id FROM users "
      "WHERE active = 1) ORDER BY user_id",
      digest_due("$1"));
  for (const auto& row : conn.run(query, cutoff).rows) {
    people.push_back(row[0].as_int());
  }
  return people;
}

std::vector<NotificationRow> take_awaiting_digest(Connection& conn, Id user_id,
                                                  std::int64_t cutoff) {
  const auto taken =
      conn.run(fmt::format("UPDATE notifications SET awaiting_digest = 0 WHERE user_id = $1 AND {} "
                           "RETURNING id",
                           digest_due("$2")),
               user_id, cutoff);
  if (taken.rows.empty()) return {};
  QueryBuilder q;
  std::string ids;
  for (const auto& row : taken.rows) {
    ids += (ids.empty() ? "" : ", ") + q.bind(row[0].as_int());
  }
  q.where("n.id IN (" + ids + ")");
  q.where("n.read_at IS NULL");
  const auto query = fmt::format("{} {} ORDER BY n.id", kColumns, q.where_clause());
  std::vector<NotificationRow> items;
  for (const auto& row : conn.execute(query, q.params()).rows) items.push_back(read_row(row));
  return items;
}

}  // namespace trellis::store::notifications
