// Scalar SQL user-defined functions (CREATE FUNCTION ... LANGUAGE sql): a call is resolved among the
// overloads visible by name, checked for EXECUTE, and replaced by its body bound over the call's arguments,
// so it runs vectorized and folds like any expression. An argument is evaluated once per call, as in
// PostgreSQL and Redshift: a call with a volatile argument (random()) becomes a function whose kernel
// evaluates the body over the arguments' values, instead of the body with each $n replaced by a copy.

#include <algorithm>
#include <numeric>

#include "exec/expr_evaluator.h"
#include "function/cast.h"
#include "function/scalar_function.h"
#include "sql/binder_scope.h"

namespace blueshift::sql {

using BExpr = blueshift::Expr;
using BExprPtr = blueshift::ExprPtr;
using BKind = blueshift::ExprKind;

namespace {

constexpr size_t kMaxUdfNesting = 32;

Status BodyError(const std::string& what) {
  return Status(ErrorCode::kInvalidFunctionDefinition, "SQL UDF body " + what);
}

// The clauses a UDF's SELECT may not have, by Redshift's rules: the first one present, or null.
const char* ForbiddenClause(const Query& query, const SelectCore& core) {
  if (!core.from.empty()) return "FROM";
  if (core.into) return "INTO";
  if (core.where) return "WHERE";
  if (!core.group_by.empty()) return "GROUP BY";
  if (core.having) return "HAVING";
  if (core.qualify) return "QUALIFY";
  if (!query.order_by.empty()) return "ORDER BY";
  if (query.limit || query.offset || core.top) return "LIMIT";
  if (!query.with.empty()) return "WITH";
  return nullptr;
}

// The expression of a UDF's body: one SELECT of one expression and no other clause.
Result<const Expr*> UdfBodyExpression(const std::vector<StatementPtr>& statements) {
  if (statements.size() != 1 || statements[0]->kind != StmtKind::kSelect)
    return BodyError("must be a single SELECT clause");
  const Query& query = *statements[0]->As<SelectStmt>().query;
  if (query.body->kind != QueryTerm::Kind::kSelect) return BodyError("must be a single SELECT clause");
  const SelectCore& core = *query.body->select;
  if (const char* clause = ForbiddenClause(query, core))
    return BodyError("cannot contain a " + std::string(clause) + " clause");
  if (core.distinct) return BodyError("cannot contain DISTINCT");
  if (core.targets.size() != 1) return BodyError("must return exactly one column");
  const Expr* e = core.targets[0].expr.get();
  if (e->kind == ExprKind::kColumnRef && e->As<ColumnRef>().star) return BodyError("must return exactly one column");
  bool subquery = AnySubexpression(e, [](const Expr& x) { return x.kind == ExprKind::kSubquery; });
  if (subquery) return BodyError("cannot contain a subquery");
  if (ContainsWindowCall(e)) return BodyError("cannot contain a window function");
  return e;
}

// How a call's argument meets a declared type: exactly (same type, lengths aside), by an implicit cast,
// or not at all.
enum class ArgMatch { kExact, kCast, kNone };

ArgMatch MatchArg(const LogicalType& arg, const LogicalType& declared) {
  if (arg.id() == TypeId::kNull || SameSignatureType(arg, declared)) return ArgMatch::kExact;
  if (CanCast(arg, declared, CastContext::kImplicit)) return ArgMatch::kCast;
  return ArgMatch::kNone;
}

// -1 when the overload cannot take the arguments, else how many match exactly.
int Score(const FunctionDef& f, const std::vector<LogicalType>& args) {
  if (f.arg_types.size() != args.size()) return -1;
  int exact = 0;
  for (size_t i = 0; i < args.size(); i++) {
    ArgMatch m = MatchArg(args[i], f.arg_types[i]);
    if (m == ArgMatch::kNone) return -1;
    exact += m == ArgMatch::kExact;
  }
  return exact;
}

// Whether evaluating e twice may give two values (random()).
bool Volatile(const BExpr& e) {
  if (e.kind == BKind::kFunction && !e.function->deterministic) return true;
  return std::any_of(e.children.begin(), e.children.end(), [](const BExprPtr& c) { return Volatile(*c); });
}

// A UDF body whose $n reads column n - 1 of a batch of the call's argument values.
struct UdfBody {
  std::vector<LogicalType> arg_types;
  BExprPtr expr;
};

Status UdfBodyKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& body = *static_cast<const UdfBody*>(data);
  std::vector<uint32_t> rows(n);
  std::iota(rows.begin(), rows.end(), 0u);
  Batch in(body.arg_types, std::max(n, kBatchSize));
  for (size_t i = 0; i < args.size(); i++) in.column(i).GatherFrom(*args[i], rows.data(), n, 0);
  in.set_count(n);
  ExprEvaluator evaluator(*body.expr);
  const Vector* result;
  RETURN_IF_ERROR(evaluator.Evaluate(in, &result));
  out->GatherFrom(*result, rows.data(), n, 0);
  return Status::OK();
}

}  // namespace

std::vector<std::shared_ptr<const FunctionDef>> Binder::VisibleFunctions(const std::vector<std::string>& name) const {
  std::vector<std::shared_ptr<const FunctionDef>> out;
  if (name.size() >= 2) return ctx_.catalog->FindFunctions(name[name.size() - 2], name.back());
  AccessCheck access = Access();
  for (const auto& schema : ctx_.search_path) {
    if (!access.Schema(schema, kPrivUsage).ok()) continue;  // as for tables: schemas the user may not use
    for (auto& f : ctx_.catalog->FindFunctions(schema, name.back())) {
      // An overload of an earlier schema hides one with the same argument types further down the path.
      bool hidden =
          std::any_of(out.begin(), out.end(), [&](const auto& o) { return SameSignature(o->arg_types, f->arg_types); });
      if (!hidden) out.push_back(std::move(f));
    }
  }
  return out;
}

std::optional<Result<BExprPtr>> Binder::BindUserFunctionCall(const FunctionCall& call, std::vector<BExprPtr>* args) {
  const auto& name = call.name;
  bool qualified = name.size() >= 2 && name[name.size() - 2] != "pg_catalog";
  if (name.size() >= 3 && name[name.size() - 3] != ctx_.database)
    return ErrorAt(Status(ErrorCode::kFeatureNotSupported, "cross-database references are not implemented"),
                   call.location);
  // Built-in functions come first, as pg_catalog does on every search path.
  if (!qualified && (name.size() >= 2 || ScalarFunctionExists(name.back()))) return std::nullopt;
  if (qualified) {
    if (Status st = Access().Schema(name[name.size() - 2], kPrivUsage); !st.ok()) return ErrorAt(st, call.location);
  }
  auto candidates = VisibleFunctions(name);
  if (candidates.empty()) return std::nullopt;  // a built-in one, or none: the built-ins' resolution says which
  std::vector<LogicalType> types;
  for (const auto& a : *args) types.push_back(a->type);
  std::shared_ptr<const FunctionDef> best;
  int best_score = -1;
  bool tie = false;
  for (const auto& f : candidates) {
    int s = Score(*f, types);
    if (s < 0 || s < best_score) continue;
    tie = s == best_score;
    best_score = s;
    best = f;
  }
  std::string signature = FunctionSignature(name.back(), types);
  if (!best)
    return ErrorAt(Status(ErrorCode::kUndefinedFunction, "function " + signature + " does not exist")
                       .WithHint("No function matches the given name and argument types. You may need to add "
                                 "explicit type casts."),
                   call.location);
  if (tie)
    return ErrorAt(Status(ErrorCode::kAmbiguousFunction, "function " + signature + " is not unique")
                       .WithHint("Could not choose a best candidate function. You may need to add explicit type "
                                 "casts."),
                   call.location);
  AccessCheck access = Access();
  if (!ctx_.catalog->security().HasPrivilege(access.user(), {AclObject::kFunction, best->oid, ""}, best->owner,
                                             kPrivExecute))
    return ErrorAt(Status(ErrorCode::kInsufficientPrivilege, "permission denied for function " + best->name),
                   call.location);
  auto bound = InlineFunction(*best, std::move(*args));
  if (!bound.ok()) return ErrorAt(bound.status(), call.location);
  return bound;
}

Result<BExprPtr> Binder::InlineFunction(const FunctionDef& def, std::vector<BExprPtr> args) {
  StatementBindState& state = *ctx_.state;
  const auto& stack = state.udf_stack;
  if (std::find(stack.begin(), stack.end(), def.oid) != stack.end())
    return Status(ErrorCode::kInvalidFunctionDefinition,
                  "SQL UDF " + FunctionSignature(def) + " calls itself: recursive SQL UDFs are not supported");
  if (stack.size() >= kMaxUdfNesting)
    return Status(ErrorCode::kProgramLimitExceeded, "SQL UDF calls are nested too deeply");
  for (size_t i = 0; i < args.size(); i++) {
    if (MatchArg(args[i]->type, def.arg_types[i]) != ArgMatch::kCast) continue;
    ASSIGN_OR_RETURN(args[i], CastTo(std::move(args[i]), def.arg_types[i], CastContext::kImplicit));
  }
  auto parsed = Parse(def.body_sql);
  if (!parsed.ok()) return Status(parsed.status().code(), parsed.status().message());
  ASSIGN_OR_RETURN(const Expr* body, UdfBodyExpression(*parsed));
  for (auto& s : *parsed) state.udf_bodies.push_back(std::move(s));
  state.relations.insert(def.oid);  // a view calling the function depends on it
  // A volatile argument is evaluated once, before the body: $n reads its value from the kernel's batch.
  const bool once = std::any_of(args.begin(), args.end(), [](const BExprPtr& a) { return Volatile(*a); });
  std::vector<BExprPtr> params;
  for (size_t i = 0; i < args.size() && once; i++)
    params.push_back(BExpr::Position(static_cast<int>(i), args[i]->type));
  // The body sees nothing of the query around the call: no columns, aggregates or windows.
  const auto* saved_args = std::exchange(state.udf_args, once ? &params : &args);
  state.udf_stack.push_back(def.oid);
  auto* saved_agg = std::exchange(agg_, nullptr);
  auto* saved_win = std::exchange(win_, nullptr);
  auto* saved_srf = std::exchange(srf_, nullptr);
  const auto* saved_aliases = std::exchange(select_aliases_, nullptr);
  Scope empty;
  auto bound = BindExpr(*body, &empty);
  select_aliases_ = saved_aliases;
  srf_ = saved_srf;
  win_ = saved_win;
  agg_ = saved_agg;
  state.udf_stack.pop_back();
  state.udf_args = saved_args;
  // A position would point into the body's text, not the statement's.
  if (!bound.ok()) return Status(bound.status().code(), bound.status().message());
  BExprPtr result = std::move(bound).value();
  if (result->type.id() != TypeId::kNull && !CanCast(result->type, def.return_type, CastContext::kAssignment))
    return Status(ErrorCode::kInvalidFunctionDefinition,
                  "return type mismatch in function declared to return " + def.return_type.ToString())
        .WithDetail("Actual return type is " + result->type.ToString() + ".");
  ASSIGN_OR_RETURN(result, CastTo(std::move(result), def.return_type, CastContext::kAssignment));
  if (once) {
    BoundScalarFunction fn;
    fn.name = def.name;
    auto body = std::make_shared<UdfBody>();
    for (const auto& a : args) {
      fn.arg_types.push_back(a->type);
      body->arg_types.push_back(a->type);
    }
    fn.return_type = result->type;
    fn.deterministic = !Volatile(*result);
    fn.kernel = UdfBodyKernel;
    body->expr = std::move(result);
    fn.data = std::move(body);
    result = BExpr::Call(std::move(fn), std::move(args));
  }
  result->alias = def.name;
  return result;
}

Result<BExprPtr> Binder::BindUdfParam(int index) {
  const auto& args = *ctx_.state->udf_args;
  if (index < 1 || index > static_cast<int>(args.size()))
    return Status(ErrorCode::kUndefinedParameter, "there is no parameter $" + std::to_string(index));
  return args[index - 1]->Clone();
}

Result<LogicalType> Binder::CheckFunctionBody(const FunctionDef& def) {
  std::vector<BExprPtr> args;
  for (const auto& t : def.arg_types) args.push_back(BExpr::Constant(Value::NullOf(t)));
  ASSIGN_OR_RETURN(auto e, InlineFunction(def, std::move(args)));
  return e->type;
}

Result<std::shared_ptr<const FunctionDef>> Binder::ResolveFunctionSignature(const QualifiedName& name,
                                                                            const std::vector<TypeName>& types) {
  std::vector<LogicalType> arg_types;
  for (const auto& t : types) {
    auto type = BindFunctionType(t);
    if (!type.ok()) return ErrorAt(type.status(), t.location);
    arg_types.push_back(*type);
  }
  if (name.parts.size() >= 2 && !ctx_.catalog->FindSchema(name.parts[name.parts.size() - 2]))
    return ErrorAt(
        Status(ErrorCode::kUndefinedSchema, "schema \"" + name.parts[name.parts.size() - 2] + "\" does not exist"),
        name.location);
  for (const auto& f : VisibleFunctions(name.parts)) {
    if (SameSignature(f->arg_types, arg_types)) return f;
  }
  return ErrorAt(Status(ErrorCode::kUndefinedFunction,
                        "function " + FunctionSignature(name.name(), arg_types) + " does not exist"),
                 name.location);
}

Result<LogicalType> Binder::BindFunctionType(const TypeName& type) {
  ASSIGN_OR_RETURN(LogicalType t, BindType(type));
  if (t.pg_array() != PgArrayKind::kNone)
    return Status(ErrorCode::kFeatureNotSupported, "SQL UDFs do not take or return arrays");
  // A string type without a length takes any string, as PostgreSQL's unbounded types do.
  bool unbounded = type.modifiers.empty() && !type.max_length;
  if (unbounded && t.id() == TypeId::kVarchar) return LogicalType::Varchar(LogicalType::kMaxVarcharLength);
  if (unbounded && t.id() == TypeId::kChar && type.name == "bpchar")
    return LogicalType::Char(LogicalType::kMaxCharLength);
  return t;
}

}  // namespace blueshift::sql
