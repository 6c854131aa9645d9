// Where the server runs roster imports: one at a time, on a thread the server owns and stops.
// A shutdown cancels the running import at its next checkpoint (every 4,096 rows while it is
// read and compared; the write transaction, which is short, is let finish) and waits for it;
// runs still queued are not started. A cancelled run is marked failed, saying so, and wrote
// nothing: its one write transaction never began or was rolled back.
#pragma once

#include <atomic>
#include <boost/asio/thread_pool.hpp>
#include <memory>
#include <mutex>

#include "domain/roster/oneroster.hpp"

namespace trellis::domain::roster {

class ImportWorker {
 public:
  explicit ImportWorker(store::Database& db);
  ~ImportWorker();
  ImportWorker(const ImportWorker&) = delete;
  ImportWorker& operator=(const ImportWorker&) = delete;

  // Queues run `run_id` (created queued); false once stop() has begun (the run is then marked
  // failed as cancelled).
  bool submit(store::Id run_id, std::shared_ptr<Source> source, ImportOptions options);
  // Cancels the running import, marks queued runs cancelled, and waits. Idempotent.
  void stop();

 private:
  void run(store::Id run_id, Source& source, ImportOptions options);

  store::Database& db_;
  std::atomic<bool> cancel_{false};
  std::mutex mutex_;  // orders submit() against stop()
  boost::asio::thread_pool pool_{1};
};

}  // namespace trellis::domain::roster
