// The write store and write-ahead log of Store: log commits, replay, torn tails, folds that carry deletes.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <functional>
#include <set>
#include <thread>

#include "storage/column_stats.h"
#include "storage/sorted_columns.h"
#include "storage/storage_test_util.h"
#include "storage/store.h"
#include "storage/typed_value.h"
#include "util/file.h"

namespace blueshift::storage {
namespace {

using testing::AllColumns;
using testing::AllTypesTable;
using testing::TempDir;
using testing::TestRows;
using testing::TestValue;

constexpr int kKey = 2;  // column "i", the sort key

class StoreWalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Reopen();
    auto base = store_->Current();
    Catalog c = *base->catalog;
    TableDef t = AllTypesTable(0, Encoding::kRaw);
    t.sort_style = SortStyle::kCompound;
    t.sort_keys = {kKey};
    auto oid = c.CreateTable(std::move(t));
    ASSERT_TRUE(oid.ok());
    def_ = c.FindTableByOid(*oid);
    CommitRequest req;
    req.catalog = std::make_shared<const Catalog>(std::move(c));
    CommitRequest::TableChange ch;
    ch.table = *oid;
    ch.created = true;
    req.tables.push_back(ch);
    ASSERT_TRUE(store_->Commit(*base, req).ok());
  }

  void Reopen() {
    store_.reset();
    auto s = Store::Open(dir_.path(), StoreOptions{2});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }

  // Commits one write-store segment of rows [first, first + n) on slice 0; returns its id.
  uint64_t InsertSmall(size_t n, size_t first) {
    auto meta = store_->WriteMemorySegment(*def_, 0, TestRows(*def_, n, first));
    EXPECT_TRUE(meta.ok());
    uint64_t id = (*meta)->id;
    CommitRequest::TableChange ch;
    ch.table = def_->oid;
    ch.added.push_back(*meta);
    EXPECT_TRUE(Commit(std::move(ch)).ok());
    return id;
  }

  Status Delete(uint64_t segment, std::vector<uint32_t> rows) {
    CommitRequest::TableChange ch;
    ch.table = def_->oid;
    ch.deleted[segment] = std::move(rows);
    return Commit(std::move(ch));
  }

  Status Commit(CommitRequest::TableChange ch) {
    CommitRequest req;
    req.tables.push_back(std::move(ch));
    return store_->Commit(*store_->Current(), req).status();
  }

  // The sort-key values of the live rows of slice 0, over every segment.
  std::multiset<int64_t> LiveKeys() {
    std::multiset<int64_t> keys;
    for (const SegmentState& s : store_->Current()->Table(def_->oid)->slices[0]) {
      auto reader = store_->OpenSegment(*def_, *s.meta);
      EXPECT_TRUE(reader.ok());
      Batch out(def_->ColumnTypes(), s.meta->row_count);
      EXPECT_TRUE((*reader)->Read(AllColumns(*def_), 0, s.meta->row_count, &out).ok());
      for (uint32_t r = 0; r < s.meta->row_count; r++) {
        if (!s.deletes || !s.deletes->Contains(r)) keys.insert(out.column(kKey).GetValue(r).GetInt());
      }
    }
    return keys;
  }

  std::multiset<int64_t> Expected(std::vector<size_t> rows) {
    std::multiset<int64_t> keys;
    for (size_t i : rows) keys.insert(TestValue(def_->columns[kKey].type, kKey, i).GetInt());
    return keys;
  }

  std::string CurrentManifest() { return ReadFileToString(dir_.path() + "/CURRENT").value(); }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  std::shared_ptr<const TableDef> def_;
};

TEST_F(StoreWalTest, SmallCommitsGoToTheLogAndComeBackAfterReopen) {
  std::string manifest = CurrentManifest();
  uint64_t a = InsertSmall(3, 0);
  InsertSmall(2, 3);
  ASSERT_TRUE(Delete(a, {1}).ok());
  EXPECT_EQ(CurrentManifest(), manifest);  // no manifest for log commits
  EXPECT_EQ(store_->Snapshot()->version, store_->Current()->version);
  uint64_t version = store_->Current()->version;
  Reopen();
  EXPECT_EQ(store_->Current()->version, version);
  EXPECT_NE(CurrentManifest(), manifest);  // replay checkpointed
  EXPECT_EQ(LiveKeys(), Expected({0, 2, 3, 4}));
  Reopen();  // the checkpoint alone recovers it, the log was started over
  EXPECT_EQ(LiveKeys(), Expected({0, 2, 3, 4}));
  InsertSmall(1, 5);  // ids stay unique after replay
  Reopen();
  EXPECT_EQ(LiveKeys(), Expected({0, 2, 3, 4, 5}));
}

TEST_F(StoreWalTest, TornTailIsIgnored) {
  InsertSmall(2, 0);
  auto logs = ListDir(dir_.path() + "/wal").value();
  ASSERT_EQ(logs.size(), 1u);
  std::ofstream(dir_.path() + "/wal/" + logs[0], std::ios::binary | std::ios::app) << std::string("\x40\0\0\0xx", 6);
  Reopen();
  EXPECT_EQ(LiveKeys(), Expected({0, 1}));
}

// Format 3: the log file grows in zero-filled 4 MiB chunks (so a commit's fdatasync never has to write the
// inode); a zero length where a record would start ends the log, and a record torn inside the zeros is cut.
TEST_F(StoreWalTest, PreallocatedLogEndsAtTheZerosAndCutsATornRecordInThem) {
  InsertSmall(2, 0);
  InsertSmall(1, 2);
  auto logs = ListDir(dir_.path() + "/wal").value();
  ASSERT_EQ(logs.size(), 1u);
  std::string path = dir_.path() + "/wal/" + logs[0];
  std::string bytes = ReadFileToString(path).value();
  ASSERT_EQ(bytes.size() % (4u << 20), 0u);
  size_t end = 20;  // the header; then records until a zero length
  while (true) {
    uint32_t len = 0;
    std::memcpy(&len, bytes.data() + end, 4);
    if (len == 0) break;
    end += 8 + len;
  }
  EXPECT_LT(end, bytes.size());
  {
    std::fstream f(path, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(static_cast<std::streamoff>(end));
    f.write("\x40\0\0\0xx", 6);  // a record of 64 bytes cut after two
  }
  Reopen();
  EXPECT_EQ(LiveKeys(), Expected({0, 1, 2}));
  InsertSmall(1, 3);
  Reopen();
  EXPECT_EQ(LiveKeys(), Expected({0, 1, 2, 3}));
}

TEST_F(StoreWalTest, FoldKeepsRowsAndCarriesDeletesMadeBeforeDuringAndAfterIt) {
  uint64_t a = InsertSmall(5, 10);
  uint64_t b = InsertSmall(5, 0);
  ASSERT_TRUE(Delete(a, {0}).ok());  // i = 10, before the fold
  auto slice = store_->Current()->Table(def_->oid)->slices[0];
  auto fold = store_->FoldSegments(*def_, 0, slice);
  ASSERT_TRUE(fold.ok()) << fold.status().ToString();
  ASSERT_TRUE(Delete(b, {1}).ok());  // i = 1, while folding
  ASSERT_TRUE(store_->CommitFold(*fold).ok());
  ASSERT_EQ(store_->Current()->Table(def_->oid)->slices[0].size(), 1u);
  EXPECT_EQ(store_->Current()->Table(def_->oid)->slices[0][0].meta->memory_image, nullptr);
  ASSERT_TRUE(Delete(a, {2}).ok());  // i = 12, by the old segment's position after the fold
  EXPECT_EQ(LiveKeys(), Expected({0, 2, 3, 4, 11, 13, 14}));
  Reopen();
  EXPECT_EQ(LiveKeys(), Expected({0, 2, 3, 4, 11, 13, 14}));
}

// A delete by a snapshot older than two folds follows its row through both: the first fold's output, which no
// version holds once the second fold rewrote it, still forwards its rows (bug hunt 18 #8: the forward was
// dropped, and the commit failed with 40001, turned into 1023, after ~1,000 single-row INSERTs).
TEST_F(StoreWalTest, DeleteFollowsItsRowThroughAChainOfFolds) {
  uint64_t a = InsertSmall(5, 0);
  auto snapshot = store_->Current();  // a transaction's snapshot: it names segment a
  auto fold_all = [&] {
    auto fold = store_->FoldSegments(*def_, 0, store_->Current()->Table(def_->oid)->slices[0]);
    ASSERT_TRUE(fold.ok()) << fold.status().ToString();
    ASSERT_TRUE(store_->CommitFold(*fold).ok());
  };
  fold_all();  // a -> x
  InsertSmall(5, 10);
  fold_all();                                     // x and the new rows -> y; no version names x any more
  ASSERT_TRUE(store_->CheckpointLog(0).value());  // nor a manifest: x's file (and its meta) may go
  store_->RemoveRetiredFiles();
  for (size_t first : {20, 30}) {  // more commits that move rows, which prune the forwards
    InsertSmall(5, first);
    fold_all();
  }
  ASSERT_EQ(store_->Current()->Table(def_->oid)->slices[0].size(), 1u);
  Status st = Delete(a, {1});  // i = 1, by its position in the snapshot's segment
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(LiveKeys(), Expected({0, 2, 3, 4, 10, 11, 12, 13, 14, 20, 21, 22, 23, 24, 30, 31, 32, 33, 34}));
  snapshot.reset();
}

TEST_F(StoreWalTest, FoldIsALogRecordAndTheFileItReplacesOutlivesTheManifestNamingIt) {
  {
    auto file = store_->WriteSegment(*def_, 0, TestRows(*def_, 3, 0));
    ASSERT_TRUE(file.ok());
    CommitRequest::TableChange ch;
    ch.table = def_->oid;
    ch.added.push_back(*file);
    ASSERT_TRUE(Commit(std::move(ch)).ok());
  }
  ASSERT_TRUE(store_->CheckpointLog(0).value());  // the manifest names the small segment file
  InsertSmall(2, 3);
  std::string manifest = CurrentManifest();
  std::string slice_dir = dir_.path() + "/tables/" + std::to_string(def_->oid) + "/0";
  {
    auto fold = store_->FoldSegments(*def_, 0, store_->Current()->Table(def_->oid)->slices[0]);
    ASSERT_TRUE(fold.ok());
    ASSERT_EQ(fold->folded.size(), 2u);  // the small file and the write-store segment
    ASSERT_TRUE(store_->CommitFold(*fold).ok());
  }
  EXPECT_EQ(CurrentManifest(), manifest);                 // the fold is a log record
  EXPECT_EQ(ListDir(slice_dir).value().size(), 2u);       // old file kept: the manifest still names it
  EXPECT_FALSE(store_->CheckpointLog(1u << 30).value());  // the log is small
  ASSERT_TRUE(store_->CheckpointLog(0).value());
  EXPECT_NE(CurrentManifest(), manifest);
  EXPECT_EQ(ListDir(slice_dir).value().size(), 1u);
  EXPECT_EQ(LiveKeys(), Expected({0, 1, 2, 3, 4}));
  Reopen();
  EXPECT_EQ(LiveKeys(), Expected({0, 1, 2, 3, 4}));
}

// A segment file that no commit took is unlinked once nobody holds its segment (a failed statement's, a
// rolled-back transaction's); one that a commit took stays for as long as a crash would replay it, even
// after a fold replaced it and nothing in memory names it any more.
TEST_F(StoreWalTest, FilesNoCommitTookGoAndCommittedOnesStayForTheReplay) {
  std::string slice_dir = dir_.path() + "/tables/" + std::to_string(def_->oid) + "/0";
  auto committed = store_->WriteSegment(*def_, 0, TestRows(*def_, 3, 0));
  auto held = store_->WriteSegment(*def_, 0, TestRows(*def_, 3, 3));
  auto dropped = store_->WriteSegment(*def_, 0, TestRows(*def_, 3, 6));
  ASSERT_TRUE(committed.ok() && held.ok() && dropped.ok());
  CommitRequest::TableChange ch;
  ch.table = def_->oid;
  ch.added.push_back(std::move(*committed));
  ASSERT_TRUE(Commit(std::move(ch)).ok());  // a log record: no manifest names the file
  dropped->reset();
  store_->RemoveRetiredFiles();
  EXPECT_EQ(ListDir(slice_dir).value().size(), 2u);  // the committed file and the held one
  held->reset();
  store_->RemoveUnpublishedFiles();
  ASSERT_EQ(ListDir(slice_dir).value().size(), 1u);
  InsertSmall(2, 9);
  {
    auto fold = store_->FoldSegments(*def_, 0, store_->Current()->Table(def_->oid)->slices[0]);
    ASSERT_TRUE(fold.ok());
    ASSERT_TRUE(store_->CommitFold(*fold).ok());
  }
  store_->RemoveRetiredFiles();
  EXPECT_EQ(ListDir(slice_dir).value().size(), 2u);  // the replay of the log needs the committed file
  Reopen();
  EXPECT_EQ(LiveKeys(), Expected({0, 1, 2, 9, 10}));
}

// A write-store segment has a file only when a checkpoint came after it: folded away, that file is
// unlinked (once a manifest no longer names it) and nothing is left of either segment but the fold's file.
TEST_F(StoreWalTest, FoldedWriteStoreSegmentsLeaveNoFiles) {
  InsertSmall(2, 0);
  ASSERT_TRUE(store_->CheckpointLog(0).value());  // writes the first segment's image to a file
  std::string slice_dir = dir_.path() + "/tables/" + std::to_string(def_->oid) + "/0";
  EXPECT_EQ(ListDir(slice_dir).value().size(), 1u);
  InsertSmall(2, 2);  // no file: after the checkpoint
  {
    auto fold = store_->FoldSegments(*def_, 0, store_->Current()->Table(def_->oid)->slices[0]);
    ASSERT_TRUE(fold.ok());
    ASSERT_EQ(fold->folded.size(), 2u);
    ASSERT_TRUE(store_->CommitFold(*fold).ok());
  }
  EXPECT_EQ(ListDir(slice_dir).value().size(), 2u);  // the manifest still names the first segment's file
  ASSERT_TRUE(store_->CheckpointLog(0).value());
  EXPECT_EQ(ListDir(slice_dir).value().size(), 1u);  // the fold's file alone
  Reopen();
  EXPECT_EQ(LiveKeys(), Expected({0, 1, 2, 3}));
}

// A log checkpoint in two steps: commits (and folds) run between its start, which begins a new log file,
// and its end, which writes the manifest. A crash before the end recovers from the old manifest and both log
// files.
TEST_F(StoreWalTest, CommitsBetweenTheStepsOfALogCheckpointSurviveACrashBeforeItsManifest) {
  InsertSmall(2, 0);
  std::string manifest = CurrentManifest();
  auto base = store_->BeginLogCheckpoint(0);
  ASSERT_TRUE(base.ok() && *base);
  InsertSmall(2, 2);                                            // goes to the new log file
  EXPECT_EQ(ListDir(dir_.path() + "/wal").value().size(), 2u);  // the old one is kept until the manifest
  EXPECT_EQ(CurrentManifest(), manifest);
  Reopen();  // as after a crash: nothing of the checkpoint but the new log file
  EXPECT_EQ(LiveKeys(), Expected({0, 1, 2, 3}));
}

TEST_F(StoreWalTest, LogCheckpointPublishesItsVersionWhileCommitsAndFoldsGoOn) {
  InsertSmall(2, 0);
  std::string manifest = CurrentManifest();
  std::string slice_dir = dir_.path() + "/tables/" + std::to_string(def_->oid) + "/0";
  auto base = store_->BeginLogCheckpoint(0);
  ASSERT_TRUE(base.ok() && *base);
  InsertSmall(2, 2);
  {  // folds the write-store segment the checkpoint is about to write a file for
    auto fold = store_->FoldSegments(*def_, 0, store_->Current()->Table(def_->oid)->slices[0]);
    ASSERT_TRUE(fold.ok());
    ASSERT_EQ(fold->folded.size(), 2u);
    ASSERT_TRUE(store_->CommitFold(*fold).ok());
  }
  ASSERT_TRUE(store_->FinishLogCheckpoint(**base).ok());
  EXPECT_NE(CurrentManifest(), manifest);
  EXPECT_EQ(ListDir(dir_.path() + "/wal").value().size(), 1u);
  EXPECT_EQ(ListDir(slice_dir).value().size(), 2u);  // the fold's file, and the image the manifest names
  EXPECT_EQ(LiveKeys(), Expected({0, 1, 2, 3}));
  Reopen();  // the checkpoint's manifest, then the fold from the new log file
  EXPECT_EQ(LiveKeys(), Expected({0, 1, 2, 3}));
  ASSERT_TRUE(store_->CheckpointLog(0).value());
  EXPECT_EQ(ListDir(slice_dir).value().size(), 1u);  // the fold's file alone: the image is gone with its manifest
}

TEST_F(StoreWalTest, FoldReplaysFromTheLogInPlace) {
  uint64_t a = InsertSmall(2, 0);
  InsertSmall(2, 2);
  {
    auto fold = store_->FoldSegments(*def_, 0, store_->Current()->Table(def_->oid)->slices[0]);
    ASSERT_TRUE(fold.ok());
    ASSERT_TRUE(store_->CommitFold(*fold).ok());
  }
  InsertSmall(1, 4);
  ASSERT_TRUE(Delete(a, {1}).ok());  // forwarded to the folded segment
  auto before = store_->Current()->Table(def_->oid)->slices[0];
  ASSERT_EQ(before.size(), 2u);
  uint64_t version = store_->Current()->version;
  Reopen();  // replays the fold record, then the insert and the delete
  EXPECT_EQ(store_->Current()->version, version);
  auto after = store_->Current()->Table(def_->oid)->slices[0];
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0].meta->id, before[0].meta->id);  // the folded segment first, as before
  EXPECT_EQ(LiveKeys(), Expected({0, 2, 3, 4}));
}

// Every value of every row of a segment, as text (NULL as "NULL"), in row order.
std::vector<std::string> SegmentText(const Store& store, const TableDef& table, const SegmentMeta& meta) {
  std::vector<std::string> out;
  auto reader = store.OpenSegment(table, meta);
  EXPECT_TRUE(reader.ok());
  if (!reader.ok()) return out;
  Batch batch(table.ColumnTypes(), meta.row_count);
  EXPECT_TRUE((*reader)->Read(AllColumns(table), 0, meta.row_count, &batch).ok());
  for (uint32_t r = 0; r < meta.row_count; r++) {
    for (size_t c = 0; c < table.columns.size(); c++) {
      Value v = batch.column(c).GetValue(r);
      out.push_back(v.is_null() ? "NULL" : v.ToString());
    }
  }
  return out;
}

TEST_F(StoreWalTest, OneRowSegmentsFoldFromTheirValuesAsFromTheirImages) {
  // One-row segments (each keeps its row's values) of every type, nulls among them, and a two-row one.
  for (size_t i = 0; i < 7; i++) InsertSmall(1, (i * 5) % 7);
  InsertSmall(2, 7);
  auto slice = store_->Current()->Table(def_->oid)->slices[0];
  ASSERT_EQ(slice.size(), 8u);
  for (size_t k = 0; k < 7; k++) EXPECT_NE(slice[k].meta->memory_row, nullptr) << k;
  EXPECT_EQ(slice[7].meta->memory_row, nullptr);
  auto from_values = store_->FoldSegments(*def_, 0, slice);
  ASSERT_TRUE(from_values.ok()) << from_values.status().ToString();
  std::vector<std::string> expected = SegmentText(*store_, *def_, *from_values->added);
  ASSERT_EQ(expected.size(), 9 * def_->columns.size());
  Reopen();  // the log replays the images alone
  auto replayed = store_->Current()->Table(def_->oid)->slices[0];
  ASSERT_EQ(replayed.size(), 8u);
  for (const SegmentState& s : replayed) EXPECT_EQ(s.meta->memory_row, nullptr);
  auto from_images = store_->FoldSegments(*def_, 0, replayed);
  ASSERT_TRUE(from_images.ok()) << from_images.status().ToString();
  EXPECT_EQ(SegmentText(*store_, *def_, *from_images->added), expected);
}

// Every row of the slice's segments in slice order, as one batch per segment.
std::vector<Batch> SliceRows(const Store& store, const TableDef& table, std::span<const SegmentState> slice) {
  std::vector<Batch> rows;
  for (const SegmentState& s : slice) {
    auto reader = store.OpenSegment(table, *s.meta);
    EXPECT_TRUE(reader.ok());
    if (!reader.ok()) return rows;
    rows.emplace_back(table.ColumnTypes(), s.meta->row_count);
    EXPECT_TRUE((*reader)->Read(AllColumns(table), 0, s.meta->row_count, &rows.back()).ok());
  }
  return rows;
}

// A fold's sketch merges the distinct-count sketches of its inputs that have one and counts the frequent
// values again: the same sketch as building it from the rows in the order the fold read them, whether an
// input's sketch is in memory or read from its file, or missing (a file written without statistics, the write
// store's segments). Its rows are those rows sorted.
TEST_F(StoreWalTest, FoldSketchIsTheSketchOfItsRows) {
  for (size_t i = 0; i < 40; i++) InsertSmall(1, i % 13);  // values repeated within and across the inputs
  auto first = store_->FoldSegments(*def_, 0, store_->Current()->Table(def_->oid)->slices[0]);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_TRUE(store_->CommitFold(*first).ok());
  auto plain = store_->WriteSegment(*def_, 0, TestRows(*def_, 30, 5), /*statistics=*/false);
  ASSERT_TRUE(plain.ok());
  CommitRequest::TableChange ch;
  ch.table = def_->oid;
  ch.added.push_back(*plain);
  ASSERT_TRUE(Commit(std::move(ch)).ok());
  for (size_t i = 0; i < 50; i++) InsertSmall(1, (i * 7) % 29);
  InsertSmall(3, 2);
  for (bool reopened : {false, true}) {
    if (reopened) Reopen();  // the first fold's sketch comes from its file
    auto slice = store_->Current()->Table(def_->oid)->slices[0];
    ASSERT_EQ(slice.size(), 53u);
    std::vector<Batch> rows = SliceRows(*store_, *def_, slice);
    auto columns = GatherColumns(*def_, rows);
    ASSERT_TRUE(columns.ok());
    auto fold = store_->FoldSegments(*def_, 0, slice);
    ASSERT_TRUE(fold.ok()) << fold.status().ToString();
    auto sketch = store_->SegmentStatistics(*def_, fold->added, /*compute_if_missing=*/false);
    ASSERT_TRUE(sketch.ok() && *sketch);
    ASSERT_EQ((*sketch)->columns.size(), def_->columns.size());
    for (size_t c = 0; c < def_->columns.size(); c++) {
      ColumnSketch want = ColumnSketch::Build((*columns)[c]);
      const ColumnSketch& got = (*sketch)->columns[c];
      ByteWriter a, b;
      want.distinct.Serialize(&a);
      got.distinct.Serialize(&b);
      EXPECT_EQ(a.data(), b.data()) << reopened << " column " << c;
      ASSERT_EQ(got.frequent.size(), want.frequent.size()) << reopened << " column " << c;
      for (size_t k = 0; k < want.frequent.size(); k++) {
        EXPECT_EQ(got.frequent[k].value.ToString(), want.frequent[k].value.ToString()) << c << " " << k;
        EXPECT_EQ(got.frequent[k].count, want.frequent[k].count) << c << " " << k;
      }
    }
    std::vector<Batch> sorted = SliceRows(*store_, *def_, std::vector<SegmentState>{{fold->added, nullptr}});
    auto want_sorted = GatherSortedColumns(*def_, rows);
    auto got_sorted = GatherColumns(*def_, sorted);
    ASSERT_TRUE(want_sorted.ok() && got_sorted.ok());
    for (size_t c = 0; c < def_->columns.size(); c++) {
      EXPECT_EQ((*got_sorted)[c].validity, (*want_sorted)[c].validity) << c;
      for (uint32_t r = 0; r < (*want_sorted)[c].count; r++) {
        EXPECT_EQ(ValueAt((*got_sorted)[c].type, (*got_sorted)[c].values.data(), r).ToString(),
                  ValueAt((*want_sorted)[c].type, (*want_sorted)[c].values.data(), r).ToString())
            << c << " " << r;
      }
    }
  }
}

TEST_F(StoreWalTest, FoldOfATruncatedTableIsASerializationFailure) {
  InsertSmall(2, 0);
  auto fold = store_->FoldSegments(*def_, 0, store_->Current()->Table(def_->oid)->slices[0]);
  ASSERT_TRUE(fold.ok());
  CommitRequest::TableChange ch;
  ch.table = def_->oid;
  ch.truncated = true;
  ASSERT_TRUE(Commit(std::move(ch)).ok());
  EXPECT_EQ(store_->CommitFold(*fold).status().code(), ErrorCode::kSerializationFailure);
  EXPECT_TRUE(LiveKeys().empty());
}

// ENCODE AUTO on folds: a fold of fewer than kFoldTrialRows rows is RAW (the write-store folder merges its file
// again within seconds; encoding it cost more than the rest of the fold); a larger one below trial_rows takes
// the encodings a fold of the table chose; one of trial_rows or more tries the candidates on its first
// kFoldTrialSampleRows rows, then lends that choice to the next kLargeFoldReuses such folds.
TEST_F(StoreWalTest, FoldEncodingsAreRawWhenSmallThenTriedAndReused) {
  auto base = store_->Current();
  Catalog c = *base->catalog;
  TableDef t;
  t.schema = "public";
  t.name = "auto_kv";
  t.columns = {testing::Col("k", LogicalType::BigInt()), testing::Col("s", LogicalType::Varchar(40))};
  t.sort_style = SortStyle::kCompound;
  t.sort_keys = {0};
  t.encode_auto = true;
  auto oid = c.CreateTable(std::move(t));
  ASSERT_TRUE(oid.ok());
  auto def = c.FindTableByOid(*oid);
  CommitRequest req;
  req.catalog = std::make_shared<const Catalog>(std::move(c));
  req.tables.emplace_back().table = *oid;
  req.tables.back().created = true;
  ASSERT_TRUE(store_->Commit(*base, req).ok());
  auto rows = [&](size_t n, size_t first, const std::function<std::string(size_t)>& text) {
    Batch b(def->ColumnTypes(), n);
    for (size_t i = 0; i < n; i++) {
      b.column(0).SetValue(i, Value::BigInt(static_cast<int64_t>(first + i)));
      b.column(1).SetValue(i, Value::Varchar(text(first + i)));
    }
    b.set_count(n);
    std::vector<Batch> out;
    out.push_back(std::move(b));
    return out;
  };
  auto fold = [&](const std::vector<Batch>& batch, uint64_t trial_rows = kFoldTrialRows) {
    auto meta = store_->WriteMemorySegment(*def, 0, batch);
    EXPECT_TRUE(meta.ok());
    CommitRequest::TableChange ch;
    ch.table = def->oid;
    ch.added.push_back(*meta);
    EXPECT_TRUE(Commit(std::move(ch)).ok());
    std::vector<SegmentState> memory;
    for (const auto& s : store_->Current()->Table(def->oid)->slices[0]) {
      if (s.meta->memory_image) memory.push_back(s);
    }
    auto folded = store_->FoldSegments(*def, 0, memory, trial_rows);
    EXPECT_TRUE(folded.ok());
    EXPECT_TRUE(store_->CommitFold(*folded).ok());
    return folded->added;
  };
  auto constant = [](size_t) { return std::string("constant text of the column"); };
  auto pairs = [](size_t i) { return "a long payload text of row number " + std::to_string(i / 2); };
  std::shared_ptr<const SegmentMeta> small = fold(rows(300, 0, constant));
  EXPECT_EQ(small->columns[0][0].encoding, Encoding::kRaw);
  EXPECT_EQ(small->columns[1][0].encoding, Encoding::kRaw);
  EXPECT_EQ(store_->TablesWithFoldEncodings(), 0u);  // nothing tried
  // What the candidates give each kind of text.
  auto by_constant = store_->WriteSegment(*def, 1, rows(1500, 100000, constant));
  auto by_pairs = store_->WriteSegment(*def, 1, rows(1500, 200000, pairs));
  ASSERT_TRUE(by_constant.ok() && by_pairs.ok());
  const Encoding chosen = (*by_constant)->columns[1][0].encoding, other = (*by_pairs)->columns[1][0].encoding;
  ASSERT_NE(chosen, other);
  ASSERT_NE(chosen, Encoding::kRaw);
  // Below trial_rows (the write-store folder's final size): the first fold tries, the next take its choice.
  constexpr uint64_t kFinal = 16384;
  EXPECT_EQ(fold(rows(1500, 1000, constant), kFinal)->columns[1][0].encoding, chosen);
  EXPECT_EQ(fold(rows(1500, 3000, pairs), kFinal)->columns[1][0].encoding, chosen);
  // A fold of trial_rows or more (its file stays) tries again, the choice being a smaller fold's, and lends its
  // choice to the next kLargeFoldReuses such folds; the one after tries again.
  EXPECT_EQ(fold(rows(1500, 5000, pairs))->columns[1][0].encoding, other);
  for (int k = 0; k < kLargeFoldReuses; k++) {
    EXPECT_EQ(fold(rows(1500, 9000 + 1500 * k, constant))->columns[1][0].encoding, other);
  }
  EXPECT_EQ(fold(rows(1500, 30000, constant))->columns[1][0].encoding, chosen);
  for (int k = 0; k < kLargeFoldReuses; k++) fold(rows(1500, 40000 + 1500 * k, pairs));
  EXPECT_EQ(fold(rows(1500, 52000, pairs))->columns[1][0].encoding, other);
  for (int k = 0; k < kLargeFoldReuses; k++) fold(rows(1500, 54000 + 1500 * k, constant));
  // The trial encodes the first kFoldTrialSampleRows rows only, of a block the whole of which tries otherwise.
  auto mixed = [&](size_t i) { return i < 70000 + kFoldTrialSampleRows ? constant(i) : pairs(i); };
  auto whole = store_->WriteSegment(*def, 1, rows(16000, 70000, mixed));
  ASSERT_TRUE(whole.ok());
  ASSERT_EQ((*whole)->columns[1].size(), 1u);
  ASSERT_NE((*whole)->columns[1][0].encoding, chosen);
  EXPECT_EQ(fold(rows(16000, 70000, mixed))->columns[1][0].encoding, chosen);
  EXPECT_EQ(LiveKeys().size(), 0u);  // (the fixture's table is untouched)
  // Dropping the table forgets its choice.
  EXPECT_EQ(store_->TablesWithFoldEncodings(), 1u);
  Catalog dropped = *store_->Current()->catalog;
  ASSERT_TRUE(dropped.DropTable(def->oid).ok());
  CommitRequest drop;
  drop.catalog = std::make_shared<const Catalog>(std::move(dropped));
  drop.tables.emplace_back().table = def->oid;
  drop.tables.back().dropped = true;
  ASSERT_TRUE(store_->Commit(*store_->Current(), drop).ok());
  EXPECT_EQ(store_->TablesWithFoldEncodings(), 0u);
}

TEST_F(StoreWalTest, ConcurrentCommittersShareFsyncsAndAllBecomeDurable) {
  std::mutex order;  // stands in for the caller's commit lock
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; t++) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < 25; k++) {
        auto meta = store_->WriteMemorySegment(*def_, 0, TestRows(*def_, 1, t * 25 + k));
        ASSERT_TRUE(meta.ok());
        CommitRequest req;
        CommitRequest::TableChange ch;
        ch.table = def_->oid;
        ch.added.push_back(*meta);
        req.tables.push_back(ch);
        uint64_t lsn = 0;
        {
          std::lock_guard<std::mutex> lock(order);
          ASSERT_TRUE(store_->Commit(*store_->Current(), req, &lsn).ok());
        }
        ASSERT_TRUE(store_->WaitDurable(lsn).ok());
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(store_->Snapshot()->version, store_->Current()->version);
  Reopen();
  EXPECT_EQ(LiveKeys().size(), 100u);
}

}  // namespace
}  // namespace blueshift::storage
