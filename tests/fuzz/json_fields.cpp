// A JSON request body as handlers read it: parsed as RequestContext::json_body does, then
// every key read as each type a handler might ask for, nested objects through the child
// reader, and done(), which must throw RequestError (422) or nothing.
#include <boost/json/parse.hpp>
#include <cmath>

#include "fuzz_target.hpp"
#include "http/errors.hpp"
#include "http/json_fields.hpp"
#include "util/text.hpp"

namespace {

using namespace trellis::http;

constexpr std::size_t kMaxKeys = 32;

void read_all(const boost::json::object& object, JsonFields& fields, int depth) {
  std::size_t seen = 0;
  for (const auto& item : object) {
    if (++seen > kMaxKeys) break;
    const std::string_view key = item.key();
    const auto need = seen % 2 ? Need::required : Need::optional;
    // What a handler is handed has passed the one input discipline: valid UTF-8, no controls
    // but tab and newline, at most the limit in characters; numbers are finite.
    if (auto text = fields.text(key, need, 200)) {
      FUZZ_CHECK(!trellis::util::text_problem(*text, 200));
    }
    fields.integer(key, need);
    fields.boolean(key, need);
    if (auto number = fields.number(key, need)) FUZZ_CHECK(std::isfinite(*number));
    if (auto ids = fields.ids(key, need)) {
      for (auto id : *ids) FUZZ_CHECK(id > 0);
    }
    fields.value(key, need);
    FUZZ_CHECK(fields.has(key));
    if (const auto* child = fields.object(key, need); child && depth < 4) {
      JsonFields nested(*child, fields, key);
      read_all(*child, nested, depth + 1);
    }
  }
  fields.text("absent", Need::required);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  boost::system::error_code ec;
  const auto value =
      boost::json::parse(std::string_view(reinterpret_cast<const char*>(data), size), ec);
  if (ec || !value.is_object()) return 0;
  JsonFields fields(value.get_object());
  read_all(value.get_object(), fields, 0);
  try {
    fields.done();
  } catch (const RequestError&) {
  }
  return 0;
}
