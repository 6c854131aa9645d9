#include "domain/roster/import_worker.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

namespace trellis::domain::roster {

ImportWorker::ImportWorker(store::Database& db) : db_(db) {}

ImportWorker::~ImportWorker() {
  stop();
}

bool ImportWorker::submit(store::Id run_id, std::shared_ptr<Source> source, ImportOptions options) {
  {
    std::lock_guard lock(mutex_);
    if (!cancel_) {
      options.cancel = &cancel_;
      boost::asio::post(pool_, [this, run_id, source, options = std::move(options)] {
        run(run_id, *source, options);
      });
      return true;
    }
  }
  fail_run(db_, run_id, ImportCancelled().what());
  return false;
}

void ImportWorker::run(store::Id run_id, Source& source, ImportOptions options) {
  try {
    if (cancel_) {
      fail_run(db_, run_id, ImportCancelled().what());
      return;
    }
    const auto result = execute_run(db_, run_id, source, options);
    if (result.fatal && cancel_) spdlog::info("roster import {} cancelled by the shutdown", run_id);
  } catch (const std::exception& e) {
    // Only recording the outcome can fail here (execute_run records every other failure).
    spdlog::error("roster import {} could not record its outcome: {}", run_id, e.what());
  }
}

void ImportWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    cancel_ = true;
  }
  pool_.join();
}

}  // namespace trellis::domain::roster
