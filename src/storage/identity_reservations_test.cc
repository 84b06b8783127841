// IDENTITY reservations of the store (identity_reservations.h): raised by commits, kept in the log and the
// manifest, forgotten with their table, and derived from the zone maps for a manifest that predates them.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include "storage/manifest.h"
#include "storage/storage_test_util.h"
#include "storage/store.h"
#include "util/crc32c.h"
#include "util/file.h"

namespace blueshift::storage {
namespace {

using testing::Col;
using testing::TempDir;

class IdentityReservationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Reopen();
    auto base = store_->Current();
    Catalog c = *base->catalog;
    TableDef t;
    t.schema = "public";
    t.name = "ids";
    t.columns = {Col("id", LogicalType::Integer()), Col("v", LogicalType::Integer())};
    t.columns[0].identity = IdentitySpec{10, -2, false};
    auto oid = c.CreateTable(std::move(t));
    ASSERT_TRUE(oid.ok());
    def_ = c.FindTableByOid(*oid);
    id_column_ = def_->columns[0].default_oid;
    ASSERT_NE(id_column_, 0u);
    CommitRequest req;
    req.catalog = std::make_shared<const Catalog>(std::move(c));
    CommitRequest::TableChange ch;
    ch.table = *oid;
    ch.created = true;
    ch.added.push_back(store_->WriteSegment(*def_, 0, Rows({10, 8, -20})).value());
    req.tables.push_back(ch);
    ASSERT_TRUE(store_->Commit(*base, req).ok());
  }

  void Reopen() {
    store_.reset();
    auto s = Store::Open(dir_.path(), StoreOptions{2});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }

  std::vector<Batch> Rows(const std::vector<int32_t>& ids) {
    Batch b(def_->ColumnTypes(), ids.size());
    for (size_t r = 0; r < ids.size(); r++) {
      b.column(0).SetValue(r, Value::FromInt(LogicalType::Integer(), ids[r]));
      b.column(1).SetValue(r, Value::FromInt(LogicalType::Integer(), 0));
    }
    b.set_count(ids.size());
    std::vector<Batch> rows;
    rows.push_back(std::move(b));
    return rows;
  }

  Status Reserve(Oid column, uint64_t reserved) {
    CommitRequest req;
    req.identity[column] = reserved;
    return store_->Commit(*store_->Current(), req).status();
  }

  // A commit that changes the catalog (a checkpoint: the manifest holds the reservations).
  Status TouchCatalog() {
    Catalog c = *store_->Current()->catalog;
    TableDef t;
    t.schema = "public";
    t.name = "other" + std::to_string(++touches_);
    t.columns = {Col("x", LogicalType::Integer())};
    RETURN_IF_ERROR(c.CreateTable(std::move(t)).status());
    CommitRequest req;
    req.catalog = std::make_shared<const Catalog>(std::move(c));
    return store_->Commit(*store_->Current(), req).status();
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  std::shared_ptr<const TableDef> def_;
  Oid id_column_ = 0;
  int touches_ = 0;
};

TEST_F(IdentityReservationsTest, RaisedByLogRecordsAndManifestsAndNeverLowered) {
  EXPECT_EQ(store_->Current()->IdentityReserved(id_column_), 0u);  // a new table's: its values are no bound
  ASSERT_TRUE(Reserve(id_column_, 1024).ok());
  ASSERT_TRUE(Reserve(id_column_, 100).ok());
  ASSERT_TRUE(Reserve(7777777, 5).ok());  // a column of a table no committed catalog has yet: kept
  EXPECT_EQ(store_->Current()->IdentityReserved(id_column_), 1024u);
  Reopen();  // from the log
  EXPECT_EQ(store_->Current()->IdentityReserved(id_column_), 1024u);
  EXPECT_EQ(store_->Current()->IdentityReserved(7777777), 5u);
  ASSERT_TRUE(Reserve(id_column_, 3000).ok());
  ASSERT_TRUE(TouchCatalog().ok());
  Reopen();  // from the manifest
  EXPECT_EQ(store_->Current()->IdentityReserved(id_column_), 3000u);
  EXPECT_EQ(store_->Current()->IdentityReserved(7777777), 5u);
}

TEST_F(IdentityReservationsTest, ForgottenWithTheirTable) {
  ASSERT_TRUE(Reserve(id_column_, 1024).ok());
  Catalog c = *store_->Current()->catalog;
  ASSERT_TRUE(c.DropTable(def_->oid).ok());
  CommitRequest req;
  req.catalog = std::make_shared<const Catalog>(std::move(c));
  req.tables.push_back({});
  req.tables.back().table = def_->oid;
  req.tables.back().dropped = true;
  ASSERT_TRUE(store_->Commit(*store_->Current(), req).ok());
  EXPECT_EQ(store_->Current()->IdentityReserved(id_column_), 0u);
  Reopen();
  EXPECT_EQ(store_->Current()->IdentityReserved(id_column_), 0u);
}

// A data directory of manifest format 3 (no reservations): a column's comes from the largest value its zone
// maps show (the smallest, for this negative step), as its generator started before; the next manifest
// keeps it.
TEST_F(IdentityReservationsTest, ManifestWithoutReservationsReservesFromZoneMaps) {
  std::string current = ReadFileToString(dir_.path() + "/CURRENT").value();
  std::string name = DecodeCurrent(current).value();
  std::string path = dir_.path() + "/manifests/" + name;
  std::string bytes = ReadFileToString(path).value();
  // Format 4 ends with the reservation count (0 here) and the checksum: drop the count, say version 3.
  ASSERT_EQ(bytes.substr(bytes.size() - 8, 4), std::string(4, '\0'));
  bytes.erase(bytes.size() - 8, 4);
  uint32_t version = 3;
  std::memcpy(bytes.data() + 8, &version, 4);
  uint32_t crc = Crc32c(bytes.data(), bytes.size() - 4);
  std::memcpy(bytes.data() + bytes.size() - 4, &crc, 4);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  Reopen();
  // Values 10, 8, ..., -20 (the smallest stored): 16 of them.
  EXPECT_EQ(store_->Current()->IdentityReserved(id_column_), 16u);
  ASSERT_TRUE(TouchCatalog().ok());
  Reopen();
  EXPECT_EQ(store_->Current()->IdentityReserved(id_column_), 16u);
}

}  // namespace
}  // namespace blueshift::storage
