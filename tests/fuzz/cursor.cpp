// Keyset cursors come back from clients, so decoding takes any text: it must answer nullopt
// or keys that encode to a cursor decoding to the same keys, and the query builders must turn
// a bad cursor into InvalidCursor (400), never anything else.
#include "util/cursor.hpp"
#include "fuzz_target.hpp"
#include "store/query_builder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace trellis;
  fuzz::Input input(data, size);
  const std::size_t expected = 1 + input.byte() % 4;
  const std::string cursor(input.rest());

  if (auto keys = util::decode_cursor(cursor, expected)) {
    FUZZ_CHECK(keys->size() == expected);
    const auto again = util::decode_cursor(util::encode_cursor(*keys), expected);
    FUZZ_CHECK(again && *again == *keys);
  }
  try {
    store::id_cursor(cursor);
  } catch (const store::InvalidCursor&) {
  }
  try {
    store::QueryBuilder builder;
    std::vector<std::string> columns = {"lower(family_name)", "lower(given_name)", "id"};
    columns.resize(expected);
    builder.after_cursor(cursor, columns);
    FUZZ_CHECK(!builder.where_clause().empty());
  } catch (const store::InvalidCursor&) {
  }
  return 0;
}
