// The district's settings: one text value per key.
#pragma once

#include <optional>
#include <string>

#include "store/database.hpp"

namespace trellis::store::settings {

std::optional<std::string> get(Connection& conn, const std::string& key);
void set(Connection& conn, const std::string& key, const std::string& value);
void remove(Connection& conn, const std::string& key);

}  // namespace trellis::store::settings
