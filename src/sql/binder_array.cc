// Arrays held as text (function/array_text.h): the catalog array types, arr[i] and x op ANY|ALL (arr); and
// set-returning functions in FROM over constant arguments: generate_series(start, stop[, step]),
// information_schema._pg_expandarray(arr) (its elements x with their positions n) and the record functions
// PG_GET_COLS(name) and PG_GET_LATE_BINDING_VIEW_COLS() with a column definition list (binder_relation_cols.cc).

#include "exec/expr_evaluator.h"
#include "function/array_text.h"
#include "function/cast.h"
#include "sql/binder_scope.h"

namespace blueshift::sql {

using BExpr = blueshift::Expr;
using BExprPtr = blueshift::ExprPtr;
using BKind = blueshift::ExprKind;

namespace {

constexpr int64_t kMaxGeneratedRows = 1000000;

Status NotAnArray(const LogicalType& t) {
  return Status(ErrorCode::kDatatypeMismatch, "cannot subscript type " + t.ToString() + " because it is not an array");
}

bool ReadsNoColumn(const BExpr& e) {
  std::vector<ColumnBinding> bindings;
  e.CollectBindings(&bindings);
  return bindings.empty();
}

// The rows of a table function: column types and values.
struct FunctionRows {
  std::vector<std::string> names;
  std::vector<LogicalType> types;
  std::vector<std::vector<Value>> rows;
};

Result<FunctionRows> GenerateSeries(const std::vector<Value>& args) {
  bool big = false;
  for (const Value& a : args) {
    if (!a.type().IsInteger() && a.type().id() != TypeId::kNull)
      return Status(ErrorCode::kFeatureNotSupported, "generate_series is supported over integers only");
    big = big || a.type().id() == TypeId::kBigInt;
  }
  FunctionRows out;
  out.names = {"generate_series"};
  out.types = {big ? LogicalType::BigInt() : LogicalType::Integer()};
  for (const Value& a : args) {
    if (a.is_null()) return out;  // a NULL argument: no rows
  }
  int64_t start = args[0].GetInt(), stop = args[1].GetInt(), step = args.size() > 2 ? args[2].GetInt() : 1;
  if (step == 0) return Status(ErrorCode::kInvalidParameterValue, "step size cannot equal zero");
  for (int64_t v = start; step > 0 ? v <= stop : v >= stop; v += step) {
    if (static_cast<int64_t>(out.rows.size()) >= kMaxGeneratedRows)
      return Status(ErrorCode::kFeatureNotSupported,
                    "generate_series in FROM is limited to " + std::to_string(kMaxGeneratedRows) + " rows");
    out.rows.push_back({Value::FromInt(out.types[0], v)});
    if ((step > 0 && v > stop - step) || (step < 0 && v < stop - step)) break;  // the next step would overflow
  }
  return out;
}

Result<FunctionRows> ExpandArray(const Value& array) {
  FunctionRows out;
  out.names = {"x", "n"};
  out.types = {ArrayTextType(), LogicalType::Integer()};
  if (array.is_null()) return out;
  if (!array.type().IsString()) return NotAnArray(array.type());
  ASSIGN_OR_RETURN(ArrayText a, ParseArrayText(array.GetString()));
  for (size_t i = 0; i < a.elements.size(); i++) {
    Value x = a.elements[i] ? Value::Varchar(*a.elements[i]) : Value::NullOf(out.types[0]);
    out.rows.push_back({std::move(x), Value::Integer(static_cast<int32_t>(i + 1))});
  }
  return out;
}

// PG_GET_COLS(name) and PG_GET_LATE_BINDING_VIEW_COLS() return records: a query names and types their
// columns in a column definition list.
bool IsRecordFunction(const std::string& name, const std::string& schema, const std::vector<Value>& args) {
  if (!schema.empty() && schema != "pg_catalog") return false;
  return (name == "pg_get_cols" && args.size() == 1 && (args[0].type().IsString() || args[0].is_null())) ||
         (name == "pg_get_late_binding_view_cols" && args.empty());
}

// Casts each record's values to the column definition list's types. 42804 when the list's length differs.
Status ApplyColumnDefinitions(const FunctionRef& ref, FunctionRows* rows) {
  if (ref.column_types.size() != rows->types.size())
    return Status(ErrorCode::kDatatypeMismatch, "function return row and query-specified return row do not match")
        .WithDetail("Returned row contains " + std::to_string(rows->types.size()) + " attributes, but query expects " +
                    std::to_string(ref.column_types.size()) + ".");
  for (size_t c = 0; c < ref.column_types.size(); c++) {
    ASSIGN_OR_RETURN(rows->types[c], Binder::BindType(ref.column_types[c]));
    for (auto& row : rows->rows) {
      ASSIGN_OR_RETURN(row[c], CastValue(row[c], rows->types[c], CastContext::kExplicit));
    }
  }
  return Status::OK();
}

}  // namespace

Result<LogicalType> BindArrayType(const TypeName& t) {
  const std::string& n = t.name;
  if (t.array_dims == 0 && n == "int2vector") return LogicalType::PgArray(PgArrayKind::kInt2Vector);
  if (t.array_dims == 0 && n == "oidvector") return LogicalType::PgArray(PgArrayKind::kOidVector);
  if (t.array_dims == 1) {
    if (n == "int2") return LogicalType::PgArray(PgArrayKind::kInt2Array);
    if (n == "int4") return LogicalType::PgArray(PgArrayKind::kInt4Array);
    if (n == "oid") return LogicalType::PgArray(PgArrayKind::kOidArray);
    if (n == "text") return LogicalType::PgArray(PgArrayKind::kTextArray);
    if (n == "name") return LogicalType::PgArray(PgArrayKind::kNameArray);
  }
  std::string spelled = n;
  for (int i = 0; i < t.array_dims; i++) spelled += "[]";
  return Status(ErrorCode::kFeatureNotSupported, "type " + spelled + " is not supported");
}

Status CheckColumnType(const LogicalType& type, const std::string& table, const std::string& column) {
  // Only the qualified INTERVAL kinds (YEAR TO MONTH, DAY TO SECOND ...) are column types in Redshift.
  if (type.pg_array() == PgArrayKind::kNone && type.id() != TypeId::kInterval) return Status::OK();
  return Status(ErrorCode::kFeatureNotSupported,
                "Column \"" + table + "." + column + "\" has unsupported type \"" + type.ToString() + "\".");
}

Result<BExprPtr> Binder::BindSubscript(const Subscript& s, Scope* scope) {
  if (s.upper) return ErrorAt(Status(ErrorCode::kFeatureNotSupported, "array slices are not supported"), s.location);
  ASSIGN_OR_RETURN(auto arr, BindExpr(*s.arg, scope));
  if (!arr->type.IsString() && arr->type.id() != TypeId::kNull) return ErrorAt(NotAnArray(arr->type), s.location);
  ASSIGN_OR_RETURN(auto index, BindExpr(*s.index, scope));
  InferParamType(&index, LogicalType::Integer());
  if (!index->type.IsInteger() && index->type.id() != TypeId::kNull)
    return ErrorAt(Status(ErrorCode::kDatatypeMismatch, "array subscript must have type integer"), s.index->location);
  PgArrayKind kind = arr->type.pg_array();
  BoundScalarFunction fn = ArraySubscriptFunction();
  std::vector<BExprPtr> args;
  args.push_back(BExpr::Cast(std::move(arr), fn.arg_types[0], CastContext::kExplicit));
  args.push_back(BExpr::Cast(std::move(index), fn.arg_types[1], CastContext::kExplicit));
  auto element = BExpr::Call(std::move(fn), std::move(args));
  // A typed array's element has the element type (indkey[0] is a smallint); a text array's stays text.
  if (kind == PgArrayKind::kNone) return element;
  return BExpr::Cast(std::move(element), PgArrayElementType(kind), CastContext::kExplicit);
}

Result<BExprPtr> Binder::BindQuantified(const Quantified& q, Scope* scope) {
  ASSIGN_OR_RETURN(auto x, BindExpr(*q.arg, scope));
  ASSIGN_OR_RETURN(auto arr, BindExpr(*q.array, scope));
  if (!arr->type.IsString() && arr->type.id() != TypeId::kNull)
    return ErrorAt(Status(ErrorCode::kDatatypeMismatch, "op ANY/ALL (array) requires array on right side"),
                   q.array->location);
  LogicalType element = x->type.id() == TypeId::kNull ? LogicalType::Varchar() : x->type;
  auto fn = ArrayQuantifiedFunction(q.op, q.all, element);
  if (!fn.ok()) return ErrorAt(fn.status(), q.location);
  std::vector<BExprPtr> args;
  args.push_back(BExpr::Cast(std::move(x), fn->arg_types[0], CastContext::kExplicit));
  args.push_back(BExpr::Cast(std::move(arr), fn->arg_types[1], CastContext::kExplicit));
  return BExpr::Call(std::move(fn).value(), std::move(args));
}

Result<LogicalOperatorPtr> Binder::BindTableFunction(const FunctionRef& ref, Scope* scope) {
  const auto& call = ref.call->As<FunctionCall>();
  const std::string& name = call.name.back();
  std::string schema = call.name.size() > 1 ? call.name[call.name.size() - 2] : "";
  std::vector<Value> args;
  for (const auto& a : call.args) {
    auto bound = BindConstantExpr(*a);
    // An argument that reads no column is evaluated once, here, even when it is not deterministic
    // (pgjdbc's type lookup: generate_series(1, array_upper(current_schemas(false), 1))).
    if (bound.ok() && (*bound)->kind != BKind::kConstant && ReadsNoColumn(**bound)) {
      auto v = ExprEvaluator::EvaluateConstant(**bound);
      if (!v.ok()) return ErrorAt(v.status(), a->location);
      bound = BExpr::Constant(std::move(v).value());
    }
    if (!bound.ok() || (*bound)->kind != BKind::kConstant)
      return ErrorAt(Status(ErrorCode::kFeatureNotSupported,
                            "the arguments of a function in FROM must be constants (LATERAL is not supported)"),
                     a->location);
    args.push_back((*bound)->constant);
  }
  auto RecordFunctionRows = [&](const std::string& fn, const std::vector<Value>& a) -> Result<FunctionRows> {
    FunctionRows out;
    for (const auto& [field, type] : RelationColumnFields()->fields) {
      out.names.push_back(field);
      out.types.push_back(type);
    }
    ASSIGN_OR_RETURN(out.rows, RelationColumnRows(fn, a));
    return out;
  };
  Result<FunctionRows> rows = Status(ErrorCode::kUndefinedFunction, "function " + name + " does not exist");
  if (name == "generate_series" && (schema.empty() || schema == "pg_catalog") && (args.size() == 2 || args.size() == 3))
    rows = GenerateSeries(args);
  else if (name == "_pg_expandarray" && schema == "information_schema" && args.size() == 1)
    rows = ExpandArray(args[0]);
  else if (IsRecordFunction(name, schema, args))
    rows = RecordFunctionRows(name, args);
  if (!rows.ok()) return ErrorAt(rows.status(), ref.location);
  const bool record = IsRecordFunction(name, schema, args);
  if (record && ref.column_types.empty())
    return ErrorAt(
        Status(ErrorCode::kSyntaxError, "a column definition list is required for functions returning \"record\""),
        ref.location);
  if (!record && !ref.column_types.empty())
    return ErrorAt(
        Status(ErrorCode::kSyntaxError, "a column definition list is only allowed for functions returning \"record\""),
        ref.location);
  if (record) {
    if (Status st = ApplyColumnDefinitions(ref, &rows.value()); !st.ok()) return ErrorAt(st, ref.location);
  }

  auto values = std::make_unique<LogicalOperator>(LogicalKind::kValues);
  values->table_index = next_table_index_++;
  values->value_types = rows->types;
  for (auto& r : rows->rows) {
    std::vector<BExprPtr> bound;
    for (auto& v : r) bound.push_back(BExpr::Constant(std::move(v)));
    values->rows.push_back(std::move(bound));
  }
  Scope::Entry e;
  e.alias = ref.alias.name.empty() ? name : ref.alias.name;
  for (size_t i = 0; i < rows->types.size(); i++) {
    // A one-column function takes the alias as its column name, as in PostgreSQL.
    std::string col = rows->types.size() == 1 && !ref.alias.name.empty() ? ref.alias.name : rows->names[i];
    e.names.push_back(i < ref.alias.columns.size() ? ref.alias.columns[i] : col);
    e.types.push_back(rows->types[i]);
    e.bindings.push_back({values->table_index, static_cast<int>(i)});
  }
  scope->entries.push_back(std::move(e));
  return LogicalOperatorPtr(std::move(values));
}

}  // namespace blueshift::sql
