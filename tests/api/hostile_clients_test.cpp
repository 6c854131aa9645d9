// Hostile clients against the real `trellis serve`: each attack of issue 15 that the transport
// answers, with the server's memory read from /proc (VmRSS, VmHWM) and another client served
// during and after. Clients talk only to 127.0.0.1; counts and waits are bounded.
//
// Memory margins are generous on purpose: the debug build runs under ASan (shadow memory and
// quarantine inflate every allocation), and the point is the order of magnitude: before the
// fix, four unauthenticated 512 MB imports took the server from 50 MB to 2 GB.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/server_process.hpp"
#include "support/test_databases.hpp"

namespace trellis::testing {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// What the attacks may add to the server's peak memory: far below what reading the bodies
// would cost (4 x 512 MB), far above the per-connection budget (header limit + 64 KiB
// buffers) even with ASan's overhead.
constexpr std::size_t kAttackMarginKib = 64 * 1024;

constexpr std::string_view kImportHeader =
    "POST /api/v1/admin/imports/oneroster HTTP/1.1\r\nHost: test\r\n"
    "Content-Type: application/zip\r\nContent-Length: 536870912\r\n\r\n";

// A blocking socket from `from` (a loopback address: another address is another client)
// whose reads give up after a deadline instead of hanging the test.
std::unique_ptr<tcp::socket> connect_from(asio::io_context& ioc, unsigned short port,
                                          std::string_view from = "127.0.0.1") {
  auto socket = std::make_unique<tcp::socket>(ioc);
  socket->open(tcp::v4());
  socket->bind(tcp::endpoint(asio::ip::make_address(from), 0));
  socket->connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  const timeval timeout{10, 0};
  ::setsockopt(socket->native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(socket->native_handle(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  return socket;
}

// The status code of the first response on `socket` (0: none within the deadline).
int read_status(tcp::socket& socket, std::string* head = nullptr) {
  std::string received;
  std::array<char, 4096> chunk{};
  boost::system::error_code ec;
  while (received.find("\r\n\r\n") == std::string::npos) {
    const auto n = socket.read_some(asio::buffer(chunk), ec);
    if (ec) break;
    received.append(chunk.data(), n);
  }
  if (head) *head = received;
  if (received.size() < 12 || !received.starts_with("HTTP/1.1 ")) return 0;
  return std::stoi(received.substr(9, 3));
}

int get_status(unsigned short port, std::string_view from, std::string_view target) {
  asio::io_context ioc;
  auto socket = connect_from(ioc, port, from);
  const auto request = fmt::format("GET {} HTTP/1.1\r\nHost: test\r\n\r\n", target);
  boost::system::error_code ec;
  asio::write(*socket, asio::buffer(request), ec);
  return ec ? 0 : read_status(*socket);
}

void raise_open_files_limit() {
  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);
}

void report(std::string_view what, const ServerProcess::Memory& before,
            const ServerProcess::Memory& after) {
  std::cout << fmt::format("{}: RSS {} KiB before, {} KiB after, peak {} KiB (+{} KiB)\n", what,
                           before.rss_kib, after.rss_kib, after.peak_kib,
                           after.peak_kib - before.peak_kib);
}

// Four clients declare 512 MB imports without signing in and keep sending: each is answered
// 401 from its header, its connection closed after at most a small linger, and the server's
// peak memory hardly moves; a signed-out client is still answered meanwhile.
TEST(HostileClients, UnauthenticatedHugeImportsAreAnswered401UnreadInBoundedMemory) {
  ServerProcess server(fresh_database_url("sqlite"), {});
  ASSERT_EQ(get_status(server.port(), "127.0.0.1", "/healthz"), 200);
  const auto before = server.memory();

  constexpr int kAttackers = 4;
  // Each attacker offers this much and must be cut off long before: the kernel's socket
  // buffers take a few MB, the server's linger discards 64 KiB.
  constexpr std::size_t kOffered = 128 * 1024 * 1024;
  asio::io_context ioc;
  std::vector<std::unique_ptr<tcp::socket>> attackers;
  for (int i = 0; i < kAttackers; ++i) {
    attackers.push_back(connect_from(ioc, server.port()));
    asio::write(*attackers.back(), asio::buffer(kImportHeader));
  }
  for (auto& socket : attackers) {
    std::string head;
    EXPECT_EQ(read_status(*socket, &head), 401) << head;
    EXPECT_NE(head.find("Connection: close"), std::string::npos) << head;
  }
  const std::string junk(64 * 1024, 'z');
  for (auto& socket : attackers) {
    std::size_t sent = 0;
    boost::system::error_code ec;
    while (!ec && sent < kOffered) sent += socket->write_some(asio::buffer(junk), ec);
    EXPECT_TRUE(ec) << "the server read the whole refused body";
    EXPECT_LT(sent, kOffered / 4);
  }
  EXPECT_EQ(get_status(server.port(), "127.0.0.2", "/healthz"), 200);
  const auto after = server.memory();
  report("4 x 512 MB unauthenticated imports", before, after);
  EXPECT_LT(after.peak_kib, before.peak_kib + kAttackMarginKib);
}

// 2,000 idle connections from one address: it gets its per-address share (256), the rest are
// answered 503 with Retry-After, and another address is served throughout; the idle ones are
// closed after the header timeout.
TEST(HostileClients, IdleConnectionsFromOneAddressDoNotStopOthers) {
  raise_open_files_limit();
  ServerProcess server(fresh_database_url("sqlite"), {"--header-timeout", "3"});
  ASSERT_EQ(get_status(server.port(), "127.0.0.1", "/healthz"), 200);
  const auto before = server.memory();

  constexpr int kIdle = 2000;
  asio::io_context ioc;
  std::vector<std::unique_ptr<tcp::socket>> idle;
  idle.reserve(kIdle);
  for (int i = 0; i < kIdle; ++i) {
    boost::system::error_code ec;
    auto socket = std::make_unique<tcp::socket>(ioc);
    socket->connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()), ec);
    if (ec) break;
    idle.push_back(std::move(socket));
  }
  EXPECT_EQ(idle.size(), static_cast<std::size_t>(kIdle));
  EXPECT_EQ(get_status(server.port(), "127.0.0.2", "/healthz"), 200);

  std::string head;
  {
    auto late = connect_from(ioc, server.port());
    asio::write(*late, asio::buffer(std::string_view("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")));
    EXPECT_EQ(read_status(*late, &head), 503) << head;
    EXPECT_NE(head.find("Retry-After: 1"), std::string::npos) << head;
  }
  const auto during = server.memory();
  report("2,000 idle connections", before, during);
  EXPECT_LT(during.peak_kib, before.peak_kib + kAttackMarginKib);

  // The admitted idle connections end at the header timeout; then the address is served.
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    status = get_status(server.port(), "127.0.0.1", "/healthz");
    if (status == 200) break;
    std::this_thread::sleep_for(250ms);
  }
  EXPECT_EQ(status, 200);
}

}  // namespace
}  // namespace trellis::testing
