#include "function/cast.h"
#include "sql/binder_scope.h"

namespace blueshift::sql {

using BExpr = blueshift::Expr;
using BExprPtr = blueshift::ExprPtr;
using BKind = blueshift::ExprKind;

namespace {

const std::string& BaseName(const FunctionCall& call) {
  return call.name.back();
}

std::string Server8Version() {
  return "PostgreSQL 8.0.2 on x86_64-pc-linux-gnu, compiled by GCC gcc (GCC) 3.4.2 20041017 (Red Hat 3.4.2-6.fc3), "
         "Redshift 1.0.0 (blueshift)";
}

}  // namespace

Result<BExprPtr> Binder::AggregateRef(const FunctionCall& call, Scope* scope) {
  if (!agg_)
    return ErrorAt(Status(ErrorCode::kGroupingError, "aggregate functions are not allowed here"), call.location);
  std::string text = ToString(call);
  for (size_t i = 0; i < agg_->aggregate_texts.size(); i++) {
    if (agg_->aggregate_texts[i] == text)
      return BExpr::Column({agg_->aggregate_index, static_cast<int>(i)}, (*agg_->aggregates)[i].function.return_type);
  }
  if (call.filter)
    return ErrorAt(Status(ErrorCode::kSyntaxError, "syntax error at or near \"(\""), call.filter->location);
  for (const auto& a : call.args) {
    if (ContainsWindowCall(a.get()))
      return ErrorAt(Status(ErrorCode::kGroupingError,
                            "aggregate function calls may not have nested aggregate or window function"),
                     a->location);
  }
  AggregateContext* saved = agg_;
  agg_ = nullptr;  // arguments are bound below the aggregate: no nested aggregates, all columns visible
  std::vector<BExprPtr> args;
  struct MoveBelow {  // the subqueries the arguments read join below the aggregate
    std::vector<PendingJoin>* pending;
    size_t from;
    std::vector<PendingJoin>* below;
    ~MoveBelow() {
      for (size_t i = from; i < pending->size(); i++) below->push_back(std::move((*pending)[i]));
      pending->resize(from);
    }
  } move_below{&pending_, pending_.size(), &saved->below};
  for (const auto& a : call.args) {
    auto bound = BindExpr(*a, saved->from_scope);
    if (!bound.ok()) {
      agg_ = saved;
      Status st = bound.status();
      if (st.code() == ErrorCode::kGroupingError)
        st = Status(ErrorCode::kGroupingError, "aggregate function calls cannot be nested");
      return ErrorAt(st, a->location);
    }
    args.push_back(std::move(bound).value());
  }
  auto resolved_name = BindOrderedSetArgs(call, saved->from_scope, &args);
  agg_ = saved;
  if (!resolved_name.ok()) return resolved_name.status();
  // COUNT(DISTINCT x) of a case-insensitive x counts the values that differ in more than case.
  bool counts_distinct = (call.distinct && *resolved_name == "count") || *resolved_name == "approximate count distinct";
  if (counts_distinct && args.size() == 1 && IsCaseInsensitive(*args[0])) {
    ASSIGN_OR_RETURN(args[0], FoldCase(std::move(args[0]), call.location));
  }
  // Which spelling LISTAGG(DISTINCT x) would list for each value up to case is not Redshift's to look up.
  if (call.distinct && *resolved_name == "listagg" && !args.empty() && IsCaseInsensitive(*args[0]))
    return ErrorAt(
        Status(ErrorCode::kFeatureNotSupported, "LISTAGG(DISTINCT) of a case-insensitive column is not supported"),
        call.location);
  std::vector<LogicalType> types;
  for (const auto& a : args) types.push_back(a->type.id() == TypeId::kNull ? LogicalType::Integer() : a->type);
  auto fn = ResolveAggregateFunction(*resolved_name, types, call.star);
  if (!fn.ok()) return ErrorAt(fn.status(), call.location);
  AggregateExpr agg;
  agg.function = std::move(fn).value();
  agg.distinct = call.distinct && !call.approximate;
  for (size_t i = 0; i < args.size(); i++) {
    BExprPtr a = std::move(args[i]);
    if (i < agg.function.arg_types.size() && a->type != agg.function.arg_types[i])
      a = BExpr::Cast(std::move(a), agg.function.arg_types[i], CastContext::kImplicit);
    agg.args.push_back(std::move(a));
  }
  LogicalType rt = agg.function.return_type;
  agg_->aggregates->push_back(std::move(agg));
  agg_->aggregate_texts.push_back(text);
  return BExpr::Column({agg_->aggregate_index, static_cast<int>(agg_->aggregates->size() - 1)}, rt);
}

Result<BExprPtr> Binder::BindFunction(const FunctionCall& call, Scope* scope) {
  const std::string& name = BaseName(call);
  if (call.over) return BindWindowCall(call, scope);
  if (SrfKindOf(call) != SelectListSrfKind::kNone) return BindExpandArrayCall(call);
  if (call.name.size() == 1 && name == "grouping") return BindGroupingCall(call);
  if (call.name.size() <= 2 && IsAggregateFunctionName(name)) return AggregateRef(call, scope);
  if (call.name.size() == 1 && name == "collate" && call.args.size() == 2) return BindCollateCall(call, scope);
  if (call.filter)
    return ErrorAt(Status(ErrorCode::kSyntaxError, "syntax error at or near \"(\""), call.filter->location);

  if (auto now = BindCurrentTime(name, call.args.size())) return std::move(*now);
  // Session information.
  if (name == "current_user" || name == "user" || name == "session_user")
    return BExpr::Constant(Value::Varchar(ctx_.user));
  if (name == "current_user_id") return BExpr::Constant(Value::Integer(Access().user().id));
  if (name == "current_database") return BExpr::Constant(Value::Varchar(ctx_.database));
  // Databases are case-sensitive (CREATE DATABASE ... COLLATE CASE_INSENSITIVE is refused); columns may not be.
  if (name == "db_collation" && call.args.empty()) return BExpr::Constant(Value::Varchar("case_sensitive"));
  if (name == "current_schema") return BExpr::Constant(Value::Varchar(ctx_.search_path.front()));
  if (name == "version") return BExpr::Constant(Value::Varchar(Server8Version()));
  if (name == "current_setting" || name == "set_config") return BindSettingFunction(call, name, scope);

  std::vector<BExprPtr> args;
  for (const auto& a : call.args) {
    ASSIGN_OR_RETURN(auto b, BindExpr(*a, scope));
    args.push_back(std::move(b));
  }
  if (auto udf = BindUserFunctionCall(call, &args)) return std::move(*udf);
  if (name == "coalesce" || name == "nvl" || name == "greatest" || name == "least" || name == "nullif") {
    std::vector<BExprPtr*> values;
    for (auto& a : args) values.push_back(&a);
    RETURN_IF_ERROR(ErrorAt(ResolveUntypedLiterals(values), call.location));
    ASSIGN_OR_RETURN(auto ci, BindCaseInsensitiveConditional(name, &args, call.location));
    if (ci) return std::move(*ci);
  }
  if (name == "coalesce" || name == "nvl") {
    if (args.empty()) return ErrorAt(Status(ErrorCode::kSyntaxError, "syntax error at or near \")\""), call.location);
    LogicalType type = LogicalType::Null();
    for (const auto& a : args) {
      if (a->type.id() == TypeId::kNull) continue;
      if (type.id() == TypeId::kNull) {
        type = a->type;
        continue;
      }
      auto common = CommonSuperType(type, a->type, "COALESCE");
      if (!common.ok()) return ErrorAt(common.status(), call.location);
      type = *common;
    }
    if (type.id() == TypeId::kNull) type = LogicalType::Varchar();
    std::vector<LogicalType> inputs;
    for (const auto& a : args) inputs.push_back(a->type);
    auto collated = MergeCollations(type, inputs);
    if (!collated.ok()) return ErrorAt(collated.status(), call.location);
    type = *collated;
    for (auto& a : args) {
      if (a->type != type)
        a = a->kind == BKind::kConstant && a->constant.is_null()
                ? BExpr::Constant(Value::NullOf(type))
                : BExpr::Cast(std::move(a), type, CastContext::kImplicit);
    }
    return BExpr::Make(BKind::kCoalesce, type, std::move(args));
  }
  if (name == "nvl2" || name == "decode") return BindConditionalForm(name, std::move(args), call.location);
  if (name == "pg_backend_pid" && args.empty()) return BExpr::Constant(Value::Integer(ctx_.backend_pid));
  if (name == "pg_last_copy_count" && args.empty()) return BExpr::Constant(Value::BigInt(ctx_.last_copy_count));
  if (name == "pg_last_copy_id" && args.empty())
    return BExpr::Constant(Value::Integer(static_cast<int32_t>(ctx_.last_copy_id)));
  if (name == "pg_last_unload_count" && args.empty()) return BExpr::Constant(Value::BigInt(ctx_.last_unload_count));
  if (name == "pg_last_unload_id" && args.empty())
    return BExpr::Constant(Value::Integer(static_cast<int32_t>(ctx_.last_unload_id)));
  if (name == "pg_last_query_id" && args.empty())
    return BExpr::Constant(Value::Integer(static_cast<int32_t>(ctx_.last_query_id)));
  if (name == "pg_cancel_backend" && args.size() == 1) {
    if (!ctx_.cancel_backend)
      return ErrorAt(Status(ErrorCode::kFeatureNotSupported, "pg_cancel_backend needs a server session"),
                     call.location);
    return BindSignalBackend("pg_cancel_backend", ctx_.cancel_backend, std::move(args[0]));
  }
  if (name == "pg_terminate_backend" && args.size() == 1) {
    if (!ctx_.terminate_backend)
      return ErrorAt(Status(ErrorCode::kFeatureNotSupported, "pg_terminate_backend needs a server session"),
                     call.location);
    return BindSignalBackend("pg_terminate_backend", ctx_.terminate_backend, std::move(args[0]));
  }
  return BindSystemCall(name, std::move(args), call.location);
}

namespace {

// PG_CANCEL_BACKEND(pid) and PG_TERMINATE_BACKEND(pid) act when the row is evaluated, never at bind time, so
// describing a prepared statement signals nothing, and `SELECT pg_terminate_backend(lock_owner_pid) FROM
// stv_locks` works. Each returns 1, as Redshift does.
Status SignalBackendKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& signal = *static_cast<const std::function<Status(int32_t)>*>(data);
  const Vector& pid = *args[0];
  for (size_t i = 0; i < n; i++) {
    out->SetNull(i, pid.IsNull(i));
    if (pid.IsNull(i)) continue;
    RETURN_IF_ERROR(signal(pid.data<int32_t>()[i]));
    out->data<int32_t>()[i] = 1;
  }
  return Status::OK();
}

}  // namespace

Result<BExprPtr> Binder::BindSignalBackend(const std::string& name, std::function<Status(int32_t)> signal,
                                           BExprPtr pid) {
  if (pid->type.id() != TypeId::kInteger) {
    auto cast = BExpr::Cast(std::move(pid), LogicalType::Integer(), CastContext::kImplicit);
    pid = std::move(cast);
  }
  BoundScalarFunction fn;
  fn.name = name;
  fn.arg_types = {LogicalType::Integer()};
  fn.return_type = LogicalType::Integer();
  fn.kernel = SignalBackendKernel;
  fn.data = std::make_shared<const std::function<Status(int32_t)>>(std::move(signal));
  fn.deterministic = false;
  std::vector<BExprPtr> args;
  args.push_back(std::move(pid));
  return BExpr::Call(std::move(fn), std::move(args));
}

Result<BExprPtr> Binder::BindSystemCall(const std::string& name, std::vector<BExprPtr> args, int location) {
  std::vector<LogicalType> types;
  for (const auto& a : args) types.push_back(a->type);
  auto sys = ResolveSystemFunction(name, types, ctx_.system());
  if (!sys) return CallFunction(name, std::move(args), location);
  if (!sys->ok()) return ErrorAt(sys->status(), location);
  BoundScalarFunction fn = std::move(*sys).value();
  for (size_t i = 0; i < args.size() && i < fn.arg_types.size(); i++) {
    if (args[i]->type != fn.arg_types[i])
      args[i] = BExpr::Cast(std::move(args[i]), fn.arg_types[i], CastContext::kExplicit);
  }
  return BExpr::Call(std::move(fn), std::move(args));
}

Result<BExprPtr> Binder::BindSettingFunction(const FunctionCall& call, const std::string& name, Scope* scope) {
  const bool set = name == "set_config";
  std::vector<BExprPtr> args;
  std::vector<LogicalType> types;
  for (const auto& a : call.args) {
    ASSIGN_OR_RETURN(auto b, BindExpr(*a, scope));
    types.push_back(b->type);
    args.push_back(std::move(b));
  }
  if (args.size() != (set ? 3u : 1u) || call.star || call.distinct) {
    std::string list;
    for (size_t i = 0; i < types.size(); i++) list += (i ? ", " : "") + types[i].ToString();
    return ErrorAt(Status(ErrorCode::kUndefinedFunction, "function " + name + "(" + list + ") does not exist"),
                   call.location);
  }
  for (size_t i = 0; i < args.size(); i++) {
    if (args[i]->kind != BKind::kConstant)
      return ErrorAt(Status(ErrorCode::kFeatureNotSupported, name + "() takes constant arguments only"),
                     call.args[i]->location);
    if (args[i]->constant.is_null()) return BExpr::Constant(Value::NullOf(LogicalType::Varchar()));
  }
  std::string setting = args[0]->constant.ToString();
  for (char& c : setting) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!(set ? bool(ctx_.set_config) : bool(ctx_.current_setting)))
    return ErrorAt(Status(ErrorCode::kFeatureNotSupported, name + "() needs a session"), call.location);
  if (!set) {
    auto value = ctx_.current_setting(setting);
    if (!value.ok()) return ErrorAt(value.status(), call.args[0]->location);
    return BExpr::Constant(Value::Varchar(*value));
  }
  std::string local = args[2]->constant.ToString();
  const bool is_local = local == "t" || local == "true" || local == "1";
  auto value = ctx_.set_config(setting, args[1]->constant.ToString(), is_local);
  if (!value.ok()) return ErrorAt(value.status(), call.args[1]->location);
  return BExpr::Constant(Value::Varchar(*value));
}

}  // namespace blueshift::sql
