#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "util/status.h"

namespace blueshift {

class Database;

// Temporary tables live in a schema private to their session, "pg_temp_<n>" (n numbers the sessions of
// the process). The binder searches it before every other schema, so a temp table shadows a permanent
// table of the same name for its session only; other sessions never search it. The schema and its tables
// are dropped when the session ends, and any left over by a crash when the database opens.
std::string TempSchemaName(uint64_t session_number);
bool IsTempSchemaName(const std::string& schema);

// Drops, in one commit, every schema `drop` selects, with its tables; retries when a concurrent catalog
// change wins (40001). Committing nothing when no schema matches.
Status DropSchemasWhere(Database* db, const std::function<bool(const std::string&)>& drop);

}  // namespace blueshift
