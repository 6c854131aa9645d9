#include "support/server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <thread>

namespace trellis::testing {

namespace {

std::vector<char*> argv_of(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return argv;
}

std::filesystem::path make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "trellis-api-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

// The server binary API tests start: this build's, or TRELLIS_TEST_SERVER (an older build, to
// see what a test such as the permission matrix finds in it).
std::string server_binary() {
  const char* other = std::getenv("TRELLIS_TEST_SERVER");
  return other && *other ? other : TRELLIS_BINARY;
}

}  // namespace

ServerProcess::ServerProcess(std::string db_url, std::vector<std::string> extra_args)
    : db_url_(std::move(db_url)), data_dir_(make_temp_dir()) {
  std::vector<std::string> args = {
      server_binary(),    "serve",     "--db", db_url_, "--listen", "127.0.0.1:0", "--data-dir",
      data_dir_.string(), "--threads", "2"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ == 0) {
    // The server dies with the test: a crashed test must not leave it holding ctest's pipes.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    auto argv = argv_of(args);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  // Read stdout until the server says where it listens.
  std::string seen;
  const std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+))");
  std::smatch m;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  std::array<char, 512> buffer{};
  while (!std::regex_search(seen, m, listening)) {
    const auto n = read(out[0], buffer.data(), buffer.size());
    if (n <= 0 || std::chrono::steady_clock::now() > deadline) {
      close(out[0]);
      stop();
      throw std::runtime_error("trellis serve did not start; it printed: " + seen);
    }
    seen.append(buffer.data(), static_cast<std::size_t>(n));
  }
  port_ = static_cast<unsigned short>(std::stoi(m[1]));
  // Keep draining stdout in the background so the server never blocks on a full pipe.
  std::thread([fd = out[0]] {
    std::array<char, 512> sink{};
    while (read(fd, sink.data(), sink.size()) > 0) {
    }
    close(fd);
  }).detach();
}

ServerProcess::~ServerProcess() {
  stop();
  std::error_code ignored;
  std::filesystem::remove_all(data_dir_, ignored);
}

int ServerProcess::stop() {
  if (pid_ <= 0) return 0;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

ServerProcess::Memory ServerProcess::memory() const {
  Memory memory;
  if (pid_ <= 0) return memory;
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    const auto value = [&line] { return std::stoul(line.substr(line.find(':') + 1)); };
    if (line.starts_with("VmRSS:")) memory.rss_kib = value();
    if (line.starts_with("VmHWM:")) memory.peak_kib = value();
  }
  return memory;
}

CommandResult run_trellis(const std::vector<std::string>& args, const std::string& input) {
  std::vector<std::string> all = {TRELLIS_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  int in[2];
  int out[2];
  if (pipe(in) != 0 || pipe(out) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(in[0], STDIN_FILENO);
    dup2(out[1], STDOUT_FILENO);
    dup2(out[1], STDERR_FILENO);
    close(in[1]);
    close(out[0]);
    auto argv = argv_of(all);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  if (!input.empty() && write(in[1], input.data(), input.size()) < 0) {
    throw std::runtime_error("write to child failed");
  }
  close(in[1]);
  CommandResult result;
  std::array<char, 4096> buffer{};
  ssize_t n = 0;
  while ((n = read(out[0], buffer.data(), buffer.size())) > 0) {
    result.output.append(buffer.data(), static_cast<std::size_t>(n));
  }
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace trellis::testing
