#pragma once

#include <algorithm>
#include <cstdint>
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
  // Parallel to depends_on (catalog format 12): how many columns each table had when the view was created; 0
  // for a view, and for every relation of a view from an older catalog. A * over the table in the view's query
  // shows only those columns, as PostgreSQL expands * at CREATE VIEW: columns added later are not the view's.
  std::vector<uint32_t> star_columns;

  // How many of a table's `now` columns a * in this view's query shows.
  size_t StarColumns(Oid table, size_t now) const {
    for (size_t i = 0; i < depends_on.size() && i < star_columns.size(); i++) {
      if (depends_on[i] == table && star_columns[i] > 0) return std::min<size_t>(now, star_columns[i]);
    }
    return now;
  }
  // After column `position` (0-based) of `table` is dropped: the columns the view's * shows close up.
  void ColumnDropped(Oid table, size_t position) {
    for (size_t i = 0; i < depends_on.size() && i < star_columns.size(); i++) {
      if (depends_on[i] == table && position < star_columns[i]) star_columns[i]--;
    }
  }
};

}  // namespace blueshift
