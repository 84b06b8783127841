#include "system/table_constraints.h"

#include <algorithm>

namespace blueshift::system_internal {
namespace {

std::vector<int> AttNums(const std::vector<int>& columns) {
  std::vector<int> out;
  for (int c : columns) out.push_back(c + 1);
  return out;
}

std::string ColumnSuffix(const TableDef& t, const std::vector<int>& columns) {
  std::string s;
  for (int c : columns) s += "_" + t.columns[c].name;
  return s;
}

// The table a foreign key references: its own schema's name when unqualified, then public.
std::shared_ptr<const TableDef> ReferencedTable(const Catalog& catalog, const TableDef& t, const ForeignKeyDef& fk) {
  if (!fk.ref_schema.empty()) return catalog.FindTable(fk.ref_schema, fk.ref_table);
  if (auto r = catalog.FindTable(t.schema, fk.ref_table)) return r;
  return catalog.FindTable("public", fk.ref_table);
}

std::vector<int> Sorted(std::vector<int> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// The key constraints (primary key first, then unique) without foreign keys; shared by both public calls.
std::vector<TableConstraint> KeyConstraints(const TableDef& t) {
  std::vector<TableConstraint> out;
  auto add = [&](char type, const std::string& name, const std::vector<int>& cols, Oid oid) {
    TableConstraint c;
    c.oid = oid;
    c.type = type;
    c.name = name;
    c.columns = AttNums(cols);
    c.index_oid = oid + 1;  // the catalog hands a key two oids: its own and its index's
    out.push_back(std::move(c));
  };
  if (!t.primary_key.empty()) add('p', t.name + "_pkey", t.primary_key, t.primary_key_oid);
  for (size_t i = 0; i < t.unique_keys.size(); i++) {
    Oid oid = i < t.unique_key_oids.size() ? t.unique_key_oids[i] : 0;
    add('u', t.name + ColumnSuffix(t, t.unique_keys[i]) + "_key", t.unique_keys[i], oid);
  }
  return out;
}

}  // namespace

std::vector<TableConstraint> ConstraintsOf(const Catalog& catalog, const TableDef& t) {
  std::vector<TableConstraint> out = KeyConstraints(t);
  for (const ForeignKeyDef& fk : t.foreign_keys) {
    TableConstraint c;
    c.oid = fk.oid;
    c.type = 'f';
    c.name = t.name + ColumnSuffix(t, fk.columns) + "_fkey";
    c.columns = AttNums(fk.columns);
    if (auto ref = ReferencedTable(catalog, t, fk)) {
      c.ref_table = ref->oid;
      if (fk.ref_columns.empty()) {
        c.ref_columns = AttNums(ref->primary_key);
      } else {
        for (const auto& name : fk.ref_columns) c.ref_columns.push_back(ref->FindColumn(name) + 1);
      }
      for (const TableConstraint& key : KeyConstraints(*ref)) {
        if (Sorted(key.columns) == Sorted(c.ref_columns)) c.index_oid = key.index_oid;
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<TableDef> IndexRelationsOf(const Catalog&, const TableDef& t) {
  std::vector<TableDef> out;
  for (const TableConstraint& c : KeyConstraints(t)) {
    TableDef index;
    index.oid = c.index_oid;
    index.schema_oid = t.schema_oid;
    index.schema = t.schema;
    index.name = c.name;
    index.owner = t.owner;
    index.temporary = t.temporary;
    for (int attnum : c.columns) {
      ColumnDef col = t.columns[attnum - 1];
      col.default_sql.clear();
      col.identity.reset();
      index.columns.push_back(std::move(col));
    }
    out.push_back(std::move(index));
  }
  return out;
}

std::string Int2Vector(const std::vector<int>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); i++) s += (i ? " " : "") + std::to_string(v[i]);
  return s;
}

std::string Int2Array(const std::vector<int>& v) {
  std::string s = "{";
  for (size_t i = 0; i < v.size(); i++) s += (i ? "," : "") + std::to_string(v[i]);
  return s + "}";
}

std::string ConstraintDefinition(const Catalog& catalog, const TableDef& t, const TableConstraint& c,
                                 const std::vector<std::string>& search_path) {
  auto names = [](const TableDef& table, const std::vector<int>& attnums) {
    std::string s;
    for (size_t i = 0; i < attnums.size(); i++) {
      int a = attnums[i];
      s += (i ? ", " : "") + (a >= 1 && a <= static_cast<int>(table.columns.size()) ? table.columns[a - 1].name : "?");
    }
    return s;
  };
  if (c.type == 'p') return "PRIMARY KEY (" + names(t, c.columns) + ")";
  if (c.type == 'u') return "UNIQUE (" + names(t, c.columns) + ")";
  std::string def = "FOREIGN KEY (" + names(t, c.columns) + ") REFERENCES ";
  auto ref = catalog.FindTableByOid(c.ref_table);
  if (!ref) return def + "?";
  bool visible = std::find(search_path.begin(), search_path.end(), ref->schema) != search_path.end();
  return def + (visible ? "" : ref->schema + ".") + ref->name + "(" + names(*ref, c.ref_columns) + ")";
}

}  // namespace blueshift::system_internal
