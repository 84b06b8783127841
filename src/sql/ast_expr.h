#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace blueshift::sql {

// Parse trees for expressions. Every node is a plain struct derived from Expr with an ExprKind tag; walk
// them with a switch on `kind` and `As<T>()`. Children are owned through unique_ptr. `location` is the
// 0-based byte offset of the node's first token in the parsed text (-1 if synthesized).

struct Query;  // ast_stmt.h

// A type as written: TypeName{"varchar", {20}}. `name` is canonical and lower case: int2 int4 int8 numeric
// float4 float8 bool bpchar varchar text date time timetz timestamp timestamptz interval varbyte super
// geometry hllsketch, or any other word as written (regclass, oid, ...). Aliases (INTEGER, CHARACTER VARYING,
// DOUBLE PRECISION, NVARCHAR, FLOAT(n) ...) are mapped to these names here.
struct TypeName {
  std::string schema;  // "pg_catalog" for pg_catalog.int4; usually empty
  std::string name;
  std::vector<int64_t> modifiers;  // (p, s), (n)
  bool max_length = false;         // VARCHAR(MAX) / CHAR(MAX)
  int array_dims = 0;              // int2[] -> 1
  int location = -1;
};

enum class ExprKind {
  kColumnRef,     // ColumnRef: a, t.a, s.t.a, *, t.*
  kConstant,      // Constant
  kParam,         // Param: $1
  kTypedLiteral,  // TypedLiteral: DATE '2020-01-01', INTERVAL '1' DAY, int4 '1'
  kUnary,         // UnaryOp: -x, +x, ~x, NOT x
  kBinary,        // BinaryOp: arithmetic, comparison, AND, OR, ||, ~, user operators
  kIsNull,        // IsNull: x IS [NOT] NULL, ISNULL, NOTNULL
  kIsBool,        // IsBool: x IS [NOT] TRUE|FALSE|UNKNOWN
  kIsDistinct,    // IsDistinct: x IS [NOT] DISTINCT FROM y
  kBetween,       // Between
  kInList,        // InList: x [NOT] IN (a, b)
  kLike,          // Like: [NOT] LIKE | ILIKE | SIMILAR TO [ESCAPE e]
  kSubquery,      // Subquery: (SELECT ...), EXISTS, x [NOT] IN (SELECT), x op ANY|ALL (SELECT), ARRAY(SELECT)
  kQuantified,    // Quantified: x op ANY|ALL (array expression)
  kCase,          // Case
  kCast,          // Cast: CAST(x AS t), x::t
  kFunction,      // FunctionCall, incl. aggregates, window calls and SQL-syntax functions
  kCollate,       // Collate: x COLLATE name
  kArray,         // ArrayExpr: ARRAY[a, b]
  kSubscript,     // Subscript: x[i], x[i:j]
  kDefault,       // DefaultExpr: DEFAULT in INSERT VALUES / UPDATE SET
  kFieldSelect,   // FieldSelect: (record).field
};

struct Expr {
  ExprKind kind;
  int location = -1;

  explicit Expr(ExprKind k, int loc = -1) : kind(k), location(loc) {}
  virtual ~Expr() = default;
  Expr(const Expr&) = delete;
  Expr& operator=(const Expr&) = delete;

  // REQUIRES: kind matches T.
  template <typename T>
  const T& As() const {
    return static_cast<const T&>(*this);
  }
  template <typename T>
  T& As() {
    return static_cast<T&>(*this);
  }
};

using ExprPtr = std::unique_ptr<Expr>;
using ExprList = std::vector<ExprPtr>;

struct ColumnRef : Expr {
  ColumnRef() : Expr(ExprKind::kColumnRef) {}
  std::vector<std::string> names;  // qualifiers then the column; empty for a bare `*`
  bool star = false;               // `*` or `t.*`: names hold only the qualifiers
};

enum class ConstKind { kInteger, kDecimal, kString, kBool, kNull };

struct Constant : Expr {
  Constant() : Expr(ExprKind::kConstant) {}
  ConstKind const_kind = ConstKind::kNull;
  std::string value;  // digits / decimal text as written / unescaped string / "true" "false"; empty for NULL
};

struct Param : Expr {
  Param() : Expr(ExprKind::kParam) {}
  int index = 0;  // 1-based
};

struct TypedLiteral : Expr {
  TypedLiteral() : Expr(ExprKind::kTypedLiteral) {}
  TypeName type;
  std::string value;
  std::string interval_fields;  // "day", "year to month", ... for INTERVAL '1' DAY; else empty
};

struct UnaryOp : Expr {
  UnaryOp() : Expr(ExprKind::kUnary) {}
  std::string op;  // "-", "+", "~", "NOT"
  ExprPtr operand;
};

struct BinaryOp : Expr {
  BinaryOp() : Expr(ExprKind::kBinary) {}
  // "AND", "OR", "=", "<>" (also for !=), "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "^", "||",
  // "~", "!~", "~*", "!~*", "~~", "!~~", "~~*", "!~~*", or any other operator as written.
  std::string op;
  std::string op_schema;  // "pg_catalog" for OPERATOR(pg_catalog.~)
  ExprPtr left;
  ExprPtr right;
};

struct IsNull : Expr {
  IsNull() : Expr(ExprKind::kIsNull) {}
  ExprPtr arg;
  bool negated = false;
};

enum class BoolTest { kTrue, kFalse, kUnknown };

struct IsBool : Expr {
  IsBool() : Expr(ExprKind::kIsBool) {}
  ExprPtr arg;
  BoolTest test = BoolTest::kTrue;
  bool negated = false;
};

struct IsDistinct : Expr {
  IsDistinct() : Expr(ExprKind::kIsDistinct) {}
  ExprPtr left;
  ExprPtr right;
  bool negated = false;  // IS NOT DISTINCT FROM
};

struct Between : Expr {
  Between() : Expr(ExprKind::kBetween) {}
  ExprPtr arg;
  ExprPtr low;
  ExprPtr high;
  bool negated = false;
  bool symmetric = false;
};

struct InList : Expr {
  InList() : Expr(ExprKind::kInList) {}
  ExprPtr arg;
  ExprList list;
  bool negated = false;
};

enum class LikeKind { kLike, kILike, kSimilar };

struct Like : Expr {
  Like() : Expr(ExprKind::kLike) {}
  LikeKind like_kind = LikeKind::kLike;
  ExprPtr arg;
  ExprPtr pattern;
  ExprPtr escape;  // may be null
  bool negated = false;
};

enum class SubqueryKind {
  kScalar,  // (SELECT ...)
  kExists,  // EXISTS (SELECT ...)
  kIn,      // arg [NOT] IN (SELECT ...)
  kAny,     // arg op ANY|SOME (SELECT ...)
  kAll,     // arg op ALL (SELECT ...)
  kArray,   // ARRAY(SELECT ...)
};

struct Subquery : Expr {
  Subquery();
  ~Subquery() override;
  SubqueryKind subquery_kind = SubqueryKind::kScalar;
  std::unique_ptr<Query> query;
  ExprPtr arg;           // kIn, kAny, kAll
  std::string op;        // kAny, kAll
  bool negated = false;  // NOT IN
};

struct Quantified : Expr {
  Quantified() : Expr(ExprKind::kQuantified) {}
  ExprPtr arg;
  std::string op;
  std::string op_schema;
  bool all = false;  // ALL vs ANY/SOME
  ExprPtr array;
};

struct CaseWhen {
  ExprPtr condition;  // for a simple CASE, the value compared with Case::arg
  ExprPtr result;
};

struct Case : Expr {
  Case() : Expr(ExprKind::kCase) {}
  ExprPtr arg;  // null for a searched CASE
  std::vector<CaseWhen> whens;
  ExprPtr else_result;  // may be null
};

struct Cast : Expr {
  Cast() : Expr(ExprKind::kCast) {}
  ExprPtr arg;
  TypeName type;
  bool double_colon = false;  // written x::t rather than CAST(x AS t)
};

struct SortItem {
  ExprPtr expr;
  bool descending = false;
  enum class Nulls { kDefault, kFirst, kLast } nulls = Nulls::kDefault;
};

enum class FrameMode { kNone, kRows, kRange };
enum class BoundKind { kUnboundedPreceding, kPreceding, kCurrentRow, kFollowing, kUnboundedFollowing };

struct FrameBound {
  BoundKind kind = BoundKind::kCurrentRow;
  ExprPtr offset;  // kPreceding / kFollowing
};

// OVER (...) or a WINDOW clause entry.
struct WindowSpec {
  std::string ref_name;  // OVER w, or OVER (w ORDER BY ...)
  ExprList partition_by;
  std::vector<SortItem> order_by;
  FrameMode frame_mode = FrameMode::kNone;
  FrameBound frame_start;
  FrameBound frame_end;
  bool has_frame_end = false;  // BETWEEN ... AND ...
  int location = -1;
};

struct FunctionCall : Expr {
  FunctionCall() : Expr(ExprKind::kFunction) {}
  std::vector<std::string> name;  // {"pg_catalog", "foo"}; lower case unless quoted
  ExprList args;
  bool distinct = false;
  bool star = false;               // COUNT(*)
  bool no_parens = false;          // CURRENT_DATE, SYSDATE, CURRENT_USER ...
  bool ignore_nulls = false;       // f(x IGNORE NULLS) or f(x) IGNORE NULLS
  std::vector<SortItem> order_by;  // f(x ORDER BY y) or WITHIN GROUP (ORDER BY y)
  bool within_group = false;
  bool approximate = false;          // APPROXIMATE COUNT(DISTINCT x) / APPROXIMATE PERCENTILE_DISC
  ExprPtr filter;                    // FILTER (WHERE ...)
  std::unique_ptr<WindowSpec> over;  // non-null for a window call
};

struct Collate : Expr {
  Collate() : Expr(ExprKind::kCollate) {}
  ExprPtr arg;
  std::vector<std::string> collation;  // {"pg_catalog", "default"}
};

struct ArrayExpr : Expr {
  ArrayExpr() : Expr(ExprKind::kArray) {}
  ExprList elements;
};

struct Subscript : Expr {
  Subscript() : Expr(ExprKind::kSubscript) {}
  ExprPtr arg;
  ExprPtr index;
  ExprPtr upper;  // x[i:j]; null otherwise
};

struct FieldSelect : Expr {
  FieldSelect() : Expr(ExprKind::kFieldSelect) {}
  ExprPtr arg;
  std::string field;
};

struct DefaultExpr : Expr {
  DefaultExpr() : Expr(ExprKind::kDefault) {}
};

// SQL text for an expression, fully parenthesized, for EXPLAIN and messages.
std::string ToString(const Expr& expr);
// An identifier as SQL text (double-quoted unless it is a plain lower-case word, not reserved), and a string
// as a literal ('it''s').
std::string QuoteIdent(const std::string& id);
std::string QuoteString(const std::string& s);
std::string ToString(const TypeName& type);

// PostgreSQL's default output column name: a column reference gives the column, a function call its name,
// a cast the name of its operand (or else of the type), CASE "case", otherwise "?column?".
std::string DefaultColumnName(const Expr& expr);

}  // namespace blueshift::sql
