#include "plan/cardinality.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace blueshift {

namespace {

constexpr double kUnknownTableRows = 1000;
constexpr double kDefaultSelectivity = 0.5;
constexpr double kRangeSelectivity = 1.0 / 3;
constexpr double kLikeSelectivity = 0.1;

// A value of a numeric, date or timestamp type as a double (same scale for both sides of a comparison of
// one type), or false.
bool ToNumber(const Value& v, double* out) {
  if (v.is_null()) return false;
  switch (v.type().physical()) {
    case PhysicalType::kBool:
    case PhysicalType::kInt16:
    case PhysicalType::kInt32:
    case PhysicalType::kInt64:
      *out = static_cast<double>(v.GetInt());
      return true;
    case PhysicalType::kInt128:
      *out = static_cast<double>(v.GetInt128());
      return true;
    case PhysicalType::kFloat:
    case PhysicalType::kDouble:
      *out = v.GetDouble();
      return true;
    case PhysicalType::kString:
      return false;
  }
  return false;
}

bool IntegerLike(const LogicalType& t) {
  switch (t.id()) {
    case TypeId::kBoolean:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
    case TypeId::kDate:
      return true;
    default:
      return false;
  }
}

const Expr* StripCasts(const Expr* e) {
  while (e->kind == ExprKind::kCast) e = e->children[0].get();
  return e;
}

double Clamp01(double s) {
  return std::min(1.0, std::max(0.0, s));
}

// 1 when a and b are the same value, 0 when not, -1 when they are not comparable here (a string with a
// number, say).
int SameValue(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return -1;
  const LogicalType& ta = a.type();
  const LogicalType& tb = b.type();
  if (ta.IsVarbyte() || tb.IsVarbyte() || ta.IsString() != tb.IsString()) return -1;
  return Value::Compare(a, b) == 0 ? 1 : 0;
}

}  // namespace

void CardinalityEstimator::AddTables(const LogicalOperator& plan) {
  if (plan.kind == LogicalKind::kGet && plan.table && !plan.system_table && plan.table_index >= 0) {
    TableInfo info;
    info.def = plan.table.get();
    info.rows = kUnknownTableRows;
    if (txn_) {
      info.data = txn_->TableData(plan.table->oid);
      if (info.data) {
        uint64_t rows = 0;
        for (size_t s = 0; s < info.data->slices.size(); s++) {
          if (plan.table->Placement() == DistStyle::kAll && s > 0) break;  // one copy per node, in slice 0
          for (const auto& seg : info.data->slices[s])
            rows += seg.meta->row_count - (seg.deletes ? seg.deletes->rows.size() : 0);
        }
        info.rows = static_cast<double>(rows);
      }
    }
    tables_[plan.table_index] = std::move(info);
  }
  for (const auto& c : plan.children) AddTables(*c);
}

double CardinalityEstimator::BaseRows(int table_index) {
  auto it = tables_.find(table_index);
  return it == tables_.end() ? -1 : it->second.rows;
}

const CardinalityEstimator::ColumnStats* CardinalityEstimator::Stats(ColumnBinding b) {
  auto cached = columns_.find(b);
  if (cached != columns_.end()) return &cached->second;
  auto t = tables_.find(b.table);
  if (t == tables_.end()) return nullptr;
  const TableInfo& info = t->second;
  ColumnStats st;
  st.ndv = std::max(1.0, info.rows);
  if (b.column >= 0 && b.column < static_cast<int>(info.def->columns.size()) && info.data) {
    storage::TableStatistics stats = TableStatistics(info, b.column);
    const storage::ColumnStatistics& cs = stats.columns[b.column];
    double lo, hi;
    if (cs.has_minmax && ToNumber(cs.min, &lo) && ToNumber(cs.max, &hi)) {
      st.has_range = true;
      st.min = lo;
      st.max = hi;
      if (IntegerLike(info.def->columns[b.column].type)) st.ndv = std::max(1.0, std::min(st.ndv, hi - lo + 1));
    }
    AddSketches(stats, cs, info.rows, &st);
  }
  return &columns_.emplace(b, st).first->second;
}

storage::TableStatistics CardinalityEstimator::TableStatistics(const TableInfo& info, int column) const {
  // Only sketches already made (kept in memory or in the segment files): planning never reads a segment's
  // rows. A damaged statistics section leaves the estimate to the zone maps; the query's scan reports it.
  if (const storage::Store* store = txn_ ? txn_->statistics_store() : nullptr) {
    auto stats = storage::ComputeTableStatistics(*store, *info.def, *info.data, {column}, /*compute_missing=*/false);
    if (stats.ok()) return std::move(*stats);
  }
  return storage::EstimateTableStatistics(*info.def, *info.data);
}

void CardinalityEstimator::AddSketches(const storage::TableStatistics& stats, const storage::ColumnStatistics& cs,
                                       double rows, ColumnStats* st) {
  if (stats.stored_rows == 0) return;
  st->has_nulls_fraction = true;
  st->null_fraction = cs.null_fraction;
  auto stored = static_cast<double>(stats.stored_rows);
  if (!stats.has_sketches || cs.distinct < 0 || static_cast<double>(stats.sketched_rows) < kMinSketchedShare * stored)
    return;
  st->sketched = true;
  st->sketched_ndv = std::max(1.0, std::min(cs.distinct, std::max(1.0, rows)));
  auto sketched = static_cast<double>(stats.sketched_rows);
  for (const storage::FrequentValue& f : cs.most_frequent) {
    if (!f.value.is_null()) st->frequent.emplace_back(f.value, static_cast<double>(f.count) / sketched);
  }
}

double CardinalityEstimator::EqualShare(const ColumnStats& st, const Value& c) {
  if (!st.sketched) return -1;
  double in_frequent = 0;
  for (const auto& [value, share] : st.frequent) {
    int same = SameValue(value, c);
    if (same < 0) return -1;
    if (same == 1) return share;
    in_frequent += share;
  }
  // Not a frequent value: an equal part of what the frequent values and NULLs leave to the other values.
  double left = Clamp01(1 - st.null_fraction - in_frequent);
  double others = st.sketched_ndv - static_cast<double>(st.frequent.size());
  return left / std::max(1.0, others);
}

double CardinalityEstimator::Distinct(ColumnBinding b) {
  const ColumnStats* st = Stats(b);
  if (st) return st->ndv;
  auto group = group_distinct_.find(b);
  return group != group_distinct_.end() ? group->second : -1;
}

// `a op b` for comparison operators, LIKE and IN.
double CardinalityEstimator::CompareSelectivity(const Expr& e) {
  const std::string& name = e.function->name;
  if (name == "like" || name == "~~" || name == "ilike") return kLikeSelectivity;
  if (name == "not like") return 1 - kLikeSelectivity;
  if (e.children.size() < 2) return kDefaultSelectivity;
  const Expr* a = StripCasts(e.children[0].get());
  const Expr* b = StripCasts(e.children[1].get());
  if (a->kind != ExprKind::kColumnRef) std::swap(a, b);
  const ColumnStats* st = a->kind == ExprKind::kColumnRef ? Stats(a->binding) : nullptr;
  auto eq = [&]() {
    if (b->kind == ExprKind::kColumnRef) {
      double nb = Distinct(b->binding);
      double n = std::max(st ? st->ndv : 10.0, nb > 0 ? nb : 10.0);
      return 1 / n;
    }
    if (!st) return 0.1;
    if (b->kind == ExprKind::kConstant) {
      double share = EqualShare(*st, b->constant);
      if (share >= 0) return share;
    }
    // Strings: the row count overstates distinct values of a big table's text column.
    if (!st->sketched && !st->has_range && st->ndv > kUnknownTableRows) return 0.05;
    return 1 / st->ndv;
  };
  if (name == "=") return eq();
  if (name == "<>" || name == "!=") return 1 - eq();
  if (name == "in") {
    // `col IN (c1, c2, ...)`: the shares of its constants add up when the statistics know them.
    if (st && st->sketched) {
      double sum = 0;
      bool known = true;
      for (size_t i = 1; i < e.children.size() && known; i++) {
        const Expr* item = StripCasts(e.children[i].get());
        double share = item->kind == ExprKind::kConstant ? EqualShare(*st, item->constant) : -1;
        known = share >= 0;
        sum += share;
      }
      if (known) return Clamp01(sum);
    }
    return std::min(0.5, (e.children.size() - 1) * eq());
  }
  if (name != "<" && name != "<=" && name != ">" && name != ">=") return kDefaultSelectivity;
  ColumnBinding column;
  bool less;
  double below;
  if (!RangeBound(e, &column, &less, &below)) return kRangeSelectivity;
  return std::max(0.001, less ? below : 1 - below);
}

bool CardinalityEstimator::RangeBound(const Expr& e, ColumnBinding* column, bool* less, double* below) {
  if (e.kind != ExprKind::kFunction || e.children.size() != 2) return false;
  const std::string& name = e.function->name;
  *less = name == "<" || name == "<=";
  if (!*less && name != ">" && name != ">=") return false;
  const Expr* a = StripCasts(e.children[0].get());
  const Expr* b = StripCasts(e.children[1].get());
  if (a->kind != ExprKind::kColumnRef) {
    std::swap(a, b);
    *less = !*less;
  }
  double c;
  if (a->kind != ExprKind::kColumnRef || b->kind != ExprKind::kConstant || !ToNumber(b->constant, &c)) return false;
  const ColumnStats* st = Stats(a->binding);
  if (!st || !st->has_range || !(st->max > st->min)) return false;
  *column = a->binding;
  *below = Clamp01((c - st->min) / (st->max - st->min));
  return true;
}

double CardinalityEstimator::ConjunctsSelectivity(const std::vector<const Expr*>& conjuncts) {
  // Bounds on one column combine into the fraction between them (`x >= a AND x < b`: the share of [min,
  // max] from a to b), not the product of two independent fractions; every other conjunct multiplies.
  std::map<ColumnBinding, std::pair<double, double>> ranges;  // column -> [lower, upper] fractions
  double s = 1;
  for (const Expr* c : conjuncts) {
    ColumnBinding column;
    bool less;
    double below;
    if (!RangeBound(*c, &column, &less, &below)) {
      s *= Selectivity(*c);
      continue;
    }
    auto [it, fresh] = ranges.emplace(column, std::make_pair(0.0, 1.0));
    if (less) {
      it->second.second = std::min(it->second.second, below);
    } else {
      it->second.first = std::max(it->second.first, below);
    }
  }
  for (const auto& [column, range] : ranges) s *= std::max(0.001, range.second - range.first);
  return s;
}

double CardinalityEstimator::ConjunctsSelectivity(const std::vector<ExprPtr>& conjuncts) {
  std::vector<const Expr*> list;
  for (const auto& c : conjuncts) list.push_back(c.get());
  return ConjunctsSelectivity(list);
}

double CardinalityEstimator::DisjointEqualities(const Expr& e) {
  const Expr* column = nullptr;
  double sum = 0;
  for (const auto& branch : e.children) {
    if (branch->kind != ExprKind::kFunction || branch->function->name != "=" || branch->children.size() != 2) return -1;
    const Expr* a = StripCasts(branch->children[0].get());
    const Expr* b = StripCasts(branch->children[1].get());
    if (a->kind != ExprKind::kColumnRef) std::swap(a, b);
    if (a->kind != ExprKind::kColumnRef || b->kind != ExprKind::kConstant) return -1;
    if (column && !(column->binding == a->binding)) return -1;
    column = a;
    sum += CompareSelectivity(*branch);
  }
  return column ? sum : -1;
}

double CardinalityEstimator::Selectivity(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kAnd:
      return ConjunctsSelectivity(e.children);
    case ExprKind::kOr: {
      // `c = 1 OR c = 2 ...` (an IN list, as the binder writes it): the branches exclude each other.
      if (double shares = DisjointEqualities(e); shares >= 0) return Clamp01(shares);
      double none = 1;
      for (const auto& c : e.children) none *= 1 - Selectivity(*c);
      return 1 - none;
    }
    case ExprKind::kNot:
      return Clamp01(1 - Selectivity(*e.children[0]));
    case ExprKind::kIsNull:
    case ExprKind::kIsNotNull: {
      double null_share = 0.05;
      const Expr* arg = e.children.empty() ? nullptr : StripCasts(e.children[0].get());
      const ColumnStats* st = arg && arg->kind == ExprKind::kColumnRef ? Stats(arg->binding) : nullptr;
      if (st && st->has_nulls_fraction) null_share = st->null_fraction;
      return e.kind == ExprKind::kIsNull ? null_share : 1 - null_share;
    }
    case ExprKind::kConstant:
      return e.constant.is_null() || !e.constant.GetBool() ? 0 : 1;
    case ExprKind::kFunction:
      return CompareSelectivity(e);
    default:
      return kDefaultSelectivity;
  }
}

double CardinalityEstimator::KeyDistinct(const std::vector<ColumnBinding>& cols, double rows) {
  std::map<int, double> per_table;
  double unknown = 1;
  for (const auto& b : cols) {
    double n = Distinct(b);
    if (n < 0) {
      unknown = rows;
      continue;
    }
    auto [it, fresh] = per_table.emplace(b.table, n);
    if (!fresh) it->second *= n;
  }
  double d = unknown;
  for (const auto& [table, n] : per_table) {
    double base = BaseRows(table);
    d *= base > 0 ? std::min(n, base) : n;
  }
  return std::max(1.0, d);
}

double CardinalityEstimator::Estimate(const LogicalOperator& op) {
  auto child = [&](size_t i) { return Estimate(*op.children[i]); };
  switch (op.kind) {
    case LogicalKind::kGet: {
      double rows = BaseRows(op.table_index);
      return rows < 0 ? kUnknownTableRows : rows;
    }
    case LogicalKind::kFilter: {
      double rows = child(0);
      rows *= ConjunctsSelectivity(op.exprs);
      return std::max(1.0, rows);
    }
    case LogicalKind::kLimit: {
      double rows = child(0);
      return op.limit >= 0 ? std::min(rows, static_cast<double>(op.limit)) : rows;
    }
    case LogicalKind::kAggregate: {
      if (op.exprs.empty()) return 1;
      double in = child(0), groups = 1;
      std::vector<double> distinct(op.exprs.size(), -1);
      for (size_t i = 0; i < op.exprs.size(); i++) {
        const Expr* e = StripCasts(op.exprs[i].get());
        distinct[i] = e->kind == ExprKind::kColumnRef ? Distinct(e->binding) : -1;
        groups = std::min(in, groups * (distinct[i] > 0 ? distinct[i] : in));
      }
      groups = std::max(1.0, groups);
      // Grouping keeps a column's distinct values (up to the groups): an aggregation over this one (DISTINCT
      // aggregates split by the optimizer) or a join on its output sees them.
      for (size_t i = 0; i < op.exprs.size(); i++) {
        if (distinct[i] > 0) group_distinct_[{op.table_index, static_cast<int>(i)}] = std::min(distinct[i], groups);
      }
      return groups;
    }
    case LogicalKind::kJoin: {
      double left = child(0), right = child(1);
      if (op.join_type == JoinType::kSemi || op.join_type == JoinType::kAnti) return std::max(1.0, left / 2);
      double rows = left * right;
      // Two or more `column = column` conditions form one composite key, as in the join orderer
      // (join_order.cc, JoinEstimate): left * right over the smaller side's KeyDistinct. Multiplying each
      // equality's selectivity instead would treat the key's columns as independent (TPC-H Q9's
      // lineitem-partsupp join: 240 rows instead of 600,000; it has 326,441).
      std::vector<ColumnBinding> keys[2];
      std::vector<const Expr*> others;
      std::set<ColumnBinding> left_side;
      for (const ColumnBinding& b : op.children[0]->Bindings()) left_side.insert(b);
      for (const auto& e : op.exprs) {
        const Expr* x = nullptr;
        const Expr* y = nullptr;
        if (e->kind == ExprKind::kFunction && e->function->name == "=" && e->children.size() == 2) {
          x = StripCasts(e->children[0].get());
          y = StripCasts(e->children[1].get());
        }
        if (x && y && x->kind == ExprKind::kColumnRef && y->kind == ExprKind::kColumnRef &&
            left_side.count(x->binding) != left_side.count(y->binding)) {
          if (!left_side.count(x->binding)) std::swap(x, y);
          keys[0].push_back(x->binding);
          keys[1].push_back(y->binding);
        } else {
          others.push_back(e.get());
        }
      }
      if (keys[0].size() < 2) {
        others.clear();
        for (const auto& e : op.exprs) others.push_back(e.get());
      } else {
        rows /= std::min(KeyDistinct(keys[0], left), KeyDistinct(keys[1], right));
      }
      for (const Expr* e : others) rows *= Selectivity(*e);
      if (op.join_type == JoinType::kLeft || op.join_options.single_match) rows = std::max(rows, left);
      return std::max(1.0, rows);
    }
    case LogicalKind::kValues:
      return std::max<double>(1, op.rows.size());
    case LogicalKind::kUnion: {
      double rows = 0;
      for (size_t i = 0; i < op.children.size(); i++) rows += child(i);
      return std::max(1.0, rows);
    }
    default:
      return op.children.empty() ? 1 : child(0);
  }
}

}  // namespace blueshift
