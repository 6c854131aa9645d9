#include "support/listening_child.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <stdexcept>
#include <thread>

namespace trellis::testing {

using namespace std::chrono_literals;

ListeningChild::ListeningChild(std::vector<std::string> args, const std::string& what,
                               std::chrono::seconds timeout) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  // Close-on-exec, so that servers the test starts later do not hold the child's stdin open
  // (it exits when that closes).
  int in[2];
  int out[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  pid_ = fork();
  if (pid_ == 0) {
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    dup2(in[0], STDIN_FILENO);
    dup2(out[1], STDOUT_FILENO);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  stdin_fd_ = in[1];

  std::string seen;
  const auto started = std::chrono::steady_clock::now();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::array<char, 512> buffer{};
  while (seen.find('\n') == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd ready{out[0], POLLIN, 0};
    const ssize_t n = left.count() > 0 && poll(&ready, 1, static_cast<int>(left.count())) > 0
                          ? read(out[0], buffer.data(), buffer.size())
                          : -1;
    if (n <= 0) {
      close(out[0]);
      stop();
      const auto waited = std::chrono::duration_cast<std::chrono::seconds>(
          std::chrono::steady_clock::now() - started);
      throw std::runtime_error(what + " (" + args.front() + ") did not start within " +
                               std::to_string(waited.count()) +
                               " s; its errors are above. It printed: " + seen);
    }
    seen.append(buffer.data(), static_cast<std::size_t>(n));
  }
  first_line_ = seen.substr(0, seen.find('\n'));
  // Keep draining its stdout so that it never blocks on a full pipe.
  std::thread([fd = out[0]] {
    std::array<char, 512> sink{};
    while (read(fd, sink.data(), sink.size()) > 0) {
    }
    close(fd);
  }).detach();
}

ListeningChild::~ListeningChild() {
  stop();
}

void ListeningChild::stop() {
  if (stdin_fd_ >= 0) {
    close(stdin_fd_);
    stdin_fd_ = -1;
  }
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(10ms);
  }
  pid_ = -1;
}

}  // namespace trellis::testing
