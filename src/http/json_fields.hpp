// Reads typed fields from a JSON request body, collecting one message per bad field so the
// client hears about all of them at once (422 with "fields").
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace trellis::http {

enum class Need { optional, required };

class JsonFields {
 public:
  explicit JsonFields(const boost::json::object& object) : object_(object) {}

  std::optional<std::string> text(std::string_view key, Need need, std::size_t max_length = 2000);
  std::optional<std::int64_t> integer(std::string_view key, Need need);
  std::optional<bool> boolean(std::string_view key, Need need);
  // The raw value when present and not null; marks it missing when required.
  const boost::json::value* value(std::string_view key, Need need);
  void fail(std::string_view key, std::string message);
  bool has(std::string_view key) const { return object_.contains(key); }
  // Throws RequestError(422) when any field was bad.
  void done() const;

 private:
  const boost::json::object& object_;
  std::map<std::string, std::string> problems_;
};

}  // namespace trellis::http
