// Arguments of the sort-based aggregates (LISTAGG, MEDIAN, PERCENTILE_CONT/DISC) and APPROXIMATE calls.
// The WITHIN GROUP ordering travels as extra arguments, each key followed by a constant INTEGER of flags
// (bit 0 DESC, bit 1 NULLS FIRST), which is what src/function/aggregates_ordered.cc expects.

#include "sql/binder_scope.h"

namespace blueshift::sql {

using BExpr = blueshift::Expr;
using BExprPtr = blueshift::ExprPtr;

namespace {

int SortFlags(const SortItem& item) {
  // Redshift sorts NULLs as the largest value: last ascending, first descending, unless told otherwise.
  bool nulls_first = item.nulls == SortItem::Nulls::kDefault ? item.descending : item.nulls == SortItem::Nulls::kFirst;
  return (item.descending ? 1 : 0) | (nulls_first ? 2 : 0);
}

Status NotOrderedSet(const std::string& name, int location) {
  return ErrorAt(Status(ErrorCode::kSyntaxError, "WITHIN GROUP is not allowed for function " + name), location);
}

// LISTAGG, MEDIAN and PERCENTILE_* run on Redshift's compute nodes only: a query without a FROM fails.
Status ComputeNodeOnly(int location) {
  return ErrorAt(Status(ErrorCode::kFeatureNotSupported,
                        "One or more of the used functions must be applied on at least one user created table"),
                 location);
}

}  // namespace

Result<std::string> Binder::BindOrderedSetArgs(const FunctionCall& call, Scope* scope, std::vector<BExprPtr>* args) {
  const std::string& name = call.name.back();
  bool no_tables = scope == nullptr || scope->entries.empty();
  if (call.approximate && name == "count") {
    if (!call.distinct || call.star)
      return ErrorAt(Status(ErrorCode::kSyntaxError, "APPROXIMATE COUNT requires DISTINCT"), call.location);
    return std::string("approximate count distinct");  // a HyperLogLog sketch; it needs no DISTINCT pass
  }
  bool percentile = name == "percentile_cont" || name == "percentile_disc";
  if (name == "median" && no_tables) return ComputeNodeOnly(call.location);
  if (name != "listagg" && !percentile) {
    if (call.within_group) return NotOrderedSet(name, call.location);
    return name;
  }
  if (no_tables) return ComputeNodeOnly(call.location);
  if (percentile) {
    if (!call.within_group || call.order_by.size() != 1)
      return ErrorAt(Status(ErrorCode::kSyntaxError, name + " requires WITHIN GROUP (ORDER BY expression)"),
                     call.location);
    if (args->size() != 1 || (*args)[0]->kind != blueshift::ExprKind::kConstant)
      return ErrorAt(Status(ErrorCode::kFeatureNotSupported, name + ": the percentile must be a numeric constant"),
                     call.location);
  }
  // LISTAGG aggregates any expression (r_LISTAGG.html: LISTAGG(sellerid, ', ')): other types as their text.
  if (name == "listagg" && !args->empty()) {
    std::string signature;
    for (const auto& a : *args) signature += (signature.empty() ? "" : ", ") + a->type.ToString();
    auto no_such = [&] {
      return ErrorAt(Status(ErrorCode::kUndefinedFunction, "function listagg(" + signature + ") does not exist")
                         .WithHint("No function matches the given name and argument types. You may need to add "
                                   "explicit type casts."),
                     call.location);
    };
    if (args->size() > 1 && !(*args)[1]->type.IsString() && (*args)[1]->type.id() != TypeId::kNull) return no_such();
    BExprPtr& value = (*args)[0];
    if (!value->type.IsString() && value->type.id() != TypeId::kNull) {
      if (!CanCast(value->type, LogicalType::Varchar(), CastContext::kExplicit)) return no_such();
      value =
          BExpr::Cast(std::move(value), LogicalType::Varchar(LogicalType::kMaxVarcharLength), CastContext::kExplicit);
    }
  }
  if (name == "listagg" && args->size() == 1) args->push_back(BExpr::Constant(Value::Varchar("")));
  std::vector<BExprPtr> keys;
  for (const SortItem& item : call.order_by) {
    ASSIGN_OR_RETURN(auto key, BindExpr(*item.expr, scope));
    if (IsCaseInsensitive(*key)) {  // a case-insensitive key orders by its LOWER, as ORDER BY does
      ASSIGN_OR_RETURN(key, FoldCase(std::move(key), item.expr->location));
    }
    keys.push_back(std::move(key));
    keys.push_back(BExpr::Constant(Value::Integer(SortFlags(item))));
  }
  if (percentile) keys.insert(keys.begin() + 1, std::move((*args)[0]));  // (key, fraction, flags)
  if (percentile) args->clear();
  for (auto& k : keys) args->push_back(std::move(k));
  return name;
}

}  // namespace blueshift::sql
