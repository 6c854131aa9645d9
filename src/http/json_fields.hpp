// Reads typed fields from a JSON request body, collecting one message per bad field so the
// client hears about all of them at once (422 with "fields").
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trellis::http {

enum class Need { optional, required };

// The input discipline for a whole request body, before any handler reads it: every string
// and object key valid UTF-8 without control characters but tab and newline, every number
// finite (`1e999` parses as infinity). Throws RequestError(422) naming each bad value by its
// path ("interventions[0].name").
void check_json_values(const boost::json::value& body);

class JsonFields {
 public:
  explicit JsonFields(const boost::json::object& object) : object_(object) {}
  // The fields of a nested object (`"goal": {...}`): its problems are reported to `parent`
  // under "prefix.key", so one 422 names them all.
  JsonFields(const boost::json::object& object, JsonFields& parent, std::string_view prefix)
      : object_(object), parent_(&parent), prefix_(std::string(prefix) + ".") {}

  // Text as util::text_problem accepts it, at most `max_length` characters (code points).
  std::optional<std::string> text(std::string_view key, Need need, std::size_t max_length = 2000);
  std::optional<std::int64_t> integer(std::string_view key, Need need);
  std::optional<bool> boolean(std::string_view key, Need need);
  // Any finite JSON number (integers included); anything else is "Expected a number."
  std::optional<double> number(std::string_view key, Need need);
  // A list of ids (positive integers); anything else is "Expected a list of ids."
  std::optional<std::vector<std::int64_t>> ids(std::string_view key, Need need);
  // A nested object; anything else is "Expected an object."
  const boost::json::object* object(std::string_view key, Need need);
  // The raw value when present and not null; marks it missing when required.
  const boost::json::value* value(std::string_view key, Need need);
  void fail(std::string_view key, std::string message);
  bool has(std::string_view key) const { return object_.contains(key); }
  // Throws RequestError(422) when any field was bad.
  void done() const;

 private:
  const boost::json::object& object_;
  JsonFields* parent_ = nullptr;
  std::string prefix_;
  std::map<std::string, std::string> problems_;
};

}  // namespace trellis::http
