#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "types/value.h"
#include "util/status.h"

namespace blueshift {

namespace storage {
class Store;
struct TableData;
}  // namespace storage
class Activity;  // main/activity.h: sessions and statement history, for the views main registers

// What a system table's rows are made from: the catalog version the statement sees and who asks.
struct SystemContext {
  const Catalog* catalog = nullptr;
  std::string user = "awsuser";
  std::string database = "dev";
  std::vector<std::string> search_path{"public"};
  std::string temp_schema;  // the session's schema of temporary tables, searched before search_path
  // For the storage views (STV_BLOCKLIST, SVV_TABLE_INFO, ...): the store and the data of a table as the
  // statement sees it. Null/empty where the statement has no store (the storage views then have no rows).
  const storage::Store* store = nullptr;
  std::function<std::shared_ptr<const storage::TableData>(Oid)> table_data;
  Activity* activity = nullptr;  // the serving database's activity log; null outside a database
};

using SystemRow = std::vector<Value>;

// A system table or view (pg_catalog.pg_class, information_schema.tables, pg_table_def, ...): a fixed
// column list and a function that produces its rows on each scan, so it always reflects the snapshot the
// scanning statement sees. Rows must have the columns' types (or be NULL).
struct SystemTable {
  std::string schema;
  std::string name;
  Oid oid = 0;
  std::shared_ptr<const TableDef> def;  // the columns as a TableDef, for binding
  std::function<Status(const SystemContext&, std::vector<SystemRow>*)> rows;
};

// Lookups by (case-folded) schema and name, and by oid. System tables live in pg_catalog (found first for
// unqualified names, as PostgreSQL's implicit search path does) and information_schema.
const SystemTable* FindSystemTable(const std::string& schema, const std::string& name);
const SystemTable* FindSystemTableByOid(Oid oid);
const std::vector<const SystemTable*>& AllSystemTables();

// Adds a system table whose rows come from a module above this one (STL_LOAD_ERRORS from load/, query
// history from main/). Call once per table, at startup, before any session runs (not thread-safe with
// lookups). Returns the table, or the existing one of that name.
const SystemTable* RegisterSystemTable(const std::string& schema, const std::string& name, Oid oid,
                                       const std::vector<std::pair<std::string, LogicalType>>& columns,
                                       std::function<Status(const SystemContext&, std::vector<SystemRow>*)> rows);

// Redshift's visibility rule for the user-visible STL/STV/SVL views: superusers and users with SYSLOG ACCESS
// UNRESTRICTED see every row; everyone else sees only rows their own user produced. Superuser-only views
// (STL_CONNECTION_LOG, ...) show no rows to anyone but superusers.
class RowVisibility {
 public:
  explicit RowVisibility(const SystemContext& ctx);
  bool superuser() const { return superuser_; }
  bool SeesUser(const std::string& user) const { return all_ || user == user_; }
  bool SeesUserId(int32_t userid) const { return all_ || userid == userid_; }

 private:
  bool superuser_ = false;
  bool all_ = false;
  std::string user_;
  int32_t userid_ = -1;
};

// The user names behind owner ids (rdsdb is the system's own user, as in Redshift).
std::string UserNameForId(const Catalog& catalog, int32_t id);
int32_t UserIdForName(const Catalog& catalog, const std::string& name);

}  // namespace blueshift
