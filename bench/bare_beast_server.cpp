// The ceiling for GET /healthz on this machine (issue 19): a Boost.Beast server with nothing
// of Trellis, built like Trellis's transport (C++20 coroutines, one io_context run by N
// threads, keep-alive), answering every request with the same small JSON. bench/healthz.sh
// measures it beside `trellis serve` with the same wrk command, so the gap is Trellis's own.
//   trellis_bare_beast_server PORT THREADS
#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using asio::ip::tcp;

namespace {

asio::awaitable<void> serve(tcp::socket socket) {
  beast::flat_buffer buffer;
  for (;;) {
    bhttp::request<bhttp::empty_body> request;
    auto [read_error, read] =
        co_await bhttp::async_read(socket, buffer, request, asio::as_tuple(asio::use_awaitable));
    if (read_error) co_return;
    bhttp::response<bhttp::string_body> response{bhttp::status::ok, request.version()};
    response.set(bhttp::field::content_type, "application/json");
    response.keep_alive(request.keep_alive());
    response.body() = R"({"status":"ok"})";
    response.prepare_payload();
    auto [write_error, written] =
        co_await bhttp::async_write(socket, response, asio::as_tuple(asio::use_awaitable));
    if (write_error || !response.keep_alive()) co_return;
  }
}

asio::awaitable<void> accept(tcp::acceptor& acceptor) {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
    asio::co_spawn(acceptor.get_executor(), serve(std::move(socket)), asio::detached);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: trellis_bare_beast_server PORT THREADS\n";
    return 2;
  }
  const auto port = static_cast<unsigned short>(std::stoi(argv[1]));
  const int threads = std::stoi(argv[2]);
  asio::io_context io(threads);
  tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), port});
  asio::co_spawn(io, accept(acceptor), asio::detached);
  std::cout << "listening on http://127.0.0.1:" << acceptor.local_endpoint().port() << std::endl;
  std::vector<std::jthread> runners;
  for (int i = 1; i < threads; ++i) runners.emplace_back([&io] { io.run(); });
  io.run();
}
