// Sends the e-mail outbox: a thread of its own leases due messages (several servers on one
// database each lease different ones), sends each, and records the outcome. A failed send is
// tried again later, waiting twice as long each time up to an hour, and given up after
// max_attempts; a server stopped mid-send leaves a lease that runs out, and the message goes
// again with the same Message-ID.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "store/database.hpp"

namespace trellis::domain::notifications {

class MailDelivery {
 public:
  // Sends one message to one recipient; throws (with a reason) when it was not accepted.
  using Send = std::function<void(const std::string& recipient, const std::string& message)>;
  struct Options {
    std::chrono::milliseconds poll{1000};  // how often to look for due messages when idle
    std::chrono::seconds lease{120};       // longer than one send can take
    std::chrono::seconds first_retry{30};  // then doubled per attempt, at most an hour
    int max_attempts = 12;
    int batch = 20;
  };

  MailDelivery(store::Database& db, Send send, Options options);
  ~MailDelivery();
  MailDelivery(const MailDelivery&) = delete;
  MailDelivery& operator=(const MailDelivery&) = delete;

  void start();
  // Finishes the message being sent, then returns; the rest wait in the outbox.
  void stop();

 private:
  void run();
  // Sends what is due now; the number of messages leased.
  std::size_t deliver_due();

  store::Database& db_;
  Send send_;
  Options options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace trellis::domain::notifications
