#pragma once

#include "store/records.hpp"
#include "util/cursor.hpp"

namespace trellis::store {

template <class T, class KeysOf>
Page<T> make_page(std::vector<T> items, int limit, KeysOf keys_of) {
  Page<T> page;
  page.items = std::move(items);
  if (page.items.size() > static_cast<std::size_t>(limit)) {
    page.items.resize(static_cast<std::size_t>(limit));
    page.next_cursor = util::encode_cursor(keys_of(page.items.back()));
  }
  return page;
}

template <class T>
Page<T> newest_first_page(std::vector<T> items, int limit) {
  return make_page(std::move(items), limit,
                   [](const T& last) { return std::vector<std::string>{std::to_string(last.id)}; });
}

}  // namespace trellis::store
