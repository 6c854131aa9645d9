// The morning run, from kDigestHour in the district's time zone: once a district day, each
// active person with open tasks due tomorrow or overdue hears of them in one notification
// (tasks_due), and once a plan and date, a plan's owner hears that its review is within a week
// (review_due); by e-mail too unless they chose otherwise.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "store/database.hpp"

namespace trellis::domain::notifications {

inline constexpr int kDigestHour = 7;  // local time: before the school day
// A plan's owner hears of its review (the goal's target date) this many days ahead.
inline constexpr int kReviewNoticeDays = 7;

// Sends the digests due at `now` that have not been sent (each at most once a person a
// district day); returns how many it sent.
std::size_t send_daily_digests(store::Connection& conn, std::int64_t now);

// Runs send_daily_digests every minute on a thread of its own, until stopped.
class DigestSchedule {
 public:
  explicit DigestSchedule(store::Database& db);
  ~DigestSchedule();
  void stop();

 private:
  store::Database& db_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace trellis::domain::notifications
