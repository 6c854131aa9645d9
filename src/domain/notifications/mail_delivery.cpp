#include "domain/notifications/mail_delivery.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "store/mail_outbox_repo.hpp"
#include "util/time.hpp"

namespace trellis::domain::notifications {

namespace {

constexpr std::int64_t kMicrosPerSecond = 1'000'000;
constexpr std::int64_t kLongestWaitSeconds = 3600;

std::int64_t retry_delay_seconds(std::int64_t first, std::int64_t attempts) {
  std::int64_t delay = first;
  for (std::int64_t i = 1; i < attempts && delay < kLongestWaitSeconds; ++i) delay *= 2;
  return std::min(delay, kLongestWaitSeconds);
}

}  // namespace

MailDelivery::MailDelivery(store::Database& db, Send send, Options options)
    : db_(db), send_(std::move(send)), options_(options) {}

MailDelivery::~MailDelivery() {
  stop();
}

void MailDelivery::start() {
  thread_ = std::thread([this] { run(); });
}

void MailDelivery::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void MailDelivery::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    std::size_t leased = 0;
    try {
      leased = deliver_due();
    } catch (const std::exception& error) {
      spdlog::error("mail delivery: {}", error.what());
    }
    lock.lock();
    // A full batch: more may be due at once.
    if (leased < static_cast<std::size_t>(options_.batch)) {
      wake_.wait_for(lock, options_.poll, [this] { return stopping_; });
    }
  }
}

std::size_t MailDelivery::deliver_due() {
  const auto now = util::now_micros();
  std::vector<store::OutboxMessage> due;
  db_.write([&](store::Connection& conn) {
    due = store::mail_outbox::lease_due(conn, now, now + options_.lease.count() * kMicrosPerSecond,
                                        options_.batch);
  });
  for (std::size_t i = 0; i < due.size(); ++i) {
    const auto& message = due[i];
    bool stopping = false;
    {
      std::lock_guard lock(mutex_);
      stopping = stopping_;
    }
    if (stopping) {
      // Given back, so the next start (or another server) sends them without waiting out the
      // lease.
      db_.write([&](store::Connection& conn) {
        for (std::size_t j = i; j < due.size(); ++j) store::mail_outbox::release(conn, due[j].id);
      });
      break;
    }
    std::string error;
    try {
      send_(message.recipient, message.message);
    } catch (const std::exception& failure) {
      error = failure.what();
    }
    const auto attempts = message.attempts + 1;
    const auto at = util::now_micros();
    db_.write([&](store::Connection& conn) {
      if (error.empty()) {
        store::mail_outbox::mark_sent(conn, message.id, at);
      } else if (attempts >= options_.max_attempts) {
        store::mail_outbox::mark_failed(conn, message.id, attempts, at, error);
      } else {
        const auto wait = retry_delay_seconds(options_.first_retry.count(), attempts);
        store::mail_outbox::mark_retry(conn, message.id, attempts, at + wait * kMicrosPerSecond,
                                       error);
      }
    });
    if (!error.empty()) {
      spdlog::warn("mail {} to {} not sent (attempt {}): {}", message.message_id, message.recipient,
                   attempts, error);
    }
  }
  return due.size();
}

}  // namespace trellis::domain::notifications
