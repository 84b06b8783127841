#include "storage/block_cache.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "storage/storage_test_util.h"
#include "storage/store.h"
#include "util/file.h"

namespace blueshift::storage {
namespace {

using testing::AllColumns;
using testing::AllTypesTable;
using testing::TempDir;
using testing::TestRows;
using testing::TestValue;

std::shared_ptr<const DecodedBlock> Block(size_t bytes) {
  auto b = std::make_shared<DecodedBlock>();
  b->values.reset(new uint8_t[bytes]);
  b->values_bytes = bytes;
  return b;
}

TEST(DecodedBlockCacheTest, FindsWhatWasPutAndEvictsTheLeastRecentlyUsed) {
  DecodedBlockCache cache;
  BlockInfo info;
  info.offset = 40;
  info.size = 100;
  std::string bytes(100, 'x');
  std::string k1 = DecodedBlockCache::Key("/a/seg", info, bytes);
  bytes[99] = 'y';  // another checksum: another block
  std::string k2 = DecodedBlockCache::Key("/a/seg", info, bytes);
  EXPECT_NE(k1, k2);
  EXPECT_EQ(cache.Find(k1), nullptr);
  auto b1 = Block(DecodedBlockCache::kBudgetBytes / 5);
  cache.Put(k1, b1);
  EXPECT_EQ(cache.Find(k1), b1);
  EXPECT_EQ(cache.Find(k2), nullptr);
  // Four more blocks of a fifth of the budget each: the oldest goes, unless it was used since.
  std::vector<std::string> keys;
  for (int i = 0; i < 4; i++) {
    info.offset = 1000 + i;
    keys.push_back(DecodedBlockCache::Key("/a/seg", info, bytes));
    cache.Put(keys.back(), Block(DecodedBlockCache::kBudgetBytes / 5));
    EXPECT_EQ(cache.Find(k1), b1);  // recently used each time
  }
  EXPECT_EQ(cache.Find(keys[0]), nullptr);
  EXPECT_NE(cache.Find(keys[3]), nullptr);
  // A block above a quarter of the budget is not kept.
  cache.Put(k2, Block(DecodedBlockCache::kBudgetBytes / 3));
  EXPECT_EQ(cache.Find(k2), nullptr);
}

// Reads row `row` of every column alone, as a point lookup does (one live row of a batch), and compares.
void ExpectPointRead(Store& store, const TableDef& t, const SegmentMeta& meta, size_t row, size_t first) {
  auto reader = store.OpenSegment(t, meta);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  Batch out(t.ColumnTypes());
  std::vector<uint32_t> live = {static_cast<uint32_t>(row % kBatchSize)};
  size_t start = row - row % kBatchSize;
  size_t count = std::min<size_t>(kBatchSize, meta.row_count - start);
  Status st = (*reader)->Read(AllColumns(t), start, count, &out, &live);
  ASSERT_TRUE(st.ok()) << st.ToString();
  for (size_t c = 0; c < t.columns.size(); c++) {
    EXPECT_EQ(out.column(c).GetValue(live[0]), TestValue(t.columns[c].type, c, first + row))
        << "column " << t.columns[c].name << " row " << row;
  }
}

TEST(DecodedBlockCacheTest, PointReadsOfCompressedBlocksAreRightAndNeverStale) {
  for (Encoding e : {Encoding::kZstd, Encoding::kLzo}) {
    TableDef t = AllTypesTable(100101, e);
    TempDir dir;
    {
      auto store = Store::Open(dir.path(), StoreOptions{});
      ASSERT_TRUE(store.ok()) << store.status().ToString();
      auto meta = (*store)->WriteSegment(t, 0, TestRows(t, 5000));
      ASSERT_TRUE(meta.ok()) << meta.status().ToString();
      for (size_t row : {7, 4099, 7, 4099}) ExpectPointRead(**store, t, **meta, row, 0);
    }
    // The same directory made again: the new segment file has the first id and path, and other rows.
    std::filesystem::remove_all(dir.path());
    auto store = Store::Open(dir.path(), StoreOptions{});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto meta = (*store)->WriteSegment(t, 0, TestRows(t, 5000, 123));
    ASSERT_TRUE(meta.ok()) << meta.status().ToString();
    for (size_t row : {7, 4099}) ExpectPointRead(**store, t, **meta, row, 123);
  }
}

// Encodings that decode a whole block for one row (DELTA: a sort key's block, searched for a key's run one
// row at a time) have their point reads cached too: after a read of one row, the block is in the cache.
TEST(DecodedBlockCacheTest, PointReadsOfBlocksDecodedWholeAreCached) {
  for (Encoding e :
       {Encoding::kDelta, Encoding::kDelta32k, Encoding::kMostly32, Encoding::kRunLength, Encoding::kText255}) {
    TableDef t = AllTypesTable(100102 + static_cast<int>(e), Encoding::kRaw);
    for (ColumnDef& c : t.columns) {
      if (EncodingAllowed(e, c.type)) c.encoding = e;
    }
    TempDir dir;
    auto store = Store::Open(dir.path(), StoreOptions{});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto meta = (*store)->WriteSegment(t, 0, TestRows(t, 5000));
    ASSERT_TRUE(meta.ok()) << meta.status().ToString();
    std::string segment_file;  // the one file of the segment's size
    for (const auto& f : std::filesystem::recursive_directory_iterator(dir.path())) {
      if (f.is_regular_file() && f.file_size() == (*meta)->file_bytes) segment_file = f.path().string();
    }
    auto file = RandomAccessFile::Open(segment_file);
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    int tested = 0;
    for (int c = 0; c < static_cast<int>(t.columns.size()); c++) {
      const BlockInfo& info = (*meta)->columns[c][0];
      if (info.encoding != e) continue;  // not allowed, or its values did not fit (RAW)
      std::string bytes(info.size, '\0');
      ASSERT_TRUE((*file)->Read(info.offset, info.size, bytes.data()).ok());
      std::string key = DecodedBlockCache::Key((*file)->path(), info, bytes);
      EXPECT_EQ(DecodedBlockCache::Global().Find(key), nullptr);
      auto reader = (*store)->OpenSegment(t, **meta);
      ASSERT_TRUE(reader.ok()) << reader.status().ToString();
      Batch one({t.columns[c].type}, 1);
      for (size_t row : {2500, 17, 2500}) {
        ASSERT_TRUE((*reader)->Read({c}, row, 1, &one).ok());
        EXPECT_EQ(one.column(0).GetValue(0), TestValue(t.columns[c].type, c, row)) << EncodingName(e);
      }
      EXPECT_NE(DecodedBlockCache::Global().Find(key), nullptr) << EncodingName(e) << " column " << c;
      tested++;
    }
    EXPECT_GT(tested, 0) << EncodingName(e);
    for (size_t row : {11, 4097, 11}) ExpectPointRead(**store, t, **meta, row, 0);
  }
}

TEST(RawBlockCacheTest, KeepsBlocksWithinTheBudgetAndIgnoresScopeZero) {
  RawBlockCache cache;
  cache.SetBudget(1000);
  auto bytes = [](size_t n) { return std::make_shared<const std::string>(n, 'b'); };
  RawBlockCache::Key k1{1, 10, 0, 5, 36};
  RawBlockCache::Key k2{2, 10, 0, 5, 36};  // another store's segment of the same table, id and place
  auto b1 = bytes(100);
  cache.Put(k1, b1);
  EXPECT_EQ(cache.Find(k1), b1);
  EXPECT_EQ(cache.Find(k2), nullptr);
  EXPECT_EQ(cache.bytes(), 100u);
  // Scope 0 (a write-store segment) is never kept.
  RawBlockCache::Key none{0, 10, 0, 5, 36};
  cache.Put(none, bytes(10));
  EXPECT_EQ(cache.Find(none), nullptr);
  // An eighth of the budget at most per block.
  cache.Put(k2, bytes(200));
  EXPECT_EQ(cache.Find(k2), nullptr);
  // Past the budget the least recently used goes.
  std::vector<RawBlockCache::Key> keys;
  for (uint64_t i = 0; i < 10; i++) {
    keys.push_back(RawBlockCache::Key{1, 10, 1, 6, 36 + i * 100});
    cache.Put(keys.back(), bytes(100));
    EXPECT_EQ(cache.Find(k1), b1);  // used each time: stays
  }
  EXPECT_EQ(cache.Find(keys[0]), nullptr);
  EXPECT_NE(cache.Find(keys[9]), nullptr);
  EXPECT_LE(cache.bytes(), 1000u);
  cache.SetBudget(0);
  EXPECT_EQ(cache.bytes(), 0u);
  EXPECT_EQ(cache.Find(k1), nullptr);
}

// Reads every row of every column of the segment and compares with TestRows(t, rows, first).
void ExpectWholeRead(Store& store, const TableDef& t, const SegmentMeta& meta, size_t first) {
  auto reader = store.OpenSegment(t, meta);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  for (size_t start = 0; start < meta.row_count; start += kBatchSize) {
    Batch out(t.ColumnTypes());
    size_t count = std::min<size_t>(kBatchSize, meta.row_count - start);
    Status st = (*reader)->Read(AllColumns(t), start, count, &out);
    ASSERT_TRUE(st.ok()) << st.ToString();
    for (size_t c = 0; c < t.columns.size(); c++) {
      for (size_t r = 0; r < count; r += 97) {
        ASSERT_EQ(out.column(c).GetValue(r), TestValue(t.columns[c].type, c, first + start + r))
            << "column " << t.columns[c].name << " row " << start + r;
      }
    }
  }
}

TEST(RawBlockCacheTest, ScansReadCachedBlocksAndANewStoreNeverSeesAnOldOnesBlocks) {
  TableDef t = AllTypesTable(100102, Encoding::kAz64);
  TempDir dir;
  size_t before = RawBlockCache::Global().bytes();
  {
    auto store = Store::Open(dir.path(), StoreOptions{});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto meta = (*store)->WriteSegment(t, 0, TestRows(t, 5000));
    ASSERT_TRUE(meta.ok()) << meta.status().ToString();
    ExpectWholeRead(**store, t, **meta, 0);
    EXPECT_GT(RawBlockCache::Global().bytes(), before);  // the blocks are kept now
    ExpectWholeRead(**store, t, **meta, 0);              // and read from memory
  }
  // The same directory made again: the new segment file has the first id and path, and other rows.
  std::filesystem::remove_all(dir.path());
  auto store = Store::Open(dir.path(), StoreOptions{});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto meta = (*store)->WriteSegment(t, 0, TestRows(t, 5000, 321));
  ASSERT_TRUE(meta.ok()) << meta.status().ToString();
  ExpectWholeRead(**store, t, **meta, 321);
}

// A scan of an LZO or ZSTD block keeps its decompressed payload beside its bytes; the next scan decodes from
// it (nothing more is kept) and reads the same rows.
TEST(RawBlockCacheTest, ScansKeepTheDecompressedPayloadOfCompressedBlocks) {
  for (Encoding e : {Encoding::kZstd, Encoding::kLzo}) {
    TableDef t = AllTypesTable(100103, e);
    TempDir dir;
    auto store = Store::Open(dir.path(), StoreOptions{});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto meta = (*store)->WriteSegment(t, 0, TestRows(t, 5000));
    ASSERT_TRUE(meta.ok()) << meta.status().ToString();
    size_t stored = 0, compressed = 0;
    for (const auto& blocks : (*meta)->columns) {
      for (const BlockInfo& b : blocks) {
        stored += b.size;
        compressed += b.encoding == e ? 1 : 0;
      }
    }
    ASSERT_GT(compressed, 0u) << EncodingName(e);
    size_t before = RawBlockCache::Global().bytes();
    ExpectWholeRead(**store, t, **meta, 0);
    size_t after_first = RawBlockCache::Global().bytes();
    EXPECT_GT(after_first - before, stored) << EncodingName(e);  // the bytes and the decompressed payloads
    ExpectWholeRead(**store, t, **meta, 0);
    EXPECT_EQ(RawBlockCache::Global().bytes(), after_first) << EncodingName(e);
  }
}

}  // namespace
}  // namespace blueshift::storage
