#include "exec/window_expr.h"

namespace blueshift {

namespace {

bool SameExprs(const std::vector<ExprPtr>& a, const std::vector<ExprPtr>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++) {
    if (!a[i]->Equals(*b[i])) return false;
  }
  return true;
}

std::string BoundText(const WindowBound& b) {
  switch (b.kind) {
    case WindowBoundKind::kUnboundedPreceding:
      return "UNBOUNDED PRECEDING";
    case WindowBoundKind::kPreceding:
      return std::to_string(b.offset) + " PRECEDING";
    case WindowBoundKind::kCurrentRow:
      return "CURRENT ROW";
    case WindowBoundKind::kFollowing:
      return std::to_string(b.offset) + " FOLLOWING";
    case WindowBoundKind::kUnboundedFollowing:
      return "UNBOUNDED FOLLOWING";
  }
  return "";
}

}  // namespace

WindowExpr WindowExpr::Clone() const {
  WindowExpr w;
  w.kind = kind;
  w.name = name;
  w.type = type;
  for (const auto& a : args) w.args.push_back(a->Clone());
  w.aggregate = aggregate;
  w.ignore_nulls = ignore_nulls;
  for (const auto& p : partitions) w.partitions.push_back(p->Clone());
  for (const auto& o : orders) w.orders.push_back({o.expr->Clone(), o.descending, o.nulls_first});
  w.start = start;
  w.end = end;
  return w;
}

bool WindowExpr::SameWindow(const WindowExpr& other) const {
  if (!SameExprs(partitions, other.partitions) || orders.size() != other.orders.size()) return false;
  for (size_t i = 0; i < orders.size(); i++) {
    const WindowOrder& a = orders[i];
    const WindowOrder& b = other.orders[i];
    if (a.descending != b.descending || a.nulls_first != b.nulls_first || !a.expr->Equals(*b.expr)) return false;
  }
  return true;
}

bool WindowExpr::Equals(const WindowExpr& other) const {
  return kind == other.kind && name == other.name && type == other.type && ignore_nulls == other.ignore_nulls &&
         start == other.start && end == other.end && SameExprs(args, other.args) && SameWindow(other);
}

void WindowExpr::CollectBindings(std::vector<ColumnBinding>* out) const {
  for (const auto& a : args) a->CollectBindings(out);
  for (const auto& p : partitions) p->CollectBindings(out);
  for (const auto& o : orders) o.expr->CollectBindings(out);
}

std::string WindowExpr::ToString() const {
  std::string s = name + "(";
  if (kind == WindowFunctionKind::kAggregate && args.empty() && name == "count") s += "*";
  for (size_t i = 0; i < args.size(); i++) s += (i ? ", " : "") + args[i]->ToString();
  s += ")";
  if (ignore_nulls) s += " IGNORE NULLS";
  s += " OVER (";
  std::string inner;
  if (!partitions.empty()) {
    inner += "PARTITION BY ";
    for (size_t i = 0; i < partitions.size(); i++) inner += (i ? ", " : "") + partitions[i]->ToString();
  }
  if (!orders.empty()) {
    inner += std::string(inner.empty() ? "" : " ") + "ORDER BY ";
    for (size_t i = 0; i < orders.size(); i++)
      inner += (i ? ", " : "") + orders[i].expr->ToString() + (orders[i].descending ? " DESC" : "");
  }
  bool whole = start.kind == WindowBoundKind::kUnboundedPreceding && end.kind == WindowBoundKind::kUnboundedFollowing;
  if (!whole) inner += " ROWS BETWEEN " + BoundText(start) + " AND " + BoundText(end);
  return s + inner + ")";
}

}  // namespace blueshift
