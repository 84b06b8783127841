#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "exec/expr_evaluator.h"
#include "function/cast.h"
#include "sql/binder_scope.h"
#include "types/decimal.h"
#include "types/interval.h"
#include "types/value_parse.h"

namespace blueshift::sql {

using BExpr = blueshift::Expr;
using BExprPtr = blueshift::ExprPtr;
using BKind = blueshift::ExprKind;

Status ErrorAt(Status st, int location) {
  if (!st.ok() && st.position() == 0 && location >= 0) st.WithPosition(location + 1);
  return st;
}

// Casts e to type, folding constants.
Result<BExprPtr> CastTo(BExprPtr e, const LogicalType& type, CastContext context) {
  if (e->type == type) return e;
  if (e->kind == BKind::kConstant) {
    if (e->constant.is_null()) return BExpr::Constant(Value::NullOf(type));
    ASSIGN_OR_RETURN(Value v, CastValue(e->constant, type, context));
    auto c = BExpr::Constant(std::move(v));
    // A value is only a VARCHAR: the expression keeps the array kind of '{1,2}'::int2[].
    if (type.pg_array() != PgArrayKind::kNone) c->type = type;
    return c;
  }
  return BExpr::Cast(std::move(e), type, context);
}

// Evaluates a constant-only expression now.
Result<BExprPtr> Fold(BExprPtr e) {
  if (e->kind == BKind::kConstant || !e->IsFoldable()) return e;
  ASSIGN_OR_RETURN(Value v, ExprEvaluator::EvaluateConstant(*e));
  std::string alias = e->alias;
  auto c = BExpr::Constant(std::move(v));
  c->type = e->type;
  c->alias = alias;
  return c;
}

namespace {

// In `column op constant`, a constant of another type that converts to the column's type without loss
// takes that type, so the comparison runs on the column's own values (and zone maps can use it).
void AdoptColumnType(BExprPtr* constant, const BExpr& column) {
  BExpr& c = **constant;
  if (c.kind != BKind::kConstant || c.constant.is_null() || column.kind != BKind::kColumnRef) return;
  const LogicalType& to = column.type;
  if (c.type == to || !(to.IsNumeric() || to.IsTemporal())) return;
  if (c.type.IsString() && !to.IsTemporal()) return;
  auto v = CastValue(c.constant, to, CastContext::kExplicit);
  if (!v.ok()) return;
  auto back = CastValue(*v, c.type, CastContext::kExplicit);
  if (!back.ok() || !(*back == c.constant)) return;
  *constant = BExpr::Constant(std::move(v).value());
}

// INTERVAL [qualifier] [(p)]: p, the fractional-second precision, applies to the day-to-second kinds.
Result<LogicalType> BindIntervalType(const TypeName& t) {
  IntervalFields fields = IntervalFields::kNone;
  if (t.name.size() > 9) {
    std::optional<IntervalFields> f = ParseIntervalFields(std::string_view(t.name).substr(9));
    if (!f) return Status(ErrorCode::kSyntaxError, "syntax error at or near \"" + t.name.substr(9) + "\"");
    fields = *f;
  }
  int64_t p = t.modifiers.empty() ? LogicalType::kMaxIntervalPrecision : t.modifiers[0];
  if (t.modifiers.size() > 1 || t.max_length) return Status(ErrorCode::kSyntaxError, "invalid INTERVAL type modifier");
  if (p < 0 || p > LogicalType::kMaxIntervalPrecision)
    return Status(ErrorCode::kInvalidParameterValue,
                  "INTERVAL(" + std::to_string(p) + ") precision must be between 0 and 6");
  LogicalType type = LogicalType::Interval(fields, static_cast<int>(p));
  if (!t.modifiers.empty() && type.id() == TypeId::kIntervalYM)
    return Status(ErrorCode::kSyntaxError, "interval precision applies only to day-to-second intervals");
  return type;
}

}  // namespace

Result<LogicalType> Binder::BindType(const TypeName& t) {
  const std::string& n = t.name;
  auto mod = [&](size_t i, int64_t def) { return t.modifiers.size() > i ? t.modifiers[i] : def; };
  if (t.array_dims > 0 || n == "int2vector" || n == "oidvector") return BindArrayType(t);
  if (n == "int2") return LogicalType::SmallInt();
  if (n == "int4") return LogicalType::Integer();
  if (n == "int8") return LogicalType::BigInt();
  if (n == "float4") return LogicalType::Real();
  if (n == "float8") return LogicalType::Double();
  if (n == "bool") return LogicalType::Boolean();
  if (n == "date") return LogicalType::Date();
  // PostgreSQL catalog types that clients cast to: oid is an integer here, name a short VARCHAR.
  if (n == "oid" || n == "regclass" || n == "regtype" || n == "regnamespace") return LogicalType::Integer();
  if (n == "regproc") return LogicalType::Varchar(128);  // a function's name, as pg_type.typinput holds it
  if (n == "name") return LogicalType::Varchar(128);
  if (n == "char") return LogicalType::Char(1);
  if (n == "timestamp") return LogicalType::Timestamp();
  if (n == "timestamptz") return LogicalType::TimestampTz();
  if (n == "time") return LogicalType::Time();
  if (n == "numeric") {
    int64_t p = mod(0, LogicalType::kDefaultDecimalPrecision), s = mod(1, 0);
    if (p < 1 || p > LogicalType::kMaxDecimalPrecision)
      return Status(ErrorCode::kInvalidParameterValue,
                    "NUMERIC precision " + std::to_string(p) + " must be between 1 and 38");
    if (s < 0 || s > p)
      return Status(ErrorCode::kInvalidParameterValue,
                    "NUMERIC scale " + std::to_string(s) + " must be between 0 and precision " + std::to_string(p));
    return LogicalType::Decimal(static_cast<int>(p), static_cast<int>(s));
  }
  if (n == "bpchar" || n == "varchar" || n == "text") {
    bool is_char = n == "bpchar";
    int64_t max = is_char ? LogicalType::kMaxCharLength : LogicalType::kMaxVarcharLength;
    int64_t len = t.max_length ? max : mod(0, is_char ? 1 : LogicalType::kDefaultVarcharLength);
    if (len < 1) return Status(ErrorCode::kInvalidParameterValue, "length for type " + n + " must be at least 1");
    if (len > max)
      return Status(ErrorCode::kInvalidParameterValue, "length for type " + std::string(is_char ? "char" : "varchar") +
                                                           " cannot exceed " + std::to_string(max));
    return is_char ? LogicalType::Char(static_cast<int>(len)) : LogicalType::Varchar(static_cast<int>(len));
  }
  if (n == "varbyte") {
    int64_t len = t.max_length ? LogicalType::kMaxVarbyteLength : mod(0, LogicalType::kDefaultVarbyteLength);
    if (len < 1) return Status(ErrorCode::kInvalidParameterValue, "length for type varbyte must be at least 1");
    if (len > LogicalType::kMaxVarbyteLength)
      return Status(ErrorCode::kInvalidParameterValue,
                    "length for type varbyte cannot exceed " + std::to_string(LogicalType::kMaxVarbyteLength));
    return LogicalType::Varbyte(static_cast<int>(len));
  }
  if (n == "timetz") return LogicalType::TimeTz();
  if (n == "interval" || n.rfind("interval ", 0) == 0) return BindIntervalType(t);
  // HLLSKETCH values are their text form here (function/hll_functions.cc), which fits a VARCHAR(65535).
  if (n == "hllsketch") return LogicalType::Varchar(LogicalType::kMaxVarcharLength);
  static const char* kLater[] = {"super", "geometry", "geography"};
  for (const char* later : kLater) {
    if (n == later) return Status(ErrorCode::kFeatureNotSupported, "type " + n + " is not supported yet");
  }
  return Status(ErrorCode::kUndefinedObject, "type \"" + n + "\" does not exist");
}

Result<BExprPtr> Binder::BindConstant(const Constant& c) {
  ASSIGN_OR_RETURN(Value v, ConstantValue(c));
  return BExpr::Constant(std::move(v));
}

Result<Value> Binder::ConstantValue(const Constant& c) {
  switch (c.const_kind) {
    case ConstKind::kNull:
      return Value();
    case ConstKind::kBool:
      return Value::Boolean(c.value == "true");
    case ConstKind::kString:
      return Value::Varchar(c.value);
    case ConstKind::kInteger: {
      if (c.value.size() <= 18) {
        int64_t v = std::stoll(c.value);
        if (v >= INT32_MIN && v <= INT32_MAX) return Value::Integer(static_cast<int32_t>(v));
        return Value::BigInt(v);
      }
      [[fallthrough]];
    }
    case ConstKind::kDecimal: {
      int p, s;
      DecimalLiteralShape(c.value, &p, &s);
      if (c.value.find_first_of("eE") != std::string::npos || p > LogicalType::kMaxDecimalPrecision)
        return ParseValue(LogicalType::Double(), c.value);
      if (c.const_kind == ConstKind::kInteger && p <= 18) return Value::BigInt(std::stoll(c.value));
      ASSIGN_OR_RETURN(int128_t u, ParseDecimal(c.value, p, s));
      return Value::Decimal(u, p, s);
    }
  }
  return Status(ErrorCode::kInternal, "unknown constant");
}

Result<BExprPtr> Binder::BindParam(const Param& p) {
  if (ctx_.state->udf_args) return BindUdfParam(p.index);
  // A statement run without parameters (the simple query protocol) has none to read: PostgreSQL's 42P02.
  if (!ctx_.param_types || p.index < 1 || p.index > 65535)
    return Status(ErrorCode::kUndefinedParameter, "there is no parameter $" + std::to_string(p.index));
  auto& types = *ctx_.param_types;
  if (static_cast<int>(types.size()) < p.index) types.resize(p.index, LogicalType::Null());
  LogicalType t = types[p.index - 1];
  if (ctx_.params && p.index <= static_cast<int>(ctx_.params->size())) {
    Value v = (*ctx_.params)[p.index - 1];
    if (t.id() == TypeId::kNull) return BExpr::Constant(std::move(v));
    return CastTo(BExpr::Constant(std::move(v)), t, CastContext::kExplicit);
  }
  // Describing only: a typed NULL stands in; an untyped one takes the type of what it meets.
  auto e = BExpr::Constant(Value::NullOf(t));
  e->alias = "$" + std::to_string(p.index);
  e->param = p.index;
  return e;
}

void Binder::InferParamType(blueshift::ExprPtr* e, const LogicalType& type) {
  BExpr& p = **e;
  if (p.param == 0 || p.type.id() != TypeId::kNull || type.id() == TypeId::kNull || !ctx_.param_types) return;
  (*ctx_.param_types)[p.param - 1] = type;
  p.type = type;
  p.constant = Value::NullOf(type);
}

Result<BExprPtr> Binder::BindColumnRef(const ColumnRef& ref, Scope* scope) {
  if (ref.star) return Status(ErrorCode::kSyntaxError, "syntax error at or near \"*\"");
  const std::string& col = ref.names.back();
  std::string qualifier = ref.names.size() >= 2 ? ref.names[ref.names.size() - 2] : "";
  Scope* s = agg_ ? agg_->from_scope : scope;
  const Scope::Entry* found_entry = nullptr;
  int found = -1;
  if (s) {
    for (const auto& e : s->entries) {
      if (!qualifier.empty() && e.alias != qualifier) continue;
      for (size_t i = 0; i < e.names.size(); i++) {
        if (e.names[i] != col || (qualifier.empty() && e.Hidden(i))) continue;
        if (found_entry) return Status(ErrorCode::kAmbiguousColumn, "column reference \"" + col + "\" is ambiguous");
        found_entry = &e;
        found = static_cast<int>(i);
      }
    }
  }
  if (!found_entry && qualifier.empty() && select_aliases_) {  // QUALIFY naming a select-list item
    for (const auto& [alias, target] : *select_aliases_) {
      if (alias == col) return target->Clone();
    }
  }
  if (!found_entry && parent_) {
    size_t before = parent_->outer_refs_.size();
    auto outer = parent_->BindColumnRef(ref, parent_scope_);
    if (outer.ok()) {
      if (parent_->outer_refs_.size() != before)
        return Status(ErrorCode::kFeatureNotSupported,
                      "correlated references across more than one subquery level are not supported yet");
      outer_refs_.insert((*outer)->binding);
      return outer;
    }
    if (outer.status().code() != ErrorCode::kUndefinedColumn && outer.status().code() != ErrorCode::kUndefinedTable)
      return outer;
  }
  if (!found_entry) {
    if (!qualifier.empty() && s) {
      bool known =
          std::any_of(s->entries.begin(), s->entries.end(), [&](const auto& e) { return e.alias == qualifier; });
      if (!known)
        return Status(ErrorCode::kUndefinedTable, "missing FROM-clause entry for table \"" + qualifier + "\"");
    }
    std::string full = qualifier.empty() ? "\"" + col + "\"" : qualifier + "." + col;
    return Status(ErrorCode::kUndefinedColumn, "column " + full + " does not exist");
  }
  auto e = BExpr::Column(found_entry->bindings[found], found_entry->types[found]);
  e->alias = col;
  if (agg_) {
    for (size_t g = 0; g < agg_->groups->size(); g++) {
      const BExpr& ge = agg_->GroupExpr(g);
      if (ge.kind == BKind::kColumnRef && ge.binding == e->binding) {
        ASSIGN_OR_RETURN(auto r, GroupRef(g));
        r->alias = col;
        return r;
      }
    }
    return Status(ErrorCode::kGroupingError, "column \"" + (qualifier.empty() ? col : qualifier + "." + col) +
                                                 "\" must appear in the GROUP BY clause or be used in an aggregate "
                                                 "function");
  }
  return e;
}

Result<BExprPtr> Binder::CallFunction(const std::string& given_name, std::vector<BExprPtr> args, int location) {
  std::string name = given_name;
  RETURN_IF_ERROR(ErrorAt(ApplyCollation(&name, &args, location), location));
  std::vector<LogicalType> types;
  std::vector<Value> constants;
  for (auto& a : args) {
    types.push_back(a->type);
    constants.push_back(a->kind == BKind::kConstant ? a->constant : Value());
  }
  auto fn = ResolveScalarFunction(name, types, constants);
  if (!fn.ok()) return ErrorAt(fn.status(), location);
  for (size_t i = 0; i < args.size() && i < fn->arg_types.size(); i++) {
    ASSIGN_OR_RETURN(args[i], CastTo(std::move(args[i]), fn->arg_types[i], CastContext::kImplicit));
  }
  auto call = BExpr::Call(std::move(fn).value(), std::move(args));
  auto folded = Fold(std::move(call));
  if (!folded.ok()) return ErrorAt(folded.status(), location);
  return folded;
}

Result<BExprPtr> Binder::BindBinary(const BinaryOp& op, Scope* scope) {
  if (op.op == "AND" || op.op == "OR") {
    // `a OR b OR c ...` parses as ((a OR b) OR c) ...: its operands, left to right, become one n-ary node, so
    // that thousands of them (generated SQL) nest neither here nor in what reads the bound expression.
    std::vector<const Expr*> sides{op.right.get()};
    const Expr* left = op.left.get();
    while (left->kind == ExprKind::kBinary && left->As<BinaryOp>().op == op.op) {
      sides.push_back(left->As<BinaryOp>().right.get());
      left = left->As<BinaryOp>().left.get();
    }
    sides.push_back(left);
    std::reverse(sides.begin(), sides.end());
    std::vector<BExprPtr> kids;
    for (const Expr* side : sides) {
      ASSIGN_OR_RETURN(auto k, BindExpr(*side, scope));
      if (k->type.id() != TypeId::kBoolean && k->type.id() != TypeId::kNull)
        return ErrorAt(Status(ErrorCode::kDatatypeMismatch,
                              "argument of " + op.op + " must be type boolean, not type " + k->type.ToString()),
                       side->location);
      ASSIGN_OR_RETURN(k, CastTo(std::move(k), LogicalType::Boolean(), CastContext::kImplicit));
      kids.push_back(std::move(k));
    }
    return BExpr::Make(op.op == "AND" ? BKind::kAnd : BKind::kOr, LogicalType::Boolean(), std::move(kids));
  }
  if (op.op == "+" || op.op == "-") {
    if (auto interval = BindIntervalArithmetic(op, scope)) return std::move(*interval);
  }
  ASSIGN_OR_RETURN(auto l, BindExpr(*op.left, scope));
  ASSIGN_OR_RETURN(auto r, BindExpr(*op.right, scope));
  // An untyped parameter takes the type of the other side.
  InferParamType(&l, r->type);
  InferParamType(&r, l->type);
  static const char* kComparisons[] = {"=", "<>", "<", "<=", ">", ">="};
  bool comparison = std::find(std::begin(kComparisons), std::end(kComparisons), op.op) != std::end(kComparisons);
  if (comparison) {
    AdoptColumnType(&r, *l);
    AdoptColumnType(&l, *r);
  }
  std::string name = op.op;
  if (name == "~~") name = "like";
  if (name == "!~~") name = "not like";
  if (name == "~~*") name = "ilike";
  if (name == "!~~*") name = "not ilike";
  std::vector<BExprPtr> args;
  args.push_back(std::move(l));
  args.push_back(std::move(r));
  return CallFunction(name, std::move(args), op.location);
}

namespace {

// The (datepart, amount) terms of an INTERVAL literal: '90 days', '1 year 2 months', or '90' DAY.
Result<std::vector<std::pair<std::string, int64_t>>> ParseIntervalLiteral(const std::string& text,
                                                                          const std::string& fields) {
  std::vector<std::pair<std::string, int64_t>> terms;
  std::vector<std::string> words;
  std::string cur;
  for (char ch : text + " ") {
    if (std::isspace(static_cast<unsigned char>(ch))) {
      if (!cur.empty()) words.push_back(cur);
      cur.clear();
    } else {
      cur += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
  }
  auto bad = [&] {
    return Status(ErrorCode::kInvalidDatetimeFormat, "invalid input syntax for type interval: \"" + text + "\"");
  };
  for (size_t i = 0; i < words.size(); i++) {
    char* end = nullptr;
    long long n = std::strtoll(words[i].c_str(), &end, 10);
    if (end == words[i].c_str() || *end != '\0') return bad();
    std::string unit;
    if (i + 1 < words.size()) {
      unit = words[++i];
    } else if (!fields.empty()) {
      unit = fields.substr(0, fields.find(' '));
    } else {
      unit = "second";
    }
    if (unit.size() > 1 && unit.back() == 's') unit.pop_back();
    static const char* kUnits[] = {"year", "month", "week", "day", "hour", "minute", "second"};
    if (std::find(std::begin(kUnits), std::end(kUnits), unit) == std::end(kUnits)) return bad();
    terms.emplace_back(unit, n);
  }
  if (terms.empty()) return bad();
  return terms;
}

// The text of an interval literal: INTERVAL '...' or '...'::interval.
const Expr* IntervalLiteral(const Expr& e, std::string* text, std::string* fields) {
  if (e.kind == ExprKind::kTypedLiteral && e.As<TypedLiteral>().type.name == "interval") {
    *text = e.As<TypedLiteral>().value;
    *fields = e.As<TypedLiteral>().interval_fields;
    return &e;
  }
  if (e.kind == ExprKind::kCast && e.As<Cast>().type.name == "interval" &&
      e.As<Cast>().arg->kind == ExprKind::kConstant &&
      e.As<Cast>().arg->As<Constant>().const_kind == ConstKind::kString) {
    *text = e.As<Cast>().arg->As<Constant>().value;
    return &e;
  }
  return nullptr;
}

}  // namespace

std::optional<Result<BExprPtr>> Binder::BindIntervalArithmetic(const BinaryOp& op, Scope* scope) {
  std::string text, fields;
  const Expr* other = nullptr;
  if (op.op != "+" && op.op != "-") return std::nullopt;
  if (IntervalLiteral(*op.right, &text, &fields)) {
    other = op.left.get();
  } else if (op.op == "+" && IntervalLiteral(*op.left, &text, &fields)) {
    other = op.right.get();
  } else {
    return std::nullopt;
  }
  auto base = BindExpr(*other, scope);
  if (!base.ok()) return Result<BExprPtr>(base.status());
  BExprPtr e = std::move(base).value();
  // A date or timestamp moves by the literal's whole units through DATEADD (DST-aware for TIMESTAMPTZ);
  // anything else (an interval, a time, fractional units) goes through the interval operators.
  auto terms = ParseIntervalLiteral(text, fields);
  bool temporal = e->type.IsTemporal() || e->type.IsString() || e->type.id() == TypeId::kNull;
  if (!temporal || !terms.ok()) {
    const Expr& literal = other == op.left.get() ? *op.right : *op.left;
    auto lit = BindExpr(literal, scope);
    if (!lit.ok()) return Result<BExprPtr>(lit.status());
    std::vector<BExprPtr> args;
    bool literal_first = &literal == op.left.get();
    args.push_back(literal_first ? std::move(lit).value() : std::move(e));
    args.push_back(literal_first ? std::move(e) : std::move(lit).value());
    return CallFunction(op.op, std::move(args), op.location);
  }
  for (const auto& [unit, n] : *terms) {
    std::vector<BExprPtr> args;
    args.push_back(BExpr::Constant(Value::Varchar(unit)));
    args.push_back(BExpr::Constant(Value::BigInt(op.op == "-" ? -n : n)));
    args.push_back(std::move(e));
    auto call = CallFunction("dateadd", std::move(args), op.location);
    if (!call.ok()) return Result<BExprPtr>(call.status());
    e = std::move(call).value();
  }
  return Result<BExprPtr>(std::move(e));
}

Result<BExprPtr> Binder::BindCase(const Case& c, Scope* scope) {
  std::vector<BExprPtr> kids;
  std::vector<BExprPtr> results;
  for (const auto& w : c.whens) {
    BExprPtr cond;
    if (c.arg) {
      ASSIGN_OR_RETURN(auto a, BindExpr(*c.arg, scope));
      ASSIGN_OR_RETURN(auto v, BindExpr(*w.condition, scope));
      std::vector<BExprPtr> args;
      args.push_back(std::move(a));
      args.push_back(std::move(v));
      ASSIGN_OR_RETURN(cond, CallFunction("=", std::move(args), w.condition->location));
    } else {
      ASSIGN_OR_RETURN(cond, BindExpr(*w.condition, scope));
    }
    ASSIGN_OR_RETURN(cond, CastTo(std::move(cond), LogicalType::Boolean(), CastContext::kImplicit));
    kids.push_back(std::move(cond));
    ASSIGN_OR_RETURN(auto res, BindExpr(*w.result, scope));
    results.push_back(std::move(res));
  }
  BExprPtr else_expr;
  if (c.else_result) {
    ASSIGN_OR_RETURN(else_expr, BindExpr(*c.else_result, scope));
  } else {
    else_expr = BExpr::Constant(Value());
  }
  return MakeCase(std::move(kids), std::move(results), std::move(else_expr), c.location);
}

bool IsUntypedLiteral(const BExpr& e) {
  return e.kind == BKind::kConstant && !e.constant.is_null() && e.type.id() == TypeId::kVarchar &&
         e.type.length() == LogicalType::kMaxVarcharLength && e.param == 0;
}

// The literals take the common type of the typed values (PostgreSQL's select_common_type), not the first one's:
// coalesce(smallint_col, bigint_col, '3000000000') reads the literal as BIGINT. When the typed values have no
// common type, the caller reports it.
Status ResolveUntypedLiterals(const std::vector<BExprPtr*>& values) {
  LogicalType to = LogicalType::Null();
  for (const BExprPtr* v : values) {
    const BExpr& e = **v;
    if (e.type.id() == TypeId::kNull || IsUntypedLiteral(e)) continue;
    if (to.id() == TypeId::kNull) {
      to = e.type;
      continue;
    }
    auto common = CommonSuperType(to, e.type, "CASE");
    if (!common.ok()) return Status::OK();
    to = *common;
  }
  if (to.id() == TypeId::kNull || to.IsString()) return Status::OK();
  for (BExprPtr* v : values) {
    if (!IsUntypedLiteral(**v)) continue;
    ASSIGN_OR_RETURN(Value read, CastValue((*v)->constant, to, CastContext::kExplicit));
    *v = BExpr::Constant(std::move(read));
  }
  return Status::OK();
}

Result<BExprPtr> MakeCase(std::vector<BExprPtr> conditions, std::vector<BExprPtr> results, BExprPtr else_expr,
                          int location) {
  std::vector<BExprPtr*> values{&else_expr};
  for (auto& r : results) values.push_back(&r);
  RETURN_IF_ERROR(ErrorAt(ResolveUntypedLiterals(values), location));
  LogicalType type = LogicalType::Null();
  for (const BExprPtr* r : {&else_expr}) {
    if ((*r)->type.id() != TypeId::kNull) type = (*r)->type;
  }
  for (const auto& r : results) {
    if (r->type.id() == TypeId::kNull) continue;
    if (type.id() == TypeId::kNull) {
      type = r->type;
      continue;
    }
    auto common = CommonSuperType(type, r->type, "CASE");
    if (!common.ok()) return ErrorAt(common.status(), location);
    type = *common;
  }
  if (type.id() == TypeId::kNull) type = LogicalType::Varchar();
  std::vector<LogicalType> inputs{else_expr->type};
  for (const auto& r : results) inputs.push_back(r->type);
  auto collated = MergeCollations(type, inputs);
  if (!collated.ok()) return ErrorAt(collated.status(), location);
  type = *collated;
  std::vector<BExprPtr> all;
  for (size_t i = 0; i < results.size(); i++) {
    all.push_back(std::move(conditions[i]));
    ASSIGN_OR_RETURN(auto r, CastTo(std::move(results[i]), type, CastContext::kImplicit));
    all.push_back(std::move(r));
  }
  ASSIGN_OR_RETURN(else_expr, CastTo(std::move(else_expr), type, CastContext::kImplicit));
  all.push_back(std::move(else_expr));
  return BExpr::Make(BKind::kCase, type, std::move(all));
}

namespace {

// 'name'::regtype: the oid pg_type lists for the name (schema pg_catalog or none), or a pseudo-type's.
Result<int32_t> RegtypeOid(std::string text, const SystemContext& ctx) {
  for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (text.rfind("pg_catalog.", 0) == 0) text = text.substr(11);
  static const std::pair<const char*, int32_t> kPseudo[] = {{"record", 2249},    {"cstring", 2275}, {"any", 2276},
                                                            {"void", 2278},      {"trigger", 2279}, {"internal", 2281},
                                                            {"anyelement", 2283}};
  for (const auto& [name, oid] : kPseudo) {
    if (text == name) return oid;
  }
  std::vector<SystemRow> rows;
  RETURN_IF_ERROR(FindSystemTable("pg_catalog", "pg_type")->rows(ctx, &rows));
  for (const auto& row : rows) {  // oid, typname, ...
    if (row[1].GetString() == text) return static_cast<int32_t>(row[0].GetInt());
  }
  return Status(ErrorCode::kUndefinedObject, "type \"" + text + "\" does not exist");
}

}  // namespace

namespace {

LogicalType ParamTypeOfCast(const LogicalType& target) {
  switch (target.id()) {
    case TypeId::kChar:
      return LogicalType::Char(LogicalType::kMaxCharLength);
    case TypeId::kVarchar:
      return LogicalType::Varchar(LogicalType::kMaxVarcharLength);
    case TypeId::kVarbyte:
      return LogicalType::Varbyte(LogicalType::kMaxVarbyteLength);
    default:
      return target.pg_array() == PgArrayKind::kNone ? target : LogicalType::Null();
  }
}

}  // namespace

Result<BExprPtr> Binder::BindCastExpr(const Cast& c, Scope* scope) {
  ASSIGN_OR_RETURN(auto arg, BindExpr(*c.arg, scope));
  if (c.type.name == "regtype" && arg->kind == BKind::kConstant && arg->type.IsString() && !arg->constant.is_null()) {
    auto oid = RegtypeOid(arg->constant.GetString(), ctx_.system());
    if (!oid.ok()) return ErrorAt(oid.status(), c.location);
    return BExpr::Constant(Value::Integer(*oid));
  }
  if (c.type.name == "regproc" && arg->kind == BKind::kConstant && arg->type.IsString() && !arg->constant.is_null()) {
    std::string proc = arg->constant.GetString();  // 'pg_catalog.array_in'::regproc is array_in
    if (proc.rfind("pg_catalog.", 0) == 0) proc.erase(0, 11);
    return BExpr::Constant(Value::Varchar(proc));
  }
  if (c.type.name == "regclass") {
    // 'name'::regclass is the table's oid; oid::regclass prints as the table's name.
    if (arg->kind == BKind::kConstant && arg->type.IsString() && !arg->constant.is_null()) {
      auto oid = RegclassOid(arg->constant.GetString(), ctx_.system());
      if (!oid.ok()) return ErrorAt(oid.status(), c.location);
      return BExpr::Constant(Value::Integer(*oid));
    }
    std::vector<BExprPtr> args;
    args.push_back(std::move(arg));
    return BindSystemCall("regclass_name", std::move(args), c.location);
  }
  auto type = BindType(c.type);
  if (!type.ok()) return ErrorAt(type.status(), c.type.location);
  // CAST($1 AS t) makes an untyped parameter a t, as PostgreSQL infers it; a length stays the cast's to
  // apply (CAST($1 AS CHAR(3)) truncates), so the parameter takes the longest of its kind.
  InferParamType(&arg, ParamTypeOfCast(*type));
  if (!CanCast(arg->type, *type, CastContext::kExplicit))
    return ErrorAt(
        Status(ErrorCode::kFeatureNotSupported, "cannot cast type " + arg->type.ToString() + " to " + type->ToString()),
        c.location);
  auto r = CastTo(std::move(arg), *type, CastContext::kExplicit);
  if (!r.ok()) return ErrorAt(r.status(), c.location);
  return r;
}

}  // namespace blueshift::sql
