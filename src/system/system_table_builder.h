#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "catalog/access_check.h"
#include "system/system_table.h"

namespace blueshift::system_internal {

// Shorthands for declaring system tables' columns and rows. Internal to src/system.
struct Col {
  const char* name;
  LogicalType type;
};

inline LogicalType Name() {
  return LogicalType::Varchar(128);
}
inline LogicalType Text() {
  return LogicalType::Varchar(LogicalType::kMaxVarcharLength);
}
inline LogicalType OidType() {
  return LogicalType::Integer();
}
inline LogicalType CharType() {
  return LogicalType::Char(1);
}

inline Value V(const std::string& s) {
  return Value::Varchar(s);
}
inline Value V(const char* s) {
  return Value::Varchar(s);
}
inline Value V(bool b) {
  return Value::Boolean(b);
}
inline Value V(int32_t i) {
  return Value::Integer(i);
}
inline Value Ch(char c) {
  return Value::Char(std::string(1, c), 1);
}
inline Value I16(int v) {
  return Value::SmallInt(static_cast<int16_t>(v));
}
inline Value I64(int64_t v) {
  return Value::BigInt(v);
}
inline Value Null() {
  return Value();
}

using RowFn = std::function<Status(const SystemContext&, std::vector<SystemRow>*)>;

// Registers a table in the process-wide list (called from the tables' definition files at startup).
SystemTable* Define(const char* schema, const char* name, Oid oid, const std::vector<Col>& columns, RowFn rows);

// A view as a table of its result columns (view_tables.cc), for pg_class and pg_attribute; its definition
// as pg_views shows it.
TableDef ViewAsTable(const ViewDef& v);
std::string ViewDefinition(const ViewDef& v);

// Who sees a relation in Redshift's catalog views (SVV_TABLES, SVV_COLUMNS, SVV_ALL_*, SHOW TABLES/COLUMNS):
// a superuser, its owner, or a user with USAGE on its schema and any privilege on it. A schema
// (SVV_ALL_SCHEMAS, SHOW SCHEMAS): a superuser, its owner, or a user with USAGE on it.
bool SeesRelation(const AccessCheck& access, const Catalog& catalog, const TableDef& relation);
bool SeesSchema(const AccessCheck& access, const SchemaDef& schema);

// Every user table and view (a view as a table of its columns) the user sees, in schema and name order
// within each kind.
std::vector<std::pair<TableDef, bool /*view*/>> VisibleRelations(const SystemContext& ctx);

// SHOW FUNCTIONS' rows (function_tables.cc): database_name, schema_name, function_name, number_of_arguments,
// argument_list, return_type, remarks of every user-defined function the user sees (a superuser, its owner, or
// USAGE on its schema and EXECUTE on it), by schema, name and arguments.
std::vector<Col> FunctionListingColumns();
Status FunctionListingRows(const SystemContext& ctx, std::vector<SystemRow>* rows);

// The oids of the types pg_type lists (all in pg_catalog).
std::vector<int32_t> PgTypeOids();

// A generator for a table that has no rows in blueshift (no indexes, no triggers, ...).
inline RowFn Empty() {
  return [](const SystemContext&, std::vector<SystemRow>*) { return Status::OK(); };
}

}  // namespace blueshift::system_internal
