// Column-level collation (Redshift's COLLATE CASE_SENSITIVE | CASE_INSENSITIVE). A string expression's type
// carries its collation (LogicalType::case_insensitive): a table column's is implicit, the COLLATE function's
// and the `x COLLATE name` clause's explicit, a literal's or a function result's none. The executor knows
// nothing of it: the binder rewrites what a case-insensitive collation changes into case-sensitive plans.
//   - comparisons (=, <>, <, <=, >, >=, and IN, BETWEEN, CASE x WHEN, joins, which bind as them) compare
//     LOWER of both sides; LIKE becomes ILIKE, ~ becomes ~* (SIMILAR TO binds as ~).
//   - GROUP BY and DISTINCT group by LOWER(x) and show ANY_VALUE(x); ORDER BY sorts by LOWER(x);
//     COUNT(DISTINCT x) counts LOWER(x); window PARTITION BY / ORDER BY use LOWER(x).
// Predicates on LOWER(column) are no zone-map or sort-key filters, so scans never skip blocks by binary
// bounds that a case-insensitive match does not respect; and grouping or joining by LOWER(x) is never taken
// as grouping or joining by a distribution key. Case-sensitive strings keep their plans unchanged.
// docs/design/collation.md lists every operation (set operations, NULLIF/GREATEST/LEAST, MIN/MAX, ...).

#include <algorithm>
#include <cctype>
#include <optional>

#include "sql/binder_scope.h"

namespace blueshift::sql {

using BExpr = blueshift::Expr;
using BExprPtr = blueshift::ExprPtr;

namespace {

bool IsComparison(const std::string& name) {
  return name == "=" || name == "<>" || name == "!=" || name == "<" || name == "<=" || name == ">" || name == ">=";
}

// The case-insensitive form of a collation-sensitive pattern match; empty for other names.
std::string CaseInsensitiveMatch(const std::string& name) {
  if (name == "like") return "ilike";
  if (name == "not like") return "not ilike";
  if (name == "~") return "~*";
  if (name == "!~") return "!~*";
  return "";
}

Status DifferentCollations() {
  return Status(ErrorCode::kFeatureNotSupported, "Query with different collations is not supported yet.");
}

// `type` with the collation COLLATE names: case_sensitive, cs, case_insensitive or ci, in any case.
Result<LogicalType> CollationNamed(const LogicalType& type, std::string name, int location) {
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool ci = name == "case_insensitive" || name == "ci";
  if (!ci && name != "case_sensitive" && name != "cs")
    return ErrorAt(Status(ErrorCode::kInvalidParameterValue,
                          "collation \"" + name + "\" is not supported; use case_sensitive or case_insensitive"),
                   location);
  return type.WithCollation(ci, CollationStrength::kExplicit);
}

}  // namespace

bool IsCaseInsensitive(const BExpr& e) {
  return e.type.IsString() && e.type.case_insensitive();
}

LogicalType ColumnScopeType(const blueshift::ColumnDef& col) {
  return col.type.WithCollation(col.case_insensitive, CollationStrength::kImplicit);
}

Result<bool> ResolveCaseInsensitive(const std::vector<LogicalType>& types) {
  CollationStrength strongest = CollationStrength::kNone;
  bool ci = false;
  bool conflict = false;
  for (const LogicalType& t : types) {
    if (t.id() == TypeId::kNull) continue;
    if (!t.IsString()) return false;  // compared as another type: no collation
    CollationStrength s = t.collation_strength();
    if (s > strongest) {
      strongest = s;
      ci = t.case_insensitive();
      conflict = false;
    } else if (s == strongest && s != CollationStrength::kNone && t.case_insensitive() != ci) {
      conflict = true;
    }
  }
  if (conflict) return DifferentCollations();
  return ci;
}

Result<bool> ResolveCaseInsensitive(const std::vector<BExprPtr>& args) {
  std::vector<LogicalType> types;
  for (const auto& a : args) types.push_back(a->type);
  return ResolveCaseInsensitive(types);
}

Result<BExprPtr> Binder::FoldCase(BExprPtr e, int location) {
  LogicalType type = e->type;
  std::vector<BExprPtr> args;
  args.push_back(std::move(e));
  ASSIGN_OR_RETURN(auto lower, CallFunction("lower", std::move(args), location));
  // LOWER of a CHAR keeps its trailing blanks, which CHAR comparisons ignore.
  if (type.id() == TypeId::kChar) {
    std::vector<BExprPtr> trim;
    trim.push_back(std::move(lower));
    return CallFunction("rtrim", std::move(trim), location);
  }
  return lower;
}

Status Binder::ApplyCollation(std::string* name, std::vector<BExprPtr>* args, int location) {
  std::string ci_match = CaseInsensitiveMatch(*name);
  if (!IsComparison(*name) && ci_match.empty()) return Status::OK();
  ASSIGN_OR_RETURN(bool ci, ResolveCaseInsensitive(*args));
  if (!ci) return Status::OK();
  if (!ci_match.empty()) {
    *name = ci_match;
    return Status::OK();
  }
  for (auto& a : *args) {
    if (a->type.id() == TypeId::kNull) continue;
    ASSIGN_OR_RETURN(a, FoldCase(std::move(a), location));
  }
  return Status::OK();
}

Result<BExprPtr> Binder::BindCollateCall(const FunctionCall& call, Scope* scope) {
  ASSIGN_OR_RETURN(auto arg, BindExpr(*call.args[0], scope));
  ASSIGN_OR_RETURN(auto collation, BindExpr(*call.args[1], scope));
  auto type_name = [](const BExpr& e) { return IsUntypedLiteral(e) ? std::string("unknown") : e.type.ToString(); };
  if (!arg->type.IsString() && arg->type.id() != TypeId::kNull)
    return ErrorAt(Status(ErrorCode::kUndefinedFunction,
                          "function collate(" + type_name(*arg) + ", " + type_name(*collation) + ") does not exist"),
                   call.location);
  if (collation->kind != blueshift::ExprKind::kConstant || collation->constant.is_null() ||
      !collation->constant.type().IsString())
    return ErrorAt(Status(ErrorCode::kInvalidParameterValue, "the collation of COLLATE must be a string constant"),
                   call.args[1]->location);
  if (arg->type.id() == TypeId::kNull) arg = BExpr::Cast(std::move(arg), LogicalType::Varchar());
  ASSIGN_OR_RETURN(arg->type, CollationNamed(arg->type, collation->constant.GetString(), call.args[1]->location));
  return arg;
}

Result<BExprPtr> Binder::BindCollateClause(const Collate& c, Scope* scope) {
  ASSIGN_OR_RETURN(auto arg, BindExpr(*c.arg, scope));
  // `x COLLATE pg_catalog.default` (psql's queries) and other names PostgreSQL knows leave x as it is.
  if (c.collation.size() != 1 || !arg->type.IsString()) return arg;
  const std::string& name = c.collation[0];
  if (name != "case_sensitive" && name != "case_insensitive" && name != "cs" && name != "ci") return arg;
  ASSIGN_OR_RETURN(arg->type, CollationNamed(arg->type, name, c.location));
  return arg;
}

Result<LogicalOperatorPtr> Binder::PlanDistinct(LogicalOperatorPtr plan, const std::vector<LogicalType>& types) {
  auto bindings = plan->Bindings();
  auto d = Wrap(LogicalKind::kAggregate, std::move(plan));
  d->table_index = next_table_index_++;
  d->aggregate_index = next_table_index_++;
  // What each output shows: its key, or ANY_VALUE of a case-insensitive column.
  std::vector<BExprPtr> shown;
  for (size_t i = 0; i < types.size(); i++) {
    auto col = BExpr::Column(bindings[i], types[i]);
    if (!IsCaseInsensitive(*col)) {
      shown.push_back(BExpr::Column({d->table_index, static_cast<int>(i)}, col->type));
      d->exprs.push_back(std::move(col));
      continue;
    }
    ASSIGN_OR_RETURN(auto fn, ResolveAggregateFunction("any_value", {col->type}, false));
    shown.push_back(BExpr::Column({d->aggregate_index, static_cast<int>(d->aggregates.size())}, col->type));
    AggregateExpr any;
    any.function = std::move(fn);
    any.args.push_back(col->Clone());
    d->aggregates.push_back(std::move(any));
    ASSIGN_OR_RETURN(auto key, FoldCase(std::move(col), -1));
    d->exprs.push_back(std::move(key));
  }
  if (d->aggregates.empty()) return LogicalOperatorPtr(std::move(d));
  auto proj = Wrap(LogicalKind::kProjection, std::move(d));
  proj->table_index = next_table_index_++;
  proj->exprs = std::move(shown);
  return LogicalOperatorPtr(std::move(proj));
}

Result<LogicalOperatorPtr> Binder::FoldSortKeys(LogicalOperatorPtr plan, std::vector<BoundSortItem>* items,
                                                std::vector<LogicalType>* types) {
  bool any = std::any_of(items->begin(), items->end(), [](const auto& s) { return IsCaseInsensitive(*s.expr); });
  if (!any) return plan;
  auto bindings = plan->Bindings();
  auto proj = Wrap(LogicalKind::kProjection, std::move(plan));
  proj->table_index = next_table_index_++;
  for (size_t i = 0; i < types->size(); i++) proj->exprs.push_back(BExpr::Column(bindings[i], (*types)[i]));
  for (auto& s : *items) {
    if (IsCaseInsensitive(*s.expr)) {
      ASSIGN_OR_RETURN(auto key, FoldCase(s.expr->Clone(), -1));
      s.expr = BExpr::Column({proj->table_index, static_cast<int>(proj->exprs.size())}, key->type);
      types->push_back(key->type);
      proj->exprs.push_back(std::move(key));
    } else {
      auto at = std::find(bindings.begin(), bindings.end(), s.expr->binding);
      s.expr->binding = {proj->table_index, static_cast<int>(at - bindings.begin())};
    }
  }
  return LogicalOperatorPtr(std::move(proj));
}

Result<LogicalType> MergeCollations(LogicalType type, const std::vector<LogicalType>& inputs) {
  if (!type.IsString()) return type;
  std::vector<LogicalType> strings;
  CollationStrength strongest = CollationStrength::kNone;
  for (const auto& t : inputs) {
    if (!t.IsString()) continue;
    strings.push_back(t);
    strongest = std::max(strongest, t.collation_strength());
  }
  ASSIGN_OR_RETURN(bool ci, ResolveCaseInsensitive(strings));
  return type.WithCollation(ci, strongest);
}

Result<std::optional<BExprPtr>> Binder::BindCaseInsensitiveConditional(const std::string& name,
                                                                       std::vector<BExprPtr>* args, int location) {
  bool nullif = name == "nullif";
  if (!(nullif || name == "greatest" || name == "least") || args->empty() || (nullif && args->size() != 2))
    return std::optional<BExprPtr>();
  ASSIGN_OR_RETURN(bool ci, ResolveCaseInsensitive(*args));
  if (!ci) return std::optional<BExprPtr>();
  auto call = [&](const char* op, const BExpr& a, const BExpr& b) {
    std::vector<BExprPtr> two;
    two.push_back(a.Clone());
    two.push_back(b.Clone());
    return CallFunction(op, std::move(two), location);
  };
  auto null_test = [](blueshift::ExprKind kind, const BExpr& e) {
    std::vector<BExprPtr> one;
    one.push_back(e.Clone());
    return BExpr::Make(kind, LogicalType::Boolean(), std::move(one));
  };
  auto one_case = [&](BExprPtr when, BExprPtr then, BExprPtr otherwise) {
    std::vector<BExprPtr> conditions, results;
    conditions.push_back(std::move(when));
    results.push_back(std::move(then));
    return MakeCase(std::move(conditions), std::move(results), std::move(otherwise), location);
  };
  if (nullif) {  // CASE WHEN a = b THEN NULL ELSE a END, = comparing case-insensitively
    ASSIGN_OR_RETURN(auto eq, call("=", *(*args)[0], *(*args)[1]));
    auto null = BExpr::Constant(Value::NullOf((*args)[0]->type));
    ASSIGN_OR_RETURN(auto r, one_case(std::move(eq), std::move(null), std::move((*args)[0])));
    return std::optional<BExprPtr>(std::move(r));
  }
  // GREATEST(a, b, ...): the better of each next argument and the result so far, NULLs ignored.
  const char* better = name == "greatest" ? ">" : "<";
  BExprPtr best = std::move((*args)[0]);
  for (size_t k = 1; k < args->size(); k++) {
    const BExpr& next = *(*args)[k];
    ASSIGN_OR_RETURN(auto wins, call(better, next, *best));
    std::vector<BExprPtr> either;
    either.push_back(null_test(blueshift::ExprKind::kIsNull, *best));
    either.push_back(std::move(wins));
    std::vector<BExprPtr> guard;  // a NULL next argument never wins
    guard.push_back(null_test(blueshift::ExprKind::kIsNotNull, next));
    guard.push_back(BExpr::Make(blueshift::ExprKind::kOr, LogicalType::Boolean(), std::move(either)));
    ASSIGN_OR_RETURN(best, one_case(BExpr::Make(blueshift::ExprKind::kAnd, LogicalType::Boolean(), std::move(guard)),
                                    next.Clone(), std::move(best)));
  }
  return std::optional<BExprPtr>(std::move(best));
}

}  // namespace blueshift::sql
