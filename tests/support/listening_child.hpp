// A helper server a test starts as a child process (the OpenID provider, the SMTP server):
// it prints one line once it listens, and exits when its stdin closes, so a test that dies
// never leaves it behind. Stopped (SIGTERM, then SIGKILL after 10 s) when destroyed.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace trellis::testing {

class ListeningChild {
 public:
  // Starts `args` and waits up to `timeout` for its first line of output; throws, naming
  // `what` and what it printed, when it does not come. Its standard error stays the test's.
  // Three minutes: Node loading oidc-provider once took over a minute while `make test` ran
  // two sanitized suites and PostgreSQL on two cores; ctest's own limit per test is five.
  ListeningChild(std::vector<std::string> args, const std::string& what,
                 std::chrono::seconds timeout = std::chrono::seconds(180));
  ~ListeningChild();
  ListeningChild(const ListeningChild&) = delete;
  ListeningChild& operator=(const ListeningChild&) = delete;

  // The first line it printed, without the newline.
  const std::string& first_line() const { return first_line_; }
  void stop();

 private:
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  std::string first_line_;
};

}  // namespace trellis::testing
