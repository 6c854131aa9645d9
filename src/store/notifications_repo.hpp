// A person's notifications in the app.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

namespace trellis::store {

struct NotificationRow {
  Id id = 0;
  Id user_id = 0;
  std::string kind;
  std::string title;
  std::string link;
  std::string entity;
  std::optional<Id> entity_id;
  std::optional<Id> student_id;
  std::optional<Id> actor_id;
  std::string actor_name;  // read with the row; empty for the system
  std::int64_t created_at = 0;
  std::optional<std::int64_t> read_at;
  // Waits for the morning digest e-mail (the person chose "in the daily digest").
  bool awaiting_digest = false;
};

namespace notifications {
Id insert(Connection& conn, const NotificationRow& row);
// Newest first, keyset by id.
Page<NotificationRow> list(Connection& conn, Id user_id, const std::optional<std::string>& after,
                           int limit, bool unread_only);
std::int64_t unread_count(Connection& conn, Id user_id);
// Whether the notification exists and is the user's (read or not); marks it read if unread.
bool mark_read(Connection& conn, Id user_id, Id id, std::int64_t now);
// Marks every unread one read; returns how many.
std::int64_t mark_all_read(Connection& conn, Id user_id, std::int64_t now);
// The digest takes notifications awaiting it that were written before `cutoff` (this morning's
// digest time), and the morning run's own (tasks_due, review_due), which it writes just before.
// Active people with such notifications, by id.
std::vector<Id> awaiting_digest_users(Connection& conn, std::int64_t cutoff);
// Takes the person's notifications for the digest off the wait (atomically, so that one
// inserted meanwhile waits for the next digest rather than being lost) and returns those still
// unread, oldest first.
std::vector<NotificationRow> take_awaiting_digest(Connection& conn, Id user_id,
                                                  std::int64_t cutoff);
}  // namespace notifications

}  // namespace trellis::store
