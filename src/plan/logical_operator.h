#pragma once

#include <memory>
#include <string>
#include <vector>

#include "catalog/table_def.h"
#include "exec/expression.h"
#include "exec/physical_hash_join.h"
#include "exec/physical_scan.h"
#include "exec/window_expr.h"
#include "system/system_table.h"

namespace blueshift {

enum class LogicalKind {
  kGet,
  kFilter,
  kProjection,
  kAggregate,
  kJoin,
  kSort,
  kLimit,
  kValues,
  kInsert,
  kDelete,
  kUpdate,
  kUnion,   // UNION ALL of its children (same column types); outputs bound under table_index
  kWindow,  // its child's columns, then one per window function, bound as (table_index, i)
};

struct BoundSortItem {
  ExprPtr expr;
  bool descending = false;
  bool nulls_first = false;
};

// LogicalOperator is a node of the logical plan the binder builds. Column references are ColumnBindings
// (table index, column), so rewrites can move operators without renumbering; the physical planner turns
// them into positions. Fields are used per kind as commented.
struct LogicalOperator {
  LogicalKind kind;
  std::vector<std::unique_ptr<LogicalOperator>> children;

  // kGet
  std::shared_ptr<const TableDef> table;
  std::vector<int> columns;  // table columns produced, bound as (table_index, column)
  std::vector<ZoneFilter> zone_filters;
  const SystemTable* system_table = nullptr;  // a generated system table instead of stored data
  // kGet, kProjection, kValues, kUnion: the index their outputs are bound under; kAggregate: its groups';
  // kWindow: its functions'
  int table_index = -1;
  // kAggregate: the index its aggregates are bound under
  int aggregate_index = -1;
  // kProjection: outputs; kAggregate: groups; kFilter: conjuncts; kJoin: condition conjuncts
  std::vector<ExprPtr> exprs;
  std::vector<AggregateExpr> aggregates;   // kAggregate
  JoinType join_type = JoinType::kInner;   // kJoin
  JoinOptions join_options;                // kJoin
  std::vector<BoundSortItem> sort_items;   // kSort
  int64_t limit = -1, offset = 0;          // kLimit
  std::vector<std::vector<ExprPtr>> rows;  // kValues
  std::vector<LogicalType> value_types;    // kValues
  std::vector<WindowExpr> windows;         // kWindow

  explicit LogicalOperator(LogicalKind k) : kind(k) {}

  std::vector<ColumnBinding> Bindings() const;
  std::vector<LogicalType> Types() const;
};

using LogicalOperatorPtr = std::unique_ptr<LogicalOperator>;

}  // namespace blueshift
