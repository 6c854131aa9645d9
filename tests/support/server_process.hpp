// Starts the real `trellis serve` binary on a free port for API tests, and stops it.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace trellis::testing {

class ServerProcess {
 public:
  // `db_url` as for --db; extra arguments are appended to `trellis serve`.
  explicit ServerProcess(std::string db_url,
                         std::vector<std::string> extra_args = {"--demo-roster"});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  unsigned short port() const { return port_; }
  const std::string& db_url() const { return db_url_; }
  const std::filesystem::path& data_dir() const { return data_dir_; }
  // Sends SIGTERM and waits; returns the exit status (0 for a clean, graceful stop).
  int stop();
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  // The server's resident memory now and at its peak (VmRSS, VmHWM of /proc/PID/status), in
  // KiB; 0 when it is not running.
  struct Memory {
    std::size_t rss_kib = 0;
    std::size_t peak_kib = 0;
  };
  Memory memory() const;

 private:
  std::string db_url_;
  std::filesystem::path data_dir_;
  pid_t pid_ = -1;
  unsigned short port_ = 0;
};

// Runs the trellis binary with arguments (and optional stdin); returns exit code and output.
struct CommandResult {
  int status = -1;
  std::string output;
};
CommandResult run_trellis(const std::vector<std::string>& args, const std::string& input = "");

}  // namespace trellis::testing
