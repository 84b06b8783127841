#pragma once

#include <cstdint>
#include <string>

#include "catalog/table_def.h"

namespace blueshift {

// A database's isolation level (CREATE/ALTER DATABASE ... ISOLATION LEVEL). SERIALIZABLE fails a
// transaction whose reads and writes form a cycle with a concurrent one (Redshift's 1023); SNAPSHOT lets
// such histories (write skew) commit and fails only concurrent writers that change the same table's rows.
enum class IsolationLevel : uint8_t { kSerializable = 0, kSnapshot = 1 };

// One database of the catalog: pg_database and STV_DB_ISOLATION_LEVEL show them.
struct DatabaseDef {
  Oid oid = 0;
  std::string name;
  std::string owner = "rdsdb";
  int32_t connection_limit = -1;  // -1: UNLIMITED
  IsolationLevel isolation = IsolationLevel::kSerializable;
};

// The database every data directory starts with.
inline constexpr char kDefaultDatabase[] = "dev";
inline constexpr Oid kDefaultDatabaseOid = 100001;

}  // namespace blueshift
