#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "http/types.hpp"

namespace trellis::http {

Response json_response(unsigned version, bool keep_alive, bhttp::status status,
                       const boost::json::value& body);
Response text_response(unsigned version, bool keep_alive, bhttp::status status,
                       std::string content_type, std::string body);

}  // namespace trellis::http
