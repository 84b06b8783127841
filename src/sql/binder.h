#pragma once

#include <compare>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "catalog/access_check.h"
#include "catalog/catalog.h"
#include "plan/logical_operator.h"
#include "sql/ast.h"
#include "sql/parser.h"
#include "system/system_functions.h"
#include "types/datetime.h"

namespace blueshift::sql {

// Attaches a statement position (from a 0-based byte location) to an error that has none.
Status ErrorAt(Status st, int location);

struct StatementBindState;

// What a statement does to the table it names: decides the error a view or a system table there gets
// (Binder::ResolveTarget).
enum class TargetUse { kInsert, kUpdate, kDelete, kMerge, kCopy, kTruncate, kLock, kAlter };

// What binding needs from the session: the catalog version the statement sees, and its parameters.
struct BindContext {
  const Catalog* catalog = nullptr;
  std::vector<std::string> search_path{"public"};
  // The session's schema for temporary tables (it may not exist yet): searched first, created into.
  std::string temp_schema;
  // Ends the session with that process id (PG_TERMINATE_BACKEND); false when there is none.
  std::function<Status(int32_t)> terminate_backend;  // PG_TERMINATE_BACKEND: ends that session
  // Parameter types ($1 is [0]); the binder fills in what it infers. Values are given at execution (then
  // parameters bind as constants) and absent when only describing a prepared statement.
  std::vector<LogicalType>* param_types = nullptr;
  const std::vector<Value>* params = nullptr;
  std::string user = "awsuser";
  std::string database = "dev";
  int32_t backend_pid = 0;
  int64_t last_copy_count = -1;   // PG_LAST_COPY_COUNT(): -1 when the session ran no COPY
  int64_t last_copy_id = -1;      // PG_LAST_COPY_ID()
  int64_t last_unload_count = 0;  // PG_LAST_UNLOAD_COUNT(): 0 when the session ran no UNLOAD
  int64_t last_unload_id = -1;    // PG_LAST_UNLOAD_ID()
  int64_t last_query_id = -1;     // PG_LAST_QUERY_ID(): the session's last query that ran on the slices
  // PG_CANCEL_BACKEND(pid): cancels the statement of session pid, or fails as CANCEL would; absent where
  // nothing can be cancelled (binding without a server).
  std::function<Status(int32_t pid)> cancel_backend;
  // CURRENT_SETTING(name) and SET_CONFIG(name, value, is_local): the session's settings as SHOW and SET [LOCAL]
  // see them; absent where there is no session (then both fail with 0A000).
  std::function<Result<std::string>(const std::string& name)> current_setting;
  std::function<Result<std::string>(const std::string& name, const std::string& value, bool is_local)> set_config;
  Activity* activity = nullptr;  // handed to system tables (SystemContext::activity)
  // UTC microseconds: GETDATE() is the statement's start, SYSDATE and CURRENT_TIMESTAMP the transaction's.
  int64_t statement_start_us = 0;
  int64_t transaction_start_us = 0;
  // What every binder of one statement shares (the outermost binder owns it).
  StatementBindState* state = nullptr;

  SystemContext system() const {
    SystemContext s;
    s.catalog = catalog;
    s.user = user;
    s.database = database;
    s.search_path = search_path;
    s.temp_schema = temp_schema;
    s.activity = activity;
    return s;
  }
};

// A result column of a bound query.
// A table or view named in FROM: where its name starts in the statement's text, the relation, whether it has
// an alias.
struct TableNameUse {
  int location = -1;
  Oid table = 0;
  bool aliased = false;
  auto operator<=>(const TableNameUse&) const = default;
};

struct OutputColumn {
  std::string name;
  LogicalType type;
  Oid table_oid = 0;
  int column_number = 0;  // 1-based, when the column is a plain table column
  // A string literal ('7'): beside a column of another type in a UNION, INTERSECT or EXCEPT, it is read as
  // that type, as PostgreSQL reads its unknown-typed literals.
  bool untyped_literal = false;
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
  // The user table a statement that writes, truncates, locks or alters `name` acts on (binder_view.cc). As
  // ResolveTable, except: a view the name reaches first is an error naming it one (Redshift, of PostgreSQL
  // 8.0's lineage, has no updatable views), and a system table is permission denied (42501).
  Result<std::shared_ptr<const TableDef>> ResolveTarget(const QualifiedName& name, TargetUse use);
  Result<std::string> ResolveSchemaForCreate(const QualifiedName& name);
  // The session user's privileges in the catalog being bound against.
  AccessCheck Access() const { return AccessCheck(*ctx_.catalog, ctx_.user); }

  // CREATE TABLE AS / SELECT INTO (binder_ctas.cc): the new table's definition from the query's columns,
  // with the statement's table attributes or, when it gives none, the source table's distribution and sort
  // key as Redshift chooses them. REQUIRES: query bound by this binder.
  Result<TableDef> BindCreateTableAs(const CreateTableStmt& stmt, const BoundQuery& query);
  // A plan inserting the query's rows into table (column i from output i, cast in assignment context).
  Result<LogicalOperatorPtr> BindInsertRows(std::shared_ptr<const TableDef> table, BoundQuery query);
  // Accept SELECT ... INTO in the next top-level query bound (the caller creates the table).
  void AllowSelectInto() { allow_select_into_ = true; }

  // Views (binder_view.cc). The view a name refers to, or null when it names something else.
  Result<std::shared_ptr<const ViewDef>> ResolveView(const QualifiedName& name);
  // The tables and views the statement bound so far reads (for a regular view's dependencies).
  std::set<Oid> ReferencedRelations() const;
  // The tables and views named in FROM in the text this binder bound (not in views it expanded), by place.
  std::set<TableNameUse> TableNameUses() const;
  // For binding a late-binding view's query at CREATE VIEW: relations must be schema-qualified.
  void RequireQualifiedRelations();
  // For binding a regular view's stored query outside a query that reads the view (ALTER TABLE's checks and
  // edits): a * over a table shows the columns the view records for it. REQUIRES: view outlives the binding.
  void BindAsView(const ViewDef* view);
  // The schema a CREATE TEMP TABLE goes to: the session's temp schema; naming a schema is an error.
  Result<std::string> ResolveTempSchema(const QualifiedName& name);

  // A SQL type name to a logical type, with Redshift's defaults and limits.
  static Result<LogicalType> BindType(const TypeName& type);

  // SQL user-defined functions (binder_udf.cc). An argument or return type of CREATE FUNCTION: a string type
  // without a length takes strings of any length.
  static Result<LogicalType> BindFunctionType(const TypeName& type);
  // The function with exactly these argument types (lengths aside), by schema or along the search path;
  // 42883 when there is none.
  Result<std::shared_ptr<const FunctionDef>> ResolveFunctionSignature(const QualifiedName& name,
                                                                      const std::vector<TypeName>& types);
  // CREATE FUNCTION's check: the body bound as a call with arguments of the declared types would bind it
  // (recursion included). Returns the type of the body's result before the cast to the return type.
  Result<LogicalType> CheckFunctionBody(const FunctionDef& def);

 private:
  friend struct StatementBindState;  // it keeps PIVOT sources' scope entries
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
    bool keyed_aggregate = false;   // an aggregate regrouped by its correlation keys: one row per key
    std::set<ColumnBinding> outer;  // the outer columns the subquery reads (BindSubqueryPredicate)
    // A keyed aggregate whose value over no rows is not NULL (COUNT's 0): that value, and the plan's key
    // column, NULL where the outer row found no group.
    std::optional<Value> empty_result;
    ColumnBinding matched;
    LogicalType matched_type;
  };

  Result<LogicalOperatorPtr> BindFrom(const std::vector<TableRefPtr>& from, Scope* scope);
  Result<LogicalOperatorPtr> BindTableRef(const TableRef& ref, Scope* scope);
  // A join's ON condition and USING (or NATURAL) columns as conjuncts; the left side's scope entries are
  // [left, right), the right side's from right on.
  Result<std::vector<blueshift::ExprPtr>> BindJoinConditions(const JoinRef& j,
                                                             const std::vector<std::string>& using_cols, Scope* scope,
                                                             size_t left, size_t right);
  // The scope entries from `first` on name their columns by `from`'s positions in an operator of table index
  // `table_index` that outputs `from` in order (a FULL JOIN's union, the projection over it); an internal
  // error when a column is not among them.
  static Status RenumberEntries(Scope* scope, size_t first, const std::vector<ColumnBinding>& from, int table_index);
  static Result<std::pair<size_t, size_t>> FindUsingColumn(const Scope& scope, size_t begin, size_t end,
                                                           const std::string& col, const char* side, int location);
  // The columns a join merges: USING's, or for NATURAL the names both sides show.
  std::vector<std::string> JoinUsingColumns(const JoinRef& j, const Scope& scope, size_t left, size_t right) const;
  // After a USING or NATURAL join: one column per merged name (the left's, the right's for RIGHT JOIN,
  // COALESCE of both for FULL JOIN) in a scope entry of its own before the sides', whose columns of that
  // name are then reachable only qualified.
  Status MergeUsingColumns(const JoinRef& j, const std::vector<std::string>& using_cols, size_t left, size_t right,
                           Scope* scope, LogicalOperatorPtr* plan);
  // FULL JOIN of the bound sides (binder_full_join.cc); the sides' scope entries start at first_entry.
  Result<LogicalOperatorPtr> BindFullJoin(const JoinRef& j, const std::vector<std::string>& using_cols,
                                          LogicalOperatorPtr left, LogicalOperatorPtr right, size_t first_entry,
                                          size_t right_entry, Scope* scope);
  Result<BoundQuery> BindSelectCore(const SelectCore& core, const Query& query);
  Result<BoundQuery> BindValues(const std::vector<ExprList>& rows);
  // Table attributes (BACKUP, DISTSTYLE, DISTKEY, SORTKEY) and default encodings of a new table.
  Status ApplyTableAttributes(const CreateTableStmt& stmt, bool any_encode, TableDef* def);
  // GROUP BY (binder_grouping.cc): binds the group expressions into agg (each once) and, for ROLLUP, CUBE
  // and GROUPING SETS, the grouping sets.
  Status BindGroupBy(const SelectCore& core, Scope* scope, AggregateContext* agg);
  Result<std::vector<std::vector<int>>> ExpandGroupingItem(const GroupingItem& item, const SelectCore& core,
                                                           Scope* scope, AggregateContext* agg);
  Result<int> BindGroupExpr(const Expr& expr, const SelectCore& core, Scope* scope, AggregateContext* agg);
  // GROUPING(args): a bit mask of which arguments the row's grouping set leaves out.
  Result<blueshift::ExprPtr> BindGroupingCall(const FunctionCall& call);
  // Grouping sets: an Expand of `child` that repeats each row per set, and `groups` rewritten to read it.
  LogicalOperatorPtr PlanGroupingSets(LogicalOperatorPtr child, const AggregateContext& agg,
                                      std::vector<blueshift::ExprPtr>* groups,
                                      std::vector<std::vector<Value>>* empty_input_groups);
  // Set operations (binder_setop.cc).
  Result<BoundQuery> BindQueryTerm(const QueryTerm& term);
  Result<BoundQuery> BindSetOp(const QueryTerm& term);
  Result<BoundQuery> CastOutputs(BoundQuery q, const std::vector<LogicalType>& types);
  Result<BoundQuery> ApplyOrderLimit(BoundQuery q, const Query& query);

 public:
  // Binds an expression in the scope (used by the query builder and DML).
  Result<blueshift::ExprPtr> BindExpr(const Expr& expr, Scope* scope);
  // A column's DEFAULT: a constant expression without subqueries (0A000, as PostgreSQL and Redshift).
  Result<blueshift::ExprPtr> BindDefaultExpr(const Expr& expr);
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
  // Whether the MERGE's matched UPDATE replaces the matched target rows by one row per source row (see
  // binder_merge.cc); BindMergeMatched then binds a DELETE, and BindMergeInsert adds BindMergeReplacements.
  Result<bool> MergeReplacesMatches(const MergeStmt& stmt);
  Result<LogicalOperatorPtr> BindMergeReplacements(const MergeStmt& stmt);
  // MERGE's source and target bound into *scope (the source first), joined on its condition by `join`;
  // without `join`, the source alone.
  Result<LogicalOperatorPtr> BindMergeInput(const MergeStmt& stmt, std::optional<blueshift::JoinType> join,
                                            Scope* scope, std::shared_ptr<const TableDef>* table, int* target);
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
  Result<LogicalOperatorPtr> BindDmlSource(const QualifiedName& name, TargetUse use, const std::string& alias,
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

  // An INSERT ... VALUES item that is a literal, as BindInsert stores it: the literal's value (as
  // BindConstant makes it) cast to `column` as CastToColumn casts a constant, or CastToColumn's error at
  // the literal's location. For re-running an INSERT of the same shape with other literals.
  static Result<Value> LiteralForColumn(const Constant& literal, const blueshift::ColumnDef& column);
  // The same for a constant of value v at `location` (a parameter's value).
  static Result<Value> ConstantForColumn(Value v, const blueshift::ColumnDef& column, int location) {
    return CastConstantToColumn(std::move(v), column, location);
  }

 private:
  // An untyped parameter placeholder takes the type of what it meets (a column it is compared with or
  // inserted into).
  void InferParamType(blueshift::ExprPtr* e, const LogicalType& type);
  Result<blueshift::ExprPtr> BindExprInner(const Expr& expr, Scope* scope);
  Result<blueshift::ExprPtr> BindColumnRef(const ColumnRef& ref, Scope* scope);
  Result<blueshift::ExprPtr> BindConstant(const Constant& c);
  static Result<Value> ConstantValue(const Constant& c);  // BindConstant's value
  // CastToColumn of a constant of value v.
  static Result<Value> CastConstantToColumn(Value v, const blueshift::ColumnDef& column, int location);
  Result<blueshift::ExprPtr> BindParam(const Param& p);
  Result<blueshift::ExprPtr> BindBinary(const BinaryOp& op, Scope* scope);
  Result<blueshift::ExprPtr> BindFunction(const FunctionCall& call, Scope* scope);
  // CURRENT_SETTING('name') and SET_CONFIG('name', 'value', is_local), evaluated as the statement is bound
  // (their arguments must be constants): a setting's value as a VARCHAR constant.
  Result<blueshift::ExprPtr> BindSettingFunction(const FunctionCall& call, const std::string& name, Scope* scope);
  Result<blueshift::ExprPtr> BindCase(const Case& c, Scope* scope);
  // GETDATE(), SYSDATE, CURRENT_TIMESTAMP, NOW(), CURRENT_DATE as constants; nullopt for other names
  // (binder_time.cc).
  std::optional<blueshift::ExprPtr> BindCurrentTime(const std::string& name, size_t num_args) const;
  // NVL2 and DECODE over bound arguments (binder_conditional.cc).
  Result<blueshift::ExprPtr> BindConditionalForm(const std::string& name, std::vector<blueshift::ExprPtr> args,
                                                 int location);
  Result<blueshift::ExprPtr> BindCastExpr(const Cast& c, Scope* scope);
  // PG_CANCEL_BACKEND / PG_TERMINATE_BACKEND(pid): a call that signals each row's pid when evaluated.
  Result<blueshift::ExprPtr> BindSignalBackend(const std::string& name, std::function<Status(int32_t)> signal,
                                               blueshift::ExprPtr pid);
  Result<blueshift::ExprPtr> BindSystemCall(const std::string& name, std::vector<blueshift::ExprPtr> args,
                                            int location);
  Result<blueshift::ExprPtr> CallFunction(const std::string& name, std::vector<blueshift::ExprPtr> args, int location);
  // Collation (binder_collate.cc). ApplyCollation rewrites a comparison or pattern match of case-insensitive
  // strings (CallFunction's name and arguments) into its case-sensitive equivalent; FoldCase is the key
  // a case-insensitive string compares, groups and sorts by (LOWER).
  Status ApplyCollation(std::string* name, std::vector<blueshift::ExprPtr>* args, int location);
  Result<blueshift::ExprPtr> FoldCase(blueshift::ExprPtr e, int location);
  // COLLATE(x, 'case_sensitive' | 'cs' | 'case_insensitive' | 'ci') and `x COLLATE case_insensitive`.
  Result<blueshift::ExprPtr> BindCollateCall(const FunctionCall& call, Scope* scope);
  Result<blueshift::ExprPtr> BindCollateClause(const Collate& c, Scope* scope);
  // NULLIF, GREATEST and LEAST of case-insensitive strings, as CASEs over comparisons that ignore case;
  // nullopt for other calls.
  Result<std::optional<blueshift::ExprPtr>> BindCaseInsensitiveConditional(const std::string& name,
                                                                           std::vector<blueshift::ExprPtr>* args,
                                                                           int location);
  // DISTINCT over the first types.size() columns of `plan` (of those types): case-insensitive columns are
  // distinct by FoldCase and show ANY_VALUE.
  Result<LogicalOperatorPtr> PlanDistinct(LogicalOperatorPtr plan, const std::vector<LogicalType>& types);
  // ORDER BY of case-insensitive columns: a projection of plan's columns (of *types) and the FoldCase keys,
  // which those sort items then name (the others are renamed to the projection's columns); the keys' types
  // join *types. `plan` unchanged when no item is case-insensitive.
  Result<LogicalOperatorPtr> FoldSortKeys(LogicalOperatorPtr plan, std::vector<BoundSortItem>* items,
                                          std::vector<LogicalType>* types);
  // A call of a SQL UDF (binder_udf.cc): nullopt when the name means a built-in function or no UDF.
  std::optional<Result<blueshift::ExprPtr>> BindUserFunctionCall(const FunctionCall& call,
                                                                 std::vector<blueshift::ExprPtr>* args);
  std::vector<std::shared_ptr<const FunctionDef>> VisibleFunctions(const std::vector<std::string>& name) const;
  // The body of def bound over args (cast to the declared types) and cast to the return type.
  Result<blueshift::ExprPtr> InlineFunction(const FunctionDef& def, std::vector<blueshift::ExprPtr> args);
  // $n inside a UDF body: a copy of the call's argument n.
  Result<blueshift::ExprPtr> BindUdfParam(int index);
  // Arrays held as text, arr[i] and x op ANY|ALL (arr), and functions in FROM (binder_array.cc).
  Result<blueshift::ExprPtr> BindSubscript(const Subscript& s, Scope* scope);
  // x [NOT] SIMILAR TO p [ESCAPE e]: x ~ the regular expression p means (binder_similar.cc).
  Result<blueshift::ExprPtr> BindSimilarTo(const Like& l, Scope* scope);
  Result<blueshift::ExprPtr> BindQuantified(const Quantified& q, Scope* scope);
  Result<LogicalOperatorPtr> BindTableFunction(const FunctionRef& ref, Scope* scope);
  // The rows of PG_GET_COLS(name) / PG_GET_LATE_BINDING_VIEW_COLS() (binder_relation_cols.cc): (schema,
  // relation, column, type, number) for each column.
  Result<std::vector<std::vector<Value>>> RelationColumnRows(const std::string& function,
                                                             const std::vector<Value>& args);
  Status AppendRelationColumns(const QualifiedName& name, std::vector<std::vector<Value>>* rows);
  // PIVOT / UNPIVOT, rewritten into a grouped query or a cross join with VALUES (binder_pivot.cc).
  Result<LogicalOperatorPtr> BindPivot(const PivotRef& ref, Scope* scope);
  // Set-returning functions in a select list and (record).field (binder_srf.cc). ExpandSelectListSrf puts the
  // expansion over `plan` and fills *srf when the select list calls one; srf_ points at it while the select
  // list is bound.
  struct SelectListSrf;
  Result<LogicalOperatorPtr> ExpandSelectListSrf(const SelectCore& core, LogicalOperatorPtr plan, Scope* scope,
                                                 bool grouped, SelectListSrf* srf);
  Result<blueshift::ExprPtr> BindExpandArrayCall(const FunctionCall& call);
  // PG_GET_COLS in a select list: each input row becomes one row per column (binder_relation_cols.cc).
  Result<LogicalOperatorPtr> ExpandRelationColumns(const std::vector<const FunctionCall*>& calls,
                                                   LogicalOperatorPtr plan, SelectListSrf* srf);
  Result<blueshift::ExprPtr> BindRelationColumnsCall(const FunctionCall& call);
  Result<blueshift::ExprPtr> BindFieldSelect(const FieldSelect& f, Scope* scope);
  // Notes the record-valued outputs of a projection for (column).field in enclosing queries.
  void NoteRecordOutputs(const LogicalOperator& projection);
  Result<blueshift::ExprPtr> AggregateRef(const FunctionCall& call, Scope* scope);
  // What a grouped query's outputs see of group g: its key column, or ANY_VALUE(x) for a case-insensitive x.
  Result<blueshift::ExprPtr> GroupRef(size_t g);
  // Window calls (binder_window.cc): a reference to the call's column of the SELECT's Window operator.
  Result<blueshift::ExprPtr> BindWindowCall(const FunctionCall& call, Scope* scope);
  Status BindWindowParts(const FunctionCall& call, const ExprList* partition_by, const std::vector<SortItem>* order_by,
                         Scope* scope, WindowExpr* w);
  Status TypeWindowCall(const FunctionCall& call, std::vector<blueshift::ExprPtr> args, WindowExpr* w);
  // QUALIFY (binder_window.cc): the filter over the Window operator's output, where a bare name that is no
  // FROM column may name a select-list item.
  Result<blueshift::ExprPtr> BindQualify(const Expr& qualify, Scope* scope,
                                         const std::vector<std::pair<std::string, const blueshift::Expr*>>& aliases);
  // LISTAGG / PERCENTILE_CONT / PERCENTILE_DISC: appends the WITHIN GROUP keys (with their sort flags) to the
  // bound arguments; checks APPROXIMATE and WITHIN GROUP use. Returns the aggregate name to resolve
  // (binder_ordered_set.cc).
  Result<std::string> BindOrderedSetArgs(const FunctionCall& call, Scope* scope, std::vector<blueshift::ExprPtr>* args);

  // Subqueries (binder_subquery.cc).
  Result<blueshift::ExprPtr> BindScalarSubquery(const Subquery& subquery, Scope* scope);
  // A WHERE conjunct that is [NOT] EXISTS / [NOT] IN (subquery) becomes a semi or anti join; false when the
  // conjunct is not of that form.
  Result<bool> BindSubqueryConjunct(const Expr& conjunct, Scope* scope);
  // [NOT] EXISTS and x [NOT] IN (subquery) anywhere else (the select list, under OR or CASE, ...): a boolean
  // read from LEFT joins with the subquery's distinct keys and, for IN, its row and NULL counts.
  Result<blueshift::ExprPtr> BindSubqueryPredicate(const Subquery& subquery, Scope* scope);
  Result<blueshift::ExprPtr> BindExistsPredicate(const Subquery& subquery, Scope* scope);
  Result<blueshift::ExprPtr> BindInPredicate(const Subquery& subquery, Scope* scope);
  // x op ANY / ALL (subquery) for op other than IN's: a boolean read from the subquery's counts, MIN and MAX.
  Result<blueshift::ExprPtr> BindQuantifiedSubquery(const Subquery& subquery, Scope* scope);
  // The predicate's subquery bound and decorrelated (one column for IN, ANY and ALL); 0A000 for a correlated
  // aggregate.
  Result<Decorrelated> BindPredicateSubquery(const Subquery& subquery, Scope* scope, bool one_column);
  // Queues a LEFT join with `right` (one that matches at most one row per row: grouped by its conditions'
  // keys, or a single row when there are none).
  void AddLeftJoin(LogicalOperatorPtr right, std::vector<blueshift::ExprPtr> conditions);
  Result<blueshift::ExprPtr> Compare(const std::string& op, blueshift::ExprPtr a, blueshift::ExprPtr b, int location);
  // The subquery's COUNT(*), COUNT(value) and then `more` aggregates of its value, per correlation key;
  // *aggregates is their binding index.
  Result<LogicalOperatorPtr> CountValues(Decorrelated* d, std::vector<std::string> more, int location, int* aggregates);
  // CASE WHEN no row THEN otherwise WHEN decisive THEN decides WHEN x IS NULL OR a value is NULL THEN NULL
  // ELSE otherwise END, over CountValues' counts.
  Result<blueshift::ExprPtr> ThreeValued(int counts, blueshift::ExprPtr x, blueshift::ExprPtr decisive, bool decides,
                                         bool otherwise, int location);
  // The subquery's plan grouped by the inner side of its correlation predicates (each must be
  // `inner = outer`) and by `extra`; its conditions rebound to the groups. Its first group (extra's, or the
  // first key's) is *first_group.
  Result<LogicalOperatorPtr> GroupByCorrelation(Decorrelated* d, const std::set<ColumnBinding>& outer,
                                                std::vector<blueshift::ExprPtr> extra,
                                                std::vector<AggregateExpr> aggregates, int location,
                                                ColumnBinding* first_group, int* aggregate_index);
  Result<BoundQuery> BindSubqueryPlan(const Query& query, Scope* scope, std::set<ColumnBinding>* outer_refs);
  Result<Decorrelated> Decorrelate(BoundQuery bound, const std::set<ColumnBinding>& outer, int location);
  LogicalOperatorPtr ApplyPending(LogicalOperatorPtr plan);
  // plan LEFT/semi/anti joined with each of `joins` in turn.
  LogicalOperatorPtr ApplyJoins(LogicalOperatorPtr plan, std::vector<PendingJoin> joins);
  // The joins of subqueries a JOIN's ON condition read (pending_ from `first` on), each under the join input
  // whose columns its correlation reads; 0A000 for one that reads both.
  Status ApplyConditionSubqueries(size_t first, int location, LogicalOperatorPtr* left, LogicalOperatorPtr* right);
  // WITH (binder_cte.cc): a reference to a common table expression, bound in place; a recursive one as a
  // loop, and inside its recursive member as the working table.
  // Makes a WITH clause's common table expressions visible to what this binder binds next (a query's
  // body, an UPDATE's or DELETE's FROM/USING and WHERE). Error 42710 for a name given twice.
  Status DeclareCtes(const std::vector<CommonTableExpr>& with, bool recursive);
  Result<LogicalOperatorPtr> BindCteRef(const CommonTableExpr& cte, const Alias& alias, Scope* scope);
  Result<BoundQuery> BindCteQuery(const CommonTableExpr& cte);
  Result<BoundQuery> BindRecursiveCte(const CommonTableExpr& cte);
  // A view in FROM: its query bound in place (binder_view.cc).
  Result<LogicalOperatorPtr> BindViewRef(const ViewDef& view, const Alias& alias, Scope* scope);
  // WITH: a common table expression visible here or in an enclosing query, or null.
  const CommonTableExpr* FindCte(const std::string& name) const;
  std::map<std::string, const CommonTableExpr*> VisibleCtes() const;
  // `x +/- INTERVAL '...'`: dateadd calls, or nullopt when neither side is an interval literal.
  std::optional<Result<blueshift::ExprPtr>> BindIntervalArithmetic(const BinaryOp& op, Scope* scope);

  BindContext ctx_;
  // 'now' in date/time literals this binder casts is the transaction's start, as SYSDATE is.
  ScopedTransactionStart transaction_clock_{ctx_.transaction_start_us};
  Binder* parent_ = nullptr;            // the query this one is a subquery of
  Scope* parent_scope_ = nullptr;       // the names visible where the subquery appears
  std::set<ColumnBinding> outer_refs_;  // outer columns this (sub)query refers to
  std::vector<PendingJoin> pending_;
  std::map<std::string, const CommonTableExpr*> ctes_;
  int next_table_index_ = 0;
  AggregateContext* agg_ = nullptr;  // set while binding a grouped SELECT's outputs
  WindowContext* win_ = nullptr;     // set while binding a SELECT's outputs, ORDER BY and QUALIFY
  SelectListSrf* srf_ = nullptr;     // set while binding the outputs of a SELECT that expands an array
  // Set while binding QUALIFY: select-list names a bare column reference may stand for.
  const std::vector<std::pair<std::string, const blueshift::Expr*>>* select_aliases_ = nullptr;
  std::unique_ptr<StatementBindState> owned_state_;
  bool allow_select_into_ = false;
};

}  // namespace blueshift::sql
