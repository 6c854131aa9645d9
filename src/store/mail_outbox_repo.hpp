// The e-mail outbox: messages written with the action that causes them, sent afterwards.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

namespace trellis::store {

struct OutboxMessage {
  Id id = 0;
  std::string recipient;
  std::string message_id;
  std::string message;
  std::int64_t attempts = 0;
};

namespace mail_outbox {
void insert(Connection& conn, std::optional<Id> notification_id, Id recipient_id,
            const std::string& recipient, const std::string& message_id, const std::string& message,
            std::int64_t now);
// Leases up to `limit` messages that are due and not leased (or whose lease ran out) until
// `lease_until`. The lease is checked again on the row itself, so two servers racing for one
// message lease it once.
std::vector<OutboxMessage> lease_due(Connection& conn, std::int64_t now, std::int64_t lease_until,
                                     int limit);
void mark_sent(Connection& conn, Id id, std::int64_t now);
// Gives a leased message back unsent (a stopping server), due again at once.
void release(Connection& conn, Id id);
void mark_retry(Connection& conn, Id id, std::int64_t attempts, std::int64_t next_attempt_at,
                const std::string& error);
void mark_failed(Connection& conn, Id id, std::int64_t attempts, std::int64_t now,
                 const std::string& error);
}  // namespace mail_outbox

}  // namespace trellis::store
