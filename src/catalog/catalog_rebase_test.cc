#include "catalog/catalog_rebase.h"

#include <gtest/gtest.h>

#include <set>

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
void ExpectConflictBothWays(const Catalog& from, const Catalog& a, const Catalog& b, const std::string& key) {
  auto ab = FindConflict(from, a, b, {});
  ASSERT_TRUE(ab.has_value());
  EXPECT_EQ(ab->first, key);
  auto ba = FindConflict(from, b, a, {});
  ASSERT_TRUE(ba.has_value());
  EXPECT_EQ(ba->first, key);
}

TEST(CatalogRebaseTest, CreateInASchemaDroppedMeanwhileConflictsWhicheverCommitsFirst) {
  Fixture f;
  Catalog drop = f.Copy();
  ASSERT_TRUE(drop.DropSchema("sx", true).ok());
  Catalog create = f.Copy();
  Oid t2 = *create.CreateTable(Table("sx", "t2"));
  ExpectConflictBothWays(f.from, drop, create, "schema sx");
  // The message names the table that relies on the schema.
  EXPECT_EQ(FindConflict(f.from, drop, create, {})->second, t2);
  EXPECT_EQ(FindConflict(f.from, create, drop, {})->second, t2);

  Catalog view = f.Copy();
  ASSERT_TRUE(view.CreateView(View("sx", "v2", {f.base})).ok());
  ExpectConflictBothWays(f.from, drop, view, "schema sx");
}

TEST(CatalogRebaseTest, ViewOnARelationDroppedOrAlteredMeanwhileConflictsWhicheverCommitsFirst) {
  Fixture f;
  Catalog view = f.Copy();
  Oid v = *view.CreateView(View("sx", "v", {f.base}));

  Catalog drop = f.Copy();
  ASSERT_TRUE(drop.DropTable(f.base).ok());
  ExpectConflictBothWays(f.from, drop, view, "table " + std::to_string(f.base));

  Catalog alter = f.Copy();
  TableDef renamed = *alter.FindTableByOid(f.base);
  renamed.columns[0].name = "b";
  ASSERT_TRUE(alter.ReplaceTable(renamed).ok());
  ExpectConflictBothWays(f.from, alter, view, "table " + std::to_string(f.base));

  // A view over a view that a concurrent transaction drops.
  f.from = view;
  Catalog drop_view = f.Copy();
  ASSERT_TRUE(drop_view.DropView(v).ok());
  Catalog on_view = f.Copy();
  ASSERT_TRUE(on_view.CreateView(View("sx", "v2", {v})).ok());
  ExpectConflictBothWays(f.from, drop_view, on_view, "view " + std::to_string(v));
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

// Copies of one snapshot that take oids and user ids from shared sources, as concurrent transactions' do.
struct Roles {
  Catalog from = Catalog::Bootstrap();
  std::shared_ptr<OidSource> oids = std::make_shared<OidSource>();
  std::shared_ptr<OidSource> ids = std::make_shared<OidSource>();
  int32_t u1 = 0;
  Oid t = 0;

  Roles() {
    UserDef u;
    u.name = "u1";
    u1 = *from.MutableSecurity().CreateUser(u);
    EXPECT_TRUE(from.MutableSecurity().CreateGroup("g1").ok());
    t = *from.CreateTable(Table("public", "t"));
  }
  Catalog Copy() const {
    Catalog c = from;
    c.set_oid_source(oids);
    c.MutableSecurity().set_id_source(ids);
    return c;
  }
  static void CreateUser(Catalog* c, const std::string& name) {
    UserDef u;
    u.name = name;
    ASSERT_TRUE(c->MutableSecurity().CreateUser(u).ok());
  }
  static void AlterUser(Catalog* c, const std::string& name, int32_t limit) {
    UserDef u = *c->security().FindUser(name);
    u.connection_limit = limit;
    ASSERT_TRUE(c->MutableSecurity().ReplaceUser(u).ok());
  }
};

constexpr Oid kPgUser = 11001;

TEST(CatalogRebaseTest, UsersAndGroupsAreEachTheirOwnObject) {
  Roles r;
  Catalog a = r.Copy();
  Roles::CreateUser(&a, "ua");
  ASSERT_TRUE(a.MutableSecurity().CreateGroup("ga").ok());
  Roles::AlterUser(&a, "u1", 5);
  Catalog b = r.Copy();
  Roles::CreateUser(&b, "ub");
  ASSERT_TRUE(b.MutableSecurity().CreateGroup("gb").ok());
  ASSERT_TRUE(b.MutableSecurity().DropGroup("g1").ok());
  EXPECT_FALSE(FindConflict(r.from, a, b, {}).has_value());
  EXPECT_FALSE(FindConflict(r.from, b, a, {}).has_value());
  Catalog merged = Rebase(r.from, a, b);
  const Security& s = merged.security();
  ASSERT_TRUE(s.FindUser("ua") && s.FindUser("ub") && s.FindGroup("ga") && s.FindGroup("gb"));
  EXPECT_EQ(s.FindGroup("g1"), nullptr);
  EXPECT_EQ(s.FindUser("u1")->connection_limit, 5);
  // Made at once, they still have distinct ids, and the next id is past them all.
  std::set<int32_t> ids{s.FindUser("ua")->id, s.FindUser("ub")->id, s.FindGroup("ga")->id, s.FindGroup("gb")->id};
  EXPECT_EQ(ids.size(), 4u);
  EXPECT_GT(s.next_id(), *ids.rbegin());
}

TEST(CatalogRebaseTest, OneUserOrGroupChangedTwiceOrOneNameTakenTwiceConflicts) {
  Roles r;
  Catalog a = r.Copy();
  Roles::AlterUser(&a, "u1", 5);
  Catalog b = r.Copy();
  Roles::AlterUser(&b, "u1", 7);
  auto c = FindConflict(r.from, a, b, {});
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->first, "user " + std::to_string(r.u1));
  EXPECT_EQ(c->second, kPgUser);  // the message names pg_user, not "table - 0"

  Catalog x = r.Copy();
  Roles::CreateUser(&x, "same");
  Catalog y = r.Copy();
  Roles::CreateUser(&y, "same");
  ASSERT_TRUE(FindConflict(r.from, x, y, {}).has_value());
  EXPECT_EQ(FindConflict(r.from, x, y, {})->first, "user name same");

  Catalog add = r.Copy();
  Roles::CreateUser(&add, "u2");
  ASSERT_TRUE(add.MutableSecurity().AddMember("g1", add.security().FindUser("u2")->id).ok());
  Catalog drop = r.Copy();
  ASSERT_TRUE(drop.MutableSecurity().DropGroup("g1").ok());
  ExpectConflictBothWays(r.from, add, drop, "group " + std::to_string(r.from.security().FindGroup("g1")->id));
}

// What relies on a user: objects it owns (by name), privileges given to it, its group memberships, its
// default privileges. A DROP USER and any of those at once: whichever commits second fails.
TEST(CatalogRebaseTest, DropUserConflictsWithWhatReliesOnTheUser) {
  Roles r;
  Catalog drop = r.Copy();
  ASSERT_TRUE(drop.MutableSecurity().DropUser("u1").ok());
  const std::string exists = "user " + std::to_string(r.u1) + " exists";

  Catalog owner = r.Copy();
  TableDef t = *owner.FindTableByOid(r.t);
  t.owner = "u1";
  ASSERT_TRUE(owner.ReplaceTable(t).ok());
  for (const Catalog* one : {&owner, &drop}) {
    const Catalog& other = one == &owner ? drop : owner;
    auto c = FindConflict(r.from, *one, other, {});
    ASSERT_TRUE(c.has_value());
    EXPECT_EQ(c->first, "user name u1");
    EXPECT_EQ(c->second, r.t);  // names the table
  }

  Catalog schema = r.Copy();
  ASSERT_TRUE(schema.CreateSchema("sz", "u1").ok());
  ASSERT_TRUE(FindConflict(r.from, drop, schema, {}).has_value());
  ASSERT_TRUE(FindConflict(r.from, schema, drop, {}).has_value());

  Catalog grant = r.Copy();
  grant.MutableSecurity().Grant({AclObject::kTable, r.t, ""}, {Grantee::Kind::kUser, r.u1}, kPrivSelect, 100);
  ASSERT_TRUE(FindConflict(r.from, drop, grant, {}).has_value());
  EXPECT_EQ(FindConflict(r.from, drop, grant, {})->first, exists);
  ASSERT_TRUE(FindConflict(r.from, grant, drop, {}).has_value());

  Catalog member = r.Copy();
  ASSERT_TRUE(member.MutableSecurity().AddMember("g1", r.u1).ok());
  ASSERT_TRUE(FindConflict(r.from, drop, member, {}).has_value());
  ASSERT_TRUE(FindConflict(r.from, member, drop, {}).has_value());

  // Changing the user's settings does not undo what relies on it.
  Catalog alter = r.Copy();
  Roles::AlterUser(&alter, "u1", 3);
  EXPECT_FALSE(FindConflict(r.from, alter, grant, {}).has_value());
  EXPECT_FALSE(FindConflict(r.from, member, alter, {}).has_value());
  EXPECT_FALSE(FindConflict(r.from, owner, alter, {}).has_value());
}

TEST(CatalogRebaseTest, GrantOnARelationDroppedMeanwhileConflicts) {
  Roles r;
  Catalog grant = r.Copy();
  grant.MutableSecurity().Grant({AclObject::kTable, r.t, ""}, {Grantee::Kind::kPublic, 0}, kPrivSelect, 100);
  Catalog drop = r.Copy();
  ASSERT_TRUE(drop.DropTable(r.t).ok());
  ASSERT_TRUE(FindConflict(r.from, grant, drop, {}).has_value());
  ASSERT_TRUE(FindConflict(r.from, drop, grant, {}).has_value());
  // Two grants on one table change one ACL.
  Catalog grant2 = r.Copy();
  grant2.MutableSecurity().Grant({AclObject::kTable, r.t, ""}, {Grantee::Kind::kUser, r.u1}, kPrivInsert, 100);
  ASSERT_TRUE(FindConflict(r.from, grant, grant2, {}).has_value());
}

}  // namespace
}  // namespace blueshift
