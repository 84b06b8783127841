// Maintenance and data movement: VACUUM, ANALYZE [COMPRESSION], COPY, UNLOAD; and the generic
// UnsupportedStmt for recognised statements that are not implemented.

#include <set>

#include "sql/parser_internal.h"

namespace blueshift::sql {
namespace {

// Bare words that are values of the preceding COPY/UNLOAD option rather than options of their own.
bool IsCopyValueWord(const Token& t) {
  static const std::set<std::string_view> kWords = {"on",    "off",     "true",    "false", "auto", "default", "utf8",
                                                    "utf16", "utf16le", "utf16be", "mb",    "gb",   "verbose"};
  return t.kind == TokenKind::kIdent && !t.quoted && kWords.count(t.text) > 0;
}

// Data formats: the value of FORMAT [AS] x, otherwise options of their own (CSV, JSON 'auto', PARQUET).
bool IsFormatWord(const Token& t) {
  static const std::set<std::string_view> kWords = {"csv", "json", "parquet", "avro", "orc", "shapefile", "text"};
  return t.kind == TokenKind::kIdent && !t.quoted && kWords.count(t.text) > 0;
}

// Statements recognised by their first word but not implemented.
bool IsKnownStatementWord(const Token& t) {
  static const std::set<std::string_view> kWords = {
      "alter",   "grant",     "revoke",     "comment", "call",       "lock",     "cancel",  "close",
      "declare", "fetch",     "prepare",    "execute", "deallocate", "merge",    "refresh", "create",
      "drop",    "discard",   "checkpoint", "reindex", "cluster",    "listen",   "notify",  "unlisten",
      "move",    "savepoint", "release",    "do",      "desc",       "describe", "load",    "import"};
  return t.kind == TokenKind::kIdent && !t.quoted && kWords.count(t.text) > 0;
}

bool IsObjectTypeWord(const Token& t) {
  static const std::set<std::string_view> kWords = {
      "materialized", "external", "view",      "table",     "function",   "procedure", "user",     "group",
      "database",     "library",  "model",     "datashare", "role",       "schema",    "index",    "sequence",
      "type",         "trigger",  "rule",      "extension", "masking",    "rls",       "policy",   "identity",
      "provider",     "temp",     "temporary", "default",   "privileges", "aggregate", "operator", "owner"};
  return t.kind == TokenKind::kIdent && !t.quoted && kWords.count(t.text) > 0;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Result<StatementPtr> Parser::ParseVacuum() {
  Advance();  // VACUUM
  auto stmt = std::make_unique<VacuumStmt>();
  if (AcceptWord("full")) {
    stmt->mode = VacuumMode::kFull;
  } else if (Is("sort") && PeekTok().Is("only")) {
    pos_ += 2;
    stmt->mode = VacuumMode::kSortOnly;
  } else if (Is("delete") && PeekTok().Is("only")) {
    pos_ += 2;
    stmt->mode = VacuumMode::kDeleteOnly;
  } else if (AcceptWord("reindex")) {
    stmt->mode = VacuumMode::kReindex;
  } else if (AcceptWord("recluster")) {
    stmt->mode = VacuumMode::kRecluster;
  }
  if (!IsIdentToken() || Is("boost")) return StatementPtr(std::move(stmt));
  ASSIGN_OR_RETURN(stmt->table, ParseQualifiedName());
  if (AcceptWord("to")) {
    int loc = Cur().begin;
    ASSIGN_OR_RETURN(int64_t percent, ParseInt64());
    RETURN_IF_ERROR(ExpectWord("percent"));
    if (percent < 0 || percent > 100) {
      return ErrorAt(ErrorCode::kInvalidParameterValue, "VACUUM threshold must be between 0 and 100 percent", loc);
    }
    stmt->to_percent = percent;
  }
  stmt->boost = AcceptWord("boost");
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseAnalyze() {
  Advance();  // ANALYZE
  auto stmt = std::make_unique<AnalyzeStmt>();
  if (AcceptWord("compression")) {
    stmt->compression = true;
  } else {
    stmt->verbose = AcceptWord("verbose");
  }
  if (IsIdentToken() && !(Is("predicate") && PeekTok().Is("columns")) && !Is("comprows")) {
    ASSIGN_OR_RETURN(stmt->table, ParseQualifiedName());
    if (IsPunct("(")) {
      ASSIGN_OR_RETURN(stmt->columns, ParseParenIdentList());
    }
  }
  if (Is("predicate") && PeekTok().Is("columns") && !stmt->compression) {
    pos_ += 2;
    stmt->which = AnalyzeStmt::Columns::kPredicate;
  } else if (Is("all") && PeekTok().Is("columns") && !stmt->compression) {
    pos_ += 2;
    stmt->which = AnalyzeStmt::Columns::kAll;
  } else if (stmt->compression && AcceptWord("comprows")) {
    ASSIGN_OR_RETURN(stmt->comprows, ParseInt64());
  }
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseCopy() {
  Advance();  // COPY
  auto stmt = std::make_unique<CopyStmt>();
  ASSIGN_OR_RETURN(stmt->table, ParseQualifiedName());
  if (IsPunct("(")) {
    ASSIGN_OR_RETURN(stmt->columns, ParseParenIdentList());
  }
  RETURN_IF_ERROR(ExpectWord("from"));
  if (AcceptWord("stdin")) {
    stmt->from_stdin = true;
  } else {
    ASSIGN_OR_RETURN(stmt->source, ParseStringLit());
  }
  ASSIGN_OR_RETURN(stmt->options, ParseCopyOptions());
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseUnload() {
  Advance();  // UNLOAD
  auto stmt = std::make_unique<UnloadStmt>();
  RETURN_IF_ERROR(ExpectPunct("("));
  ASSIGN_OR_RETURN(stmt->query, ParseStringLit());
  RETURN_IF_ERROR(ExpectPunct(")"));
  RETURN_IF_ERROR(ExpectWord("to"));
  ASSIGN_OR_RETURN(stmt->destination, ParseStringLit());
  ASSIGN_OR_RETURN(stmt->options, ParseCopyOptions());
  return StatementPtr(std::move(stmt));
}

Result<std::vector<CopyOption>> Parser::ParseCopyOptions() {
  std::vector<CopyOption> options;
  AcceptWord("with");
  while (!AtStatementEnd()) {
    ASSIGN_OR_RETURN(CopyOption option, ParseCopyOption());
    options.push_back(std::move(option));
    AcceptPunct(",");
  }
  return options;
}

// name [AS] [value ...]; PARTITION BY (cols) [INCLUDE] is the one structured option.
Result<CopyOption> Parser::ParseCopyOption() {
  CopyOption option;
  option.location = Cur().begin;
  ASSIGN_OR_RETURN(option.name, ParseAnyIdent());
  if (option.name == "partition" && AcceptWord("by")) {
    option.name = "partition by";
    ASSIGN_OR_RETURN(std::vector<std::string> cols, ParseParenIdentList());
    for (std::string& c : cols) option.args.push_back({SetValue::Kind::kWord, std::move(c), option.location});
    if (AcceptWord("include")) option.args.push_back({SetValue::Kind::kWord, "include", option.location});
    return option;
  }
  AcceptWord("as");
  while (true) {
    const Token& t = Cur();
    SetValue v;
    v.location = t.begin;
    v.text = t.text;
    if (t.kind == TokenKind::kString) {
      v.kind = SetValue::Kind::kString;
    } else if (t.kind == TokenKind::kInteger || t.kind == TokenKind::kDecimal) {
      v.kind = SetValue::Kind::kNumber;
    } else if (IsCopyValueWord(t) || (option.name == "format" && option.args.empty() && IsFormatWord(t)) ||
               (option.name == "compupdate" && t.kind == TokenKind::kIdent && !t.quoted && t.text == "preset")) {
      v.kind = SetValue::Kind::kWord;
    } else {
      return option;
    }
    option.args.push_back(std::move(v));
    Advance();
  }
}

// Keeps the leading keywords (e.g. "ALTER TABLE", "CREATE MATERIALIZED VIEW") and skips to the end of the
// statement, respecting parentheses.
Result<StatementPtr> Parser::ParseUnsupported() {
  if (!IsKnownStatementWord(Cur())) return SyntaxError();
  auto stmt = std::make_unique<UnsupportedStmt>();
  stmt->keywords = Upper(Cur().text);
  bool ddl = Is("create") || Is("drop") || Is("alter");
  Advance();
  if (ddl && Is("or") && PeekTok().Is("replace")) pos_ += 2;
  if (ddl && !IsObjectTypeWord(Cur())) return SyntaxError();  // CREATE TABEL: the misspelt word is the error
  for (int i = 0; ddl && i < 2 && IsObjectTypeWord(Cur()); ++i) {
    stmt->keywords += " " + Upper(Cur().text);
    Advance();
  }
  int depth = 0;
  while (!AtEnd() && !(depth == 0 && IsPunct(";"))) {
    if (IsPunct("(")) ++depth;
    if (IsPunct(")") && depth > 0) --depth;
    Advance();
  }
  return StatementPtr(std::move(stmt));
}

}  // namespace blueshift::sql
