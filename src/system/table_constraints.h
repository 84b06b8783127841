#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.h"

namespace blueshift::system_internal {

// A table's informational constraints as the catalog tables show them (pg_constraint, pg_index, the index
// relations in pg_class and pg_attribute, pg_depend), with PostgreSQL's generated names: t_pkey, t_a_key,
// t_a_fkey. A primary key or unique constraint has an index relation named like the constraint (Redshift
// keeps no index; it is there because drivers find keys through pg_index). Oids are the ones the catalog
// gave the constraint (TableDef::primary_key_oid, unique_key_oids, ForeignKeyDef::oid; an index has its
// key's oid + 1), so they stay while the constraint exists.
struct TableConstraint {
  Oid oid = 0;
  char type = 'p';  // 'p' primary key, 'u' unique, 'f' foreign key
  std::string name;
  std::vector<int> columns;      // 1-based attnums
  Oid index_oid = 0;             // 'p' and 'u': the index relation; 'f': the referenced key's index, 0 if none
  Oid ref_table = 0;             // 'f': the referenced table, 0 when it no longer exists
  std::vector<int> ref_columns;  // 'f': 1-based attnums in the referenced table
};

std::vector<TableConstraint> ConstraintsOf(const Catalog& catalog, const TableDef& table);

// The index relations of a table's primary key and unique constraints, as tables (for pg_class and
// pg_attribute): one column per key column, in key order.
std::vector<TableDef> IndexRelationsOf(const Catalog& catalog, const TableDef& table);

// Array values in PostgreSQL's text forms: int2vector "1 2" and int2[] "{1,2}".
std::string Int2Vector(const std::vector<int>& v);
std::string Int2Array(const std::vector<int>& v);

// pg_get_constraintdef's text: "PRIMARY KEY (a, b)", "UNIQUE (a)", "FOREIGN KEY (a) REFERENCES s.t(b)" (the
// schema only when it is not on the search path).
std::string ConstraintDefinition(const Catalog& catalog, const TableDef& table, const TableConstraint& c,
                                 const std::vector<std::string>& search_path);

}  // namespace blueshift::system_internal
