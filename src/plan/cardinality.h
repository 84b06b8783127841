#pragma once

#include <map>
#include <memory>

#include "exec/exec_context.h"
#include "plan/logical_operator.h"

namespace blueshift {

// CardinalityEstimator guesses how many rows a logical operator produces, for join ordering. It reads only
// metadata: live row counts of the tables the plan scans and their blocks' zone maps (min/max), from the
// transaction's snapshot. Column distinct counts are min(rows, max - min + 1) for integer-like columns and
// the table's row count otherwise; predicates get textbook selectivities (ranges from the zone-map bounds).
// Without a transaction (txn null) every table counts as 1,000 rows.
class CardinalityEstimator {
 public:
  explicit CardinalityEstimator(TransactionContext* txn) : txn_(txn) {}

  // Records the tables scanned anywhere in plan (call before estimating).
  void AddTables(const LogicalOperator& plan);

  double Estimate(const LogicalOperator& op);
  // Fraction of rows for which e is true.
  double Selectivity(const Expr& e);
  // The selectivity of the conjuncts together.
  double ConjunctsSelectivity(const std::vector<const Expr*>& conjuncts);
  double ConjunctsSelectivity(const std::vector<ExprPtr>& conjuncts);
  // Estimated distinct values of a stored table's column, or -1 when b is not one.
  double Distinct(ColumnBinding b);
  // Live rows of the stored table bound as table_index, or -1.
  double BaseRows(int table_index);

 private:
  struct ColumnStats {
    double ndv = 1;
    bool has_range = false;
    double min = 0, max = 0;
  };
  struct TableInfo {
    const TableDef* def = nullptr;
    std::shared_ptr<const storage::TableData> data;
    double rows = 0;
  };
  const ColumnStats* Stats(ColumnBinding b);
  double CompareSelectivity(const Expr& e);
  // `column < c` and the like with the column's range known: which column, whether c bounds it from above,
  // and the fraction of its [min, max] below c.
  bool RangeBound(const Expr& e, ColumnBinding* column, bool* less, double* below);

  TransactionContext* txn_;
  std::map<int, TableInfo> tables_;
  std::map<ColumnBinding, ColumnStats> columns_;
};

}  // namespace blueshift
