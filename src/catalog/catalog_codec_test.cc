#include "catalog/catalog_codec.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace blueshift {
namespace {

TableDef MakeRichTable() {
  TableDef t;
  t.schema = "public";
  t.name = "orders";
  t.columns = {
      {"id", LogicalType::BigInt(), true, "", IdentitySpec{5, 2, true}, Encoding::kAz64, true, false},
      {"price", LogicalType::Decimal(38, 4), false, "0", std::nullopt, Encoding::kRaw, false, false},
      {"code", LogicalType::Char(3), false, "'abc'", std::nullopt, Encoding::kByteDict, true, true},
      {"note", LogicalType::Varchar(65535), false, "", std::nullopt, Encoding::kLzo, false, false},
      {"day", LogicalType::Date(), false, "", std::nullopt, Encoding::kRunLength, true, false},
  };
  t.dist_style = DistStyle::kKey;
  t.dist_key = 0;
  t.sort_style = SortStyle::kInterleaved;
  t.sort_keys = {4, 0};
  t.encode_auto = false;
  t.backup = false;
  t.temporary = true;
  t.primary_key = {0};
  t.unique_keys = {{2}, {2, 3}};
  t.foreign_keys = {ForeignKeyDef{{2}, "public", "codes", {"code"}}};
  t.owner = "alice";
  return t;
}

void ExpectColumnsEqual(const ColumnDef& a, const ColumnDef& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.not_null, b.not_null);
  EXPECT_EQ(a.default_sql, b.default_sql);
  ASSERT_EQ(a.identity.has_value(), b.identity.has_value());
  if (a.identity) {
    EXPECT_EQ(a.identity->seed, b.identity->seed);
    EXPECT_EQ(a.identity->step, b.identity->step);
    EXPECT_EQ(a.identity->generated_by_default, b.identity->generated_by_default);
  }
  EXPECT_EQ(a.encoding, b.encoding);
  EXPECT_EQ(a.encoding_explicit, b.encoding_explicit);
  EXPECT_EQ(a.case_insensitive, b.case_insensitive);
  EXPECT_EQ(a.default_oid, b.default_oid);
}

void ExpectTablesEqual(const TableDef& a, const TableDef& b) {
  EXPECT_EQ(a.oid, b.oid);
  EXPECT_EQ(a.schema_oid, b.schema_oid);
  EXPECT_EQ(a.schema, b.schema);
  EXPECT_EQ(a.name, b.name);
  ASSERT_EQ(a.columns.size(), b.columns.size());
  for (size_t i = 0; i < a.columns.size(); i++) ExpectColumnsEqual(a.columns[i], b.columns[i]);
  EXPECT_EQ(a.dist_style, b.dist_style);
  EXPECT_EQ(a.dist_key, b.dist_key);
  EXPECT_EQ(a.auto_dist, b.auto_dist);
  EXPECT_EQ(a.sort_style, b.sort_style);
  EXPECT_EQ(a.sort_keys, b.sort_keys);
  EXPECT_EQ(a.encode_auto, b.encode_auto);
  EXPECT_EQ(a.backup, b.backup);
  EXPECT_EQ(a.temporary, b.temporary);
  EXPECT_EQ(a.primary_key, b.primary_key);
  EXPECT_EQ(a.unique_keys, b.unique_keys);
  EXPECT_EQ(a.primary_key_oid, b.primary_key_oid);
  EXPECT_EQ(a.unique_key_oids, b.unique_key_oids);
  ASSERT_EQ(a.foreign_keys.size(), b.foreign_keys.size());
  EXPECT_EQ(a.foreign_keys[0].oid, b.foreign_keys[0].oid);
  EXPECT_EQ(a.foreign_keys[0].columns, b.foreign_keys[0].columns);
  EXPECT_EQ(a.foreign_keys[0].ref_table, b.foreign_keys[0].ref_table);
  EXPECT_EQ(a.foreign_keys[0].ref_columns, b.foreign_keys[0].ref_columns);
  EXPECT_EQ(a.owner, b.owner);
}

// The bytes of the database section (format 5) at the end of the catalog's encoding.
size_t DatabaseSectionBytes(const Catalog& c) {
  size_t n = 4;
  for (const auto& [name, d] : c.databases()) n += 4 + (4 + d.name.size()) + (4 + d.owner.size()) + 4 + 1;
  return n;
}

// A catalog's encoding as version 10 wrote it: without the (empty) function section of version 11.
std::string BeforeFunctions(std::string bytes) {
  EXPECT_EQ(bytes.substr(bytes.size() - 4), std::string(4, '\0'));
  bytes.resize(bytes.size() - 4);
  return bytes;
}

Catalog MakeCatalog() {
  Catalog c = Catalog::Bootstrap();
  EXPECT_TRUE(c.CreateSchema("sales", "bob").ok());
  EXPECT_TRUE(c.CreateTable(MakeRichTable()).ok());
  c.PutDatabase({100200, "etl", "bob", 25, IsolationLevel::kSnapshot});
  return c;
}

TEST(CatalogCodecTest, RoundTripsEveryField) {
  Catalog c = MakeCatalog();
  auto decoded = DecodeCatalog(EncodeCatalog(c));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->next_oid(), c.next_oid());
  ASSERT_EQ(decoded->Schemas().size(), 4u);
  const SchemaDef* sales = decoded->FindSchema("sales");
  ASSERT_NE(sales, nullptr);
  EXPECT_EQ(sales->owner, "bob");
  EXPECT_EQ(sales->oid, c.FindSchema("sales")->oid);
  auto t = decoded->FindTable("public", "orders");
  ASSERT_NE(t, nullptr);
  ExpectTablesEqual(*c.FindTable("public", "orders"), *t);
  ASSERT_EQ(decoded->databases().size(), 2u);
  const DatabaseDef* etl = decoded->FindDatabase("etl");
  ASSERT_NE(etl, nullptr);
  EXPECT_EQ(etl->oid, 100200u);
  EXPECT_EQ(etl->owner, "bob");
  EXPECT_EQ(etl->connection_limit, 25);
  EXPECT_EQ(etl->isolation, IsolationLevel::kSnapshot);
  EXPECT_EQ(decoded->FindDatabase("dev")->isolation, IsolationLevel::kSerializable);
}

TEST(CatalogCodecTest, EncodingIsDeterministic) {
  Catalog c = MakeCatalog();
  std::string a = EncodeCatalog(c);
  EXPECT_EQ(EncodeCatalog(DecodeCatalog(a).value()), a);
}

TEST(CatalogCodecTest, EveryTruncationIsCorruption) {
  std::string bytes = EncodeCatalog(MakeCatalog());
  for (size_t n = 0; n < bytes.size(); n++) {
    auto r = DecodeCatalog(std::string_view(bytes).substr(0, n));
    ASSERT_FALSE(r.ok()) << n;
    EXPECT_EQ(r.status().code(), ErrorCode::kDataCorrupted);
  }
}

TEST(CatalogCodecTest, RejectsBadTypeParameters) {
  ByteWriter w;
  w.U8(static_cast<uint8_t>(TypeId::kDecimal));
  w.I32(39);
  w.I32(2);
  ByteReader r(w.data());
  auto t = DecodeLogicalType(&r);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), ErrorCode::kDataCorrupted);
}

TEST(CatalogCodecTest, RoundTripsViews) {
  Catalog c = MakeCatalog();
  ViewDef v;
  v.schema = "sales";
  v.name = "big_orders";
  v.owner = "bob";
  v.query_sql = "SELECT id, price FROM public.orders WHERE price > 10";
  v.column_names = {"order_id"};
  v.result_names = {"order_id", "price"};
  v.result_types = {LogicalType::BigInt(), LogicalType::Decimal(38, 4)};
  v.depends_on = {c.FindTable("public", "orders")->oid};
  v.star_columns = {5};
  ASSERT_TRUE(c.CreateView(v).ok());
  ViewDef late;
  late.schema = "public";
  late.name = "later";
  late.query_sql = "SELECT * FROM sales.not_yet";
  late.late_binding = true;
  ASSERT_TRUE(c.CreateView(late).ok());
  auto decoded = DecodeCatalog(EncodeCatalog(c));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  auto got = decoded->FindView("sales", "big_orders");
  ASSERT_NE(got, nullptr);
  EXPECT_EQ(got->oid, c.FindView("sales", "big_orders")->oid);
  EXPECT_EQ(got->owner, "bob");
  EXPECT_EQ(got->query_sql, v.query_sql);
  EXPECT_EQ(got->column_names, v.column_names);
  EXPECT_EQ(got->result_names, v.result_names);
  EXPECT_EQ(got->result_types, v.result_types);
  EXPECT_EQ(got->depends_on, v.depends_on);
  EXPECT_EQ(got->star_columns, v.star_columns);
  EXPECT_FALSE(got->late_binding);
  auto got_late = decoded->FindView("public", "later");
  ASSERT_NE(got_late, nullptr);
  EXPECT_TRUE(got_late->late_binding);
  EXPECT_TRUE(got_late->result_types.empty());
}

// A version 4 catalog: one AUTO table "t", encoded, with the AUTO placement byte of
// version 5 taken out (found as the one byte that differs between two placements).
std::string VersionFourBytes() {
  Catalog all = Catalog::Bootstrap();
  TableDef t;
  t.schema = "public";
  t.name = "t";
  ColumnDef a;
  a.name = "a";
  a.type = LogicalType::Integer();
  t.columns.push_back(a);
  t.dist_style = DistStyle::kAuto;
  t.auto_dist = DistStyle::kAll;
  EXPECT_TRUE(all.CreateTable(t).ok());
  Catalog even = Catalog::Bootstrap();
  t.auto_dist = DistStyle::kEven;
  EXPECT_TRUE(even.CreateTable(t).ok());
  std::string bytes = EncodeCatalog(all);
  std::string other = EncodeCatalog(even);
  EXPECT_EQ(bytes.size(), other.size());
  size_t at = 0;
  while (at < bytes.size() && bytes[at] == other[at]) at++;
  EXPECT_LT(at, bytes.size());
  bytes.erase(at, 1);
  bytes = BeforeFunctions(bytes);
  bytes.resize(bytes.size() - DatabaseSectionBytes(all));  // version 6's databases
  bytes[0] = 4;
  return bytes;
}

TEST(CatalogCodecTest, DecodesVersionFourAutoTablesAsEven) {
  // Before version 5 an AUTO table's rows were placed round robin: it must stay AUTO(EVEN).
  auto decoded = DecodeCatalog(VersionFourBytes());
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  auto t = decoded->FindTable("public", "t");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->dist_style, DistStyle::kAuto);
  EXPECT_EQ(t->Placement(), DistStyle::kEven);
}

TEST(CatalogCodecTest, DecodesVersionThreeWithoutViews) {
  // Version 3 is version 4 without the view section (here: a zero view count at the end).
  std::string bytes = VersionFourBytes();
  bytes[0] = 3;
  bytes.resize(bytes.size() - 4);
  auto decoded = DecodeCatalog(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_NE(decoded->FindTable("public", "t"), nullptr);
  EXPECT_TRUE(decoded->Views().empty());
  ASSERT_EQ(decoded->databases().size(), 1u);  // the bootstrap list: dev, SERIALIZABLE
  EXPECT_EQ(decoded->FindDatabase("dev")->isolation, IsolationLevel::kSerializable);
}

TEST(CatalogCodecTest, ConstraintOidsAreDistinctAndKeptByReplace) {
  Catalog c = MakeCatalog();
  TableDef t = *c.FindTable("public", "orders");
  std::vector<Oid> oids{t.oid, t.primary_key_oid, t.primary_key_oid + 1, t.foreign_keys[0].oid};
  for (Oid o : t.unique_key_oids) oids.insert(oids.end(), {o, o + 1});  // each key's index has the next oid
  std::sort(oids.begin(), oids.end());
  EXPECT_EQ(std::unique(oids.begin(), oids.end()), oids.end());
  EXPECT_NE(t.primary_key_oid, 0u);
  EXPECT_LT(*std::max_element(oids.begin(), oids.end()), c.next_oid());
  // Dropping the first unique key keeps the others' oids; a new key gets a fresh one.
  Oid second = t.unique_key_oids[1], fk = t.foreign_keys[0].oid;
  t.unique_keys.erase(t.unique_keys.begin());
  t.unique_key_oids.erase(t.unique_key_oids.begin());
  t.unique_keys.push_back({3});
  ASSERT_TRUE(c.ReplaceTable(t).ok());
  auto replaced = c.FindTable("public", "orders");
  ASSERT_EQ(replaced->unique_key_oids.size(), 2u);
  EXPECT_EQ(replaced->unique_key_oids[0], second);
  EXPECT_GE(replaced->unique_key_oids[1], oids.back());
  EXPECT_EQ(replaced->foreign_keys[0].oid, fk);
}

TEST(CatalogCodecTest, DecodingVersionSevenAssignsConstraintOids) {
  // Version 7 is version 8 without the oids: encode with each oid set to a marker value and cut the
  // markers out.
  TableDef t;
  t.schema = "public";
  t.name = "k";
  t.columns = {{"a", LogicalType::Integer(), true, "", std::nullopt, Encoding::kRaw, false, false}};
  t.primary_key = {0};
  t.unique_keys = {{0}};
  t.foreign_keys = {ForeignKeyDef{{0}, "", "k", {"a"}}};
  Catalog c = Catalog::Bootstrap();
  ASSERT_TRUE(c.CreateTable(t).ok());
  TableDef marked = *c.FindTable("public", "k");
  marked.primary_key_oid = 0x7a7a7a7a;
  marked.unique_key_oids = {0x7b7b7b7b};
  marked.foreign_keys[0].oid = 0x7c7c7c7c;
  c.PutTable(std::make_shared<const TableDef>(marked));
  std::string bytes = EncodeCatalog(c);
  for (char m : {'\x7a', '\x7b', '\x7c'}) {
    size_t at = bytes.find(std::string(4, m));
    ASSERT_NE(at, std::string::npos);
    bytes.erase(at, 4);
  }
  bytes = BeforeFunctions(bytes);
  bytes[0] = 7;
  auto decoded = DecodeCatalog(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  auto k = decoded->FindTable("public", "k");
  ASSERT_NE(k, nullptr);
  EXPECT_GE(k->primary_key_oid, c.next_oid());
  ASSERT_EQ(k->unique_key_oids.size(), 1u);
  EXPECT_EQ(k->unique_key_oids[0], k->primary_key_oid + 2);  // each key and its index take two
  EXPECT_EQ(k->foreign_keys[0].oid, k->primary_key_oid + 4);
  EXPECT_GT(decoded->next_oid(), k->foreign_keys[0].oid);
}

ColumnDef IntColumn(const std::string& name, const std::string& default_sql) {
  ColumnDef c;
  c.name = name;
  c.type = LogicalType::Integer();
  c.default_sql = default_sql;
  return c;
}

TEST(CatalogCodecTest, DefaultOidsAreDistinctAndKeptByReplace) {
  Catalog c = MakeCatalog();
  auto orders = c.FindTable("public", "orders");
  // id (IDENTITY), price and code have defaults; note and day none.
  std::vector<Oid> oids{orders->oid, orders->primary_key_oid, orders->primary_key_oid + 1, orders->foreign_keys[0].oid};
  for (Oid o : orders->unique_key_oids) oids.insert(oids.end(), {o, o + 1});
  for (const ColumnDef& col : orders->columns) {
    EXPECT_EQ(col.default_oid != 0, col.HasDefault()) << col.name;
    if (col.default_oid != 0) oids.push_back(col.default_oid);
  }
  ASSERT_EQ(oids.size(),
            11u);  // the table, a primary key and two unique keys with their indexes, a foreign key, 3 defaults
  std::sort(oids.begin(), oids.end());
  EXPECT_EQ(std::unique(oids.begin(), oids.end()), oids.end());
  EXPECT_LT(oids.back(), c.next_oid());

  TableDef t;
  t.schema = "public";
  t.name = "d";
  t.columns = {IntColumn("a", "1"), IntColumn("b", ""), IntColumn("c", "3")};
  ASSERT_TRUE(c.CreateTable(t).ok());
  TableDef d = *c.FindTable("public", "d");
  Oid c_oid = d.columns[2].default_oid;
  EXPECT_NE(d.columns[0].default_oid, 0u);
  EXPECT_EQ(d.columns[1].default_oid, 0u);
  EXPECT_NE(c_oid, d.columns[0].default_oid);
  // Dropping the first column keeps c's oid; a new column with a default gets a fresh one; a column whose
  // default goes away loses its oid.
  Oid before = c.next_oid();
  d.columns.erase(d.columns.begin());
  d.columns.push_back(IntColumn("e", "5"));
  d.columns[0].default_sql = "2";
  ASSERT_TRUE(c.ReplaceTable(d).ok());
  auto replaced = c.FindTable("public", "d");
  EXPECT_EQ(replaced->columns[0].default_oid, before);  // b's new default
  EXPECT_EQ(replaced->columns[1].default_oid, c_oid);
  EXPECT_EQ(replaced->columns[2].default_oid, before + 1);
  d = *replaced;
  d.columns[1].default_sql.clear();
  ASSERT_TRUE(c.ReplaceTable(d).ok());
  EXPECT_EQ(c.FindTable("public", "d")->columns[1].default_oid, 0u);
  // A table made from another one's definition (CREATE TABLE LIKE) gets oids of its own.
  TableDef like = *c.FindTable("public", "d");
  like.name = "d2";
  ASSERT_TRUE(c.CreateTable(like).ok());
  EXPECT_GE(c.FindTable("public", "d2")->columns[0].default_oid, before + 2);
}

TEST(CatalogCodecTest, DecodingVersionEightAssignsDefaultOids) {
  // Version 8 is version 9 without the default oids: encode with each set to a marker value and cut it out.
  TableDef t;
  t.schema = "public";
  t.name = "dv";
  t.columns = {IntColumn("a", "1"), IntColumn("b", ""), IntColumn("c", "3")};
  Catalog c = Catalog::Bootstrap();
  ASSERT_TRUE(c.CreateTable(t).ok());
  TableDef marked = *c.FindTable("public", "dv");
  marked.columns[0].default_oid = 0x7d7d7d7d;
  marked.columns[2].default_oid = 0x7e7e7e7e;
  c.PutTable(std::make_shared<const TableDef>(marked));
  std::string bytes = EncodeCatalog(c);
  for (char m : {'\x7d', '\x7e'}) {
    size_t at = bytes.find(std::string(4, m));
    ASSERT_NE(at, std::string::npos);
    bytes.erase(at, 4);
  }
  bytes = BeforeFunctions(bytes);
  bytes[0] = 8;
  auto decoded = DecodeCatalog(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  auto dv = decoded->FindTable("public", "dv");
  ASSERT_NE(dv, nullptr);
  EXPECT_EQ(dv->columns[0].default_oid, c.next_oid());
  EXPECT_EQ(dv->columns[1].default_oid, 0u);
  EXPECT_EQ(dv->columns[2].default_oid, c.next_oid() + 1);
  EXPECT_EQ(decoded->next_oid(), c.next_oid() + 2);
}

FunctionDef MakeFunction(const std::string& schema, const std::string& name, std::vector<LogicalType> args) {
  FunctionDef f;
  f.schema = schema;
  f.name = name;
  f.owner = "bob";
  f.arg_types = std::move(args);
  f.return_type = LogicalType::Decimal(12, 2);
  f.volatility = Volatility::kStable;
  f.body_sql = "SELECT $1 * 2";
  return f;
}

TEST(CatalogCodecTest, RoundTripsFunctions) {
  Catalog c = MakeCatalog();
  ASSERT_TRUE(c.CreateFunction(MakeFunction("sales", "f_double", {LogicalType::Integer()})).ok());
  ASSERT_TRUE(
      c.CreateFunction(MakeFunction("sales", "f_double", {LogicalType::Varchar(30), LogicalType::Date()})).ok());
  ASSERT_TRUE(c.CreateFunction(MakeFunction("public", "f_none", {})).ok());
  Oid first = c.FindFunctions("sales", "f_double")[0]->oid;
  c.MutableSecurity().Grant({AclObject::kFunction, first, ""}, {Grantee::Kind::kPublic, 0}, kPrivExecute, 100);
  auto decoded = DecodeCatalog(EncodeCatalog(c));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->next_oid(), c.next_oid());
  auto overloads = decoded->FindFunctions("sales", "f_double");
  ASSERT_EQ(overloads.size(), 2u);
  for (size_t i = 0; i < overloads.size(); i++) {
    const FunctionDef& want = *c.FindFunctions("sales", "f_double")[i];
    EXPECT_EQ(overloads[i]->oid, want.oid);
    EXPECT_EQ(overloads[i]->schema_oid, c.FindSchema("sales")->oid);
    EXPECT_EQ(overloads[i]->owner, "bob");
    EXPECT_EQ(overloads[i]->arg_types, want.arg_types);
    EXPECT_EQ(overloads[i]->return_type, LogicalType::Decimal(12, 2));
    EXPECT_EQ(overloads[i]->volatility, Volatility::kStable);
    EXPECT_EQ(overloads[i]->body_sql, "SELECT $1 * 2");
  }
  EXPECT_EQ(FunctionSignature(*overloads[1]), "f_double(character varying, date)");
  ASSERT_NE(decoded->FindFunctions("public", "f_none").size(), 0u);
  EXPECT_NE(decoded->security().FindAcl({AclObject::kFunction, first, ""}), nullptr);
  std::string bytes = EncodeCatalog(c);
  for (size_t n = 0; n < bytes.size(); n++) ASSERT_FALSE(DecodeCatalog(std::string_view(bytes).substr(0, n)).ok());
}

TEST(CatalogCodecTest, DroppingASchemaDropsItsFunctions) {
  Catalog c = MakeCatalog();
  ASSERT_TRUE(c.CreateFunction(MakeFunction("sales", "f_double", {LogicalType::Integer()})).ok());
  EXPECT_EQ(c.DropSchema("sales", false).code(), ErrorCode::kDependentObjectsStillExist);
  ASSERT_TRUE(c.DropSchema("sales", true).ok());
  EXPECT_TRUE(c.Functions().empty());
}

TEST(CatalogCodecTest, DecodingVersionTenHasNoFunctionsAndSqlForPublic) {
  Catalog c = MakeCatalog();
  c.MutableSecurity().DropAcl({AclObject::kLanguage, 0, "sql"});  // a version 10 catalog has no language grants
  std::string bytes = BeforeFunctions(EncodeCatalog(c));
  bytes[0] = 10;
  auto decoded = DecodeCatalog(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_TRUE(decoded->Functions().empty());
  const auto* acl = decoded->security().FindAcl({AclObject::kLanguage, 0, "sql"});
  ASSERT_NE(acl, nullptr);
  ASSERT_EQ(acl->size(), 1u);
  EXPECT_EQ((*acl)[0].grantee.kind, Grantee::Kind::kPublic);
  EXPECT_EQ((*acl)[0].privileges, static_cast<uint32_t>(kPrivUsage));
}

TEST(CatalogCodecTest, DecodingVersionElevenViewsHaveNoStarColumns) {
  // Version 11 is version 12 without the column counts after a view's relations: encode with a marker and cut it.
  Catalog c = MakeCatalog();
  ViewDef v;
  v.schema = "public";
  v.name = "all_orders";
  v.query_sql = "SELECT * FROM public.orders";
  v.result_names = {"id"};
  v.result_types = {LogicalType::BigInt()};
  v.depends_on = {c.FindTable("public", "orders")->oid};
  v.star_columns = {0x5AA5A55Au};
  ASSERT_TRUE(c.CreateView(v).ok());
  std::string bytes = EncodeCatalog(c);
  const std::string marker("\x5a\xa5\xa5\x5a", 4);
  size_t at = bytes.find(marker);
  ASSERT_NE(at, std::string::npos);
  ASSERT_EQ(bytes.find(marker, at + 1), std::string::npos);
  bytes.erase(at, 4);
  bytes[0] = 11;
  auto decoded = DecodeCatalog(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  auto got = decoded->FindView("public", "all_orders");
  ASSERT_NE(got, nullptr);
  EXPECT_EQ(got->depends_on, v.depends_on);
  EXPECT_TRUE(got->star_columns.empty());
  EXPECT_EQ(got->StarColumns(v.depends_on[0], 7), 7u);
}

TEST(CatalogCodecTest, NewAutoTablesStartAsAll) {
  TableDef t;
  EXPECT_EQ(t.dist_style, DistStyle::kAuto);
  EXPECT_EQ(t.Placement(), DistStyle::kAll);
}

TEST(CatalogCodecTest, RejectsUnknownVersion) {
  std::string bytes = EncodeCatalog(Catalog::Bootstrap());
  bytes[0] = 13;  // one past the newest version (12)
  EXPECT_EQ(DecodeCatalog(bytes).status().code(), ErrorCode::kDataCorrupted);
}

}  // namespace
}  // namespace blueshift
