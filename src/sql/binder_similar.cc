// x [NOT] SIMILAR TO pattern [ESCAPE e] binds as x ~ (or !~) the POSIX form of the pattern: translated here
// when the pattern and escape are constants (so ~ compiles it once), else by SIMILAR_ESCAPE per row.

#include "function/similar_to.h"
#include "sql/binder_scope.h"

namespace blueshift::sql {

using BExpr = blueshift::Expr;
using BExprPtr = blueshift::ExprPtr;

Result<BExprPtr> Binder::BindSimilarTo(const Like& l, Scope* scope) {
  ASSIGN_OR_RETURN(auto subject, BindExpr(*l.arg, scope));
  ASSIGN_OR_RETURN(auto pattern, BindExpr(*l.pattern, scope));
  BExprPtr escape;
  if (l.escape) {
    ASSIGN_OR_RETURN(escape, BindExpr(*l.escape, scope));
  }
  auto constant_text = [](const BExprPtr& e) {
    return e->kind == blueshift::ExprKind::kConstant && !e->constant.is_null() && e->constant.type().IsString();
  };
  BExprPtr regex;
  if (constant_text(pattern) && (!escape || constant_text(escape))) {
    auto translated = SimilarToRegex(pattern->constant.GetString(), escape ? escape->constant.GetString() : "\\");
    if (!translated.ok()) return ErrorAt(translated.status(), l.location);
    regex = BExpr::Constant(Value::Varchar(*translated));
  } else {
    std::vector<BExprPtr> args;
    args.push_back(std::move(pattern));
    if (escape) args.push_back(std::move(escape));
    ASSIGN_OR_RETURN(regex, CallFunction("similar_escape", std::move(args), l.location));
  }
  std::vector<BExprPtr> args;
  args.push_back(std::move(subject));
  args.push_back(std::move(regex));
  return CallFunction(l.negated ? "!~" : "~", std::move(args), l.location);
}

}  // namespace blueshift::sql
