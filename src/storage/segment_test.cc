#include <cstring>
#include <fstream>

#include <gtest/gtest.h>

#include "storage/segment_writer.h"
#include "storage/storage_test_util.h"
#include "storage/store.h"
#include "util/crc32c.h"

namespace blueshift::storage {
namespace {

using testing::AllColumns;
using testing::AllTypesTable;
using testing::TempDir;
using testing::TestRows;
using testing::TestValue;

class SegmentTest : public ::testing::TestWithParam<Encoding> {
 protected:
  void SetUp() override {
    auto s = Store::Open(dir_.path(), StoreOptions{});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }

  // Reads every row back in batches (starting at an odd offset to cross block edges) and compares.
  void ExpectRoundTrip(const TableDef& t, const SegmentMeta& meta, size_t rows) {
    auto reader = store_->OpenSegment(t, meta);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    Batch out(t.ColumnTypes());
    for (size_t first = 0; first < rows;) {
      size_t n = std::min<size_t>(first == 0 ? 1001 : kBatchSize, rows - first);
      Status st = (*reader)->Read(AllColumns(t), first, n, &out);
      ASSERT_TRUE(st.ok()) << st.ToString();
      ASSERT_EQ(out.count(), n);
      for (size_t c = 0; c < t.columns.size(); c++) {
        for (size_t i = 0; i < n; i++) {
          ASSERT_EQ(out.column(c).GetValue(i), TestValue(t.columns[c].type, c, first + i))
              << "column " << t.columns[c].name << " row " << first + i;
        }
      }
      first += n;
    }
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_P(SegmentTest, RoundTripsEveryTypeWithNulls) {
  TableDef t = AllTypesTable(100001, GetParam());
  auto meta = store_->WriteSegment(t, 0, TestRows(t, 5000));
  ASSERT_TRUE(meta.ok()) << meta.status().ToString();
  EXPECT_EQ((*meta)->row_count, 5000u);
  ExpectRoundTrip(t, **meta, 5000);
}

TEST_P(SegmentTest, RoundTripsManyBlocks) {
  TableDef t = AllTypesTable(100002, GetParam());
  size_t rows = 140000;
  auto meta = store_->WriteSegment(t, 1, TestRows(t, rows));
  ASSERT_TRUE(meta.ok()) << meta.status().ToString();
  ASSERT_GE((*meta)->columns[0].size(), 3u);
  for (const auto& blocks : (*meta)->columns) {
    ASSERT_EQ(blocks.size(), (*meta)->columns[0].size());  // columns share block boundaries
    uint64_t next = 0;
    for (const BlockInfo& b : blocks) {
      EXPECT_EQ(b.first_row, next);
      EXPECT_LE(b.size, 1u << 20);
      next += b.row_count;
    }
    EXPECT_EQ(next, rows);
  }
  ExpectRoundTrip(t, **meta, rows);
}

TEST_P(SegmentTest, EncodeAutoChoosesPerColumnAndRoundTrips) {
  TableDef t = AllTypesTable(100003, GetParam());
  t.encode_auto = true;  // the declared encodings stay in the catalog; the data decides what is stored
  auto meta = store_->WriteSegment(t, 0, TestRows(t, 20000));
  ASSERT_TRUE(meta.ok()) << meta.status().ToString();
  int encoded = 0;
  for (size_t c = 0; c < t.columns.size(); c++) {
    Encoding e = (*meta)->StoredEncoding(static_cast<int>(c));
    EXPECT_TRUE(e == Encoding::kRaw || EncodingAllowed(e, t.columns[c].type)) << t.columns[c].name;
    encoded += e != Encoding::kRaw;
  }
  EXPECT_GE(encoded, 6);
  ExpectRoundTrip(t, **meta, 20000);
}

// A single-row INSERT's write-store segment is built from the row where it lies (BuildMemorySegment's one-row
// path): its image must be the bytes of the segment file of that row without statistics, in the encodings
// the write store uses (the declared ones; RAW under ENCODE AUTO), and its metadata the file's.
TEST_P(SegmentTest, OneRowMemorySegmentIsItsFileWithoutStatistics) {
  for (bool encode_auto : {false, true}) {
    TableDef t = AllTypesTable(100009, GetParam());
    t.encode_auto = encode_auto;
    std::vector<Encoding> raw(t.columns.size(), Encoding::kRaw);
    for (size_t r = 0; r < 12; r++) {  // every column NULL in some row, empty strings, both booleans
      SCOPED_TRACE("encode_auto " + std::to_string(encode_auto) + " row " + std::to_string(r));
      // The row behind a selection vector, after an empty batch, as an INSERT's buffers may hold it.
      std::vector<Batch> rows;
      rows.emplace_back(t.ColumnTypes(), 1);
      std::vector<Batch> three = TestRows(t, 3, r + 1);
      three[0].mutable_selection()[0] = 1;
      three[0].SetSelection(1);
      rows.push_back(std::move(three[0]));
      auto image = BuildMemorySegment(t, 1, 7000 + r, rows);
      ASSERT_TRUE(image.ok()) << image.status().ToString();
      std::string path = dir_.path() + "/one_row_" + std::to_string(encode_auto) + "_" + std::to_string(r);
      auto file = WriteSegmentFile(path, t, 1, 7000 + r, TestRows(t, 1, r + 2), nullptr, /*statistics=*/false, {},
                                   encode_auto ? &raw : nullptr);
      ASSERT_TRUE(file.ok()) << file.status().ToString();
      std::ifstream in(path, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      const SegmentMeta& m = **image;
      ASSERT_TRUE(m.memory_image);
      EXPECT_EQ(*m.memory_image, bytes);
      EXPECT_EQ(m.file_bytes, (*file)->file_bytes);
      EXPECT_EQ(m.row_count, 1u);
      EXPECT_EQ(m.types, (*file)->types);
      ASSERT_EQ(m.columns.size(), t.columns.size());
      ASSERT_TRUE(m.memory_row);
      for (size_t c = 0; c < t.columns.size(); c++) {
        ASSERT_EQ(m.columns[c].size(), 1u);
        const BlockInfo& a = m.columns[c][0];
        const BlockInfo& b = (*file)->columns[c][0];
        EXPECT_EQ(a.offset, b.offset);
        EXPECT_EQ(a.size, b.size);
        EXPECT_EQ(a.first_row, b.first_row);
        EXPECT_EQ(a.row_count, b.row_count);
        EXPECT_EQ(a.null_count, b.null_count);
        EXPECT_EQ(a.encoding, b.encoding);
        EXPECT_EQ(a.has_minmax, b.has_minmax);
        EXPECT_EQ(a.min, b.min);
        EXPECT_EQ(a.max, b.max);
        EXPECT_EQ((*m.memory_row)[c], TestValue(t.columns[c].type, c, r + 2)) << t.columns[c].name;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Encodings, SegmentTest,
                         ::testing::Values(Encoding::kRaw, Encoding::kAz64, Encoding::kByteDict, Encoding::kDelta,
                                           Encoding::kDelta32k, Encoding::kLzo, Encoding::kMostly8, Encoding::kMostly16,
                                           Encoding::kMostly32, Encoding::kRunLength, Encoding::kText255,
                                           Encoding::kText32k, Encoding::kZstd),
                         [](const auto& info) { return std::string(EncodingName(info.param)); });

class SegmentFileTest : public SegmentTest {};

TEST_F(SegmentFileTest, WideStringsKeepBlocksUnderOneMegabyte) {
  TableDef t;
  t.oid = 100003;
  t.name = "wide";
  t.columns = {testing::Col("v", LogicalType::Varchar(65535))};
  Batch b(t.ColumnTypes());
  for (size_t i = 0; i < 100; i++) b.column(0).SetValue(i, Value::Varchar(std::string(60000, 'a' + i % 26)));
  b.set_count(100);
  std::vector<Batch> rows;
  rows.push_back(std::move(b));
  auto meta = store_->WriteSegment(t, 0, rows);
  ASSERT_TRUE(meta.ok()) << meta.status().ToString();
  EXPECT_GT((*meta)->columns[0].size(), 5u);
  for (const BlockInfo& blk : (*meta)->columns[0]) EXPECT_LE(blk.size, 1u << 20);
  auto reader = store_->OpenSegment(t, **meta);
  ASSERT_TRUE(reader.ok());
  Batch out(t.ColumnTypes());
  ASSERT_TRUE((*reader)->Read({0}, 0, 100, &out).ok());
  EXPECT_EQ(out.column(0).GetValue(99).GetString(), std::string(60000, 'a' + 99 % 26));
}

TEST_F(SegmentFileTest, ZoneMapsHoldMinMaxAndNullCounts) {
  TableDef t = AllTypesTable(100004, Encoding::kRaw);
  auto meta = store_->WriteSegment(t, 0, TestRows(t, 100));
  ASSERT_TRUE(meta.ok());
  const BlockInfo& ints = (*meta)->columns[2][0];  // i = row * 13 - 100000, NULL when (row + 2) % 11 == 0
  EXPECT_EQ(ints.null_count, 9u);
  ASSERT_TRUE(ints.has_minmax);
  EXPECT_EQ(ints.min, Value::Integer(-100000));
  EXPECT_EQ(ints.max, Value::Integer(99 * 13 - 100000));
  const BlockInfo& strs = (*meta)->columns[9][0];
  EXPECT_EQ(strs.min.GetString(), "");
  EXPECT_EQ(strs.encoding, Encoding::kRaw);
}

TEST_F(SegmentFileTest, AllNullBlockHasNoMinMax) {
  TableDef t;
  t.oid = 100005;
  t.columns = {testing::Col("x", LogicalType::Integer())};
  Batch b(t.ColumnTypes());
  for (size_t i = 0; i < 10; i++) b.column(0).SetNull(i, true);
  b.set_count(10);
  std::vector<Batch> rows;
  rows.push_back(std::move(b));
  auto meta = store_->WriteSegment(t, 0, rows);
  ASSERT_TRUE(meta.ok());
  EXPECT_FALSE((*meta)->columns[0][0].has_minmax);
  EXPECT_EQ((*meta)->columns[0][0].null_count, 10u);
  auto reader = store_->OpenSegment(t, **meta);
  Batch out(t.ColumnTypes());
  ASSERT_TRUE((*reader)->Read({0}, 0, 10, &out).ok());
  EXPECT_TRUE(out.column(0).may_have_nulls());
  for (size_t i = 0; i < 10; i++) EXPECT_TRUE(out.column(0).IsNull(i));
}

TEST_F(SegmentFileTest, SortsByCompoundKeyWithNullsLast) {
  TableDef t;
  t.oid = 100006;
  t.columns = {testing::Col("a", LogicalType::Integer()), testing::Col("b", LogicalType::Varchar(10))};
  t.sort_style = SortStyle::kCompound;
  t.sort_keys = {1, 0};
  Batch in(t.ColumnTypes());
  std::vector<std::pair<Value, Value>> rows = {{Value::Integer(3), Value::Varchar("y")},
                                               {Value::Integer(1), Value::NullOf(LogicalType::Varchar(10))},
                                               {Value::Integer(2), Value::Varchar("x")},
                                               {Value::NullOf(LogicalType::Integer()), Value::Varchar("x")},
                                               {Value::Integer(1), Value::Varchar("x")}};
  for (size_t i = 0; i < rows.size(); i++) {
    in.column(0).SetValue(i, rows[i].first);
    in.column(1).SetValue(i, rows[i].second);
  }
  in.set_count(rows.size());
  std::vector<Batch> batches;
  batches.push_back(std::move(in));
  auto meta = store_->WriteSegment(t, 0, batches);
  ASSERT_TRUE(meta.ok());
  Batch out(t.ColumnTypes());
  ASSERT_TRUE(store_->OpenSegment(t, **meta).value()->Read({0, 1}, 0, 5, &out).ok());
  std::vector<std::string> got;
  for (size_t i = 0; i < 5; i++)
    got.push_back(out.column(1).GetValue(i).ToString() + out.column(0).GetValue(i).ToString());
  EXPECT_EQ(got, (std::vector<std::string>{"x1", "x2", "xNULL", "y3", "NULL1"}));
}

TEST_F(SegmentFileTest, FlippedByteIsCorruptionNamingTheBlock) {
  TableDef t = AllTypesTable(100007, Encoding::kRaw);
  auto meta = store_->WriteSegment(t, 0, TestRows(t, 3000));
  ASSERT_TRUE(meta.ok());
  const BlockInfo& target = (*meta)->columns[3][0];
  std::string id = std::to_string((*meta)->id);
  std::string path = dir_.path() + "/tables/100007/0/seg-" + std::string(20 - id.size(), '0') + id + ".bss";
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    ASSERT_TRUE(f.good()) << path;
    f.seekg(static_cast<std::streamoff>(target.offset + target.size / 2));
    char c = 0;
    f.read(&c, 1);
    c = static_cast<char>(c ^ 0x40);
    f.seekp(static_cast<std::streamoff>(target.offset + target.size / 2));
    f.write(&c, 1);
  }
  auto reader = store_->OpenSegment(t, **meta);
  ASSERT_TRUE(reader.ok());
  Batch ints({t.columns[2].type});
  EXPECT_TRUE((*reader)->Read({2}, 0, 100, &ints).ok());  // other columns still read
  Batch out({t.columns[3].type});
  Status st = (*reader)->Read({3}, 0, 100, &out);
  ASSERT_EQ(st.code(), ErrorCode::kDataCorrupted) << st.ToString();
  EXPECT_NE(st.message().find("block 0 of column \"l\""), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("public.all_types"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("checksum"), std::string::npos) << st.message();
}

// Format 1 wrote only RAW, RUNLENGTH and AZ64 payloads, laid out as format 2 lays them out: a segment whose
// header says version 1 reads the same.
TEST_F(SegmentFileTest, ReadsFormatVersion1Segments) {
  for (Encoding e : {Encoding::kRaw, Encoding::kRunLength, Encoding::kAz64}) {
    TableDef t = AllTypesTable(100009 + static_cast<int>(e), e);
    auto meta = store_->WriteSegment(t, 0, TestRows(t, 3000));
    ASSERT_TRUE(meta.ok());
    std::string id = std::to_string((*meta)->id);
    std::string path =
        dir_.path() + "/tables/" + std::to_string(t.oid) + "/0/seg-" + std::string(20 - id.size(), '0') + id + ".bss";
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    char header[36];
    f.read(header, sizeof header);
    uint32_t version = 1;
    std::memcpy(header + 8, &version, 4);
    uint32_t crc = Crc32c(header, 32);
    std::memcpy(header + 32, &crc, 4);
    f.seekp(0);
    f.write(header, sizeof header);
    f.close();
    ExpectRoundTrip(t, **meta, 3000);
  }
}

TEST_F(SegmentFileTest, EmptySegmentHasNoBlocks) {
  TableDef t = AllTypesTable(100008, Encoding::kRaw);
  auto meta = store_->WriteSegment(t, 0, {});
  ASSERT_TRUE(meta.ok()) << meta.status().ToString();
  EXPECT_EQ((*meta)->row_count, 0u);
  EXPECT_TRUE((*meta)->columns[0].empty());
}

}  // namespace
}  // namespace blueshift::storage
