#include "sql/parser.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "sql/parser_internal.h"

namespace blueshift::sql {
namespace {

// PostgreSQL's reserved keywords, the join words that cannot be bare aliases, and Redshift's additions
// (MINUS, QUALIFY, TOP). Sorted for binary search.
constexpr auto kReserved = std::to_array<std::string_view>({"all",
                                                            "analyse",
                                                            "analyze",
                                                            "and",
                                                            "any",
                                                            "array",
                                                            "as",
                                                            "asc",
                                                            "asymmetric",
                                                            "authorization",
                                                            "between",
                                                            "binary",
                                                            "both",
                                                            "case",
                                                            "cast",
                                                            "check",
                                                            "collate",
                                                            "column",
                                                            "constraint",
                                                            "create",
                                                            "cross",
                                                            "current_catalog",
                                                            "current_date",
                                                            "current_role",
                                                            "current_time",
                                                            "current_timestamp",
                                                            "current_user",
                                                            "default",
                                                            "deferrable",
                                                            "desc",
                                                            "distinct",
                                                            "do",
                                                            "else",
                                                            "end",
                                                            "except",
                                                            "false",
                                                            "fetch",
                                                            "for",
                                                            "foreign",
                                                            "freeze",
                                                            "from",
                                                            "full",
                                                            "grant",
                                                            "group",
                                                            "having",
                                                            "ilike",
                                                            "in",
                                                            "initially",
                                                            "inner",
                                                            "intersect",
                                                            "into",
                                                            "is",
                                                            "isnull",
                                                            "join",
                                                            "lateral",
                                                            "leading",
                                                            "left",
                                                            "like",
                                                            "limit",
                                                            "localtime",
                                                            "localtimestamp",
                                                            "minus",
                                                            "natural",
                                                            "not",
                                                            "notnull",
                                                            "null",
                                                            "offset",
                                                            "on",
                                                            "only",
                                                            "or",
                                                            "order",
                                                            "outer",
                                                            "overlaps",
                                                            "placing",
                                                            "primary",
                                                            "qualify",
                                                            "references",
                                                            "returning",
                                                            "right",
                                                            "select",
                                                            "session_user",
                                                            "similar",
                                                            "some",
                                                            "symmetric",
                                                            "table",
                                                            "then",
                                                            "to",
                                                            "top",
                                                            "trailing",
                                                            "true",
                                                            "union",
                                                            "unique",
                                                            "user",
                                                            "using",
                                                            "variadic",
                                                            "verbose",
                                                            "when",
                                                            "where",
                                                            "window",
                                                            "with"});

// PeekTok past the end returns this.
const Token kEofToken;

}  // namespace

bool IsKeywordReserved(std::string_view word) {
  static const bool sorted = [] {
    auto copy = kReserved;
    std::sort(copy.begin(), copy.end());
    return copy == kReserved;
  }();
  if (!sorted) return std::find(kReserved.begin(), kReserved.end(), word) != kReserved.end();
  return std::binary_search(kReserved.begin(), kReserved.end(), word);
}

Result<std::vector<StatementPtr>> Parse(std::string_view text) {
  ASSIGN_OR_RETURN(std::vector<Token> tokens, Lex(text));
  Parser parser(text, std::move(tokens));
  return parser.ParseAll();
}

Result<std::vector<StatementPtr>> Parser::ParseAll() {
  std::vector<StatementPtr> out;
  while (!AtEnd()) {
    if (AcceptPunct(";")) continue;
    int begin = Cur().begin;
    binary_ops_ = 0;
    ASSIGN_OR_RETURN(StatementPtr stmt, ParseStatement());
    if (!AtStatementEnd()) return SyntaxError();
    stmt->location = begin;
    stmt->text_begin = begin;
    stmt->text_end = tokens_[pos_ - 1].end;
    out.push_back(std::move(stmt));
  }
  return out;
}

const Token& Parser::PeekTok(int ahead) const {
  size_t i = pos_ + ahead;
  return i < tokens_.size() ? tokens_[i] : kEofToken;
}

bool Parser::AcceptWord(std::string_view word) {
  if (!Is(word)) return false;
  Advance();
  return true;
}

bool Parser::AcceptPunct(std::string_view p) {
  if (!IsPunct(p)) return false;
  Advance();
  return true;
}

Status Parser::ExpectWord(std::string_view word) {
  return AcceptWord(word) ? Status::OK() : SyntaxError();
}

Status Parser::ExpectPunct(std::string_view p) {
  return AcceptPunct(p) ? Status::OK() : SyntaxError();
}

Status Parser::SyntaxError() const {
  const Token& t = Cur();
  if (t.kind == TokenKind::kEof) return ErrorAt(ErrorCode::kSyntaxError, "syntax error at end of input", t.begin);
  std::string near(text_.substr(t.begin, t.end - t.begin));
  return ErrorAt(ErrorCode::kSyntaxError, "syntax error at or near \"" + near + "\"", t.begin);
}

Status Parser::ErrorAt(ErrorCode code, const std::string& message, int byte_offset) const {
  return Status(code, message).WithPosition(CharPosition(text_, byte_offset));
}

bool Parser::IsIdentToken() const {
  const Token& t = Cur();
  return t.kind == TokenKind::kIdent && (t.quoted || !IsKeywordReserved(t.text));
}

Result<std::string> Parser::ParseIdent() {
  if (!IsIdentToken()) return SyntaxError();
  std::string s = Cur().text;
  Advance();
  return s;
}

Result<std::string> Parser::ParseAnyIdent() {
  if (Cur().kind != TokenKind::kIdent) return SyntaxError();
  std::string s = Cur().text;
  Advance();
  return s;
}

Result<QualifiedName> Parser::ParseQualifiedName() {
  QualifiedName name;
  name.location = Cur().begin;
  ASSIGN_OR_RETURN(std::string first, ParseIdent());
  name.parts.push_back(std::move(first));
  while (IsPunct(".") && PeekTok().kind == TokenKind::kIdent) {
    Advance();
    ASSIGN_OR_RETURN(std::string part, ParseAnyIdent());
    name.parts.push_back(std::move(part));
  }
  if (name.parts.size() > 3) {
    return ErrorAt(ErrorCode::kSyntaxError, "improper qualified name (too many dotted names)", name.location);
  }
  return name;
}

Result<std::vector<std::string>> Parser::ParseIdentList() {
  std::vector<std::string> out;
  do {
    ASSIGN_OR_RETURN(std::string id, ParseIdent());
    out.push_back(std::move(id));
  } while (AcceptPunct(","));
  return out;
}

Result<std::vector<std::string>> Parser::ParseParenIdentList() {
  RETURN_IF_ERROR(ExpectPunct("("));
  ASSIGN_OR_RETURN(std::vector<std::string> out, ParseIdentList());
  RETURN_IF_ERROR(ExpectPunct(")"));
  return out;
}

Result<int64_t> Parser::ParseInt64() {
  bool negative = false;
  if (Cur().IsOp("-")) {
    negative = true;
    Advance();
  }
  if (Cur().kind != TokenKind::kInteger) return SyntaxError();
  const std::string& digits = Cur().text;
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc()) return ErrorAt(ErrorCode::kNumericValueOutOfRange, "integer out of range", Cur().begin);
  Advance();
  return negative ? -value : value;
}

Result<std::string> Parser::ParseStringLit() {
  if (Cur().kind != TokenKind::kString) return SyntaxError();
  std::string s = Cur().text;
  Advance();
  return s;
}

// WITH ... UPDATE / DELETE; null (the position kept) when the WITH clause heads a query instead.
Result<StatementPtr> Parser::ParseWithDml() {
  const size_t start = pos_;
  Query with;
  RETURN_IF_ERROR(ParseWith(&with));
  if (!Is("update") && !Is("delete")) {
    pos_ = start;
    return StatementPtr();
  }
  const bool update = Is("update");
  ASSIGN_OR_RETURN(StatementPtr stmt, update ? ParseUpdate() : ParseDelete());
  DmlWith& target = update ? stmt->As<UpdateStmt>().with : stmt->As<DeleteStmt>().with;
  target.recursive = with.recursive;
  target.ctes = std::move(with.with);
  return stmt;
}

Result<StatementPtr> Parser::ParseStatement() {
  const Token& t = Cur();
  if (t.kind == TokenKind::kPunct && t.text == "(") {
    if (!LooksLikeQuery()) return SyntaxError();
  } else if (t.kind != TokenKind::kIdent || t.quoted) {
    return SyntaxError();
  }
  if (Is("with")) {
    ASSIGN_OR_RETURN(StatementPtr dml, ParseWithDml());
    if (dml) return dml;
  }
  if (Is("select") || Is("with") || Is("values") || IsPunct("(")) {
    auto stmt = std::make_unique<SelectStmt>();
    ASSIGN_OR_RETURN(stmt->query, ParseQuery());
    return StatementPtr(std::move(stmt));
  }
  if (IsSecurityStatement()) return ParseSecurity();
  if (IsDatabaseStatement()) return ParseDatabase();
  if (IsFunctionStatement()) return ParseFunctionStatement();
  if (Is("create")) return ParseCreate();
  if (Is("drop")) return ParseDrop();
  if (Is("insert")) return ParseInsert();
  if (Is("update")) return ParseUpdate();
  if (Is("delete")) return ParseDelete();
  if (Is("truncate")) return ParseTruncate();
  if (Is("lock")) return ParseLock();
  if (Is("begin") || Is("start") || Is("commit") || Is("end") || Is("rollback") || Is("abort")) {
    return ParseTransaction();
  }
  if (Is("set")) return ParseSet();
  if (Is("reset")) return ParseReset();
  if (Is("show")) return ParseShow();
  if (Is("explain")) return ParseExplain();
  if (Is("vacuum")) return ParseVacuum();
  if (Is("analyze") || Is("analyse")) return ParseAnalyze();
  if (Is("copy")) return ParseCopy();
  if (Is("unload")) return ParseUnload();
  if (Is("alter") && PeekTok().Is("table")) return ParseAlterTable();
  if (Is("merge")) return ParseMerge();
  if (Is("cancel")) return ParseCancel();
  return ParseUnsupported();
}

}  // namespace blueshift::sql
