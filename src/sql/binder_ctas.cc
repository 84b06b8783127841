// CREATE TABLE AS and SELECT INTO: the new table's definition.
//
// Redshift's rules (CTAS usage notes): columns take the query's output names and types; constraints,
// IDENTITY and defaults are not inherited; encodings are the defaults. Without DISTSTYLE/DISTKEY/SORTKEY,
// a plain select from one table (a WHERE allowed; no join, aggregation or LIMIT) keeps the source table's
// distribution and sort key where their columns are selected, and an ORDER BY of selected columns becomes
// the sort key.

#include <algorithm>
#include <cctype>
#include <set>

#include "function/cast.h"
#include "sql/binder_scope.h"

namespace blueshift::sql {

using BExpr = blueshift::Expr;

namespace {

// A CTAS DISTKEY/SORTKEY may name a column by its 1-based position.
Result<std::string> ColumnByPosition(const std::string& key, const TableDef& def, int location) {
  if (key.empty() || !std::isdigit(static_cast<unsigned char>(key[0]))) return key;
  size_t n = std::stoul(key);
  if (n < 1 || n > def.columns.size())
    return ErrorAt(Status(ErrorCode::kInvalidColumnReference, "column position " + key + " is out of range"), location);
  return def.columns[n - 1].name;
}

// The source table of a plain single-table select, and the output positions of its ORDER BY columns.
const LogicalOperator* PlainSource(const LogicalOperator* op, size_t visible, std::vector<int>* order) {
  if (op->kind == LogicalKind::kSort) {
    auto below = op->children[0]->Bindings();
    for (const auto& item : op->sort_items) {
      auto it = std::find(below.begin(), below.end(), item.expr->binding);
      if (it == below.end() || static_cast<size_t>(it - below.begin()) >= visible) break;
      order->push_back(static_cast<int>(it - below.begin()));
    }
    op = op->children[0].get();
  }
  if (op->kind != LogicalKind::kProjection) return nullptr;
  op = op->children[0].get();
  while (op->kind == LogicalKind::kFilter) op = op->children[0].get();
  return op->kind == LogicalKind::kGet && !op->system_table ? op : nullptr;
}

// The output column that is column `column` (0-based) of the source table, or -1.
int OutputOf(const BoundQuery& query, Oid table, int column) {
  for (size_t i = 0; i < query.columns.size(); i++) {
    if (query.columns[i].table_oid == table && query.columns[i].column_number == column + 1) return static_cast<int>(i);
  }
  return -1;
}

void InheritLayout(const BoundQuery& query, TableDef* def) {
  std::vector<int> order;
  const LogicalOperator* get = PlainSource(query.plan.get(), query.columns.size(), &order);
  if (!get) return;
  const TableDef& src = *get->table;
  if (src.dist_style == blueshift::DistStyle::kKey) {
    int out = OutputOf(query, src.oid, src.dist_key);
    if (out >= 0) {
      def->dist_style = blueshift::DistStyle::kKey;
      def->dist_key = out;
    }
  } else {
    def->dist_style = src.dist_style;
  }
  std::vector<int> sort;
  if (!order.empty()) {
    sort = order;
  } else {
    for (int k : src.sort_keys) {
      int out = OutputOf(query, src.oid, k);
      if (out < 0) break;
      sort.push_back(out);
    }
  }
  if (!sort.empty()) {
    def->sort_keys = sort;
    def->sort_style = order.empty() ? src.sort_style : SortStyle::kCompound;
    for (size_t i = 0; i < def->columns.size(); i++) {
      if (def->SortKeyPosition(static_cast<int>(i)) > 0)
        def->columns[i].encoding = DefaultEncoding(def->columns[i].type, true, def->temporary);
    }
  }
}

}  // namespace

Result<TableDef> Binder::BindCreateTableAs(const CreateTableStmt& stmt, const BoundQuery& query) {
  TableDef def;
  ASSIGN_OR_RETURN(def.schema, stmt.temp ? ResolveTempSchema(stmt.name) : ResolveSchemaForCreate(stmt.name));
  def.name = stmt.name.name();
  if (def.name.size() > 127) def.name.resize(127);
  def.temporary = stmt.temp;
  if (stmt.ctas_columns.size() > query.columns.size())
    return ErrorAt(Status(ErrorCode::kSyntaxError, "CREATE TABLE AS specifies too many column names"), stmt.location);
  if (query.columns.size() > 1600)
    return Status(ErrorCode::kInvalidTableDefinition, "tables can have at most 1600 columns");
  std::set<std::string> names;
  for (size_t i = 0; i < query.columns.size(); i++) {
    blueshift::ColumnDef col;
    col.name = i < stmt.ctas_columns.size() ? stmt.ctas_columns[i] : query.columns[i].name;
    if (!names.insert(col.name).second)
      return ErrorAt(Status(ErrorCode::kDuplicateColumn, "column \"" + col.name + "\" specified more than once"),
                     stmt.location);
    // An untyped NULL column becomes Redshift's default VARCHAR (unverified).
    col.type = query.columns[i].type.id() == TypeId::kNull ? LogicalType::Varchar(256) : query.columns[i].type;
    // A case-insensitive column (or COLLATE(x, 'ci')) makes a case-insensitive column.
    col.case_insensitive = col.type.case_insensitive();
    col.type = col.type.WithCollation(false, CollationStrength::kNone);
    RETURN_IF_ERROR(CheckColumnType(col.type, def.name, col.name));
    def.columns.push_back(std::move(col));
  }
  CreateTableStmt attrs;  // the statement's attributes with column positions resolved to names
  attrs.location = stmt.location;
  attrs.attributes = stmt.attributes;
  ASSIGN_OR_RETURN(attrs.attributes.distkey, ColumnByPosition(stmt.attributes.distkey, def, stmt.location));
  for (auto& k : attrs.attributes.sortkey) {
    ASSIGN_OR_RETURN(k, ColumnByPosition(k, def, stmt.location));
  }
  RETURN_IF_ERROR(ApplyTableAttributes(attrs, false, &def));
  const TableAttributes& a = stmt.attributes;
  bool layout_given = a.diststyle != DistStyle::kUnspecified || !a.distkey.empty() ||
                      a.sortkey_kind != SortKeyKind::kUnspecified || !a.sortkey.empty();
  if (!layout_given) InheritLayout(query, &def);
  return def;
}

Result<LogicalOperatorPtr> Binder::BindInsertRows(std::shared_ptr<const TableDef> table, BoundQuery query) {
  auto bindings = query.plan->Bindings();
  auto proj = std::make_unique<LogicalOperator>(LogicalKind::kProjection);
  proj->table_index = next_table_index_++;
  for (size_t i = 0; i < table->columns.size(); i++) {
    auto col = BExpr::Column(bindings[i], query.columns[i].type);
    if (query.columns[i].type.id() == TypeId::kNull) {
      proj->exprs.push_back(BExpr::Constant(Value::NullOf(table->columns[i].type)));
      continue;
    }
    ASSIGN_OR_RETURN(auto e, CastToColumn(std::move(col), table->columns[i], -1));
    proj->exprs.push_back(std::move(e));
  }
  proj->children.push_back(std::move(query.plan));
  auto insert = std::make_unique<LogicalOperator>(LogicalKind::kInsert);
  insert->table = std::move(table);
  insert->children.push_back(std::move(proj));
  return LogicalOperatorPtr(std::move(insert));
}

}  // namespace blueshift::sql
