// Type names: the SQL multi-word spellings (DOUBLE PRECISION, CHARACTER VARYING, TIMESTAMP WITH TIME ZONE)
// and Redshift's aliases map to one canonical lower-case name; anything else is kept as a generic name.

#include <map>

#include "sql/parser_internal.h"

namespace blueshift::sql {
namespace {

// Canonical names for single-word spellings.
std::string CanonicalName(const std::string& word) {
  static const std::map<std::string, std::string> kAliases = {
      {"smallint", "int2"},       {"int2", "int2"},
      {"integer", "int4"},        {"int", "int4"},
      {"int4", "int4"},           {"bigint", "int8"},
      {"int8", "int8"},           {"decimal", "numeric"},
      {"dec", "numeric"},         {"numeric", "numeric"},
      {"real", "float4"},         {"float4", "float4"},
      {"float8", "float8"},       {"float", "float8"},
      {"boolean", "bool"},        {"bool", "bool"},
      {"char", "bpchar"},         {"character", "bpchar"},
      {"nchar", "bpchar"},        {"bpchar", "bpchar"},
      {"varchar", "varchar"},     {"nvarchar", "varchar"},
      {"text", "text"},           {"date", "date"},
      {"timestamp", "timestamp"}, {"timestamptz", "timestamptz"},
      {"time", "time"},           {"timetz", "timetz"},
      {"interval", "interval"},   {"varbyte", "varbyte"},
      {"varbinary", "varbyte"},   {"binary", "varbyte"},
  };
  auto it = kAliases.find(word);
  return it == kAliases.end() ? word : it->second;
}

}  // namespace

Result<TypeName> Parser::ParseTypeName() {
  ASSIGN_OR_RETURN(TypeName type, ParseBaseTypeName());
  while (IsPunct("[")) {
    Advance();
    if (Cur().kind == TokenKind::kInteger) Advance();
    RETURN_IF_ERROR(ExpectPunct("]"));
    ++type.array_dims;
  }
  return type;
}

Result<TypeName> Parser::ParseBaseTypeName() {
  TypeName type;
  type.location = Cur().begin;
  if (Cur().kind != TokenKind::kIdent) return SyntaxError();
  if (!Cur().quoted && IsKeywordReserved(Cur().text) && !Cur().Is("binary")) return SyntaxError();
  std::string word = Cur().text;
  bool quoted = Cur().quoted;
  Advance();
  if (!quoted && word == "double") {
    RETURN_IF_ERROR(ExpectWord("precision"));
    type.name = "float8";
    return type;
  }
  if (!quoted && word == "float") {
    type.name = "float8";
    if (!IsPunct("(")) return type;
    int loc = PeekTok().begin;
    RETURN_IF_ERROR(ParseTypeModifiers(&type));
    if (type.modifiers.size() != 1 || type.max_length) return ErrorAt(ErrorCode::kSyntaxError, "syntax error", loc);
    int64_t bits = type.modifiers[0];
    if (bits < 1)
      return ErrorAt(ErrorCode::kInvalidParameterValue, "precision for type float must be at least 1 bit", loc);
    if (bits > 53) {
      return ErrorAt(ErrorCode::kInvalidParameterValue, "precision for type float must be less than 54 bits", loc);
    }
    type.name = bits <= 24 ? "float4" : "float8";
    type.modifiers.clear();
    return type;
  }
  if (!quoted && word == "national" && (Is("character") || Is("char"))) {
    word = Cur().text;
    Advance();
  }
  if (!quoted && (word == "character" || word == "char" || word == "nchar") && AcceptWord("varying")) {
    word = "varchar";
  }
  if (!quoted && word == "binary" && AcceptWord("varying")) word = "varbyte";
  if (!quoted && (word == "timestamp" || word == "time")) {
    type.name = word;
    if (IsPunct("(")) RETURN_IF_ERROR(ParseTypeModifiers(&type));
    ParseTimeZoneSuffix(&type);
    return type;
  }
  if (IsPunct(".") && PeekTok().kind == TokenKind::kIdent) {
    Advance();
    type.schema = word;
    word = Cur().text;
    quoted = Cur().quoted;
    Advance();
  }
  type.name = quoted ? word : CanonicalName(word);
  if (!quoted && type.name == "interval") {
    // INTERVAL YEAR TO MONTH, INTERVAL DAY TO SECOND [(p)] ...: the qualifier is part of the type's name.
    ASSIGN_OR_RETURN(std::string fields, ParseIntervalFields());
    if (!fields.empty()) type.name += " " + fields;
  }
  if (IsPunct("(")) RETURN_IF_ERROR(ParseTypeModifiers(&type));
  return type;
}

// ( n [, m] ) or ( MAX ).
Status Parser::ParseTypeModifiers(TypeName* type) {
  RETURN_IF_ERROR(ExpectPunct("("));
  if (AcceptWord("max")) {
    type->max_length = true;
    return ExpectPunct(")");
  }
  do {
    ASSIGN_OR_RETURN(int64_t value, ParseInt64());
    type->modifiers.push_back(value);
  } while (AcceptPunct(","));
  return ExpectPunct(")");
}

void Parser::ParseTimeZoneSuffix(TypeName* type) {
  bool with = Is("with");
  if (!(with || Is("without")) || !PeekTok().Is("time") || !PeekTok(2).Is("zone")) return;
  pos_ += 3;
  if (with) type->name += "tz";
}

}  // namespace blueshift::sql
