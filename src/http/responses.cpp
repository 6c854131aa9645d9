#include "http/responses.hpp"

#include <boost/json/serialize.hpp>

namespace trellis::http {

Response text_response(unsigned version, bool keep_alive, bhttp::status status,
                       std::string content_type, std::string body) {
  Response response{status, version};
  response.set(bhttp::field::content_type, std::move(content_type));
  response.set(bhttp::field::cache_control, "no-store");
  response.set("X-Content-Type-Options", "nosniff");
  response.keep_alive(keep_alive);
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

Response json_response(unsigned version, bool keep_alive, bhttp::status status,
                       const boost::json::value& body) {
  return text_response(version, keep_alive, status, "application/json; charset=utf-8",
                       boost::json::serialize(body));
}

}  // namespace trellis::http
