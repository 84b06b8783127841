// VACUUM of slices larger than its memory: the streaming merge (segment_merge.h) under a tiny limit.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "storage/segment_merge.h"
#include "storage/segment_writer.h"
#include "storage/storage_test_util.h"
#include "storage/table_layout.h"
#include "storage/vacuum.h"
#include "util/hash.h"

namespace blueshift::storage {
namespace {

using testing::Col;
using testing::TempDir;

constexpr size_t kSegments = 24;
constexpr size_t kRowsPerSegment = 25000;

// The row with id i: k has many duplicates (5,000 values), v is NULL every 13th row.
int32_t KeyOf(int64_t id) {
  return static_cast<int32_t>((id * 7919) % 5000);
}
std::string PayloadOf(int64_t id) {
  return "payload-" + std::to_string(id * 31) + std::string(id % 20, 'x');
}

struct Row {
  int64_t id;
  int32_t k;
  bool v_null;
  std::string v;
};

// Every row of a segment's id column, deleted or not.
std::vector<int64_t> Ids(const Store& store, const TableDef& def, const SegmentMeta& meta) {
  std::vector<int64_t> out;
  auto reader = store.OpenSegment(def, meta);
  EXPECT_TRUE(reader.ok());
  Batch b({LogicalType::BigInt()});
  for (uint64_t first = 0; first < meta.row_count; first += kBatchSize) {
    size_t n = std::min<uint64_t>(kBatchSize, meta.row_count - first);
    EXPECT_TRUE((*reader)->Read({0}, first, n, &b).ok());
    out.insert(out.end(), b.column(0).data<int64_t>(), b.column(0).data<int64_t>() + n);
  }
  return out;
}

class VacuumExternalTest : public ::testing::Test {
 protected:
  void Open(bool sort_key) {
    auto s = Store::Open(dir_.path(), StoreOptions{1});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
    auto base = store_->Current();
    Catalog c = *base->catalog;
    TableDef t;
    t.schema = "public";
    t.name = "big";
    t.columns = {Col("id", LogicalType::BigInt()), Col("k", LogicalType::Integer()),
                 Col("v", LogicalType::Varchar(40))};
    for (auto& col : t.columns) col.encoding = Encoding::kZstd;
    t.encode_auto = false;
    t.sort_style = sort_key ? SortStyle::kCompound : SortStyle::kNone;
    if (sort_key) t.sort_keys = {1};
    auto oid = c.CreateTable(t);
    ASSERT_TRUE(oid.ok());
    def_ = c.FindTableByOid(*oid);
    CommitRequest req;
    req.catalog = std::make_shared<const Catalog>(std::move(c));
    CommitRequest::TableChange ch;
    ch.table = *oid;
    ch.created = true;
    for (size_t s = 0; s < kSegments; s++) {
      auto meta = store_->WriteSegment(*def_, 0, Rows(s * kRowsPerSegment, kRowsPerSegment));
      ASSERT_TRUE(meta.ok()) << meta.status().ToString();
      ch.added.push_back(*meta);
    }
    req.tables.push_back(ch);
    ASSERT_TRUE(store_->Commit(*base, req).ok());
  }

  std::vector<Batch> Rows(size_t first, size_t n) {
    std::vector<Batch> out;
    for (size_t done = 0; done < n;) {
      size_t m = std::min(kBatchSize, n - done);
      Batch b(def_->ColumnTypes());
      for (size_t i = 0; i < m; i++) {
        int64_t id = static_cast<int64_t>(first + done + i);
        b.column(0).SetValue(i, Value::BigInt(id));
        b.column(1).SetValue(i, Value::Integer(KeyOf(id)));
        b.column(2).SetValue(i, id % 13 == 0 ? Value::NullOf(LogicalType::Varchar(40)) : Value::Varchar(PayloadOf(id)));
      }
      b.set_count(m);
      out.push_back(std::move(b));
      done += m;
    }
    return out;
  }

  // Every row of the slice's segments in segment order, each segment's rows in order, with deleted rows left
  // out; reading verifies every block's checksum.
  std::vector<std::vector<Row>> ReadSlice(const DbVersion& v) {
    std::vector<std::vector<Row>> out;
    for (const SegmentState& s : v.Table(def_->oid)->slices[0]) {
      auto reader = store_->OpenSegment(*def_, *s.meta);
      EXPECT_TRUE(reader.ok());
      std::vector<Row> rows;
      Batch b(def_->ColumnTypes());
      for (uint64_t first = 0; first < s.meta->row_count; first += kBatchSize) {
        size_t n = std::min<uint64_t>(kBatchSize, s.meta->row_count - first);
        Status st = (*reader)->Read({0, 1, 2}, first, n, &b);
        EXPECT_TRUE(st.ok()) << st.ToString();
        for (size_t i = 0; i < n; i++) {
          if (s.deletes && s.deletes->Contains(static_cast<uint32_t>(first + i))) continue;
          Row r{b.column(0).data<int64_t>()[i], b.column(1).data<int32_t>()[i], b.column(2).IsNull(i), ""};
          if (!r.v_null) r.v = std::string(b.column(2).data<std::string_view>()[i]);
          rows.push_back(std::move(r));
        }
      }
      out.push_back(std::move(rows));
    }
    return out;
  }

  // Deletes every 7th row of the first half of the segments.
  uint64_t DeleteSome() {
    CommitRequest req;
    CommitRequest::TableChange ch;
    ch.table = def_->oid;
    uint64_t n = 0;
    const auto& segments = store_->Current()->Table(def_->oid)->slices[0];
    for (size_t s = 0; s < segments.size() / 2; s++) {
      for (uint32_t r = s; r < segments[s].meta->row_count; r += 7, n++) ch.deleted[segments[s].meta->id].push_back(r);
    }
    req.tables.push_back(ch);
    EXPECT_TRUE(store_->Commit(*store_->Current(), req).ok());
    return n;
  }

  Result<VacuumTableResult> Vacuum(const RewriteLimits& limits) {
    VacuumOptions o;
    o.limits = limits;
    return VacuumTable(store_.get(), &commit_mu_, def_->oid, o, store_->vacuum_log());
  }

  // The rows by id, and an order-independent checksum over every value.
  static std::map<int64_t, Row> ById(const std::vector<std::vector<Row>>& segments, uint64_t* checksum) {
    std::map<int64_t, Row> out;
    *checksum = 0;
    for (const auto& rows : segments) {
      for (const Row& r : rows) {
        *checksum += HashInt(r.id) ^ (HashInt(r.k) * 3) ^ (r.v_null ? 7 : HashString(r.v));
        out[r.id] = r;
      }
    }
    return out;
  }

  // The rewrite's moves send every live row of every input to the row of the output that holds it, and
  // every deleted row nowhere: through intermediate passes, outputs cut into several segments, and
  // concatenation.
  void CheckMoves(bool sort_key) {
    Open(sort_key);
    DeleteSome();
    auto v = store_->Current();
    const auto& all = v->Table(def_->oid)->slices[0];
    std::vector<SegmentState> segments(all.begin(), all.begin() + 6);
    RewriteLimits tiny;
    tiny.memory_bytes = 1;  // intermediate passes (with a sort key)
    tiny.segment_rows = 40000;
    auto rw = store_->RewriteSegments(*def_, 0, segments, tiny);
    ASSERT_TRUE(rw.ok()) << rw.status().ToString();
    EXPECT_EQ(rw->intermediate_passes, sort_key ? 2 : 0);
    ASSERT_GT(rw->added.size(), 2u);
    std::map<uint64_t, std::vector<int64_t>> written;
    for (const auto& meta : rw->added) written[meta->id] = Ids(*store_, *def_, *meta);
    ASSERT_EQ(rw->moves.size(), segments.size());
    std::set<std::pair<uint64_t, uint32_t>> targets;
    for (const SegmentState& s : segments) {
      const RowMove& move = rw->moves.at(s.meta->id);
      std::vector<int64_t> ids = Ids(*store_, *def_, *s.meta);
      for (uint32_t r = 0; r < ids.size(); r++) {
        auto to = move.Find(r);
        if (s.deletes && s.deletes->Contains(r)) {
          ASSERT_FALSE(to.has_value()) << "deleted row " << r << " of segment " << s.meta->id;
          continue;
        }
        ASSERT_TRUE(to.has_value()) << "row " << r << " of segment " << s.meta->id;
        ASSERT_EQ(written.at(to->first).at(to->second), ids[r]);
        ASSERT_TRUE(targets.insert(*to).second);
      }
    }
    EXPECT_EQ(targets.size(), rw->rows_kept);
    store_->DiscardRewrite(def_->oid, *rw);
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  std::shared_ptr<const TableDef> def_;
  std::mutex commit_mu_;
};

TEST_F(VacuumExternalTest, SliceSeveralTimesLargerThanTheMemoryLimitIsMergedInPasses) {
  Open(/*sort_key=*/true);
  uint64_t deleted = DeleteSome();
  auto before_version = store_->Current();
  uint64_t checksum_before;
  std::map<int64_t, Row> before = ById(ReadSlice(*before_version), &checksum_before);
  ASSERT_EQ(before.size(), kSegments * kRowsPerSegment - deleted);

  // The limit is the floor (a writer and two cursors); the slice's rows take over three times as much
  // decoded (8 + 4 bytes, a 16-byte string view and the string's bytes per row).
  RewriteLimits limits;
  uint64_t cursor = MergeCursorMemory(*before_version->Table(def_->oid)->slices[0][0].meta);
  limits.memory_bytes = SegmentStreamWriter::MemoryBound(*def_) + 2 * cursor;
  limits.segment_rows = 100000;
  uint64_t decoded = 0;
  for (const auto& [id, row] : before) decoded += 8 + 4 + 16 + row.v.size();
  ASSERT_GT(decoded, 3 * limits.memory_bytes);
  auto r = Vacuum(limits);
  ASSERT_TRUE(r.ok()) << r.status().ToString();

  auto now = store_->Current();
  const auto& segments = now->Table(def_->oid)->slices[0];
  // About 557,000 live rows: five segments of 100,000 rows and the rest of their last key's rows, then the rest.
  EXPECT_EQ(segments.size(), 6u);
  TableLayout layout = ComputeTableLayout(*def_, *now->Table(def_->oid));
  EXPECT_EQ(layout.sorted_rows, layout.rows);  // the segments' key ranges do not touch
  EXPECT_EQ(layout.deleted_rows, 0u);
  std::vector<std::vector<Row>> after_segments = ReadSlice(*now);
  int32_t last = INT32_MIN;
  int64_t last_id = -1;
  for (size_t s = 0; s < after_segments.size(); s++) {
    const auto& rows = after_segments[s];
    if (s + 1 < after_segments.size()) {
      EXPECT_GE(rows.size(), 100000u);
    }
    for (const Row& row : rows) {
      ASSERT_GE(row.k, last);
      if (row.k == last) {
        ASSERT_GT(row.id, last_id);  // equal keys keep the order of the inputs
      }
      last = row.k;
      last_id = row.id;
    }
  }
  uint64_t checksum_after;
  std::map<int64_t, Row> after = ById(after_segments, &checksum_after);
  EXPECT_EQ(after.size(), before.size());
  EXPECT_EQ(checksum_after, checksum_before);
  for (const auto& [id, row] : after) {
    ASSERT_TRUE(before.count(id)) << "row " << id << " was deleted";
    ASSERT_EQ(row.k, KeyOf(id));
    ASSERT_EQ(row.v_null, id % 13 == 0);
    if (!row.v_null) {
      ASSERT_EQ(row.v, PayloadOf(id));
    }
  }
  // No intermediate run or leftover file stays behind: one file per live segment.
  size_t files = 0;
  for (const auto& e :
       std::filesystem::directory_iterator(dir_.path() + "/tables/" + std::to_string(def_->oid) + "/0")) {
    files += e.path().extension() == ".bss" ? 1 : 0;
  }
  EXPECT_EQ(files, kSegments + segments.size());  // the pinned version's old files, and the new ones
}

TEST_F(VacuumExternalTest, RewriteReportsItsIntermediatePasses) {
  Open(/*sort_key=*/true);
  auto v = store_->Current();
  const auto& all = v->Table(def_->oid)->slices[0];
  std::vector<SegmentState> segments(all.begin(), all.begin() + 6);
  RewriteLimits tiny;
  tiny.memory_bytes = 1;  // below the floor: two cursors at a time
  auto rw = store_->RewriteSegments(*def_, 0, segments, tiny);
  ASSERT_TRUE(rw.ok()) << rw.status().ToString();
  EXPECT_EQ(rw->intermediate_passes, 2);  // 6 runs, then 3 and 2, then the final merge
  EXPECT_EQ(rw->rows_kept, 6 * kRowsPerSegment);
  ASSERT_EQ(rw->added.size(), 1u);
  RewriteLimits roomy;
  auto one_pass = store_->RewriteSegments(*def_, 0, segments, roomy);
  ASSERT_TRUE(one_pass.ok());
  EXPECT_EQ(one_pass->intermediate_passes, 0);
  // Both give the same rows in the same order.
  const SegmentMeta& a = *rw->added[0];
  const SegmentMeta& b = *one_pass->added[0];
  auto ra = store_->OpenSegment(*def_, a);
  auto rb = store_->OpenSegment(*def_, b);
  ASSERT_TRUE(ra.ok() && rb.ok());
  Batch ba({LogicalType::BigInt()}), bb({LogicalType::BigInt()});
  for (uint64_t first = 0; first < a.row_count; first += kBatchSize) {
    size_t n = std::min<uint64_t>(kBatchSize, a.row_count - first);
    ASSERT_TRUE((*ra)->Read({0}, first, n, &ba).ok());
    ASSERT_TRUE((*rb)->Read({0}, first, n, &bb).ok());
    ASSERT_EQ(0, std::memcmp(ba.column(0).raw_data(), bb.column(0).raw_data(), n * 8)) << "rows from " << first;
  }
  store_->DiscardRewrite(def_->oid, *rw);
  store_->DiscardRewrite(def_->oid, *one_pass);
}

TEST_F(VacuumExternalTest, WithoutASortKeySegmentsAreConcatenatedAndCut) {
  Open(/*sort_key=*/false);
  uint64_t deleted = DeleteSome();
  RewriteLimits limits;
  limits.memory_bytes = 1;
  limits.segment_rows = 250000;
  auto r = Vacuum(limits);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto now = store_->Current();
  const auto& segments = now->Table(def_->oid)->slices[0];
  ASSERT_EQ(segments.size(), 3u);
  EXPECT_EQ(segments[0].meta->row_count, 250000u);
  EXPECT_EQ(segments[1].meta->row_count, 250000u);
  EXPECT_EQ(segments[2].meta->row_count, kSegments * kRowsPerSegment - deleted - 500000);
  // Arrival order: ids ascending.
  int64_t last = -1;
  for (const auto& rows : ReadSlice(*now)) {
    for (const Row& row : rows) {
      ASSERT_GT(row.id, last);
      last = row.id;
    }
  }
  // Two full segments and one small one: nothing left to merge.
  auto again = Vacuum(limits);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->skipped);
}

TEST_F(VacuumExternalTest, MovesSayWhereEveryRowWentThroughPasses) {
  CheckMoves(/*sort_key=*/true);
}

TEST_F(VacuumExternalTest, MovesSayWhereEveryRowWentWhenConcatenated) {
  CheckMoves(/*sort_key=*/false);
}

TEST_F(VacuumExternalTest, StreamedSegmentHasTheBlocksOfAWrittenOne) {
  Open(/*sort_key=*/true);
  auto v = store_->Current();
  const SegmentState& one = v->Table(def_->oid)->slices[0][3];
  auto rw = store_->RewriteSegments(*def_, 0, {one});
  ASSERT_TRUE(rw.ok());
  ASSERT_EQ(rw->added.size(), 1u);
  const SegmentMeta& a = *one.meta;
  const SegmentMeta& b = *rw->added[0];
  ASSERT_EQ(a.row_count, b.row_count);
  for (size_t c = 0; c < a.columns.size(); c++) {
    ASSERT_EQ(a.columns[c].size(), b.columns[c].size());
    for (size_t k = 0; k < a.columns[c].size(); k++) {
      EXPECT_EQ(a.columns[c][k].first_row, b.columns[c][k].first_row);
      EXPECT_EQ(a.columns[c][k].row_count, b.columns[c][k].row_count);
      EXPECT_EQ(a.columns[c][k].null_count, b.columns[c][k].null_count);
      EXPECT_EQ(a.columns[c][k].encoding, b.columns[c][k].encoding);
      EXPECT_EQ(a.columns[c][k].size, b.columns[c][k].size);
      EXPECT_EQ(Value::Compare(a.columns[c][k].min, b.columns[c][k].min), 0);
      EXPECT_EQ(Value::Compare(a.columns[c][k].max, b.columns[c][k].max), 0);
    }
  }
  auto sa = store_->SegmentStatistics(*def_, one.meta);
  auto sb = store_->SegmentStatistics(*def_, rw->added[0]);
  ASSERT_TRUE(sa.ok() && sb.ok());
  for (size_t c = 0; c < a.columns.size(); c++) {
    EXPECT_EQ((*sa)->columns[c].distinct.Estimate(), (*sb)->columns[c].distinct.Estimate());
    ASSERT_EQ((*sa)->columns[c].frequent.size(), (*sb)->columns[c].frequent.size());
    for (size_t f = 0; f < (*sa)->columns[c].frequent.size(); f++) {
      EXPECT_EQ((*sa)->columns[c].frequent[f].count, (*sb)->columns[c].frequent[f].count);
    }
  }
  store_->DiscardRewrite(def_->oid, *rw);
}

}  // namespace
}  // namespace blueshift::storage
