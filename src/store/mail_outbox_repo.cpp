#include "store/mail_outbox_repo.hpp"

namespace trellis::store::mail_outbox {

void insert(Connection& conn, std::optional<Id> notification_id, Id recipient_id,
            const std::string& recipient, const std::string& message_id, const std::string& message,
            std::int64_t now) {
  conn.run(
      "INSERT INTO mail_outbox (notification_id, recipient_id, recipient, message_id, message, "
      "next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $6)",
      notification_id, recipient_id, recipient, message_id, message, now);
}

std::vector<OutboxMessage> lease_due(Connection& conn, std::int64_t now, std::int64_t lease_until,
                                     int limit) {
  const auto leased = conn.run(
      "UPDATE mail_outbox SET lease_until = $2 WHERE id IN (SELECT id FROM mail_outbox WHERE "
      "sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 AND (lease_until IS NULL "
      "OR lease_until < $1) ORDER BY id LIMIT $3) AND (lease_until IS NULL OR lease_until < $1) "
      "RETURNING id, recipient, message_id, message, attempts",
      now, lease_until, std::int64_t{limit});
  std::vector<OutboxMessage> out;
  for (const auto& r : leased.rows) {
    out.push_back(
        {r[0].as_int(), r[1].as_string(), r[2].as_string(), r[3].as_string(), r[4].as_int()});
  }
  return out;
}

void mark_sent(Connection& conn, Id id, std::int64_t now) {
  conn.run(
      "UPDATE mail_outbox SET sent_at = $2, attempts = attempts + 1, lease_until = NULL, "
      "last_error = NULL WHERE id = $1",
      id, now);
}

void release(Connection& conn, Id id) {
  conn.run("UPDATE mail_outbox SET lease_until = NULL WHERE id = $1 AND sent_at IS NULL", id);
}

void mark_retry(Connection& conn, Id id, std::int64_t attempts, std::int64_t next_attempt_at,
                const std::string& error) {
  conn.run(
      "UPDATE mail_outbox SET attempts = $2, next_attempt_at = $3, lease_until = NULL, "
      "last_error = $4 WHERE id = $1",
      id, attempts, next_attempt_at, error);
}

void mark_failed(Connection& conn, Id id, std::int64_t attempts, std::int64_t now,
                 const std::string& error) {
  conn.run(
      "UPDATE mail_outbox SET attempts = $2, failed_at = $3, lease_until = NULL, last_error = $4 "
      "WHERE id = $1",
      id, attempts, now, error);
}

}  // namespace trellis::store::mail_outbox
