#pragma once

#include <memory>
#include <string>

#include "store/database.hpp"

namespace trellis::store {

// Opens (creating if needed) the SQLite database at `path`: WAL, synchronous=FULL, foreign
// keys on, one writer thread with group commit and a pool of read-only connections.
std::unique_ptr<Database> open_sqlite_database(const std::string& path,
                                               const DatabaseOptions& options);

}  // namespace trellis::store
