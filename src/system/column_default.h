#pragma once

#include <cstddef>
#include <string>

#include "catalog/table_def.h"

namespace blueshift::system_internal {

// A column's default as Redshift's pg_get_expr(pg_attrdef.adbin) shows it, which is what psql's \d,
// SQLAlchemy's get_columns and information_schema.columns.column_default read. A string literal carries the
// column's type, as PostgreSQL prints the constant it becomes: 'abc'::character varying, 'ab'::bpchar,
// '2020-01-01'::date, '7'::bigint, while an integer column shows 7 and a boolean true. An IDENTITY column
// shows Redshift's "identity"(table oid, column index, 'seed,step'::text). Any other default (a number, a
// function call) is shown as written. Empty when the column has no default.
// REQUIRES: column < table.columns.size().
std::string ColumnDefaultExpression(const TableDef& table, size_t column);

}  // namespace blueshift::system_internal
