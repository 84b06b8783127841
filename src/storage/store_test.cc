#include "storage/store.h"

#include <cerrno>
#include <fstream>

#include <gtest/gtest.h>

#include "storage/storage_test_util.h"
#include "util/file.h"

namespace blueshift::storage {
namespace {

using testing::AllColumns;
using testing::AllTypesTable;
using testing::TempDir;
using testing::TestRows;
using testing::TestValue;

CommitRequest::TableChange Change(Oid table) {
  CommitRequest::TableChange ch;
  ch.table = table;
  return ch;
}

CommitRequest::TableChange Deletes(Oid table, uint64_t segment, std::vector<uint32_t> rows) {
  CommitRequest::TableChange ch = Change(table);
  ch.deleted[segment] = std::move(rows);
  return ch;
}

CommitRequest::TableChange Truncate(Oid table) {
  CommitRequest::TableChange ch = Change(table);
  ch.truncated = true;
  return ch;
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }
  void TearDown() override { SetWriteFaultForTesting(0); }

  void Reopen() {
    store_.reset();
    auto s = Store::Open(dir_.path(), StoreOptions{3});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }

  // Creates the all-types table in a commit with one segment of `rows` rows per given slice.
  std::shared_ptr<const TableDef> CreateTable(size_t rows, std::vector<uint32_t> slices = {0}) {
    auto base = store_->Current();
    Catalog c = *base->catalog;
    auto oid = c.CreateTable(AllTypesTable(0, Encoding::kAz64));
    EXPECT_TRUE(oid.ok());
    auto def = c.FindTableByOid(*oid);
    CommitRequest req;
    req.catalog = std::make_shared<const Catalog>(std::move(c));
    CommitRequest::TableChange ch = Change(*oid);
    ch.created = true;
    for (uint32_t s : slices) ch.added.push_back(store_->WriteSegment(*def, s, TestRows(*def, rows)).value());
    req.tables.push_back(ch);
    auto v = store_->Commit(*base, req);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return def;
  }

  Status CommitChange(CommitRequest::TableChange ch) {
    CommitRequest req;
    req.tables.push_back(std::move(ch));
    return store_->Commit(*store_->Current(), req).status();
  }

  std::string SegmentPath(Oid table, uint32_t slice, uint64_t id) {
    std::string s = std::to_string(id);
    return dir_.path() + "/tables/" + std::to_string(table) + "/" + std::to_string(slice) + "/seg-" +
           std::string(20 - s.size(), '0') + s + ".bss";
  }

  void Overwrite(const std::string& path, const std::string& data) { std::ofstream(path, std::ios::binary) << data; }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

// A version is a prefix of a slice's shared list: a commit that only adds segments appends in place past the
// end of what the version before sees; every other change, and an append to a view that is not the longest,
// copies.
TEST(SliceSegmentsTest, VersionsSeeTheirOwnPrefixOfASharedList) {
  auto seg = [](uint64_t id) {
    auto meta = std::make_shared<SegmentMeta>();
    meta->id = id;
    return SegmentState{meta, nullptr};
  };
  SliceSegments a;
  a.Append(seg(1));
  SliceSegments b = a;
  b.Append(seg(2));  // in place
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(&a[0], &b[0]);
  SliceSegments c = a;
  c.Append(seg(3));  // a is no longer the longest view: a copy
  ASSERT_EQ(c.size(), 2u);
  EXPECT_NE(&c[0], &a[0]);
  EXPECT_EQ(c[1].meta->id, 3u);
  EXPECT_EQ(b[1].meta->id, 2u);
  SliceSegments d = b;
  d.Mutable().push_back(seg(4));  // a copy that d alone sees all of
  EXPECT_EQ(b.size(), 2u);
  ASSERT_EQ(d.size(), 3u);
  SliceSegments e = d;
  e.Append(seg(5));  // d's list is changed through Mutable only: a copy
  EXPECT_EQ(d.size(), 3u);
  ASSERT_EQ(e.size(), 4u);
  std::vector<uint64_t> ids;
  for (const SegmentState& s : e) ids.push_back(s.meta->id);
  EXPECT_EQ(ids, (std::vector<uint64_t>{1, 2, 4, 5}));
  for (int i = 0; i < 100; i++) e.Append(seg(10 + i));  // grows past its room
  EXPECT_EQ(e.size(), 104u);
  EXPECT_EQ(e.back().meta->id, 109u);
  EXPECT_EQ(d.size(), 3u);
}

TEST_F(StoreTest, OpenCreatesAnEmptyDatabase) {
  auto v = store_->Current();
  EXPECT_EQ(v->version, 1u);
  EXPECT_NE(v->catalog->FindSchema("public"), nullptr);
  EXPECT_TRUE(v->tables.empty());
  EXPECT_TRUE(PathExists(dir_.path() + "/CURRENT"));
  EXPECT_EQ(store_->num_slices(), 3);
}

TEST_F(StoreTest, CommitThenReopenRecoversExactly) {
  auto def = CreateTable(3000, {0, 2});
  auto before = store_->Current();
  Reopen();
  auto after = store_->Current();
  EXPECT_EQ(after->version, before->version);
  auto t = after->catalog->FindTable("public", "all_types");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->columns.size(), def->columns.size());
  auto data = after->Table(def->oid);
  ASSERT_EQ(data->slices.size(), 3u);
  EXPECT_TRUE(data->slices[1].empty());
  const SegmentMeta& a = *before->Table(def->oid)->slices[2][0].meta;
  const SegmentMeta& b = *data->slices[2][0].meta;
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.row_count, b.row_count);
  EXPECT_EQ(a.file_bytes, b.file_bytes);
  ASSERT_EQ(a.columns.size(), b.columns.size());
  for (size_t c = 0; c < a.columns.size(); c++) {
    EXPECT_EQ(a.types[c], b.types[c]);
    ASSERT_EQ(a.columns[c].size(), b.columns[c].size());
    for (size_t k = 0; k < a.columns[c].size(); k++) {
      const BlockInfo& x = a.columns[c][k];
      const BlockInfo& y = b.columns[c][k];
      EXPECT_EQ(std::tie(x.first_row, x.row_count, x.null_count, x.offset, x.size, x.has_minmax),
                std::tie(y.first_row, y.row_count, y.null_count, y.offset, y.size, y.has_minmax));
      EXPECT_EQ(x.encoding, y.encoding);
      EXPECT_EQ(x.min, y.min);
      EXPECT_EQ(x.max, y.max);
    }
  }
  auto reader = store_->OpenSegment(*t, b);
  ASSERT_TRUE(reader.ok());
  Batch out(t->ColumnTypes());
  ASSERT_TRUE((*reader)->Read(AllColumns(*t), 1000, 2000, &out).ok());
  EXPECT_EQ(out.column(9).GetValue(1999), TestValue(t->columns[9].type, 9, 2999));
}

TEST_F(StoreTest, GarbageIsRemovedAtOpen) {
  auto def = CreateTable(10);
  auto orphan = store_->WriteSegment(*def, 1, TestRows(*def, 10));  // never committed
  ASSERT_TRUE(orphan.ok());
  std::string orphan_path = SegmentPath(def->oid, 1, (*orphan)->id);
  ASSERT_TRUE(PathExists(orphan_path));
  ASSERT_TRUE(CreateDirDurably(dir_.path() + "/tables/999999").ok());
  Overwrite(dir_.path() + "/tmp/MANIFEST-x.tmp", "partial");
  Reopen();
  EXPECT_FALSE(PathExists(orphan_path));
  EXPECT_FALSE(PathExists(dir_.path() + "/tables/999999"));
  EXPECT_FALSE(PathExists(dir_.path() + "/tmp/MANIFEST-x.tmp"));
  auto live = store_->Current()->Table(def->oid)->slices[0][0].meta;
  EXPECT_TRUE(PathExists(SegmentPath(def->oid, 0, live->id)));
  auto next = store_->WriteSegment(*def, 0, TestRows(*def, 1));
  ASSERT_TRUE(next.ok());
  EXPECT_GT((*next)->id, live->id);
}

TEST_F(StoreTest, DamagedCurrentIsAnError) {
  CreateTable(10);
  store_.reset();
  std::string current = ReadFileToString(dir_.path() + "/CURRENT").value();
  for (std::string bad : {current.substr(0, current.size() / 2), std::string("garbage\n"),
                          current.substr(0, 25) + "9" + current.substr(26)}) {
    Overwrite(dir_.path() + "/CURRENT", bad);
    auto s = Store::Open(dir_.path(), StoreOptions{});
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.status().code(), ErrorCode::kDataCorrupted) << s.status().ToString();
  }
}

TEST_F(StoreTest, DamagedManifestIsAnErrorNamingIt) {
  CreateTable(10);
  store_.reset();
  std::string path = dir_.path() + "/manifests/MANIFEST-00000000000000000002";
  std::string m = ReadFileToString(path).value();
  m[m.size() / 2] ^= 0x01;
  Overwrite(path, m);
  auto s = Store::Open(dir_.path(), StoreOptions{});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kDataCorrupted);
  EXPECT_NE(s.status().message().find("MANIFEST-00000000000000000002"), std::string::npos);
  ASSERT_TRUE(RemoveFile(path).ok());
  s = Store::Open(dir_.path(), StoreOptions{});
  EXPECT_EQ(s.status().code(), ErrorCode::kDataCorrupted);
}

TEST_F(StoreTest, MissingCurrentWithCommittedManifestsRefusesToStartOver) {
  CreateTable(10);
  store_.reset();
  ASSERT_TRUE(RemoveFile(dir_.path() + "/CURRENT").ok());
  auto s = Store::Open(dir_.path(), StoreOptions{});
  EXPECT_EQ(s.status().code(), ErrorCode::kDataCorrupted);
}

TEST_F(StoreTest, DeletesMakeNewSetsAndOldVersionsKeepTheirs) {
  auto def = CreateTable(100);
  uint64_t seg = store_->Current()->Table(def->oid)->slices[0][0].meta->id;
  ASSERT_TRUE(CommitChange(Deletes(def->oid, seg, {5, 1})).ok());
  auto v3 = store_->Current();
  ASSERT_TRUE(CommitChange(Deletes(def->oid, seg, {7, 3})).ok());
  auto v4 = store_->Current();
  EXPECT_EQ(v3->Table(def->oid)->slices[0][0].deletes->rows, (std::vector<uint32_t>{1, 5}));
  EXPECT_EQ(v4->Table(def->oid)->slices[0][0].deletes->rows, (std::vector<uint32_t>{1, 3, 5, 7}));
  EXPECT_TRUE(v4->Table(def->oid)->slices[0][0].deletes->Contains(7));
  EXPECT_EQ(v3->Table(def->oid)->LiveRows(), 98u);
  EXPECT_EQ(v4->Table(def->oid)->LiveRows(), 96u);
  Reopen();
  EXPECT_EQ(store_->Current()->Table(def->oid)->slices[0][0].deletes->rows, (std::vector<uint32_t>{1, 3, 5, 7}));
}

// A commit that deletes a row some earlier commit deleted lost a race with it (each saw the row live).
TEST_F(StoreTest, DeletingADeletedRowIsASerializationFailure) {
  auto def = CreateTable(10);
  uint64_t seg = store_->Current()->Table(def->oid)->slices[0][0].meta->id;
  ASSERT_TRUE(CommitChange(Deletes(def->oid, seg, {4})).ok());
  uint64_t version = store_->Current()->version;
  EXPECT_EQ(CommitChange(Deletes(def->oid, seg, {2, 4})).code(), ErrorCode::kSerializationFailure);
  EXPECT_EQ(store_->Current()->version, version);
  EXPECT_EQ(store_->Current()->Table(def->oid)->slices[0][0].deletes->rows, (std::vector<uint32_t>{4}));
}

TEST_F(StoreTest, DeleteOfUnknownSegmentOrRowFails) {
  auto def = CreateTable(10);
  uint64_t seg = store_->Current()->Table(def->oid)->slices[0][0].meta->id;
  EXPECT_FALSE(CommitChange(Deletes(def->oid, seg + 100, {1})).ok());
  EXPECT_FALSE(CommitChange(Deletes(def->oid, seg, {10})).ok());
  EXPECT_EQ(store_->Current()->version, 2u);
}

TEST_F(StoreTest, TruncatedFilesLiveUntilNoVersionNamesThem) {
  auto def = CreateTable(50);
  auto pinned = store_->Current();
  auto meta = pinned->Table(def->oid)->slices[0][0].meta;
  std::string path = SegmentPath(def->oid, 0, meta->id);
  auto reader = store_->OpenSegment(*def, *meta);
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE(CommitChange(Truncate(def->oid)).ok());
  EXPECT_EQ(store_->Current()->Table(def->oid)->LiveRows(), 0u);
  EXPECT_TRUE(PathExists(path));  // the pinned snapshot still names it
  meta.reset();
  pinned.reset();
  ASSERT_TRUE(CommitChange(Change(def->oid)).ok());
  EXPECT_FALSE(PathExists(path));
  Batch out({def->columns[2].type});
  ASSERT_TRUE((*reader)->Read({2}, 0, 50, &out).ok());  // an open reader outlives the unlink
  EXPECT_EQ(out.column(0).GetValue(49), TestValue(def->columns[2].type, 2, 49));
}

// Without a later commit, RemoveRetiredFiles (the write-store folder's every round) unlinks a file once
// the last version naming it is gone: VACUUM's or TRUNCATE's space comes back on an idle server.
TEST_F(StoreTest, RetiredFilesGoWithoutALaterCommit) {
  auto def = CreateTable(50);
  auto pinned = store_->Current();
  std::string path = SegmentPath(def->oid, 0, pinned->Table(def->oid)->slices[0][0].meta->id);
  ASSERT_TRUE(CommitChange(Truncate(def->oid)).ok());
  store_->RemoveRetiredFiles();
  EXPECT_TRUE(PathExists(path));  // the pinned snapshot still names it
  pinned.reset();
  store_->RemoveRetiredFiles();
  EXPECT_FALSE(PathExists(path));
}

TEST_F(StoreTest, DropRemovesTheTableAndItsDirectory) {
  auto def = CreateTable(10);
  auto base = store_->Current();
  Catalog c = *base->catalog;
  ASSERT_TRUE(c.DropTable(def->oid).ok());
  CommitRequest req;
  req.catalog = std::make_shared<const Catalog>(std::move(c));
  req.tables.push_back(Change(def->oid));
  req.tables.back().dropped = true;
  base.reset();
  auto v = store_->Commit(*store_->Current(), req);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ((*v)->tables.count(def->oid), 0u);
  Reopen();
  EXPECT_EQ(store_->Current()->tables.count(def->oid), 0u);
  EXPECT_FALSE(PathExists(dir_.path() + "/tables/" + std::to_string(def->oid)));
}

TEST_F(StoreTest, DiskFullFailsCleanly) {
  auto def = CreateTable(10);
  SetWriteFaultForTesting(ENOSPC);
  auto seg = store_->WriteSegment(*def, 1, TestRows(*def, 100));
  SetWriteFaultForTesting(0);
  ASSERT_FALSE(seg.ok());
  EXPECT_EQ(seg.status().code(), ErrorCode::kDiskFull);
  EXPECT_EQ(seg.status().message(), "disk full");
  EXPECT_TRUE(ListDir(dir_.path() + "/tables/" + std::to_string(def->oid) + "/1")->empty());
  SetWriteFaultForTesting(ENOSPC);
  Status st = CommitChange(Truncate(def->oid));
  SetWriteFaultForTesting(0);
  EXPECT_EQ(st.code(), ErrorCode::kDiskFull);
  EXPECT_EQ(store_->Current()->Table(def->oid)->LiveRows(), 10u);
  Reopen();
  EXPECT_EQ(store_->Current()->Table(def->oid)->LiveRows(), 10u);
}

TEST_F(StoreTest, StaleBaseIsASerializationFailure) {
  auto def = CreateTable(10);
  auto old = store_->Current();
  ASSERT_TRUE(CommitChange(Change(def->oid)).ok());
  CommitRequest req;
  EXPECT_EQ(store_->Commit(*old, req).status().code(), ErrorCode::kSerializationFailure);
}

TEST_F(StoreTest, StoredSliceCountWinsAndOldManifestsArePruned) {
  auto def = CreateTable(1);
  for (int i = 0; i < 4; i++) ASSERT_TRUE(CommitChange(Change(def->oid)).ok());
  EXPECT_EQ(ListDir(dir_.path() + "/manifests")->size(), 2u);
  store_.reset();
  auto s = Store::Open(dir_.path(), StoreOptions{8});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ((*s)->num_slices(), 3);
  EXPECT_EQ((*s)->Current()->version, 6u);
}

}  // namespace
}  // namespace blueshift::storage
