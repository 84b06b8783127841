#include "catalog/catalog_rebase.h"

#include <gtest/gtest.h>

namespace blueshift {
namespace {

TableDef Table(const std::string& schema, const std::string& name) {
  TableDef t;
  t.schema = schema;
  t.name = name;
  t.columns = {{"a", LogicalType::Integer(), false, "", std::nullopt, Encoding::kRaw, false, false}};
  return t;
}

ViewDef View(const std::string& schema, const std::string& name, std::vector<Oid> reads) {
  ViewDef v;
  v.schema = schema;
  v.name = name;
  v.query_sql = "select 1";
  v.depends_on = std::move(reads);
  v.star_columns.assign(v.depends_on.size(), 0);
  return v;
}

// A snapshot with schema sx holding table base, and the oid of base. Copies made from it share one oid
// source, as concurrent transactions' copies do.
struct Fixture {
  Catalog from = Catalog::Bootstrap();
  std::shared_ptr<OidSource> oids = std::make_shared<OidSource>();
  Oid base = 0;

  Fixture() {
    EXPECT_TRUE(from.CreateSchema("sx", "awsuser").ok());
    base = *from.CreateTable(Table("sx", "base"));
  }
  Catalog Copy() const {
    Catalog c = from;
    c.set_oid_source(oids);
    return c;
  }
};

// Both orders of a transaction's commit: `mine` committing after `theirs`, and `theirs` after `mine`.
void ExpectConflictBothWays(const Fixture& f, const Catalog& a, const Catalog& b, const std::string& key) {
  auto ab = FindConflict(f.from, a, b, {});
  ASSERT_TRUE(ab.has_value());
  EXPECT_EQ(ab->first, key);
  auto ba = FindConflict(f.from, b, a, {});
  ASSERT_TRUE(ba.has_value());
  EXPECT_EQ(ba->first, key);
}

TEST(CatalogRebaseTest, CreateInASchemaDroppedMeanwhileConflictsWhicheverCommitsFirst) {
  Fixture f;
  Catalog drop = f.Copy();
  ASSERT_TRUE(drop.DropSchema("sx", true).ok());
  Catalog create = f.Copy();
  Oid t2 = *create.CreateTable(Table("sx", "t2"));
  ExpectConflictBothWays(f, drop, create, "schema sx");
  // The message names the table that relies on the schema.
  EXPECT_EQ(FindConflict(f.from, drop, create, {})->second, t2);
  EXPECT_EQ(FindConflict(f.from, create, drop, {})->second, t2);

  Catalog view = f.Copy();
  ASSERT_TRUE(view.CreateView(View("sx", "v2", {f.base})).ok());
  ExpectConflictBothWays(f, drop, view, "schema sx");
}

TEST(CatalogRebaseTest, ViewOnARelationDroppedOrAlteredMeanwhileConflictsWhicheverCommitsFirst) {
  Fixture f;
  Catalog view = f.Copy();
  Oid v = *view.CreateView(View("sx", "v", {f.base}));

  Catalog drop = f.Copy();
  ASSERT_TRUE(drop.DropTable(f.base).ok());
  ExpectConflictBothWays(f, drop, view, "table " + std::to_string(f.base));

  Catalog alter = f.Copy();
  TableDef renamed = *alter.FindTableByOid(f.base);
  renamed.columns[0].name = "b";
  ASSERT_TRUE(alter.ReplaceTable(renamed).ok());
  ExpectConflictBothWays(f, alter, view, "table " + std::to_string(f.base));

  // A view over a view that a concurrent transaction drops.
  f.from = view;
  Catalog drop_view = f.Copy();
  ASSERT_TRUE(drop_view.DropView(v).ok());
  Catalog on_view = f.Copy();
  ASSERT_TRUE(on_view.CreateView(View("sx", "v2", {v})).ok());
  ExpectConflictBothWays(f, drop_view, on_view, "view " + std::to_string(v));
}

TEST(CatalogRebaseTest, UnrelatedChangesAndRowsWrittenDoNotConflict) {
  Fixture f;
  ASSERT_TRUE(f.from.CreateSchema("sy", "awsuser").ok());
  Oid other = *f.from.CreateTable(Table("sy", "other"));
  Catalog drop = f.Copy();
  ASSERT_TRUE(drop.DropSchema("sx", true).ok());
  Catalog create = f.Copy();
  ASSERT_TRUE(create.CreateTable(Table("sy", "t2")).ok());
  ASSERT_TRUE(create.CreateView(View("sy", "v2", {other})).ok());
  EXPECT_FALSE(FindConflict(f.from, drop, create, {}).has_value());
  EXPECT_FALSE(FindConflict(f.from, create, drop, {}).has_value());

  // Two new tables in one schema rely on it without changing it.
  Catalog t3 = f.Copy();
  ASSERT_TRUE(t3.CreateTable(Table("sx", "t3")).ok());
  Catalog t4 = f.Copy();
  ASSERT_TRUE(t4.CreateTable(Table("sx", "t4")).ok());
  EXPECT_FALSE(FindConflict(f.from, t3, t4, {}).has_value());

  // Rows a transaction wrote to base conflict with a concurrent change of base, not with a new view on it:
  // the view was made from base as it is, rows or not.
  Catalog view = f.Copy();
  ASSERT_TRUE(view.CreateView(View("sx", "v", {f.base})).ok());
  Catalog writer = f.Copy();
  ASSERT_TRUE(writer.CreateTable(Table("sy", "t5")).ok());
  EXPECT_FALSE(FindConflict(f.from, writer, view, {f.base}).has_value());
  EXPECT_TRUE(FindConflict(f.from, writer, drop, {f.base}).has_value());
}

// Data directories written before the check went both ways may hold tables and views whose schema is gone
// (the DROP SCHEMA committed after them): they are checked and rebased as any other.
TEST(CatalogRebaseTest, OrphansOfAnOlderBinaryAreHandled) {
  Fixture f;
  TableDef orphan = Table("gone", "t2");
  orphan.oid = f.from.TakeOids(1);
  orphan.schema_oid = 99999;
  f.from.PutTable(std::make_shared<const TableDef>(orphan));
  Catalog drop = f.Copy();
  ASSERT_TRUE(drop.DropTable(orphan.oid).ok());
  Catalog view = f.Copy();
  ASSERT_TRUE(view.CreateTable(Table("sx", "t3")).ok());
  EXPECT_FALSE(FindConflict(f.from, drop, view, {}).has_value());
  Catalog rebased = Rebase(f.from, drop, view);
  EXPECT_EQ(rebased.FindTableByOid(orphan.oid), nullptr);
  EXPECT_NE(rebased.FindTable("sx", "t3"), nullptr);
}

}  // namespace
}  // namespace blueshift
