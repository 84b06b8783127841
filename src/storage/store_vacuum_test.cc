#include <algorithm>
#include <cstdint>

#include <gtest/gtest.h>

#include "storage/storage_test_util.h"
#include "storage/store.h"
#include "util/file.h"

namespace blueshift::storage {
namespace {

using testing::AllTypesTable;
using testing::TempDir;
using testing::TestRows;

constexpr int kSortColumn = 2;  // "i": row * 13 - 100000, NULL every 11th row

class StoreVacuumTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::Open(dir_.path(), StoreOptions{2});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
    auto base = store_->Current();
    Catalog c = *base->catalog;
    TableDef t = AllTypesTable(0, Encoding::kAz64);
    t.sort_style = SortStyle::kCompound;
    t.sort_keys = {kSortColumn};
    auto oid = c.CreateTable(t);
    ASSERT_TRUE(oid.ok());
    def_ = c.FindTableByOid(*oid);
    CommitRequest req;
    req.catalog = std::make_shared<const Catalog>(std::move(c));
    CommitRequest::TableChange ch;
    ch.table = *oid;
    ch.created = true;
    // Two overlapping writes on slice 0 (an unsorted region), one on slice 1.
    ch.added.push_back(store_->WriteSegment(*def_, 0, TestRows(*def_, 3000, 0)).value());
    ch.added.push_back(store_->WriteSegment(*def_, 0, TestRows(*def_, 3000, 1000)).value());
    ch.added.push_back(store_->WriteSegment(*def_, 1, TestRows(*def_, 500, 0)).value());
    req.tables.push_back(ch);
    ASSERT_TRUE(store_->Commit(*base, req).ok());
  }

  Status Commit(CommitRequest::TableChange ch) {
    CommitRequest req;
    req.tables.push_back(std::move(ch));
    return store_->Commit(*store_->Current(), req).status();
  }

  Status DeleteRows(uint64_t segment, std::vector<uint32_t> rows) {
    CommitRequest::TableChange ch;
    ch.table = def_->oid;
    ch.deleted[segment] = std::move(rows);
    return Commit(std::move(ch));
  }

  std::vector<SegmentState> Slice(const DbVersion& v, uint32_t slice) {
    const SliceSegments& segments = v.Table(def_->oid)->slices[slice];
    return {segments.begin(), segments.end()};
  }

  // Every value of the sort column in a segment, in row order (INT32_MAX for NULL).
  std::vector<int32_t> SortColumn(const SegmentMeta& meta) {
    std::vector<int32_t> out;
    auto reader = store_->OpenSegment(*def_, meta);
    EXPECT_TRUE(reader.ok());
    Batch b({def_->columns[kSortColumn].type});
    for (uint64_t first = 0; first < meta.row_count; first += kBatchSize) {
      size_t n = std::min<uint64_t>(kBatchSize, meta.row_count - first);
      EXPECT_TRUE((*reader)->Read({kSortColumn}, first, n, &b).ok());
      for (size_t i = 0; i < n; i++) {
        Value v = b.column(0).GetValue(i);
        out.push_back(v.is_null() ? INT32_MAX : static_cast<int32_t>(v.GetInt()));
      }
    }
    return out;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  std::shared_ptr<const TableDef> def_;
};

TEST_F(StoreVacuumTest, MergesSortsAndDropsDeletedRowsWhilePinnedReadersKeepTheOldSegments) {
  uint64_t first_id = Slice(*store_->Current(), 0)[0].meta->id;
  ASSERT_TRUE(DeleteRows(first_id, {0, 1, 2, 2999}).ok());
  auto pinned = store_->Current();
  uint64_t live_before = pinned->Table(def_->oid)->LiveRows();
  std::vector<SegmentState> old = Slice(*pinned, 0);
  std::string old_path = dir_.path() + "/tables/" + std::to_string(def_->oid) + "/0/seg-" +
                         std::string(20 - std::to_string(first_id).size(), '0') + std::to_string(first_id) + ".bss";

  auto rewrite = store_->RewriteSegments(*def_, 0, old);
  ASSERT_TRUE(rewrite.ok()) << rewrite.status().ToString();
  EXPECT_EQ(rewrite->rows_kept, 5996u);
  EXPECT_EQ(rewrite->rows_dropped, 4u);
  ASSERT_EQ(rewrite->added.size(), 1u);
  ASSERT_TRUE(Commit(rewrite->ToChange(def_->oid)).ok());

  auto now = store_->Current();
  ASSERT_EQ(Slice(*now, 0).size(), 1u);
  EXPECT_EQ(Slice(*now, 1).size(), 1u);  // other slices untouched
  EXPECT_EQ(now->Table(def_->oid)->LiveRows(), live_before);
  std::vector<int32_t> merged = SortColumn(*Slice(*now, 0)[0].meta);
  EXPECT_EQ(merged.size(), 5996u);
  EXPECT_TRUE(std::is_sorted(merged.begin(), merged.end()));                // one sorted run, NULLs last
  EXPECT_EQ(std::count(merged.begin(), merged.end(), 1 * 13 - 100000), 0);  // row 1 of the first write deleted

  // The pinned version still reads the old segments, whose files survive while it is held.
  std::vector<int32_t> old_rows = SortColumn(*old[0].meta);
  EXPECT_EQ(old_rows.size(), 3000u);
  EXPECT_EQ(old_rows[1], 1 * 13 - 100000);
  EXPECT_TRUE(PathExists(old_path));
  old.clear();
  pinned.reset();
  ASSERT_TRUE(DeleteRows(Slice(*store_->Current(), 0)[0].meta->id, {0}).ok());  // any later commit collects
  EXPECT_FALSE(PathExists(old_path));
}

TEST_F(StoreVacuumTest, ConcurrentDeleteFollowsItsRowIntoTheRewrite) {
  auto base = store_->Current();
  std::vector<SegmentState> old = Slice(*base, 0);
  ASSERT_TRUE(DeleteRows(old[0].meta->id, {7}).ok());  // seen by the rewrite
  auto seen = store_->Current();
  auto rewrite = store_->RewriteSegments(*def_, 0, Slice(*seen, 0));
  ASSERT_TRUE(rewrite.ok());
  ASSERT_EQ(rewrite->moves.size(), 2u);
  ASSERT_TRUE(DeleteRows(old[1].meta->id, {5}).ok());  // lands between rewrite and commit
  uint64_t live = store_->Current()->Table(def_->oid)->LiveRows();
  int32_t value = SortColumn(*old[1].meta)[5];
  ASSERT_TRUE(Commit(rewrite->ToChange(def_->oid)).ok());

  auto now = store_->Current();
  ASSERT_EQ(Slice(*now, 0).size(), 1u);
  SegmentState merged = Slice(*now, 0)[0];
  EXPECT_EQ(now->Table(def_->oid)->LiveRows(), live);
  ASSERT_TRUE(merged.deletes);
  ASSERT_EQ(merged.deletes->rows.size(), 1u);
  std::vector<int32_t> values = SortColumn(*merged.meta);
  EXPECT_EQ(values[merged.deletes->rows[0]], value);  // the row deleted meanwhile, not another
  auto to = rewrite->moves.at(old[1].meta->id).Find(5);
  ASSERT_TRUE(to.has_value());
  EXPECT_EQ(to->second, merged.deletes->rows[0]);
  EXPECT_FALSE(rewrite->moves.at(old[0].meta->id).Find(7).has_value());  // dropped as deleted
}

TEST_F(StoreVacuumTest, ConcurrentDeleteFailsARewriteThatCannotTrackItsRows) {
  auto base = store_->Current();
  auto rewrite = store_->RewriteSegments(*def_, 0, Slice(*base, 0));
  ASSERT_TRUE(rewrite.ok());
  rewrite->moves.clear();
  ASSERT_TRUE(DeleteRows(Slice(*base, 0)[1].meta->id, {5}).ok());  // lands between rewrite and commit
  uint64_t version = store_->Current()->version;
  Status st = Commit(rewrite->ToChange(def_->oid));
  EXPECT_EQ(st.code(), ErrorCode::kSerializationFailure) << st.ToString();
  EXPECT_EQ(store_->Current()->version, version);
  EXPECT_EQ(Slice(*store_->Current(), 0).size(), 2u);
  store_->DiscardRewrite(def_->oid, *rewrite);
}

TEST_F(StoreVacuumTest, DeleteFromASnapshotBeforeTheRewriteFollowsTheRow) {
  auto base = store_->Current();
  uint64_t id = Slice(*base, 0)[0].meta->id;
  int32_t value = SortColumn(*Slice(*base, 0)[0].meta)[1];
  ASSERT_TRUE(DeleteRows(id, {3}).ok());
  auto rewrite = store_->RewriteSegments(*def_, 0, Slice(*store_->Current(), 0));
  ASSERT_TRUE(rewrite.ok());
  ASSERT_TRUE(Commit(rewrite->ToChange(def_->oid)).ok());
  uint64_t live = store_->Current()->Table(def_->oid)->LiveRows();
  // A transaction that read `base` deletes row 1 of the old segment: it goes where the row went.
  ASSERT_TRUE(DeleteRows(id, {1}).ok());
  auto now = store_->Current();
  EXPECT_EQ(now->Table(def_->oid)->LiveRows(), live - 1);
  SegmentState merged = Slice(*now, 0)[0];
  ASSERT_TRUE(merged.deletes);
  ASSERT_EQ(merged.deletes->rows.size(), 1u);
  EXPECT_EQ(SortColumn(*merged.meta)[merged.deletes->rows[0]], value);
  // Row 3 was deleted before the rewrite dropped it: deleting it again is a lost update.
  EXPECT_EQ(DeleteRows(id, {3}).code(), ErrorCode::kSerializationFailure);
  // And row 1 again, now deleted in the new segment.
  EXPECT_EQ(DeleteRows(id, {1}).code(), ErrorCode::kSerializationFailure);
  base.reset();
}

TEST_F(StoreVacuumTest, AllRowsDeletedLeavesNoSegment) {
  const SegmentMeta& seg = *Slice(*store_->Current(), 1)[0].meta;
  std::vector<uint32_t> all(seg.row_count);
  for (uint32_t i = 0; i < all.size(); i++) all[i] = i;
  ASSERT_TRUE(DeleteRows(seg.id, all).ok());
  auto rewrite = store_->RewriteSegments(*def_, 1, Slice(*store_->Current(), 1));
  ASSERT_TRUE(rewrite.ok());
  EXPECT_TRUE(rewrite->added.empty());
  EXPECT_EQ(rewrite->rows_dropped, 500u);
  ASSERT_TRUE(Commit(rewrite->ToChange(def_->oid)).ok());
  EXPECT_TRUE(Slice(*store_->Current(), 1).empty());
}

}  // namespace
}  // namespace blueshift::storage
