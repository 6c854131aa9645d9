#include "support/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

namespace trellis::testing {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace asio = boost::asio;

boost::json::value HttpResult::json() const {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  return ec ? boost::json::value(nullptr) : v;
}

std::string HttpResult::error_code() const {
  auto v = json();
  if (!v.is_object()) return "";
  const auto* error = v.as_object().if_contains("error");
  if (!error || !error->is_object()) return "";
  const auto* code = error->as_object().if_contains("code");
  return code && code->is_string() ? std::string(code->as_string()) : "";
}

HttpResult HttpClient::request(const std::string& method, const std::string& target,
                               const std::string& body,
                               const std::map<std::string, std::string>& headers) {
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), port_});
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  if (!session_.empty()) req.set(bhttp::field::cookie, "trellis_session=" + session_);
  if (!csrf_.empty()) req.set("X-CSRF-Token", csrf_);
  if (!bearer_.empty()) req.set(bhttp::field::authorization, "Bearer " + bearer_);
  if (!body.empty()) req.set(bhttp::field::content_type, "application/json");
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = body;
  req.prepare_payload();
  // A server refusing a large body answers and closes before reading it all: ignore the
  // failed write and read the answer.
  beast::error_code write_error;
  bhttp::write(socket, req, write_error);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  bhttp::read(socket, buffer, parser);
  auto res = parser.release();
  HttpResult result;
  result.status = static_cast<int>(res.result_int());
  result.body = res.body();
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    result.headers[name] = std::string(field.value());
  }
  beast::error_code ignored;
  socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  return result;
}

HttpResult HttpClient::post(const std::string& target, const boost::json::value& body) {
  return request("POST", target, boost::json::serialize(body));
}
HttpResult HttpClient::patch(const std::string& target, const boost::json::value& body) {
  return request("PATCH", target, boost::json::serialize(body));
}
HttpResult HttpClient::put(const std::string& target, const boost::json::value& body) {
  return request("PUT", target, boost::json::serialize(body));
}

std::string multipart_file_body(const std::string& field, const std::string& filename,
                                const std::string& part_type, const std::string& content) {
  const std::string boundary = kMultipartBoundary;
  return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field +
         "\"; filename=\"" + filename + "\"\r\nContent-Type: " + part_type + "\r\n\r\n" + content +
         "\r\n--" + boundary + "--\r\n";
}

HttpResult HttpClient::upload(const std::string& target, const std::string& filename,
                              const std::string& content, const std::string& part_type,
                              const std::string& field) {
  return request(
      "POST", target, multipart_file_body(field, filename, part_type, content),
      {{"Content-Type", std::string("multipart/form-data; boundary=") + kMultipartBoundary}});
}

HttpResult HttpClient::sign_in(const std::string& email, const std::string& password) {
  auto result = post("/api/v1/auth/login", {{"email", email}, {"password", password}});
  if (result.status == 200) {
    const auto cookie = result.headers["set-cookie"];
    const auto start = cookie.find('=') + 1;
    session_ = cookie.substr(start, cookie.find(';') - start);
    csrf_ = std::string(result.json().at("csrf_token").as_string());
  }
  return result;
}

}  // namespace trellis::testing
