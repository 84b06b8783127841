#pragma once

#include <cstddef>
#include <string>

#include "catalog/table_def.h"
#include "types/value.h"

namespace blueshift::system_internal {

// A column's default as Redshift's pg_get_expr(pg_attrdef.adbin) shows it, which is what psql's \d,
// SQLAlchemy's get_columns and information_schema.columns.column_default read. A string literal carries the
// column's type, as PostgreSQL prints the constant it becomes: 'abc'::character varying, 'ab'::bpchar,
// '2020-01-01'::date, '7'::bigint, while an integer column shows 7 and a boolean true. An IDENTITY column
// shows Redshift's "identity"(table oid, column index, 'seed,step'::text). Any other default (a number, a
// function call) is shown as written. Empty when the column has no default.
// REQUIRES: column < table.columns.size().
std::string ColumnDefaultExpression(const TableDef& table, size_t column);
// The same as a column_default value: NULL when the column has no default.
Value ColumnDefaultValue(const TableDef& table, size_t column);

// A column's type as information_schema.columns, SVV_COLUMNS and SVV_ALL_COLUMNS describe it: data_type's
// spelling ("character varying", "numeric", "integer", ...), and the length, precision, radix and scale
// columns (NULL where they do not apply, as in PostgreSQL).
struct ColumnTypeFacts {
  std::string data_type;
  Value character_maximum_length;
  Value numeric_precision;
  Value numeric_precision_radix;
  Value numeric_scale;
  Value datetime_precision;
};
ColumnTypeFacts DescribeColumnType(const LogicalType& type);

}  // namespace blueshift::system_internal
