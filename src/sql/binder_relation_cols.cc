// PG_GET_COLS('name') and PG_GET_LATE_BINDING_VIEW_COLS() in FROM: one row per column of a table or view (of
// every late-binding view), (schema, relation, column, format_type spelling, number). A late-binding view's
// columns come from binding its query now, as a query of the view would.

#include <cctype>
#include <memory>

#include "sql/binder_scope.h"

namespace blueshift::sql {

namespace {

// "s.t", "t" or "\"Mixed\".t" as the parts of a qualified name: unquoted parts fold to lower case.
QualifiedName ParseRelationName(const std::string& text) {
  QualifiedName name;
  std::string part;
  bool quoted = false;
  for (size_t i = 0; i <= text.size(); i++) {
    const char c = i < text.size() ? text[i] : '.';
    if (c == '"') {
      if (quoted && i + 1 < text.size() && text[i + 1] == '"') {
        part.push_back('"');
        i++;
      } else {
        quoted = !quoted;
      }
    } else if (c == '.' && !quoted) {
      name.parts.push_back(std::move(part));
      part.clear();
    } else {
      part.push_back(quoted ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  return name;
}

std::string CallKey(const FunctionCall& call) {
  return call.name.back() + "(" + (call.args.empty() ? "" : ToString(*call.args[0])) + ")";
}

Status WrongArguments(const FunctionCall& call) {
  return Status(ErrorCode::kUndefinedFunction, "function " + call.name.back() + " with " +
                                                   std::to_string(call.args.size()) + " arguments does not exist");
}

}  // namespace

std::shared_ptr<const RecordFields> RelationColumnFields() {
  static const auto kFields = [] {
    auto f = std::make_shared<RecordFields>();
    f->fields = {{"view_schema", LogicalType::Varchar(128)},
                 {"view_name", LogicalType::Varchar(128)},
                 {"col_name", LogicalType::Varchar(128)},
                 {"col_type", LogicalType::Varchar(LogicalType::kMaxVarcharLength)},
                 {"col_num", LogicalType::Integer()}};
    return f;
  }();
  return kFields;
}

Result<LogicalOperatorPtr> Binder::ExpandRelationColumns(const std::vector<const FunctionCall*>& calls,
                                                         LogicalOperatorPtr plan, SelectListSrf* srf) {
  const FunctionCall& first = *calls[0];
  srf->arg_text = CallKey(first);
  for (const FunctionCall* c : calls) {
    if (SrfKindOf(*c) != SelectListSrfKind::kRelationColumns || CallKey(*c) != srf->arg_text)
      return ErrorAt(
          Status(ErrorCode::kFeatureNotSupported, "set-returning functions in one select list must be the same call"),
          c->location);
  }
  const bool cols = first.name.back() == "pg_get_cols";
  if (first.args.size() != (cols ? 1u : 0u)) return ErrorAt(WrongArguments(first), first.location);
  std::vector<Value> args;
  if (cols) {
    ASSIGN_OR_RETURN(auto arg, BindConstantExpr(*first.args[0]));
    if (arg->kind != blueshift::ExprKind::kConstant || !(arg->type.IsString() || arg->type.id() == TypeId::kNull))
      return ErrorAt(Status(ErrorCode::kFeatureNotSupported, "the argument of pg_get_cols must be a string literal"),
                     first.args[0]->location);
    args.push_back(arg->constant);
  }
  auto rows = RelationColumnRows(first.name.back(), args);
  if (!rows.ok()) return ErrorAt(rows.status(), first.location);
  auto expand = std::make_unique<LogicalOperator>(LogicalKind::kExpand);
  expand->children.push_back(std::move(plan));
  expand->table_index = next_table_index_++;
  for (const auto& [name, type] : RelationColumnFields()->fields) expand->value_types.push_back(type);
  for (auto& row : *rows) {
    std::vector<blueshift::ExprPtr> exprs;
    for (auto& v : row) exprs.push_back(blueshift::Expr::Constant(std::move(v)));
    expand->rows.push_back(std::move(exprs));
  }
  srf->relation_columns = expand->table_index;
  if (!expand->rows.empty()) return LogicalOperatorPtr(std::move(expand));
  // No columns (a NULL name): an expansion needs a row to type its columns, which a false filter drops.
  std::vector<blueshift::ExprPtr> nulls;
  for (const LogicalType& t : expand->value_types) nulls.push_back(blueshift::Expr::Constant(Value::NullOf(t)));
  expand->rows.push_back(std::move(nulls));
  auto none = std::make_unique<LogicalOperator>(LogicalKind::kFilter);
  none->children.push_back(std::move(expand));
  none->exprs.push_back(blueshift::Expr::Constant(Value::Boolean(false)));
  return LogicalOperatorPtr(std::move(none));
}

Result<blueshift::ExprPtr> Binder::BindRelationColumnsCall(const FunctionCall& call) {
  if (!srf_ || srf_->relation_columns < 0 || CallKey(call) != srf_->arg_text)
    return ErrorAt(Status(ErrorCode::kFeatureNotSupported,
                          "set-returning functions are supported only in a select list (or in FROM)"),
                   call.location);
  auto fields = RelationColumnFields();
  std::vector<blueshift::ExprPtr> values;
  for (size_t i = 0; i < fields->fields.size(); i++)
    values.push_back(blueshift::Expr::Column({srf_->relation_columns, static_cast<int>(i)}, fields->fields[i].second));
  return blueshift::Expr::Call(RecordFunction(fields), std::move(values));
}

Status Binder::AppendRelationColumns(const QualifiedName& name, std::vector<std::vector<Value>>* rows) {
  ASSIGN_OR_RETURN(auto view, ResolveView(name));
  std::string schema, relation;
  if (view) {
    schema = view->schema;
    relation = view->name;
  } else {
    ASSIGN_OR_RETURN(auto table, ResolveTable(name));
    schema = table->schema;
    relation = table->name;
  }
  TableName ref;
  ref.name = name;
  Scope scope;
  Binder sub(ctx_);
  RETURN_IF_ERROR(sub.BindTableRef(ref, &scope).status());
  const Scope::Entry& e = scope.entries.back();
  for (size_t i = 0; i < e.names.size(); i++) {
    rows->push_back({Value::Varchar(schema), Value::Varchar(relation), Value::Varchar(e.names[i]),
                     Value::Varchar(e.types[i].ToString()), Value::Integer(static_cast<int32_t>(i + 1))});
  }
  return Status::OK();
}

Result<std::vector<std::vector<Value>>> Binder::RelationColumnRows(const std::string& function,
                                                                   const std::vector<Value>& args) {
  std::vector<std::vector<Value>> rows;
  if (function == "pg_get_cols") {
    if (args[0].is_null()) return rows;
    RETURN_IF_ERROR(AppendRelationColumns(ParseRelationName(args[0].GetString()), &rows));
    return rows;
  }
  for (const auto& view : ctx_.catalog->Views()) {
    if (!view->late_binding) continue;
    QualifiedName name;
    name.parts = {view->schema, view->name};
    // A view whose tables are gone has no columns to show; it does not hide the others'.
    std::vector<std::vector<Value>> columns;
    if (AppendRelationColumns(name, &columns).ok()) rows.insert(rows.end(), columns.begin(), columns.end());
  }
  return rows;
}

}  // namespace blueshift::sql
