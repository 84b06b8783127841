#include "plan/cardinality.h"

#include <algorithm>
#include <cmath>

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
    bool any = false;
    double lo = 0, hi = 0;
    for (const auto& slice : info.data->slices) {
      for (const auto& seg : slice) {
        if (b.column >= static_cast<int>(seg.meta->columns.size())) continue;
        for (const auto& block : seg.meta->columns[b.column]) {
          double mn, mx;
          if (!block.has_minmax || !ToNumber(block.min, &mn) || !ToNumber(block.max, &mx)) continue;
          lo = any ? std::min(lo, mn) : mn;
          hi = any ? std::max(hi, mx) : mx;
          any = true;
        }
      }
    }
    if (any) {
      st.has_range = true;
      st.min = lo;
      st.max = hi;
      if (IntegerLike(info.def->columns[b.column].type)) st.ndv = std::max(1.0, std::min(st.ndv, hi - lo + 1));
    }
  }
  return &columns_.emplace(b, st).first->second;
}

double CardinalityEstimator::Distinct(ColumnBinding b) {
  const ColumnStats* st = Stats(b);
  return st ? st->ndv : -1;
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
    // Strings: the row count overstates distinct values of a big table's text column.
    if (!st->has_range && st->ndv > kUnknownTableRows) return 0.05;
    return 1 / st->ndv;
  };
  if (name == "=") return eq();
  if (name == "<>" || name == "!=") return 1 - eq();
  if (name == "in") return std::min(0.5, (e.children.size() - 1) * eq());
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

double CardinalityEstimator::Selectivity(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kAnd:
      return ConjunctsSelectivity(e.children);
    case ExprKind::kOr: {
      double none = 1;
      for (const auto& c : e.children) none *= 1 - Selectivity(*c);
      return 1 - none;
    }
    case ExprKind::kNot:
      return Clamp01(1 - Selectivity(*e.children[0]));
    case ExprKind::kIsNull:
      return 0.05;
    case ExprKind::kIsNotNull:
      return 0.95;
    case ExprKind::kConstant:
      return e.constant.is_null() || !e.constant.GetBool() ? 0 : 1;
    case ExprKind::kFunction:
      return CompareSelectivity(e);
    default:
      return kDefaultSelectivity;
  }
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
      for (const auto& g : op.exprs) {
        const Expr* e = StripCasts(g.get());
        double n = e->kind == ExprKind::kColumnRef ? Distinct(e->binding) : -1;
        groups *= n > 0 ? n : in;
        if (groups >= in) break;
      }
      return std::max(1.0, std::min(in, groups));
    }
    case LogicalKind::kJoin: {
      double left = child(0), right = child(1);
      if (op.join_type == JoinType::kSemi || op.join_type == JoinType::kAnti) return std::max(1.0, left / 2);
      double rows = left * right;
      for (const auto& e : op.exprs) rows *= Selectivity(*e);
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
