#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "system/system_table.h"

namespace blueshift {

// Redshift's SHOW DATABASES, SHOW SCHEMAS FROM DATABASE d, SHOW TABLES FROM SCHEMA [d.]s and SHOW COLUMNS
// FROM TABLE [d.]s.t: the rows of SVV_REDSHIFT_DATABASES (its database_options column named parameters),
// SVV_ALL_SCHEMAS, SVV_ALL_TABLES and SVV_ALL_COLUMNS the user sees, for that database, schema or table,
// whose name matches `like` (case-sensitive LIKE: % and _), at most `limit` of them. SHOW FUNCTIONS FROM
// SCHEMA [d.]s: the user-defined functions the user sees there.
enum class ShowListing { kDatabases, kSchemas, kTables, kColumns, kFunctions };

struct ShowRequest {
  ShowListing listing = ShowListing::kDatabases;
  std::vector<std::string> path;  // [database] for SCHEMAS, [[database,] schema] for TABLES, ... (as parsed)
  std::optional<std::string> like;
  std::optional<int64_t> limit;
};

// The result's columns (names and types), for Describe.
std::vector<std::pair<std::string, LogicalType>> ShowColumns(ShowListing listing);

// The rows. A database other than the connected one is 3D000 when it does not exist, and 0A000 otherwise
// (a server serves one database's objects).
Status ShowRows(const ShowRequest& request, const SystemContext& ctx, std::vector<SystemRow>* rows);

}  // namespace blueshift
