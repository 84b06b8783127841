#pragma once

#include <memory>
#include <string>
#include <vector>

#include "catalog/table_def.h"
#include "exec/expression.h"
#include "exec/physical_hash_join.h"
#include "exec/physical_insert.h"
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
  // GROUPING SETS: each input row once per list in `rows`; outputs the input's columns, then the list's
  // values (types in value_types) bound under table_index.
  kExpand,
  // WITH RECURSIVE: children[0] (the seed) then children[1] (the recursive member) run again and again on the
  // rows the previous round produced, until a round produces none; outputs every round's rows, bound under
  // table_index. cte_id names the working table children[1] reads.
  kRecursiveCte,
  kWorkingTable,  // the rows of the previous round of the kRecursiveCte with this cte_id (value_types)
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
  bool rows_only = false;  // kGet: its one column is kept only so that rows still count (COUNT(*)): not read
  // kGet, kProjection, kValues, kUnion: the index their outputs are bound under; kAggregate: its groups';
  // kWindow: its functions'
  int table_index = -1;
  // kAggregate: the index its aggregates are bound under
  int aggregate_index = -1;
  // kProjection: outputs; kAggregate: groups; kFilter: conjuncts; kJoin: condition conjuncts
  std::vector<ExprPtr> exprs;
  // kFilter: when not empty, the outputs it keeps (a subset of its child's, in their order): the columns
  // only its own conditions read are dropped right after them (the optimizer's NarrowFilters). kJoin (inner
  // and LEFT): the outputs it keeps of its left then right columns; the others are neither gathered nor
  // passed on (the join keys nothing above reads).
  std::vector<ColumnBinding> narrow_to;
  std::vector<AggregateExpr> aggregates;   // kAggregate
  double expected_groups = 0;              // kAggregate: the optimizer's estimate of its groups; 0 unknown
  JoinType join_type = JoinType::kInner;   // kJoin
  JoinOptions join_options;                // kJoin
  std::vector<BoundSortItem> sort_items;   // kSort
  int64_t limit = -1, offset = 0;          // kLimit
  std::vector<WindowExpr> windows;         // kWindow
  std::vector<std::vector<ExprPtr>> rows;  // kValues, kExpand
  // kAggregate over a kExpand: group rows (one value per group expression) that exist even on empty input
  // (the empty grouping sets'), with aggregates over no rows.
  std::vector<std::vector<Value>> empty_input_groups;
  int cte_id = -1;                       // kRecursiveCte, kWorkingTable
  std::string cte_name;                  // kRecursiveCte
  std::vector<LogicalType> value_types;  // kValues
  std::vector<IdentityFill> generated;   // kInsert: the IDENTITY values it generates (PhysicalInsert)

  explicit LogicalOperator(LogicalKind k) : kind(k) {}

  std::vector<ColumnBinding> Bindings() const;
  std::vector<LogicalType> Types() const;
};

using LogicalOperatorPtr = std::unique_ptr<LogicalOperator>;

}  // namespace blueshift
