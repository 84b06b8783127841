#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "exec/expression.h"
#include "function/record_text.h"
#include "sql/binder.h"

namespace blueshift::sql {

// The names visible while binding an expression: one entry per FROM item (a table, a subquery, a join's
// sides), each with its columns' names, types and bindings.
struct Binder::Scope {
  struct Entry {
    std::string alias;
    std::vector<std::string> names;
    std::vector<LogicalType> types;
    std::vector<ColumnBinding> bindings;
    Oid table_oid = 0;  // for plain tables: lets result columns name their table
    // Columns a USING or NATURAL join merged into a column of its own: reachable only qualified.
    std::vector<bool> hidden;
    bool Hidden(size_t i) const { return i < hidden.size() && hidden[i]; }
  };
  std::vector<Entry> entries;
};

// A select list's set-returning function (binder_srf.cc): the array it expands and the expansion's columns.
struct Binder::SelectListSrf {
  std::string arg_text;                   // sql::ToString of the array argument every call shares; empty when none
  ColumnBinding x, n;                     // the element and its position
  PgArrayKind kind = PgArrayKind::kNone;  // the array's type: unnest gives its element type
  int relation_columns = -1;              // PG_GET_COLS: the table index of its rows' five columns
};

// The set-returning functions a select list may call: information_schema._pg_expandarray(arr) (records of
// element and position), unnest(arr), generate_subscripts(arr, 1), and PG_GET_COLS(name) /
// PG_GET_LATE_BINDING_VIEW_COLS() (records of a relation's columns). kNone for any other call.
enum class SelectListSrfKind { kNone, kExpandArray, kUnnest, kSubscripts, kRelationColumns };
SelectListSrfKind SrfKindOf(const FunctionCall& call);
// The fields of PG_GET_COLS's records: view_schema, view_name, col_name, col_type, col_num.
std::shared_ptr<const RecordFields> RelationColumnFields();

// CAST(x AS int2[]) and friends: the array types of PostgreSQL's catalogs (int2vector, oidvector, int2[],
// int4[], oid[], text[], name[]); 0A000 for arrays of other types.
Result<LogicalType> BindArrayType(const TypeName& t);
// Tables have no array columns: 0A000 for an array type in CREATE TABLE, CTAS or ALTER TABLE.
Status CheckColumnType(const LogicalType& type, const std::string& table, const std::string& column);

// While binding a grouped SELECT's outputs: group expressions and the aggregates found so far.
struct Binder::AggregateContext {
  Scope* from_scope = nullptr;
  std::vector<std::string> group_texts;  // sql::ToString of each GROUP BY expression as written
  std::vector<blueshift::ExprPtr>* groups = nullptr;
  int group_index = -1;
  std::vector<AggregateExpr>* aggregates = nullptr;
  std::vector<std::string> aggregate_texts;
  int aggregate_index = -1;
  // GROUPING SETS / ROLLUP / CUBE: each set as indexes into *groups; empty for a plain GROUP BY.
  std::vector<std::vector<int>> grouping_sets;
  // Each GROUPING(...) call's arguments as indexes into *groups.
  std::vector<std::vector<int>> grouping_calls;
  // The joins of subqueries in aggregate arguments (`SUM((SELECT ...))`): read below the aggregate.
  std::vector<PendingJoin> below;
};

// Shared by the binders of one statement: WITH RECURSIVE's CTEs and the working tables of the recursive members
// being bound, and the tables and views the statement reads.
struct StatementBindState {
  struct WorkingTable {
    int cte_id = -1;
    std::vector<LogicalType> types;
    std::vector<std::string> names;  // the seed's column names (the CTE's column list renames them)
    int references = 0;
  };
  std::set<const CommonTableExpr*> declared;
  std::map<const CommonTableExpr*, WorkingTable> working;
  std::set<Oid> relations;  // tables and views named in FROM, at any depth
  // Tables named in FROM in the statement's own text (not inside the views it reads): where each name
  // starts, which table it resolved to, and whether it has an alias (ALTER TABLE RENAME edits views with it).
  std::set<TableNameUse> table_uses;
  // Select-list outputs holding records (binder_srf.cc): their fields, for (column).field outside.
  std::map<ColumnBinding, std::shared_ptr<const RecordFields>> records;
  // Views: the parsed queries of the views expanded so far (they must outlive binding), the current nesting.
  std::vector<std::unique_ptr<Statement>> view_queries;
  int view_depth = 0;
  // The regular view whose query is being bound: a * over a table shows the columns the view records for it.
  const ViewDef* star_view = nullptr;
  // Expressions being bound, one inside the other (Binder::BindExpr; see kMaxBindDepth).
  int expr_depth = 0;
  // CREATE VIEW ... WITH NO SCHEMA BINDING: every relation must be schema-qualified.
  bool require_qualified = false;
  // SQL user-defined functions (binder_udf.cc): while a body is bound, what its $1, $2 ... stand for, the
  // functions being expanded (a call of one of them again is recursion), and the parsed bodies.
  const std::vector<blueshift::ExprPtr>* udf_args = nullptr;
  std::vector<Oid> udf_stack;
  std::vector<std::unique_ptr<Statement>> udf_bodies;
  // PIVOT and UNPIVOT sources (binder_pivot.cc), bound once to learn their columns: the plan and scope entries
  // that the rewritten query's reference to the source (a BorrowedRef) takes instead of binding it again.
  struct BoundSource {
    LogicalOperatorPtr plan;
    std::vector<Binder::Scope::Entry> entries;
  };
  std::map<const TableRef*, BoundSource> bound_sources;
};

// While binding a SELECT's outputs, ORDER BY and QUALIFY: the window calls found so far, bound as
// (index, i); `named` is the WINDOW clause.
struct Binder::WindowContext {
  std::vector<WindowExpr> windows;
  int index = -1;
  const std::vector<NamedWindow>* named = nullptr;
  bool in_call = false;  // binding a window call's arguments or keys
};

// Whether pred holds for e or an expression inside it (function arguments and window keys included,
// subqueries not).
bool AnySubexpression(const Expr* e, const std::function<bool(const Expr&)>& pred);
// Whether the expression (not counting subqueries) holds a window call.
bool ContainsWindowCall(const Expr* e);
// 42P20 "window functions are not allowed in <clause>" when e holds a window call.
Status WindowNotAllowed(const Expr* e, const char* clause);
// CASE WHEN conditions[i] THEN results[i] ... ELSE else_expr END with the results cast to their common type
// (42804 at location when they have none). REQUIRES: conditions are BOOLEAN, one per result.
Result<blueshift::ExprPtr> MakeCase(std::vector<blueshift::ExprPtr> conditions, std::vector<blueshift::ExprPtr> results,
                                    blueshift::ExprPtr else_expr, int location);

// 42P10 when an alias names more columns than its table has: `(SELECT 1) t(a, b)`.
inline Status CheckAliasColumns(const Alias& alias, const std::string& table, size_t available) {
  if (alias.columns.size() <= available) return Status::OK();
  return Status(ErrorCode::kInvalidColumnReference, "table \"" + table + "\" has " + std::to_string(available) +
                                                        " columns available but " +
                                                        std::to_string(alias.columns.size()) + " columns specified");
}

// An untyped string literal ('7' as written; its VARCHAR(65535) type is only provisional).
bool IsUntypedLiteral(const blueshift::Expr& e);
// PostgreSQL's reading of untyped literals among the values of CASE, COALESCE, GREATEST/LEAST, NULLIF and
// VALUES: when one of them has a type other than a string, each string literal becomes a constant of the
// first such type ('0' beside an INTEGER column is 0; 'x' there fails with 22P02, as a cast would).
Status ResolveUntypedLiterals(const std::vector<blueshift::ExprPtr*>& values);

// e cast to type in the context; a constant is cast now (binder_expr.cc).
Result<blueshift::ExprPtr> CastTo(blueshift::ExprPtr e, const LogicalType& type, CastContext context);
// Evaluates a constant-only expression now; other expressions are returned as they are.
Result<blueshift::ExprPtr> Fold(blueshift::ExprPtr e);

// The top-level AND conjuncts of a WHERE clause as written.
inline void CollectConjuncts(const Expr* e, std::vector<const Expr*>* out) {
  if (e->kind == ExprKind::kBinary && e->As<BinaryOp>().op == "AND") {
    CollectConjuncts(e->As<BinaryOp>().left.get(), out);
    CollectConjuncts(e->As<BinaryOp>().right.get(), out);
    return;
  }
  out->push_back(e);
}

// A new operator of the kind over child.
inline LogicalOperatorPtr Wrap(LogicalKind kind, LogicalOperatorPtr child) {
  auto op = std::make_unique<LogicalOperator>(kind);
  op->children.push_back(std::move(child));
  return op;
}

}  // namespace blueshift::sql
