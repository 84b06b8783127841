#pragma once

// The recursive-descent parser behind sql::Parse. Internal to src/sql: its methods are spread over
// parser.cc (driver, token helpers, statement dispatch), parser_expr.cc (operators), parser_primary.cc
// (primary expressions, functions, windows), parser_type.cc (type names), parser_select.cc (queries),
// parser_ddl.cc (CREATE/DROP), parser_dml.cc (INSERT/UPDATE/DELETE/TRUNCATE) and parser_util.cc (SET, SHOW,
// transactions, EXPLAIN, VACUUM, ANALYZE, COPY, UNLOAD, unsupported statements).

#include <string>
#include <string_view>
#include <vector>

#include "sql/ast.h"
#include "sql/lexer.h"
#include "sql/parser.h"
#include "util/status.h"

namespace blueshift::sql {

class Parser {
 public:
  Parser(std::string_view text, std::vector<Token> tokens) : text_(text), tokens_(std::move(tokens)) {}

  Result<std::vector<StatementPtr>> ParseAll();

  // Recursion depth, bumped by ParseExpr and ParseQuery; see kMaxParseDepth.
  int& depth() { return depth_; }

  // ---- token helpers (parser.cc) ----
  const Token& Cur() const { return tokens_[pos_]; }
  const Token& PeekTok(int ahead = 1) const;
  bool AtEnd() const { return Cur().kind == TokenKind::kEof; }
  void Advance() {
    if (!AtEnd()) ++pos_;
  }
  bool Is(std::string_view word) const { return Cur().Is(word); }
  bool IsPunct(std::string_view p) const { return Cur().IsPunct(p); }
  bool AcceptWord(std::string_view word);
  bool AcceptPunct(std::string_view p);
  Status ExpectWord(std::string_view word);
  Status ExpectPunct(std::string_view p);
  Status SyntaxError() const;  // at the current token
  Status ErrorAt(ErrorCode code, const std::string& message, int byte_offset) const;
  bool AtStatementEnd() const { return AtEnd() || IsPunct(";"); }

  // An identifier (keywords allowed unless reserved); returns its text.
  Result<std::string> ParseIdent();
  // Like ParseIdent but also accepts reserved words (for column labels after AS, option names).
  Result<std::string> ParseAnyIdent();
  Result<QualifiedName> ParseQualifiedName();
  Result<std::vector<std::string>> ParseIdentList();       // a, b, c
  Result<std::vector<std::string>> ParseParenIdentList();  // (a, b, c)
  Result<int64_t> ParseInt64();                            // [-]digits
  Result<std::string> ParseStringLit();
  bool IsIdentToken() const;  // an identifier usable as a name here (not a reserved word)

  // ---- statements ----
  Result<StatementPtr> ParseStatement();
  Result<StatementPtr> ParseCreate();
  Result<StatementPtr> ParseCreateSchema();
  Result<StatementPtr> ParseCreateTable(bool temp);
  Result<StatementPtr> ParseCreateView(bool or_replace);
  Result<StatementPtr> ParseDrop();
  Status ParseTableElements(CreateTableStmt* stmt);
  Status ParseTableElement(CreateTableStmt* stmt);
  Result<ColumnDef> ParseColumnDef();
  Status ParseColumnAttribute(ColumnDef* col, bool* matched);
  Result<TableConstraint> ParseTableConstraint();
  Status ParseTableAttributes(TableAttributes* attrs, bool ctas);
  Status ParseSortKeyAttribute(TableAttributes* attrs, SortKeyKind kind);
  Status ValidateCreateTable(const CreateTableStmt& stmt) const;
  Result<Identity> ParseIdentityArgs(bool by_default);
  Result<StatementPtr> ParseInsert();
  Result<StatementPtr> ParseUpdate();
  Result<StatementPtr> ParseWithDml();
  Result<StatementPtr> ParseDelete();
  Result<StatementPtr> ParseTruncate();
  Result<StatementPtr> ParseLock();
  Result<StatementPtr> ParseTransaction();
  Result<StatementPtr> ParseSet();
  Result<SetValue> ParseSetValue();
  Result<StatementPtr> ParseReset();
  Result<StatementPtr> ParseShow();
  Status ParseShowObjects(ShowStmt* stmt);
  Result<StatementPtr> ParseCancel();
  Result<StatementPtr> ParseExplain();
  Result<StatementPtr> ParseVacuum();
  Result<StatementPtr> ParseAnalyze();
  Result<StatementPtr> ParseCopy();
  Result<StatementPtr> ParseUnload();
  Result<std::vector<CopyOption>> ParseCopyOptions();
  Result<CopyOption> ParseCopyOption();
  Result<StatementPtr> ParseUnsupported();
  // ALTER TABLE (parser_alter.cc) and MERGE (parser_merge.cc).
  Result<StatementPtr> ParseAlterTable();
  Status ParseAlterAdd(AlterTableStmt* stmt);
  Status ParseAlterDrop(AlterTableStmt* stmt);
  Status ParseAlterRename(AlterTableStmt* stmt);
  Status ParseAlterAlter(AlterTableStmt* stmt);
  Status ParseAlterColumn(AlterTableStmt* stmt);
  Result<StatementPtr> ParseMerge();
  // Users, groups, GRANT/REVOKE (parser_security.cc).
  bool IsSecurityStatement() const;
  Result<StatementPtr> ParseSecurity();
  Result<StatementPtr> ParseUserStmt(SecurityKind kind);
  Status ParseUserOption(UserStmt* stmt);
  Result<StatementPtr> ParseDropRoles(SecurityKind kind);
  Result<StatementPtr> ParseGroupStmt(SecurityKind kind);
  Result<StatementPtr> ParseGrant(bool default_privileges);
  Status ParsePrivileges(GrantStmt* stmt);
  Status ParseGrantObjects(GrantStmt* stmt);
  Result<std::vector<GranteeName>> ParseGrantees();
  Result<StatementPtr> ParseAlterDefaultPrivileges();
  // CREATE / ALTER / DROP DATABASE (parser_database.cc).
  bool IsDatabaseStatement() const;
  Result<StatementPtr> ParseDatabase();
  Status ParseDatabaseOption(DatabaseStmt* stmt);
  Result<std::string> ParseVarName();
  // CREATE [OR REPLACE] / DROP / ALTER FUNCTION (parser_function.cc).
  bool IsFunctionStatement() const;
  Result<StatementPtr> ParseFunctionStatement();
  Status ParseCreateFunctionClause(FunctionStmt* stmt);
  // ( [ [arg_name] type [, ...] ] ): the types that identify a function.
  Result<std::vector<TypeName>> ParseFunctionArgTypes();

  // ---- queries (parser_select.cc) ----
  Result<std::unique_ptr<Query>> ParseQuery();
  Status ParseWith(Query* query);
  Result<std::unique_ptr<QueryTerm>> ParseSetExpr(int min_prec);
  Result<std::unique_ptr<QueryTerm>> ParseQueryPrimary();
  Result<std::unique_ptr<QueryTerm>> ParseValues();
  Result<std::unique_ptr<SelectCore>> ParseSelectCore();
  Status ParseSelectTargets(SelectCore* core);
  Result<SelectItem> ParseSelectItem();
  Status ParseSelectClauses(SelectCore* core);
  Status ParseQueryTail(Query* query);
  Result<std::vector<TableRefPtr>> ParseFromList();
  Result<TableRefPtr> ParseTableRef();
  Result<TableRefPtr> ParseTablePrimary();
  // PIVOT (...) / UNPIVOT [...] (...) after a FROM item, with the result's alias.
  Result<TableRefPtr> ParsePivot(TableRefPtr source);
  bool AtPivot() const;
  Result<TableRefPtr> ParseJoin(TableRefPtr left);
  Status ParseAlias(Alias* alias, bool allow_columns);
  Status ParseFunctionAlias(FunctionRef* ref);
  Result<std::vector<GroupingItem>> ParseGroupBy();
  Result<GroupingItem> ParseGroupingItem(bool nested);
  Result<std::vector<SortItem>> ParseOrderByList();
  bool LooksLikeQuery() const;  // at '(': does a SELECT/WITH/VALUES follow the parentheses?

  // ---- expressions (parser_expr.cc, parser_primary.cc) ----
  Result<ExprPtr> ParseExpr();
  Result<ExprList> ParseExprList();
  // Counts one more binary operator in the statement; fails past kMaxBinaryOps.
  Status CountBinaryOp(int location);
  Result<ExprPtr> ParseOr();
  Result<ExprPtr> ParseAnd();
  Result<ExprPtr> ParseNot();
  Result<ExprPtr> ParseIs();
  Result<ExprPtr> ParseIsTail(ExprPtr left);
  Result<ExprPtr> ParseComparison();
  Result<ExprPtr> ParsePattern();
  Result<ExprPtr> ParsePatternTail(ExprPtr left, bool negated);
  Result<ExprPtr> ParseIn(ExprPtr left, bool negated, int location);
  Result<ExprPtr> ParseOtherOp();
  Result<ExprPtr> ParseAdditive();
  Result<ExprPtr> ParseMultiplicative();
  Result<ExprPtr> ParseExponent();
  Result<ExprPtr> ParseAtTimeZone();
  Result<ExprPtr> ParseUnary();
  Result<ExprPtr> ParsePostfix();
  Result<ExprPtr> ParsePrimary();
  Result<ExprPtr> ParseBinaryRhs(ExprPtr left, std::string op, std::string op_schema, int location,
                                 Result<ExprPtr> (Parser::*next)());
  Result<ExprPtr> ParseParenExpr();
  Result<ExprPtr> ParseWordExpr();
  Result<ExprPtr> ParseNameExpr();
  Result<ExprPtr> ParseConstant();
  Result<ExprPtr> ParseCase();
  Result<ExprPtr> ParseCast();
  Result<ExprPtr> ParseExists();
  Result<ExprPtr> ParseArray();
  Result<ExprPtr> ParseSpecialFunction(bool* matched);
  Result<ExprPtr> ParseExtract();
  Result<ExprPtr> ParseTrimOrPosition();
  Result<ExprPtr> ParseSubstring();
  Result<ExprPtr> ParseFunctionCall(std::vector<std::string> name, int location);
  Status ParseFunctionArgs(FunctionCall* call);
  Status ParseFunctionSuffix(FunctionCall* call);
  Result<std::unique_ptr<WindowSpec>> ParseWindowSpec();
  Status ParseFrame(WindowSpec* spec);
  Result<FrameBound> ParseFrameBound();
  Result<ExprPtr> TryTypedLiteral(bool* matched);
  Result<std::string> ParseIntervalFields();
  Result<std::string> ParseOperatorName(std::string* schema);  // OPERATOR(schema.op)

  // ---- types (parser_type.cc) ----
  Result<TypeName> ParseTypeName();
  Result<TypeName> ParseBaseTypeName();
  Status ParseTypeModifiers(TypeName* type);
  void ParseTimeZoneSuffix(TypeName* type);

 private:
  std::string_view text_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;       // recursion guard
  int binary_ops_ = 0;  // in the statement being parsed; see kMaxBinaryOps
};

// Bounds the recursion depth so that pathological input fails cleanly instead of overflowing the stack.
inline constexpr int kMaxParseDepth = 400;
// A chain of binary operators (`a OR b OR ...`, `1 + 1 + ...`) nests without recursing here, one level per
// operator; past this many in one statement, the parse tree's own teardown would risk the stack.
inline constexpr int kMaxBinaryOps = 30000;

}  // namespace blueshift::sql
