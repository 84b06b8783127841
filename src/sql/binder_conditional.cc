// NVL2 and DECODE, Redshift's conditional forms, bound as the CASE expressions they abbreviate.

#include "sql/binder_scope.h"

namespace blueshift::sql {

using BExpr = blueshift::Expr;
using BExprPtr = blueshift::ExprPtr;
using BKind = blueshift::ExprKind;

namespace {

Status WrongArgumentCount(const std::string& name, int location) {
  return ErrorAt(Status(ErrorCode::kUndefinedFunction, "function " + name + " has the wrong number of arguments"),
                 location);
}

}  // namespace

// NVL2(e, a, b) = CASE WHEN e IS NOT NULL THEN a ELSE b END.
// DECODE(e, s1, r1, ..., sN, rN [, default]) = CASE WHEN e = s1 THEN r1 ... ELSE default END, where a NULL
// search value matches a NULL e (as Oracle's DECODE, which Redshift's follows).
Result<BExprPtr> Binder::BindConditionalForm(const std::string& name, std::vector<BExprPtr> args, int location) {
  std::vector<BExprPtr> conditions;
  std::vector<BExprPtr> results;
  BExprPtr else_expr;
  if (name == "nvl2") {
    if (args.size() != 3) return WrongArgumentCount(name, location);
    std::vector<BExprPtr> kid;
    kid.push_back(std::move(args[0]));
    conditions.push_back(BExpr::Make(BKind::kIsNotNull, LogicalType::Boolean(), std::move(kid)));
    results.push_back(std::move(args[1]));
    else_expr = std::move(args[2]);
    return MakeCase(std::move(conditions), std::move(results), std::move(else_expr), location);
  }
  if (args.size() < 3) return WrongArgumentCount(name, location);
  size_t pairs = (args.size() - 1) / 2;
  for (size_t k = 0; k < pairs; k++) {
    BExprPtr search = std::move(args[1 + 2 * k]);
    std::vector<BExprPtr> kids;
    kids.push_back(args[0]->Clone());
    if (search->kind == BKind::kConstant && search->constant.is_null()) {
      conditions.push_back(BExpr::Make(BKind::kIsNull, LogicalType::Boolean(), std::move(kids)));
    } else {
      kids.push_back(std::move(search));
      ASSIGN_OR_RETURN(auto eq, CallFunction("=", std::move(kids), location));
      conditions.push_back(std::move(eq));
    }
    results.push_back(std::move(args[2 + 2 * k]));
  }
  else_expr = args.size() % 2 == 0 ? std::move(args.back()) : BExpr::Constant(Value());
  return MakeCase(std::move(conditions), std::move(results), std::move(else_expr), location);
}

}  // namespace blueshift::sql
