#include <map>

#include "exec/expr_evaluator.h"
#include "function/cast.h"
#include "sql/binder_scope.h"
#include "types/value_parse.h"

namespace blueshift::sql {

using BExpr = blueshift::Expr;
using BExprPtr = blueshift::ExprPtr;
using BKind = blueshift::ExprKind;

namespace {

BExprPtr MakeNot(BExprPtr e) {
  std::vector<BExprPtr> kids;
  kids.push_back(std::move(e));
  return BExpr::Make(BKind::kNot, LogicalType::Boolean(), std::move(kids));
}

BExprPtr MakeBool(BKind kind, std::vector<BExprPtr> kids) {
  return BExpr::Make(kind, LogicalType::Boolean(), std::move(kids));
}

}  // namespace

// Expressions nested deeper than this fail with 54001 instead of overflowing a thread's stack: a long chain
// of a binary operator (`1 + 1 + ...`) nests as deep as it is long (a chain of AND or of OR does not:
// BindBinary makes it one node). Parentheses and subqueries stop at the parser's kMaxParseDepth first.
constexpr int kMaxBindDepth = 1000;

Result<BExprPtr> Binder::BindExpr(const Expr& expr, Scope* scope) {
  int& depth = ctx_.state->expr_depth;
  if (depth >= kMaxBindDepth)
    return ErrorAt(Status(ErrorCode::kStatementTooComplex,
                          "stack depth limit exceeded: the expression is nested "
                          "more than " +
                              std::to_string(kMaxBindDepth) + " deep"),
                   expr.location);
  depth++;
  auto r = BindExprInner(expr, scope);
  depth--;
  if (!r.ok()) return ErrorAt(r.status(), expr.location);
  return r;
}

Result<BExprPtr> Binder::BindExprInner(const Expr& expr, Scope* scope) {
  // Inside a grouped SELECT, a whole expression written as in GROUP BY is that group column.
  if (agg_ && expr.kind != ExprKind::kColumnRef && expr.kind != ExprKind::kConstant) {
    std::string text = ToString(expr);
    for (size_t g = 0; g < agg_->group_texts.size(); g++) {
      if (agg_->group_texts[g] == text) return GroupRef(g);
    }
  }
  switch (expr.kind) {
    case ExprKind::kColumnRef:
      return BindColumnRef(expr.As<ColumnRef>(), scope);
    case ExprKind::kConstant:
      return BindConstant(expr.As<Constant>());
    case ExprKind::kParam:
      return BindParam(expr.As<Param>());
    case ExprKind::kTypedLiteral: {
      const auto& lit = expr.As<TypedLiteral>();
      TypeName type_name = lit.type;  // INTERVAL '1' DAY TO SECOND: the qualifier follows the string
      if (!lit.interval_fields.empty()) type_name.name += " " + lit.interval_fields;
      auto type = BindType(type_name);
      if (!type.ok()) return ErrorAt(type.status(), expr.location);
      // VARBYTE 'text' reads the text's bytes, as 'text'::varbyte does; other types parse their text form.
      auto v = type->IsVarbyte() ? CastValue(Value::Varchar(lit.value), *type, CastContext::kAssignment)
                                 : ParseValue(*type, lit.value);
      if (!v.ok()) return ErrorAt(v.status(), expr.location);
      return BExpr::Constant(std::move(v).value());
    }
    case ExprKind::kUnary: {
      const auto& u = expr.As<UnaryOp>();
      ASSIGN_OR_RETURN(auto arg, BindExpr(*u.operand, scope));
      if (u.op == "NOT") {
        if (arg->type.id() != TypeId::kBoolean && arg->type.id() != TypeId::kNull)
          return ErrorAt(Status(ErrorCode::kDatatypeMismatch,
                                "argument of NOT must be type boolean, not type " + arg->type.ToString()),
                         u.operand->location);
        if (arg->type.id() == TypeId::kNull) arg = BExpr::Constant(Value::NullOf(LogicalType::Boolean()));
        return MakeNot(std::move(arg));
      }
      if (u.op == "+") return arg;
      std::vector<BExprPtr> args;
      args.push_back(std::move(arg));
      // Prefix operators and the functions they are: - neg, ~ bitnot, |/ sqrt, ||/ cbrt, @ abs.
      static const std::map<std::string, std::string> kPrefix = {
          {"-", "neg"}, {"~", "bitnot"}, {"|/", "sqrt"}, {"||/", "cbrt"}, {"@", "abs"}};
      auto name = kPrefix.find(u.op);
      return CallFunction(name == kPrefix.end() ? u.op : name->second, std::move(args), expr.location);
    }
    case ExprKind::kBinary:
      return BindBinary(expr.As<BinaryOp>(), scope);
    case ExprKind::kIsNull: {
      const auto& n = expr.As<IsNull>();
      ASSIGN_OR_RETURN(auto arg, BindExpr(*n.arg, scope));
      std::vector<BExprPtr> kids;
      kids.push_back(std::move(arg));
      return MakeBool(n.negated ? BKind::kIsNotNull : BKind::kIsNull, std::move(kids));
    }
    case ExprKind::kIsBool: {
      // x IS TRUE = COALESCE(x, false); IS FALSE = COALESCE(NOT x, false); IS UNKNOWN = x IS NULL.
      const auto& b = expr.As<IsBool>();
      ASSIGN_OR_RETURN(auto arg, BindExpr(*b.arg, scope));
      BExprPtr result;
      std::vector<BExprPtr> kids;
      if (b.test == BoolTest::kUnknown) {
        kids.push_back(std::move(arg));
        result = MakeBool(BKind::kIsNull, std::move(kids));
      } else {
        kids.push_back(b.test == BoolTest::kTrue ? std::move(arg) : MakeNot(std::move(arg)));
        kids.push_back(BExpr::Constant(Value::Boolean(false)));
        result = MakeBool(BKind::kCoalesce, std::move(kids));
      }
      return b.negated ? MakeNot(std::move(result)) : std::move(result);
    }
    case ExprKind::kBetween: {
      const auto& b = expr.As<Between>();
      std::vector<BExprPtr> kids;
      for (auto [bound, op] : {std::pair{b.low.get(), ">="}, std::pair{b.high.get(), "<="}}) {
        ASSIGN_OR_RETURN(auto a, BindExpr(*b.arg, scope));
        ASSIGN_OR_RETURN(auto v, BindExpr(*bound, scope));
        std::vector<BExprPtr> args;
        args.push_back(std::move(a));
        args.push_back(std::move(v));
        ASSIGN_OR_RETURN(auto c, CallFunction(op, std::move(args), expr.location));
        kids.push_back(std::move(c));
      }
      auto both = MakeBool(BKind::kAnd, std::move(kids));
      return b.negated ? MakeNot(std::move(both)) : std::move(both);
    }
    case ExprKind::kInList: {
      const auto& in = expr.As<InList>();
      std::vector<BExprPtr> kids;
      for (const auto& item : in.list) {
        ASSIGN_OR_RETURN(auto a, BindExpr(*in.arg, scope));
        ASSIGN_OR_RETURN(auto v, BindExpr(*item, scope));
        std::vector<BExprPtr> args;
        args.push_back(std::move(a));
        args.push_back(std::move(v));
        ASSIGN_OR_RETURN(auto c, CallFunction("=", std::move(args), item->location));
        kids.push_back(std::move(c));
      }
      auto any = kids.size() == 1 ? std::move(kids[0]) : MakeBool(BKind::kOr, std::move(kids));
      return in.negated ? MakeNot(std::move(any)) : std::move(any);
    }
    case ExprKind::kLike: {
      const auto& l = expr.As<Like>();
      if (l.like_kind == LikeKind::kSimilar) return BindSimilarTo(l, scope);
      std::vector<BExprPtr> args;
      ASSIGN_OR_RETURN(auto a, BindExpr(*l.arg, scope));
      ASSIGN_OR_RETURN(auto p, BindExpr(*l.pattern, scope));
      args.push_back(std::move(a));
      args.push_back(std::move(p));
      if (l.escape) {
        ASSIGN_OR_RETURN(auto e, BindExpr(*l.escape, scope));
        args.push_back(std::move(e));
      }
      std::string name = std::string(l.negated ? "not " : "") + (l.like_kind == LikeKind::kILike ? "ilike" : "like");
      return CallFunction(name, std::move(args), expr.location);
    }
    case ExprKind::kCase:
      return BindCase(expr.As<Case>(), scope);
    case ExprKind::kCast:
      return BindCastExpr(expr.As<Cast>(), scope);
    case ExprKind::kFunction:
      return BindFunction(expr.As<FunctionCall>(), scope);
    case ExprKind::kSubscript:
      return BindSubscript(expr.As<Subscript>(), scope);
    case ExprKind::kQuantified:
      return BindQuantified(expr.As<Quantified>(), scope);
    case ExprKind::kFieldSelect:
      return BindFieldSelect(expr.As<FieldSelect>(), scope);
    case ExprKind::kCollate:
      return BindCollateClause(expr.As<Collate>(), scope);
    case ExprKind::kSubquery: {
      const auto& sq = expr.As<Subquery>();
      if (sq.subquery_kind == SubqueryKind::kScalar) return BindScalarSubquery(sq, scope);
      if (sq.subquery_kind == SubqueryKind::kArray)
        return ErrorAt(Status(ErrorCode::kFeatureNotSupported, "arrays are not supported"), expr.location);
      return BindSubqueryPredicate(sq, scope);
    }
    case ExprKind::kDefault:
      return ErrorAt(Status(ErrorCode::kSyntaxError, "DEFAULT is not allowed in this context"), expr.location);
    default:
      return ErrorAt(Status(ErrorCode::kFeatureNotSupported, "this expression is not supported yet: " + ToString(expr)),
                     expr.location);
  }
}

Result<BExprPtr> Binder::BindDefaultExpr(const Expr& expr) {
  if (AnySubexpression(&expr, [](const Expr& x) { return x.kind == ExprKind::kSubquery; }))
    return ErrorAt(Status(ErrorCode::kFeatureNotSupported, "cannot use subquery in DEFAULT expression"), expr.location);
  return BindConstantExpr(expr);
}

Result<BExprPtr> Binder::BindConstantExpr(const Expr& expr) {
  Scope empty;
  ASSIGN_OR_RETURN(auto e, BindExpr(expr, &empty));
  return e;
}

}  // namespace blueshift::sql
