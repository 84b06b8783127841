#include "system/column_default.h"

#include <optional>

#include "function/cast.h"

namespace blueshift::system_internal {
namespace {

// The value of a single string literal ('it''s' -> it's); nullopt for any other expression.
std::optional<std::string> StringLiteral(const std::string& sql) {
  if (sql.size() < 2 || sql.front() != '\'' || sql.back() != '\'') return std::nullopt;
  std::string value;
  for (size_t i = 1; i + 1 < sql.size(); i++) {
    if (sql[i] == '\'') {
      if (i + 2 >= sql.size() || sql[i + 1] != '\'') return std::nullopt;  // a quote that ends the literal early
      i++;
    }
    value += sql[i];
  }
  return value;
}

std::string Quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// format_type's spelling without the modifiers, as a constant's label shows it.
std::string TypeLabel(const LogicalType& t) {
  if (t.id() == TypeId::kChar) return "bpchar";
  std::string s = t.ToString();
  size_t paren = s.find('(');
  return paren == std::string::npos ? s : s.substr(0, paren);
}

// A string literal as the constant of the column's type it becomes.
std::string TypedLiteral(const std::string& literal, const LogicalType& type) {
  if (type.IsString()) return Quoted(literal) + "::" + TypeLabel(type);
  auto v = CastValue(Value::Varchar(literal), type, CastContext::kExplicit);
  if (!v.ok()) return Quoted(literal);  // the binder checked the default; kept as written if it no longer casts
  std::string text = v->ToString();
  switch (type.id()) {
    case TypeId::kBoolean:
      return text == "t" ? "true" : "false";
    case TypeId::kInteger:  // PostgreSQL prints a non-negative int4 constant bare
      return text[0] == '-' ? Quoted(text) + "::integer" : text;
    case TypeId::kDecimal:  // and a numeric one bare when it has a fraction
      return literal.find('.') != std::string::npos ? literal : literal + "::numeric";
    default:
      return Quoted(text) + "::" + TypeLabel(type);
  }
}

}  // namespace

std::string ColumnDefaultExpression(const TableDef& table, size_t column) {
  const ColumnDef& c = table.columns[column];
  if (c.identity) {
    return "\"identity\"(" + std::to_string(table.oid) + ", " + std::to_string(column) + ", '" +
           std::to_string(c.identity->seed) + "," + std::to_string(c.identity->step) + "'::text)";
  }
  if (c.default_sql.empty()) return "";
  if (auto literal = StringLiteral(c.default_sql)) return TypedLiteral(*literal, c.type);
  return c.default_sql;
}

Value ColumnDefaultValue(const TableDef& table, size_t column) {
  return table.columns[column].HasDefault() ? Value::Varchar(ColumnDefaultExpression(table, column)) : Value();
}

namespace {
// information_schema.columns' data_type spelling.
std::string DataType(const LogicalType& t) {
  switch (t.id()) {
    case TypeId::kDecimal:
      return "numeric";
    case TypeId::kChar:
      return "character";
    case TypeId::kVarchar:  // PostgreSQL's information_schema names every array type ARRAY
      return t.pg_array() == PgArrayKind::kNone ? "character varying" : "ARRAY";
    case TypeId::kVarbyte:
      return "binary varying";
    case TypeId::kIntervalYM:
    case TypeId::kIntervalDS:
      return "interval";  // the qualifier is in pg_attribute's typmod, as PostgreSQL keeps it
    default:
      return t.ToString();
  }
}

Value IntOrNull(bool present, int32_t v) {
  return present ? Value::Integer(v) : Value();
}
}  // namespace

ColumnTypeFacts DescribeColumnType(const LogicalType& type) {
  bool is_num = type.IsNumeric();
  int32_t precision = type.id() == TypeId::kDecimal    ? type.precision()
                      : type.id() == TypeId::kSmallInt ? 16
                      : type.id() == TypeId::kInteger  ? 32
                      : type.id() == TypeId::kBigInt   ? 64
                      : type.id() == TypeId::kReal     ? 24
                                                       : 53;
  bool has_scale = type.id() == TypeId::kDecimal || type.IsInteger();
  bool has_length = type.IsString() || type.IsVarbyte();
  ColumnTypeFacts f;
  f.data_type = DataType(type);
  f.character_maximum_length = IntOrNull(has_length, type.length());
  f.numeric_precision = IntOrNull(is_num, precision);
  f.numeric_precision_radix = IntOrNull(is_num, type.id() == TypeId::kDecimal ? 10 : 2);
  f.numeric_scale = IntOrNull(has_scale, type.id() == TypeId::kDecimal ? type.scale() : 0);
  bool clock = type.IsTemporal() || type.id() == TypeId::kTime || type.id() == TypeId::kTimeTz || type.IsInterval();
  int32_t fraction = type.id() == TypeId::kIntervalDS ? type.interval_precision() : 6;
  f.datetime_precision =
      IntOrNull(clock, type.id() == TypeId::kDate || type.id() == TypeId::kIntervalYM ? 0 : fraction);
  return f;
}

}  // namespace blueshift::system_internal
