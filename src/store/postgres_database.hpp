#pragma once

#include <memory>
#include <string>

#include "store/database.hpp"

namespace trellis::store {

// Opens a pool of up to options.readers (at least 2) + options.writers connections to the
// PostgreSQL server that `url` names (postgresql://user@host:port/dbname). Connects once at open so
// a wrong URL or an unreachable server fails here with DatabaseError rather than on the first
// request.
std::unique_ptr<Database> open_postgres_database(const std::string& url,
                                                 const DatabaseOptions& options);

}  // namespace trellis::store
