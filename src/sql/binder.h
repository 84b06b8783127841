#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
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
  // The session's schema for temporary tables (it may not exist yet): searched first, created into.
  std::string temp_schema;
  // Ends the session with that process id (PG_TERMINATE_BACKEND); false when there is none.
  std::function<bool(int32_t)> terminate_backend;
  // Parameter types ($1 is [0]); the binder fills in what it infers. Values are given at execution (then
  // parameters bind as constants) and absent when only describing a prepared statement.
  std::vector<LogicalType>* param_types = nullptr;
  const std::vector<Value>* params = nullptr;
  std::string user = "awsuser";
  std::string database = "dev";
  int32_t backend_pid = 0;
  int64_t last_copy_count = -1;  // PG_LAST_COPY_COUNT(): -1 when the session ran no COPY
  int64_t last_copy_id = -1;     // PG_LAST_COPY_ID()

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
  // The schema a CREATE TEMP TABLE goes to: the session's temp schema; naming a schema is an error.
  Result<std::string> ResolveTempSchema(const QualifiedName& name);

  // A SQL type name to a logical type, with Redshift's defaults and limits.
  static Result<LogicalType> BindType(const TypeName& type);

 private:
  struct Scope;
  struct AggregateContext;
  struct WindowContext;
  struct QueryBuilder;
  // A join a subquery turned into, waiting to be attached to the query being bound (see ApplyPending).
  struct PendingJoin {
    LogicalOperatorPtr right;
    blueshift::JoinType type = blueshift::JoinType::kLeft;
    std::vector<blueshift::ExprPtr> conditions;
    JoinOptions options;
  };
  // A subquery's plan rewritten so its correlation with the outer query is a join condition.
  struct Decorrelated {
    LogicalOperatorPtr plan;
    std::vector<blueshift::ExprPtr> conditions;  // over the outer query's and the plan's bindings
    std::vector<ColumnBinding> outputs;          // the subquery's result columns
    std::vector<LogicalType> types;
    bool keyed_aggregate = false;  // an aggregate regrouped by its correlation keys: one row per key
    bool count_result = false;     // its result is COUNT: no row means 0, not NULL
  };

  Result<LogicalOperatorPtr> BindFrom(const std::vector<TableRefPtr>& from, Scope* scope);
  Result<LogicalOperatorPtr> BindTableRef(const TableRef& ref, Scope* scope);
  Result<BoundQuery> BindSelectCore(const SelectCore& core, const Query& query);
  Result<BoundQuery> BindValues(const std::vector<ExprList>& rows);
  // Set operations (binder_setop.cc).
  Result<BoundQuery> BindQueryTerm(const QueryTerm& term);
  Result<BoundQuery> BindSetOp(const QueryTerm& term);
  Result<BoundQuery> CastOutputs(BoundQuery q, const std::vector<LogicalType>& types);
  Result<BoundQuery> ApplyOrderLimit(BoundQuery q, const Query& query);

 public:
  // Binds an expression in the scope (used by the query builder and DML).
  Result<blueshift::ExprPtr> BindExpr(const Expr& expr, Scope* scope);
  Result<blueshift::ExprPtr> BindConstantExpr(const Expr& expr);  // no columns allowed

  // ---- DML and ALTER TABLE (binder_dml.cc, binder_alter.cc) ----
  // DELETE / UPDATE: plans rooted at a kDelete (over row ids) or kUpdate (row id + every new column value).
  Result<BoundQuery> BindDelete(const DeleteStmt& stmt);
  Result<BoundQuery> BindUpdate(const UpdateStmt& stmt);
  Result<BoundQuery> BindDeleteFrom(const QualifiedName& name, const std::string& alias,
                                    const std::vector<const TableRef*>& from, const Expr* where);
  Result<BoundQuery> BindUpdateFrom(const QualifiedName& name, const std::string& alias,
                                    const std::vector<const TableRef*>& from, const Expr* where,
                                    const std::vector<Assignment>& assignments);
  // MERGE (binder_merge.cc): the matched rows' UPDATE or DELETE (for REMOVE DUPLICATES: DELETE), and the
  // INSERT of the source rows no target row matches (REMOVE DUPLICATES: of every source row).
  Result<BoundQuery> BindMergeMatched(const MergeStmt& stmt);
  Result<BoundQuery> BindMergeInsert(const MergeStmt& stmt);
  // CREATE TABLE ... LIKE parent: the parent's columns (defaults with INCLUDING DEFAULTS), distribution and
  // sort key, unless the statement gives its own. REQUIRES: stmt.like.
  Result<TableDef> BindCreateTableLike(const CreateTableStmt& stmt);
  // A column's DEFAULT (NULL when it has none) bound and cast to the column type.
  Result<blueshift::ExprPtr> BindColumnDefault(const blueshift::ColumnDef& column);
  // e cast to the column's type in assignment context (INSERT's rule), or 42804.
  Result<blueshift::ExprPtr> CastToColumn(blueshift::ExprPtr e, const blueshift::ColumnDef& column, int location);
  // The target of DELETE/UPDATE scanned with its row ids, the FROM/USING items joined to it and the WHERE
  // filter on top. Column i of the target is bound as {*target_index, i}, its row id as
  // {*target_index, kRowIdColumn}.
  Result<LogicalOperatorPtr> BindDmlSource(const QualifiedName& name, const std::string& alias,
                                           const std::vector<const TableRef*>& from, const Expr* where, Scope* scope,
                                           std::shared_ptr<const TableDef>* table, int* target_index);
  // ALTER TABLE: the table's new definition. When existing rows must follow the change (a new column with a
  // non-null DEFAULT, DROP COLUMN, a new distribution or sort key, a narrower VARCHAR) *rewrite is set to a
  // plan inserting them into the new definition; for APPEND FROM, to one inserting the source's rows.
  Result<TableDef> BindAlterTable(const AlterTableStmt& stmt, LogicalOperatorPtr* rewrite);
  // A plan inserting every row of `from` into `to`: column i of `to` gets column source_of[i] of `from`
  // (cast in assignment context), or its DEFAULT when that is -1.
  Result<LogicalOperatorPtr> BindCopyRows(std::shared_ptr<const TableDef> from, std::shared_ptr<const TableDef> to,
                                          const std::vector<int>& source_of);
  // ---- end of DML and ALTER TABLE ----

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
  Result<blueshift::ExprPtr> BindTerminateBackend(std::vector<blueshift::ExprPtr> args, int location);
  Result<blueshift::ExprPtr> BindSystemCall(const std::string& name, std::vector<blueshift::ExprPtr> args,
                                            int location);
  Result<blueshift::ExprPtr> CallFunction(const std::string& name, std::vector<blueshift::ExprPtr> args, int location);
  Result<blueshift::ExprPtr> AggregateRef(const FunctionCall& call, Scope* scope);
  // Window calls (binder_window.cc): a reference to the call's column of the SELECT's Window operator.
  Result<blueshift::ExprPtr> BindWindowCall(const FunctionCall& call, Scope* scope);
  Status BindWindowParts(const FunctionCall& call, const ExprList* partition_by, const std::vector<SortItem>* order_by,
                         Scope* scope, WindowExpr* w);
  Status TypeWindowCall(const FunctionCall& call, std::vector<blueshift::ExprPtr> args, WindowExpr* w);
  // QUALIFY (binder_window.cc): the filter over the Window operator's output, where a bare name that is no
  // FROM column may name a select-list item.
  Result<blueshift::ExprPtr> BindQualify(const Expr& qualify, Scope* scope,
                                         const std::vector<std::pair<std::string, const blueshift::Expr*>>& aliases);

  // Subqueries (binder_subquery.cc).
  Result<blueshift::ExprPtr> BindScalarSubquery(const Subquery& subquery, Scope* scope);
  // A WHERE conjunct that is [NOT] EXISTS / [NOT] IN (subquery) becomes a semi or anti join; false when the
  // conjunct is not of that form.
  Result<bool> BindSubqueryConjunct(const Expr& conjunct, Scope* scope);
  Result<BoundQuery> BindSubqueryPlan(const Query& query, Scope* scope, std::set<ColumnBinding>* outer_refs);
  Result<Decorrelated> Decorrelate(BoundQuery bound, const std::set<ColumnBinding>& outer, int location);
  LogicalOperatorPtr ApplyPending(LogicalOperatorPtr plan);
  // WITH: a common table expression visible here or in an enclosing query, or null.
  const CommonTableExpr* FindCte(const std::string& name) const;
  std::map<std::string, const CommonTableExpr*> VisibleCtes() const;
  // `x +/- INTERVAL '...'`: dateadd calls, or nullopt when neither side is an interval literal.
  std::optional<Result<blueshift::ExprPtr>> BindIntervalArithmetic(const BinaryOp& op, Scope* scope);

  BindContext ctx_;
  Binder* parent_ = nullptr;            // the query this one is a subquery of
  Scope* parent_scope_ = nullptr;       // the names visible where the subquery appears
  std::set<ColumnBinding> outer_refs_;  // outer columns this (sub)query refers to
  std::vector<PendingJoin> pending_;
  std::map<std::string, const CommonTableExpr*> ctes_;
  int next_table_index_ = 0;
  AggregateContext* agg_ = nullptr;  // set while binding a grouped SELECT's outputs
  WindowContext* win_ = nullptr;     // set while binding a SELECT's outputs, ORDER BY and QUALIFY
  // Set while binding QUALIFY: select-list names a bare column reference may stand for.
  const std::vector<std::pair<std::string, const blueshift::Expr*>>* select_aliases_ = nullptr;
};

}  // namespace blueshift::sql
