#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sql/ast_expr.h"

namespace blueshift::sql {

// Parse trees for queries and statements. Same conventions as ast_expr.h: plain structs, an enum tag,
// unique_ptr children, `location` = 0-based byte offset of the first token.

// schema.table or db.schema.table; parts lower case unless quoted. A name starting with '#' (Redshift temp
// table) is kept as written, '#' included.
struct QualifiedName {
  std::vector<std::string> parts;
  int location = -1;
  const std::string& name() const { return parts.back(); }
};

struct Alias {
  std::string name;                  // empty if none
  std::vector<std::string> columns;  // AS t(a, b)
};

// ---- FROM items ----

enum class TableRefKind { kTable, kSubquery, kFunction, kJoin, kPivot, kBorrowed };
enum class JoinType { kInner, kLeft, kRight, kFull, kCross };

struct TableRef {
  TableRefKind kind;
  int location = -1;
  explicit TableRef(TableRefKind k) : kind(k) {}
  virtual ~TableRef() = default;
  template <typename T>
  const T& As() const {
    return static_cast<const T&>(*this);
  }
};
using TableRefPtr = std::unique_ptr<TableRef>;

struct TableName : TableRef {
  TableName() : TableRef(TableRefKind::kTable) {}
  QualifiedName name;
  Alias alias;
};

struct SubqueryRef : TableRef {
  SubqueryRef();
  ~SubqueryRef() override;
  std::unique_ptr<Query> query;
  Alias alias;
  bool lateral = false;
};

struct FunctionRef : TableRef {  // generate_series(1, 10) AS s(i)
  FunctionRef() : TableRef(TableRefKind::kFunction) {}
  ExprPtr call;  // a FunctionCall
  Alias alias;
  // A column definition list, `AS cols(a name, b int)`: one type per alias column; empty without one.
  std::vector<TypeName> column_types;
};

// `source PIVOT (agg(expr) [AS a] FOR column IN (value [AS name], ...)) [alias]` and
// `source UNPIVOT [INCLUDE | EXCLUDE NULLS] (value_column FOR name_column IN (column [AS name], ...)) [alias]`
// (Redshift's FROM clause). The binder rewrites them into a grouped query and a cross join with VALUES
// (binder_pivot.cc).
struct PivotRef : TableRef {
  PivotRef() : TableRef(TableRefKind::kPivot) {}
  struct Item {
    ExprPtr value;     // PIVOT: the value (a constant); UNPIVOT: the column, a ColumnRef
    std::string name;  // its AS name, or empty
    int location = -1;
  };
  bool unpivot = false;
  TableRefPtr source;
  ExprPtr aggregate;            // PIVOT: the aggregate call
  std::string aggregate_alias;  // PIVOT: AS after the aggregate, or empty
  std::string column;           // PIVOT: the FOR column; UNPIVOT: the name column
  std::string value_column;     // UNPIVOT: the value column
  bool include_nulls = false;   // UNPIVOT INCLUDE NULLS
  std::vector<Item> items;
  Alias alias;
};

// The binder's own: a FROM item that stands for another one it does not own (the source of a PIVOT in the
// query the binder rewrites it into).
struct BorrowedRef : TableRef {
  explicit BorrowedRef(const TableRef* r) : TableRef(TableRefKind::kBorrowed), ref(r) {}
  const TableRef* ref;
};

struct JoinRef : TableRef {
  JoinRef() : TableRef(TableRefKind::kJoin) {}
  JoinType join_type = JoinType::kInner;
  bool natural = false;
  TableRefPtr left;
  TableRefPtr right;
  ExprPtr on;  // ON condition; null for CROSS, NATURAL, USING
  std::vector<std::string> using_columns;
};

// ---- queries ----

struct SelectItem {
  ExprPtr expr;       // a ColumnRef with star=true for * and t.*
  std::string alias;  // empty if none
  int location = -1;
};

// GROUP BY element. kExpr: expr. kList: (a, b) or () inside ROLLUP/CUBE/GROUPING SETS. kRollup, kCube,
// kGroupingSets: children (kExpr or kList, and for GROUPING SETS also nested kRollup/kCube/kGroupingSets).
struct GroupingItem {
  enum class Kind { kExpr, kList, kRollup, kCube, kGroupingSets } kind = Kind::kExpr;
  ExprPtr expr;
  ExprList list;
  std::vector<GroupingItem> children;
  int location = -1;
};

struct NamedWindow {
  std::string name;
  WindowSpec spec;
};

struct SelectInto {
  QualifiedName table;
  bool temp = false;
};

struct SelectCore {
  int location = -1;
  ExprPtr top;  // SELECT TOP n
  bool distinct = false;
  std::vector<SelectItem> targets;
  std::optional<SelectInto> into;
  std::vector<TableRefPtr> from;  // comma-separated items; empty for SELECT 1
  ExprPtr where;
  std::vector<GroupingItem> group_by;
  ExprPtr having;
  ExprPtr qualify;
  std::vector<NamedWindow> windows;
};

enum class SetOpKind { kUnion, kIntersect, kExcept };  // MINUS is kExcept

// One operand of a query expression: a SELECT, VALUES, a set operation, or a parenthesized query that has
// its own WITH / ORDER BY / LIMIT (plain parentheses are dropped).
struct QueryTerm {
  enum class Kind { kSelect, kValues, kSetOp, kQuery } kind = Kind::kSelect;
  int location = -1;
  std::unique_ptr<SelectCore> select;      // kSelect
  std::vector<ExprList> values;            // kValues: rows
  SetOpKind op = SetOpKind::kUnion;        // kSetOp
  bool all = false;                        // UNION ALL
  std::unique_ptr<QueryTerm> left, right;  // kSetOp
  std::unique_ptr<Query> query;            // kQuery
  QueryTerm();
  ~QueryTerm();
};

struct CommonTableExpr {
  std::string name;
  std::vector<std::string> columns;
  std::unique_ptr<Query> query;
  int location = -1;
};

// A full query expression: [WITH] body [ORDER BY] [LIMIT] [OFFSET].
struct Query {
  int location = -1;
  bool recursive = false;
  std::vector<CommonTableExpr> with;
  std::unique_ptr<QueryTerm> body;
  std::vector<SortItem> order_by;
  ExprPtr limit;  // null if absent or LIMIT ALL
  ExprPtr offset;
};

// ---- statements ----

enum class StmtKind {
  kSelect,
  kCreateSchema,
  kDrop,
  kCreateTable,
  kCreateView,
  kInsert,
  kUpdate,
  kDelete,
  kTruncate,
  kTransaction,
  kSet,
  kReset,
  kShow,
  kExplain,
  kVacuum,
  kAnalyze,
  kCopy,
  kUnload,
  kUnsupported,
  kAlterTable,  // ast_alter.h
  kMerge,       // ast_alter.h
  kCancel,
  kSecurity,  // ast_security.h
  kLock,
  kDatabase,  // ast_database.h
  kFunction,  // ast_function.h
};

struct Statement {
  StmtKind kind;
  int location = -1;   // first token
  int text_begin = 0;  // [text_begin, text_end): this statement's text, without the ';'
  int text_end = 0;
  explicit Statement(StmtKind k) : kind(k) {}
  virtual ~Statement() = default;
  template <typename T>
  const T& As() const {
    return static_cast<const T&>(*this);
  }
  template <typename T>
  T& As() {
    return static_cast<T&>(*this);
  }
};
using StatementPtr = std::unique_ptr<Statement>;

struct SelectStmt : Statement {
  SelectStmt() : Statement(StmtKind::kSelect) {}
  std::unique_ptr<Query> query;  // SELECT ... INTO sits in the SelectCore
};

struct CreateSchemaStmt : Statement {
  CreateSchemaStmt() : Statement(StmtKind::kCreateSchema) {}
  std::string name;  // empty with only AUTHORIZATION user
  bool if_not_exists = false;
  std::string authorization;
};

enum class ObjectType { kTable, kView, kSchema };
enum class DropBehavior { kDefault, kCascade, kRestrict };

struct DropStmt : Statement {
  DropStmt() : Statement(StmtKind::kDrop) {}
  ObjectType object_type = ObjectType::kTable;
  std::vector<QualifiedName> names;
  bool if_exists = false;
  DropBehavior behavior = DropBehavior::kDefault;
};

struct Identity {
  int64_t seed = 1;
  int64_t step = 1;
  bool generated_by_default = false;
};

enum class Nullability { kUnspecified, kNotNull, kNull };

struct ColumnDef {
  std::string name;
  TypeName type;
  ExprPtr default_value;
  std::optional<Identity> identity;
  std::string encode;  // lower case; empty if none
  bool distkey = false;
  bool sortkey = false;
  Nullability nullability = Nullability::kUnspecified;
  bool primary_key = false;
  bool unique = false;
  std::optional<QualifiedName> references;
  std::string references_column;
  std::string collate;  // "case_sensitive" / "case_insensitive"; empty if none
  int location = -1;
};

struct TableConstraint {
  enum class Kind { kPrimaryKey, kUnique, kForeignKey } kind = Kind::kPrimaryKey;
  std::string name;  // CONSTRAINT name
  std::vector<std::string> columns;
  std::optional<QualifiedName> ref_table;
  std::vector<std::string> ref_columns;
  int location = -1;
};

enum class DistStyle { kUnspecified, kAuto, kEven, kKey, kAll };
enum class SortKeyKind { kUnspecified, kCompound, kInterleaved, kAuto };

// Attributes after the column list, in Redshift's any-order table_attributes.
struct TableAttributes {
  std::optional<bool> backup;
  DistStyle diststyle = DistStyle::kUnspecified;
  std::string distkey;  // table-level DISTKEY(col); for CTAS may hold a 1-based position as digits
  SortKeyKind sortkey_kind = SortKeyKind::kUnspecified;  // kCompound also when SORTKEY(...) had no prefix
  std::vector<std::string> sortkey;
  bool encode_auto = false;
};

struct CreateTableStmt : Statement {
  CreateTableStmt() : Statement(StmtKind::kCreateTable) {}
  QualifiedName name;
  bool temp = false;
  bool if_not_exists = false;
  std::vector<ColumnDef> columns;
  std::vector<TableConstraint> constraints;
  std::optional<QualifiedName> like;  // LIKE parent
  bool like_including_defaults = false;
  TableAttributes attributes;
  std::unique_ptr<Query> as_query;        // CTAS
  std::vector<std::string> ctas_columns;  // CREATE TABLE t (a, b) AS ...
};

struct CreateViewStmt : Statement {
  CreateViewStmt() : Statement(StmtKind::kCreateView) {}
  QualifiedName name;
  bool or_replace = false;
  std::vector<std::string> columns;
  std::unique_ptr<Query> query;
  bool no_schema_binding = false;
};

struct InsertStmt : Statement {
  InsertStmt() : Statement(StmtKind::kInsert) {}
  QualifiedName table;
  std::vector<std::string> columns;
  bool default_values = false;
  std::unique_ptr<Query> query;  // VALUES rows arrive as a kValues QueryTerm; DEFAULT items as DefaultExpr
  bool has_subquery = false;     // the statement holds a SELECT (a scalar subquery in VALUES reads tables)
};

struct Assignment {
  std::string column;
  ExprPtr value;  // may be a DefaultExpr
  int location = -1;
};

// WITH [RECURSIVE] common table expressions before an UPDATE or DELETE (r_UPDATE.html, r_DELETE.html).
struct DmlWith {
  bool recursive = false;
  std::vector<CommonTableExpr> ctes;
};

struct UpdateStmt : Statement {
  UpdateStmt() : Statement(StmtKind::kUpdate) {}
  DmlWith with;
  QualifiedName table;
  std::string alias;
  std::vector<Assignment> assignments;
  std::vector<TableRefPtr> from;
  ExprPtr where;
};

struct DeleteStmt : Statement {
  DeleteStmt() : Statement(StmtKind::kDelete) {}
  DmlWith with;
  QualifiedName table;
  std::string alias;
  std::vector<TableRefPtr> using_tables;
  ExprPtr where;
};

struct TruncateStmt : Statement {
  TruncateStmt() : Statement(StmtKind::kTruncate) {}
  std::vector<QualifiedName> tables;
};

// LOCK [TABLE] name [, ...]
struct LockStmt : Statement {
  LockStmt() : Statement(StmtKind::kLock) {}
  std::vector<QualifiedName> tables;
};

enum class TxnKind { kBegin, kCommit, kRollback };

struct TransactionStmt : Statement {
  TransactionStmt() : Statement(StmtKind::kTransaction) {}
  TxnKind txn = TxnKind::kBegin;
  std::string isolation_level;  // "serializable", "read committed", ...; empty if not given
  std::optional<bool> read_only;
};

// A value in SET: a string, a number or a bare word.
struct SetValue {
  enum class Kind { kString, kNumber, kWord } kind = Kind::kWord;
  std::string text;  // the number as written (with a leading '-' if negative)
  int location = -1;
};

struct SetStmt : Statement {
  SetStmt() : Statement(StmtKind::kSet) {}
  enum class Scope { kDefault, kSession, kLocal } scope = Scope::kDefault;
  std::string name;         // lower case; "timezone" for SET TIME ZONE; "session_authorization"
  bool to_default = false;  // SET x TO DEFAULT, SET TIME ZONE LOCAL/DEFAULT
  std::vector<SetValue> values;
};

struct ResetStmt : Statement {
  ResetStmt() : Statement(StmtKind::kReset) {}
  std::string name;  // "all" for RESET ALL
};

// Redshift's object listings: SHOW DATABASES, SHOW SCHEMAS FROM DATABASE d, SHOW TABLES FROM SCHEMA [d.]s,
// SHOW COLUMNS FROM TABLE [d.]s.t, each with [LIKE 'pattern'] [LIMIT n].
enum class ShowObjects { kNone, kDatabases, kSchemas, kTables, kColumns, kFunctions };

struct ShowStmt : Statement {
  ShowStmt() : Statement(StmtKind::kShow) {}
  std::string name;  // "all" for SHOW ALL; "timezone" for SHOW TIME ZONE; empty for an object listing
  ShowObjects objects = ShowObjects::kNone;
  std::vector<std::string> path;  // after FROM DATABASE / SCHEMA / TABLE, as written (the database optional)
  std::optional<std::string> like;
  std::optional<int64_t> limit;
};

// CANCEL pid ['message'].
struct CancelStmt : Statement {
  CancelStmt() : Statement(StmtKind::kCancel) {}
  int64_t pid = 0;
  std::string message;  // empty: the default "canceling statement due to user request"
};

struct ExplainStmt : Statement {
  ExplainStmt() : Statement(StmtKind::kExplain) {}
  bool verbose = false;
  bool analyze = false;
  StatementPtr statement;
};

enum class VacuumMode { kDefault, kFull, kSortOnly, kDeleteOnly, kReindex, kRecluster };

struct VacuumStmt : Statement {
  VacuumStmt() : Statement(StmtKind::kVacuum) {}
  VacuumMode mode = VacuumMode::kDefault;
  std::optional<QualifiedName> table;
  std::optional<int64_t> to_percent;
  bool boost = false;
};

struct AnalyzeStmt : Statement {
  AnalyzeStmt() : Statement(StmtKind::kAnalyze) {}
  bool verbose = false;
  bool compression = false;  // ANALYZE COMPRESSION
  std::optional<QualifiedName> table;
  std::vector<std::string> columns;
  enum class Columns { kDefault, kPredicate, kAll } which = Columns::kDefault;
  std::optional<int64_t> comprows;  // ANALYZE COMPRESSION ... COMPROWS n
};

// An option of COPY / UNLOAD, kept generic: `name [AS] [arg ...]`. Examples: DELIMITER '|' ->
// {"delimiter", {'|'}}; FORMAT AS CSV -> {"format", {csv}}; JSON 'auto'; MAXFILESIZE 100 MB ->
// {"maxfilesize", {100, mb}}; IGNOREHEADER 1; GZIP -> {"gzip", {}}; PARTITION BY (a, b) -> {"partition by",
// {a, b}} (column names as words). Word args are lower case.
struct CopyOption {
  std::string name;
  std::vector<SetValue> args;
  int location = -1;
};

struct CopyStmt : Statement {
  CopyStmt() : Statement(StmtKind::kCopy) {}
  QualifiedName table;
  std::vector<std::string> columns;
  bool from_stdin = false;
  std::string source;               // 's3://...'
  std::vector<CopyOption> options;  // authorization clauses included, in written order
};

struct UnloadStmt : Statement {
  UnloadStmt() : Statement(StmtKind::kUnload) {}
  std::string query;  // the quoted query text, unescaped
  std::string destination;
  std::vector<CopyOption> options;
};

// A recognised statement this parser does not implement (ALTER TABLE, GRANT, CREATE FUNCTION ...). The
// caller reports "<keywords> is not supported".
struct UnsupportedStmt : Statement {
  UnsupportedStmt() : Statement(StmtKind::kUnsupported) {}
  std::string keywords;  // upper case, e.g. "ALTER TABLE", "GRANT"
};

}  // namespace blueshift::sql
