#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "catalog/table_def.h"

namespace blueshift {

// CREATE FUNCTION's { VOLATILE | STABLE | IMMUTABLE }; pg_proc.provolatile 'v', 's', 'i'.
enum class Volatility : uint8_t { kVolatile = 0, kStable = 1, kImmutable = 2 };

// pg_language oids of the languages CREATE FUNCTION names.
inline constexpr Oid kLanguageSqlOid = 14;
inline constexpr Oid kLanguagePlpythonuOid = 100001;

// FunctionDef is a scalar SQL user-defined function (CREATE FUNCTION ... LANGUAGE sql) as the catalog keeps
// it: its signature, its return type and the SELECT clause of its body as written, bound again at each call
// with $1, $2 ... standing for the call's arguments. A function is identified by schema, name and argument
// types (overloads share a name). Immutable once published.
struct FunctionDef {
  Oid oid = 0;
  Oid schema_oid = 0;
  std::string schema;
  std::string name;
  std::string owner = "awsuser";
  std::vector<LogicalType> arg_types;
  LogicalType return_type;
  Volatility volatility = Volatility::kVolatile;
  std::string body_sql;  // the text between AS $$ and $$ (pg_proc.prosrc)
};

// Whether two argument types are the same in a signature: lengths, precisions and scales do not count.
bool SameSignatureType(const LogicalType& a, const LogicalType& b);
bool SameSignature(const std::vector<LogicalType>& a, const std::vector<LogicalType>& b);

// "f_add(integer, character varying)": the name and the argument types as PostgreSQL prints them.
std::string FunctionSignature(const FunctionDef& f);
std::string FunctionSignature(const std::string& name, const std::vector<LogicalType>& arg_types);

}  // namespace blueshift
