#pragma once

#include <map>
#include <memory>

#include "exec/exec_context.h"
#include "plan/logical_operator.h"
#include "storage/table_stats.h"

namespace blueshift {

// CardinalityEstimator guesses how many rows a logical operator produces, for join ordering. It reads
// metadata and statistics of the transaction's snapshot: live row counts of the tables the plan scans, their
// blocks' zone maps (min/max, null counts) and, where the segments carry them (docs/format/statistics.md),
// the distinct-count and most-frequent-value sketches that loads keep up to date. A column's distinct count
// is its HyperLogLog estimate when sketches cover at least kMinSketchedShare of the table's stored rows,
// else min(rows, max - min + 1) for integer-like columns and the table's row count otherwise. `col = const`
// is the constant's share among the frequent values when it is one of them, else an equal part of the rows
// the frequent values leave over (as PostgreSQL's eqsel); ranges take their share of the zone-map bounds;
// IS [NOT] NULL the null fraction. Without a transaction (txn null) every table counts as 1,000 rows.
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
  // Estimated distinct values of a stored table's column, or of an aggregate's group column that is one
  // (at most the aggregate's groups, once Estimate saw the aggregate), or -1.
  double Distinct(ColumnBinding b);
  // Live rows of the stored table bound as table_index, or -1.
  double BaseRows(int table_index);
  // Distinct combinations of the given columns of one join input of `rows` rows: per stored table, the
  // product of the columns' distinct counts capped by its row count; a column of no stored table makes the
  // input's rows count as unique.
  double KeyDistinct(const std::vector<ColumnBinding>& cols, double rows);

 private:
  struct ColumnStats {
    double ndv = 1;
    bool has_range = false;
    double min = 0, max = 0;
    bool has_nulls_fraction = false;
    double null_fraction = 0;
    bool sketched = false;  // sketched_ndv and frequent come from the sketches
    double sketched_ndv = 1;
    std::vector<std::pair<Value, double>> frequent;  // a frequent value and its share of the stored rows
  };
  // Sketches covering less than this share of a table's stored rows are not used.
  static constexpr double kMinSketchedShare = 0.9;
  struct TableInfo {
    const TableDef* def = nullptr;
    std::shared_ptr<const storage::TableData> data;
    double rows = 0;
  };
  const ColumnStats* Stats(ColumnBinding b);
  // The statistics of one column of a table at the snapshot: zone maps always, and the sketches loads keep
  // where the transaction has a store (storage/table_stats.h).
  storage::TableStatistics TableStatistics(const TableInfo& info, int column) const;
  // Fills st's distinct count, frequent values and null fraction from cs, the column's part of stats, where
  // the sketches cover enough of the table (rows: its live rows).
  static void AddSketches(const storage::TableStatistics& stats, const storage::ColumnStatistics& cs, double rows,
                          ColumnStats* st);
  // The share of rows equal to constant c given st (frequent values, else distinct count); negative when
  // the frequent values cannot tell.
  static double EqualShare(const ColumnStats& st, const Value& c);
  double CompareSelectivity(const Expr& e);
  // The summed selectivities of an OR whose branches all compare one column with a constant by `=`
  // (mutually exclusive), or -1 when it is not one.
  double DisjointEqualities(const Expr& e);
  // `column < c` and the like with the column's range known: which column, whether c bounds it from above,
  // and the fraction of its [min, max] below c.
  bool RangeBound(const Expr& e, ColumnBinding* column, bool* less, double* below);

  TransactionContext* txn_;
  std::map<int, TableInfo> tables_;
  std::map<ColumnBinding, ColumnStats> columns_;
  std::map<ColumnBinding, double> group_distinct_;  // an aggregate's group column: its distinct values
};

}  // namespace blueshift
