#pragma once

#include <string>
#include <vector>

#include "catalog/table_def.h"

namespace blueshift {

// ViewDef is a view as the catalog keeps it: the defining query's SQL text, bound again each time the view is
// queried. A regular view also records its result columns and the relations (tables, views) it reads, which
// then cannot be dropped without CASCADE; a late-binding view (WITH NO SCHEMA BINDING) records neither and
// may name relations that do not exist yet. Immutable once published.
struct ViewDef {
  Oid oid = 0;
  Oid schema_oid = 0;
  std::string schema;
  std::string name;
  std::string owner = "awsuser";
  std::string query_sql;                  // the SELECT after AS, as written
  std::vector<std::string> column_names;  // CREATE VIEW v (a, b): renames the first result columns
  bool late_binding = false;
  // Regular views: the result columns when created, and what they read.
  std::vector<std::string> result_names;
  std::vector<LogicalType> result_types;
  std::vector<Oid> depends_on;
};

}  // namespace blueshift
