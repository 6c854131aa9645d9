#pragma once

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trellis::util {

// Writes JSON text straight into a string, without building a tree first. For the API's
// hottest answers (a 50-row dashboard page): building a `boost::json` tree, serializing it and
// freeing it was about a third of such a page's server time (issue 19). Commas are placed by
// the writer; the caller says where objects, arrays, keys and values go.
//   JsonWriter out(text);
//   out.begin_object().key("id").value(7).key("tags").begin_array().value("a").end_array();
//   out.end_object();
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);

  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(int number) { return value(std::int64_t{number}); }
  JsonWriter& value(bool truth);
  // Parts built as trees elsewhere.
  JsonWriter& value(const boost::json::value& tree);
  JsonWriter& value(const boost::json::array& tree);
  JsonWriter& null();
  template <class T>
  JsonWriter& value(const std::optional<T>& maybe) {
    return maybe ? value(*maybe) : null();
  }

  // key(name).value(v), the common case.
  template <class T>
  JsonWriter& field(std::string_view name, const T& v) {
    return key(name).value(v);
  }

 private:
  void separate();  // the comma before a value or key that follows another
  JsonWriter& open(char bracket);
  JsonWriter& close(char bracket);
  template <class Tree>
  JsonWriter& serialized(const Tree& tree);

  std::string& out_;
  bool after_value_ = false;
};

// Appends `text` as a JSON string, quoted and escaped.
void append_json_string(std::string& out, std::string_view text);

}  // namespace trellis::util
