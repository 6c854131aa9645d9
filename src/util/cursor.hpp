// Opaque keyset-paging cursors: the sort key of the last row of a page, base64url encoded.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trellis::util {

std::string encode_cursor(const std::vector<std::string>& keys);
// nullopt when the text is not a cursor we made with `expected_keys` keys.
std::optional<std::vector<std::string>> decode_cursor(std::string_view cursor,
                                                      std::size_t expected_keys);

}  // namespace trellis::util
