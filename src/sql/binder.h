#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "plan/logical_operator.h"
#include "sql/ast.h"
#include "sql/parser.h"
#include "system/system_functions.h"

namespace blueshift::sql {

// Attaches a statement position (from a 0-based byte location) to an error that has none.
Status ErrorAt(Status st, int location);

// What binding needs from the session: the catalog version the statement sees, and its parameters.
struct BindContext {
  const Catalog* catalog = nullptr;
  std::vector<std::string> search_path{"public"};
  // Parameter types ($1 is [0]); the binder fills in what it infers. Values are given at execution (then
  // parameters bind as constants) and absent when only describing a prepared statement.
  std::vector<LogicalType>* param_types = nullptr;
  const std::vector<Value>* params = nullptr;
  std::string user = "awsuser";
  std::string database = "dev";
  int32_t backend_pid = 0;

  SystemContext system() const {
    SystemContext s;
    s.catalog = catalog;
    s.user = user;
    s.database = database;
    s.search_path = search_path;
    return s;
  }
};

// A result column of a bound query.
struct OutputColumn {
  std::string name;
  LogicalType type;
  Oid table_oid = 0;
  int column_number = 0;  // 1-based, when the column is a plain table column
};

struct BoundQuery {
  LogicalOperatorPtr plan;
  std::vector<OutputColumn> columns;
};

// Binder resolves names and types of a parsed statement against a catalog and produces a logical plan (for
// queries and DML) or a definition (for DDL). Errors carry Redshift's SQLSTATE and the statement position.
// One Binder per statement; not thread-safe.
class Binder {
 public:
  explicit Binder(BindContext ctx);
  ~Binder();

  Result<BoundQuery> BindQuery(const Query& query);
  // REQUIRES: no AS query (CTAS is bound as a query plus a definition).
  Result<TableDef> BindCreateTable(const CreateTableStmt& stmt);
  Result<BoundQuery> BindInsert(const InsertStmt& stmt);
  // The schema and table a name refers to, resolved along the search path.
  Result<std::shared_ptr<const TableDef>> ResolveTable(const QualifiedName& name);
  Result<std::string> ResolveSchemaForCreate(const QualifiedName& name);

  // A SQL type name to a logical type, with Redshift's defaults and limits.
  static Result<LogicalType> BindType(const TypeName& type);

 private:
  struct Scope;
  struct AggregateContext;
  struct QueryBuilder;

  Result<LogicalOperatorPtr> BindFrom(const std::vector<TableRefPtr>& from, Scope* scope);
  Result<LogicalOperatorPtr> BindTableRef(const TableRef& ref, Scope* scope);
  Result<BoundQuery> BindSelectCore(const SelectCore& core, const Query& query);
  Result<BoundQuery> BindValues(const std::vector<ExprList>& rows);

 public:
  // Binds an expression in the scope (used by the query builder and DML).
  Result<blueshift::ExprPtr> BindExpr(const Expr& expr, Scope* scope);
  Result<blueshift::ExprPtr> BindConstantExpr(const Expr& expr);  // no columns allowed

 private:
  // An untyped parameter placeholder takes the type of what it meets (a column it is compared with or
  // inserted into).
  void InferParamType(blueshift::ExprPtr* e, const LogicalType& type);
  Result<blueshift::ExprPtr> BindExprInner(const Expr& expr, Scope* scope);
  Result<blueshift::ExprPtr> BindColumnRef(const ColumnRef& ref, Scope* scope);
  Result<blueshift::ExprPtr> BindConstant(const Constant& c);
  Result<blueshift::ExprPtr> BindParam(const Param& p);
  Result<blueshift::ExprPtr> BindBinary(const BinaryOp& op, Scope* scope);
  Result<blueshift::ExprPtr> BindFunction(const FunctionCall& call, Scope* scope);
  Result<blueshift::ExprPtr> BindCase(const Case& c, Scope* scope);
  Result<blueshift::ExprPtr> BindCastExpr(const Cast& c, Scope* scope);
  Result<blueshift::ExprPtr> BindSystemCall(const std::string& name, std::vector<blueshift::ExprPtr> args, int location);
  Result<blueshift::ExprPtr> CallFunction(const std::string& name, std::vector<blueshift::ExprPtr> args, int location);
  Result<blueshift::ExprPtr> AggregateRef(const FunctionCall& call, Scope* scope);

  BindContext ctx_;
  int next_table_index_ = 0;
  AggregateContext* agg_ = nullptr;  // set while binding a grouped SELECT's outputs
};

}  // namespace blueshift::sql
