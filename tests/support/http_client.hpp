// A small synchronous HTTP client for API tests, with a cookie jar and the CSRF header.
#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <optional>
#include <string>

namespace trellis::testing {

struct HttpResult {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  boost::json::value json() const;
  // error.code of an API error body, or "".
  std::string error_code() const;
};

inline constexpr const char* kMultipartBoundary = "----TrellisTestBoundary4f7a9c";
// A multipart/form-data body with one file part (boundary kMultipartBoundary).
std::string multipart_file_body(const std::string& field, const std::string& filename,
                                const std::string& part_type, const std::string& content);

class HttpClient {
 public:
  explicit HttpClient(unsigned short port) : port_(port) {}

  HttpResult request(const std::string& method, const std::string& target,
                     const std::string& body = "",
                     const std::map<std::string, std::string>& headers = {});
  HttpResult get(const std::string& target) { return request("GET", target); }
  HttpResult post(const std::string& target, const boost::json::value& body);
  HttpResult patch(const std::string& target, const boost::json::value& body);
  HttpResult put(const std::string& target, const boost::json::value& body);
  HttpResult del(const std::string& target) { return request("DELETE", target); }
  // POSTs `content` as the multipart/form-data file field `field`, as a browser's file input
  // does (the part declares `part_type`; the server must not believe it).
  HttpResult upload(const std::string& target, const std::string& filename,
                    const std::string& content, const std::string& part_type = "application/pdf",
                    const std::string& field = "file");

  // Signs in and keeps the session cookie and CSRF token; returns the login response.
  HttpResult sign_in(const std::string& email, const std::string& password);
  void use_bearer(std::string token) { bearer_ = std::move(token); }
  void forget_csrf() { csrf_.clear(); }
  void set_csrf(std::string token) { csrf_ = std::move(token); }
  const std::string& session_cookie() const { return session_; }
  void set_session_cookie(std::string value) { session_ = std::move(value); }

 private:
  unsigned short port_;
  std::string session_;
  std::string csrf_;
  std::string bearer_;
};

}  // namespace trellis::testing
