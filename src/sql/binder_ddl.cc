#include <algorithm>
#include <set>

#include "function/cast.h"
#include "sql/binder_scope.h"

namespace blueshift::sql {

using BExpr = blueshift::Expr;
using BExprPtr = blueshift::ExprPtr;
using BKind = blueshift::ExprKind;

namespace {

Status ColumnMissing(const std::string& col, const char* where, int location) {
  return ErrorAt(Status(ErrorCode::kUndefinedColumn, "column \"" + col + "\" named in " + where + " does not exist"),
                 location);
}

bool KeyTypeAllowed(const LogicalType& t) {
  return t.id() != TypeId::kNull;
}

}  // namespace

std::vector<blueshift::IdentityFill> IdentityFills(const blueshift::TableDef& table,
                                                   const std::vector<std::vector<bool>>& given,
                                                   const std::vector<std::vector<BExprPtr>*>& rows) {
  std::vector<blueshift::IdentityFill> fills;
  int flag = static_cast<int>(table.columns.size());
  for (size_t c = 0; c < table.columns.size(); c++) {
    if (!table.columns[c].identity) continue;
    size_t giving = std::count_if(given.begin(), given.end(), [&](const auto& g) { return g[c]; });
    if (giving == given.size()) continue;
    if (giving == 0) {
      fills.push_back({static_cast<int>(c), -1});
      continue;
    }
    for (size_t r = 0; r < rows.size(); r++) rows[r]->push_back(BExpr::Constant(Value::Boolean(!given[r][c])));
    fills.push_back({static_cast<int>(c), flag++});
  }
  return fills;
}

Result<TableDef> Binder::BindCreateTable(const CreateTableStmt& stmt) {
  TableDef def;
  ASSIGN_OR_RETURN(def.schema, stmt.temp ? ResolveTempSchema(stmt.name) : ResolveSchemaForCreate(stmt.name));
  def.name = stmt.name.name();
  if (def.name.size() > 127) def.name.resize(127);  // Redshift truncates long names
  def.temporary = stmt.temp;
  if (stmt.like) return BindCreateTableLike(stmt);
  if (stmt.columns.size() > 1600)
    return Status(ErrorCode::kInvalidTableDefinition, "tables can have at most 1600 columns");
  bool any_encode = false;
  std::set<std::string> names;
  int column_sortkeys = 0;
  for (const auto& c : stmt.columns) {
    if (!names.insert(c.name).second)
      return ErrorAt(Status(ErrorCode::kDuplicateColumn, "column \"" + c.name + "\" specified more than once"),
                     c.location);
    blueshift::ColumnDef col;
    col.name = c.name;
    auto type = BindType(c.type);
    Status usable = type.ok() ? CheckColumnType(*type, stmt.name.name(), c.name) : type.status();
    if (!usable.ok()) return ErrorAt(usable, c.type.location >= 0 ? c.type.location : c.location);
    col.type = *type;
    col.not_null = c.nullability == Nullability::kNotNull || c.primary_key;
    if (c.default_value) {
      ASSIGN_OR_RETURN(auto d, BindDefaultExpr(*c.default_value));
      if (!CanCast(d->type, col.type, CastContext::kAssignment) && d->type.id() != TypeId::kNull)
        return ErrorAt(
            Status(ErrorCode::kDatatypeMismatch, "column \"" + c.name + "\" is of type " + col.type.ToString() +
                                                     " but default expression is of type " + d->type.ToString()),
            c.default_value->location);
      col.default_sql = ToString(*c.default_value);
    }
    if (c.identity) {
      if (col.type.id() != TypeId::kInteger && col.type.id() != TypeId::kBigInt)
        return ErrorAt(Status(ErrorCode::kInvalidColumnDefinition, "Identity column must be of type INT or BIGINT"),
                       c.location);
      // A step of 0 would hand every row the seed (PostgreSQL: "INCREMENT must not be zero").
      if (c.identity->step == 0)
        return ErrorAt(Status(ErrorCode::kInvalidParameterValue, "IDENTITY step must not be zero"), c.location);
      col.identity = IdentitySpec{c.identity->seed, c.identity->step, c.identity->generated_by_default};
      col.not_null = true;
    }
    if (!c.encode.empty()) {
      auto enc = ParseEncoding(c.encode);
      if (!enc)
        return ErrorAt(Status(ErrorCode::kUndefinedObject,
                              "invalid encoding type specified for column \"" + c.name + "\": " + c.encode),
                       c.location);
      if (!EncodingAllowed(*enc, col.type))
        return ErrorAt(Status(ErrorCode::kInvalidColumnDefinition, "invalid encoding type specified for column \"" +
                                                                       c.name + "\": " + EncodingName(*enc) +
                                                                       " is not valid for type " + col.type.ToString()),
                       c.location);
      col.encoding = *enc;
      col.encoding_explicit = true;
      any_encode = true;
    }
    col.case_insensitive = c.collate == "case_insensitive";
    if (c.distkey) {
      if (def.dist_key >= 0)
        return ErrorAt(Status(ErrorCode::kInvalidTableDefinition, "multiple DISTKEY columns are not allowed"),
                       c.location);
      def.dist_key = static_cast<int>(def.columns.size());
    }
    if (c.sortkey) {
      if (++column_sortkeys > 1)
        return ErrorAt(Status(ErrorCode::kInvalidTableDefinition,
                              "multiple SORTKEY columns are not allowed; use a table "
                              "SORTKEY(...) for a multi-column sort key"),
                       c.location);
      def.sort_keys.push_back(static_cast<int>(def.columns.size()));
      def.sort_style = SortStyle::kCompound;
    }
    if (c.primary_key) def.primary_key.push_back(static_cast<int>(def.columns.size()));
    if (c.unique) def.unique_keys.push_back({static_cast<int>(def.columns.size())});
    if (c.references) {
      ForeignKeyDef fk;
      fk.columns.push_back(static_cast<int>(def.columns.size()));
      fk.ref_table = c.references->name();
      fk.ref_schema = c.references->parts.size() >= 2 ? c.references->parts[c.references->parts.size() - 2] : "";
      if (!c.references_column.empty()) fk.ref_columns.push_back(c.references_column);
      def.foreign_keys.push_back(std::move(fk));
    }
    def.columns.push_back(std::move(col));
  }
  for (const auto& tc : stmt.constraints) {
    std::vector<int> cols;
    for (const auto& n : tc.columns) {
      int i = def.FindColumn(n);
      if (i < 0) return ColumnMissing(n, "key constraint", tc.location);
      cols.push_back(i);
    }
    if (tc.kind == TableConstraint::Kind::kPrimaryKey) {
      if (!def.primary_key.empty())
        return ErrorAt(Status(ErrorCode::kInvalidTableDefinition,
                              "multiple primary keys for table \"" + def.name + "\" are not allowed"),
                       tc.location);
      def.primary_key = cols;
      for (int i : cols) def.columns[i].not_null = true;
    } else if (tc.kind == TableConstraint::Kind::kUnique) {
      def.unique_keys.push_back(cols);
    } else {
      ForeignKeyDef fk;
      fk.columns = cols;
      fk.ref_table = tc.ref_table->name();
      fk.ref_columns = tc.ref_columns;
      def.foreign_keys.push_back(std::move(fk));
    }
  }
  RETURN_IF_ERROR(ApplyTableAttributes(stmt, any_encode, &def));
  return def;
}

Status Binder::ApplyTableAttributes(const CreateTableStmt& stmt, bool any_encode, TableDef* out) {
  TableDef& def = *out;
  const TableAttributes& a = stmt.attributes;
  if (a.backup) def.backup = *a.backup;
  if (!a.distkey.empty()) {
    int i = def.FindColumn(a.distkey);
    if (i < 0) return ColumnMissing(a.distkey, "DISTKEY", stmt.location);
    if (def.dist_key >= 0 && def.dist_key != i)
      return ErrorAt(Status(ErrorCode::kInvalidTableDefinition, "multiple DISTKEY columns are not allowed"),
                     stmt.location);
    def.dist_key = i;
  }
  switch (a.diststyle) {
    case DistStyle::kEven:
      def.dist_style = blueshift::DistStyle::kEven;
      break;
    case DistStyle::kAll:
      def.dist_style = blueshift::DistStyle::kAll;
      break;
    case DistStyle::kKey:
      def.dist_style = blueshift::DistStyle::kKey;
      break;
    default:
      def.dist_style = def.dist_key >= 0 ? blueshift::DistStyle::kKey : blueshift::DistStyle::kAuto;
  }
  if (def.dist_key >= 0 && def.dist_style != blueshift::DistStyle::kKey)
    return ErrorAt(Status(ErrorCode::kInvalidTableDefinition,
                          std::string("DISTKEY is only allowed with DISTSTYLE KEY, not DISTSTYLE ") +
                              DistStyleName(def.dist_style)),
                   stmt.location);
  if (def.dist_style == blueshift::DistStyle::kKey && def.dist_key < 0)
    return ErrorAt(Status(ErrorCode::kInvalidTableDefinition, "DISTSTYLE KEY requires a DISTKEY column"),
                   stmt.location);
  if (!a.sortkey.empty()) {
    if (!def.sort_keys.empty())
      return ErrorAt(
          Status(ErrorCode::kInvalidTableDefinition, "a column SORTKEY and a table SORTKEY(...) cannot both be given"),
          stmt.location);
    for (const auto& n : a.sortkey) {
      int i = def.FindColumn(n);
      if (i < 0) return ColumnMissing(n, "SORTKEY", stmt.location);
      def.sort_keys.push_back(i);
    }
    def.sort_style = a.sortkey_kind == SortKeyKind::kInterleaved ? SortStyle::kInterleaved : SortStyle::kCompound;
    if (def.sort_style == SortStyle::kInterleaved && def.sort_keys.size() > 8)
      return ErrorAt(Status(ErrorCode::kInvalidTableDefinition, "an INTERLEAVED SORTKEY has at most 8 columns"),
                     stmt.location);
    if (def.sort_keys.size() > 400)
      return ErrorAt(Status(ErrorCode::kInvalidTableDefinition, "a SORTKEY has at most 400 columns"), stmt.location);
  } else if (a.sortkey_kind == SortKeyKind::kAuto) {
    def.sort_style = SortStyle::kAuto;
  }
  if (def.dist_key >= 0 && !KeyTypeAllowed(def.columns[def.dist_key].type))
    return Status(ErrorCode::kInvalidTableDefinition, "invalid DISTKEY column type");
  def.encode_auto = !any_encode;
  for (size_t i = 0; i < def.columns.size(); i++) {
    blueshift::ColumnDef& col = def.columns[i];
    if (!col.encoding_explicit)
      col.encoding = DefaultEncoding(col.type, def.SortKeyPosition(static_cast<int>(i)) > 0, def.temporary);
  }
  return Status::OK();
}

Result<BoundQuery> Binder::BindInsert(const InsertStmt& stmt) {
  ASSIGN_OR_RETURN(auto table, ResolveTarget(stmt.table, TargetUse::kInsert));
  if (Status st = Access().Table(*table, kPrivInsert); !st.ok()) return ErrorAt(st, stmt.table.location);
  // Which table column each source column fills.
  std::vector<int> targets;
  if (stmt.columns.empty()) {
    for (size_t i = 0; i < table->columns.size(); i++) targets.push_back(static_cast<int>(i));
  } else {
    std::set<int> seen;
    for (const auto& n : stmt.columns) {
      int i = table->FindColumn(n);
      if (i < 0)
        return ErrorAt(Status(ErrorCode::kUndefinedColumn,
                              "column \"" + n + "\" of relation \"" + table->name + "\" does not exist"),
                       stmt.table.location);
      if (!seen.insert(i).second)
        return ErrorAt(Status(ErrorCode::kDuplicateColumn, "column \"" + n + "\" specified more than once"),
                       stmt.table.location);
      targets.push_back(i);
    }
  }
  // The defaults, bound once and cast to their columns; IDENTITY columns stay NULL here and the insert
  // generates their values (IdentityFills), in the rows that give them none.
  std::vector<BExprPtr> defaults;
  for (const auto& col : table->columns) {
    if (col.identity) {
      defaults.push_back(BExpr::Constant(Value::NullOf(col.type)));
      continue;
    }
    ASSIGN_OR_RETURN(auto d, BindColumnDefault(col));
    defaults.push_back(std::move(d));
  }
  auto cast_to = [&](BExprPtr e, int col, int location) {
    return CastToColumn(std::move(e), table->columns[col], location);
  };
  auto identity_error = [&](int) { return IdentityValueError(stmt.location); };
  auto always_identity = [&](int col) { return AlwaysIdentity(table->columns[col]); };
  LogicalOperatorPtr source;
  std::vector<BExprPtr> row_exprs;  // one per table column, over the source's bindings, then the flags
  std::vector<blueshift::IdentityFill> generated;
  std::vector<std::vector<bool>> given(1, std::vector<bool>(table->columns.size()));  // which columns rows give
  if (stmt.default_values) {
    source = std::make_unique<LogicalOperator>(LogicalKind::kValues);
    source->table_index = next_table_index_++;
    source->rows.emplace_back();
    for (size_t c = 0; c < table->columns.size(); c++) {
      if (!defaults[c]) return identity_error(static_cast<int>(c));
      row_exprs.push_back(defaults[c]->Clone());
    }
    generated = IdentityFills(*table, given, {});
  } else if (stmt.query->body->kind == QueryTerm::Kind::kValues && stmt.query->order_by.empty()) {
    // VALUES rows: each item cast to its column here, DEFAULT replaced by the column's default.
    auto values = std::make_unique<LogicalOperator>(LogicalKind::kValues);
    values->table_index = next_table_index_++;
    const size_t pending_before = pending_.size();
    given.clear();
    for (const auto& row : stmt.query->body->values) {
      if (row.size() > targets.size())
        return ErrorAt(Status(ErrorCode::kSyntaxError, "INSERT has more expressions than target columns"),
                       row[targets.size()]->location);
      if (row.size() < targets.size() && !stmt.columns.empty())
        return ErrorAt(Status(ErrorCode::kSyntaxError, "INSERT has more target columns than expressions"),
                       stmt.location);
      std::vector<BExprPtr> full(table->columns.size());
      given.emplace_back(table->columns.size());
      for (size_t i = 0; i < row.size(); i++) {
        int col = targets[i];
        if (row[i]->kind == ExprKind::kDefault) continue;
        if (always_identity(col)) return identity_error(col);
        given.back()[col] = true;
        ASSIGN_OR_RETURN(auto e, BindConstantExpr(*row[i]));
        ASSIGN_OR_RETURN(full[col], cast_to(std::move(e), col, row[i]->location));
        // Redshift's INSERT: a scalar subquery is an expression of a single-row VALUES only.
        if (pending_.size() > pending_before && stmt.query->body->values.size() > 1)
          return ErrorAt(
              Status(ErrorCode::kFeatureNotSupported, "subqueries are not supported in a multiple-row INSERT VALUES"),
              row[i]->location);
      }
      for (size_t c = 0; c < full.size(); c++) {
        if (full[c]) continue;
        if (!defaults[c]) return identity_error(static_cast<int>(c));
        full[c] = defaults[c]->Clone();
      }
      values->rows.push_back(std::move(full));
    }
    std::vector<std::vector<BExprPtr>*> rows;
    for (auto& row : values->rows) rows.push_back(&row);
    generated = IdentityFills(*table, given, rows);
    if (pending_.size() > pending_before) {
      // The row reads scalar subqueries: its items are computed over their joins to one empty row.
      row_exprs = std::move(values->rows[0]);
      values->rows[0].clear();
      source = ApplyPending(std::move(values));
    } else {
      values->value_types = table->ColumnTypes();
      values->value_types.resize(values->rows[0].size(), LogicalType::Boolean());  // the flags
      for (size_t c = 0; c < values->value_types.size(); c++)
        row_exprs.push_back(BExpr::Column({values->table_index, static_cast<int>(c)}, values->value_types[c]));
      source = std::move(values);
    }
  } else {
    ASSIGN_OR_RETURN(auto q, BindQuery(*stmt.query));
    // Without a column list, fewer values than columns load the first n columns (Redshift's INSERT).
    if (stmt.columns.empty() && q.columns.size() < targets.size()) targets.resize(q.columns.size());
    if (q.columns.size() != targets.size())
      return ErrorAt(Status(ErrorCode::kSyntaxError, q.columns.size() > targets.size()
                                                         ? "INSERT has more expressions than target columns"
                                                         : "INSERT has more target columns than expressions"),
                     stmt.query->location);
    auto bindings = q.plan->Bindings();
    row_exprs.resize(table->columns.size());
    for (size_t i = 0; i < targets.size(); i++) {
      if (always_identity(targets[i])) return identity_error(targets[i]);
      ASSIGN_OR_RETURN(row_exprs[targets[i]],
                       cast_to(BExpr::Column(bindings[i], q.columns[i].type), targets[i], stmt.query->location));
      given[0][targets[i]] = true;
    }
    for (size_t c = 0; c < row_exprs.size(); c++) {
      if (row_exprs[c]) continue;
      if (!defaults[c]) return identity_error(static_cast<int>(c));
      row_exprs[c] = defaults[c]->Clone();
    }
    generated = IdentityFills(*table, given, {});
    source = std::move(q.plan);
  }
  auto proj = std::make_unique<LogicalOperator>(LogicalKind::kProjection);
  proj->table_index = next_table_index_++;
  proj->exprs = std::move(row_exprs);
  proj->children.push_back(std::move(source));
  auto insert = std::make_unique<LogicalOperator>(LogicalKind::kInsert);
  insert->table = table;
  insert->generated = std::move(generated);
  insert->children.push_back(std::move(proj));
  BoundQuery result;
  result.plan = std::move(insert);
  return result;
}

}  // namespace blueshift::sql
