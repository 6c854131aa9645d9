#include "domain/notifications/digest.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "domain/notifications/notifications.hpp"
#include "store/notifications_repo.hpp"
#include "store/users_repo.hpp"
#include "util/time.hpp"

namespace trellis::domain::notifications {

namespace {

std::string count_of(std::int64_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// "2 tasks due tomorrow, 1 overdue"
std::string summary(std::int64_t tomorrow, std::int64_t overdue) {
  std::string text;
  if (tomorrow > 0) text = count_of(tomorrow, "task due tomorrow", "tasks due tomorrow");
  if (overdue > 0) {
    if (!text.empty()) text += ", ";
    text += tomorrow > 0 ? fmt::format("{} overdue", overdue)
                         : count_of(overdue, "task overdue", "tasks overdue");
  }
  return text;
}

// Owners of active plans whose goal's target date (the review) is tomorrow to a week away,
// once a plan and date.
std::size_t remind_of_reviews(store::Connection& conn, std::int64_t now) {
  const auto plans = conn.run(
      "SELECT p.id, p.owner_id, p.area, p.goal_target_date FROM plans p "
      "JOIN users u ON u.id = p.owner_id AND u.active = 1 "
      "WHERE p.status = 'active' AND p.goal_target_date BETWEEN $1 AND $2 "
      "AND NOT EXISTS (SELECT 1 FROM plan_review_reminders r WHERE r.plan_id = p.id AND "
      "r.target_date = p.goal_target_date) ORDER BY p.id",
      util::district_date_plus(now, 1), util::district_date_plus(now, kReviewNoticeDays));
  std::size_t sent = 0;
  for (const auto& row : plans.rows) {
    const auto plan_id = row[0].as_int();
    const auto claimed = conn.run(
        "INSERT INTO plan_review_reminders (plan_id, target_date, sent_at) VALUES ($1, $2, $3) "
        "ON CONFLICT DO NOTHING RETURNING plan_id",
        plan_id, row[3].as_string(), now);
    if (claimed.rows.empty()) continue;
    // The plan's area and date, not its student: "Reading plan, review due 2031-05-10".
    auto area = row[2].as_string();
    if (!area.empty())
      area[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(area[0])));
    for (auto& c : area) c = c == '_' ? ' ' : c;
    notify(conn, Actor::system(), {row[1].as_int()},
           {Kind::review_due, area + " plan, review due " + row[3].as_string(),
            "/plans/" + std::to_string(plan_id), "plan", plan_id, std::nullopt});
    ++sent;
  }
  return sent;
}

// One e-mail a person a district day with every notification they chose to have in the
// digest and have not read yet (this morning's tasks and reviews included, written above).
std::size_t mail_digests(store::Connection& conn, std::int64_t now) {
  if (!mail_configured()) return 0;
  const auto today = util::district_date(now);
  // What arrived after this morning's digest time waits for tomorrow's, so the digest comes
  // in the morning, not whenever the first notification of a day does.
  const auto morning = util::district_time_of_day(now, kDigestHour);
  std::size_t sent = 0;
  for (const auto user_id : store::notifications::awaiting_digest_users(conn, morning)) {
    const auto claimed = conn.run(
        "INSERT INTO digest_mails (user_id, day, sent_at) VALUES ($1, $2, $3) "
        "ON CONFLICT DO NOTHING RETURNING user_id",
        user_id, today, now);
    if (claimed.rows.empty()) continue;  // today's went out; these wait for tomorrow's
    const auto user = store::users::find(conn, user_id);
    const auto rows = store::notifications::take_awaiting_digest(conn, user_id, morning);
    if (user && write_digest_mail(conn, *user, rows, today, now)) ++sent;
  }
  return sent;
}

}  // namespace

std::size_t send_daily_digests(store::Connection& conn, std::int64_t now) {
  if (util::district_hour(now) < kDigestHour) return 0;
  std::size_t sent = remind_of_reviews(conn, now);
  const auto today = util::district_date(now);
  const auto tomorrow = util::district_date_plus(now, 1);
  const auto people = conn.run(
      "SELECT t.assignee_id, sum(CASE WHEN t.due_date = $2 THEN 1 ELSE 0 END), "
      "sum(CASE WHEN t.due_date < $1 THEN 1 ELSE 0 END) FROM tasks t "
      "JOIN users u ON u.id = t.assignee_id AND u.active = 1 "
      "WHERE t.status = 'open' AND t.due_date IS NOT NULL AND t.due_date <= $2 "
      "AND t.due_date <> $1 "
      "AND NOT EXISTS (SELECT 1 FROM daily_digests d WHERE d.user_id = t.assignee_id AND "
      "d.day = $1) GROUP BY t.assignee_id ORDER BY t.assignee_id",
      today, tomorrow);
  for (const auto& row : people.rows) {
    const auto user_id = row[0].as_int();
    // Claimed in this transaction: a second server (or run) finds the row and sends nothing.
    const auto claimed = conn.run(
        "INSERT INTO daily_digests (user_id, day, sent_at) VALUES ($1, $2, $3) "
        "ON CONFLICT DO NOTHING RETURNING user_id",
        user_id, today, now);
    if (claimed.rows.empty()) continue;
    notify(conn, Actor::system(), {user_id},
           {Kind::tasks_due, summary(row[1].as_int(), row[2].as_int()), "/tasks", "task",
            std::nullopt, std::nullopt});
    ++sent;
  }
  return sent + mail_digests(conn, now);
}

DigestSchedule::DigestSchedule(store::Database& db) : db_(db) {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      try {
        std::size_t sent = 0;
        db_.write(
            [&](store::Connection& conn) { sent = send_daily_digests(conn, util::now_micros()); });
        if (sent > 0) spdlog::info("daily digests: {} sent", sent);
      } catch (const std::exception& error) {
        spdlog::error("daily digests: {}", error.what());
      }
      lock.lock();
      wake_.wait_for(lock, std::chrono::minutes(1), [this] { return stopping_; });
    }
  });
}

DigestSchedule::~DigestSchedule() {
  stop();
}

void DigestSchedule::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace trellis::domain::notifications
