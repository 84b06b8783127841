#include "load/parquet_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "load/local_store.h"
#include "load/parquet_file.h"

namespace blueshift::load::parquet {
namespace {

// Writes rows through ParquetFileWriter with small row groups and reads them back with our reader.
TEST(ParquetWriter, RoundTripsThroughTheReaderAcrossRowGroups) {
  std::vector<WriterColumn> cols = {{"n", LogicalType::BigInt()},
                                    {"s", LogicalType::Varchar(10)},
                                    {"d", LogicalType::Decimal(30, 2)},
                                    {"ok", LogicalType::Boolean()}};
  ParquetFileWriter w(cols, Codec::kSnappy, /*row_group_rows=*/100);
  Batch batch({LogicalType::BigInt(), LogicalType::Varchar(10), LogicalType::Decimal(30, 2), LogicalType::Boolean()});
  const int kRows = 250;
  for (int r = 0; r < kRows; r++) {
    batch.column(0).SetValue(r, r % 7 == 0 ? Value::NullOf(LogicalType::BigInt()) : Value::BigInt(r * 3));
    batch.column(1).SetValue(r, Value::Varchar("v" + std::to_string(r)));
    batch.column(2).SetValue(r, Value::Decimal(static_cast<int128_t>(r) * -1000000007LL, 30, 2));
    batch.column(3).SetValue(r, Value::Boolean(r % 2 == 0));
  }
  batch.set_count(kRows);
  w.Append(batch);
  EXPECT_EQ(w.rows(), static_cast<uint64_t>(kRows));
  std::string bytes = w.Finish();

  std::string path = "/tmp/blueshift_parquet_writer_test_" + std::to_string(getpid()) + ".parquet";
  LocalStore store;
  ASSERT_TRUE(store.Put(path, bytes).ok());
  auto stat = store.Stat(path);
  ASSERT_TRUE(stat.ok());
  auto file = OpenParquetFile(store, *stat);
  ASSERT_TRUE(file.ok()) << file.status().message();
  const ParquetFile& f = **file;
  ASSERT_EQ(f.meta.row_groups.size(), 3u);
  EXPECT_EQ(f.meta.num_rows, kRows);
  EXPECT_EQ(f.leaf_schema[2]->kind, ValueKind::kDecimal);
  EXPECT_EQ(f.leaf_schema[2]->scale, 2);
  int row = 0;
  for (int g = 0; g < 3; g++) {
    std::vector<ColumnValues> values;
    ASSERT_TRUE(ReadRowGroup(store, f, g, {0, 1, 2, 3}, &values).ok());
    for (size_t r = 0; r < values[0].valid.size(); r++, row++) {
      EXPECT_EQ(values[0].valid[r] != 0, row % 7 != 0) << row;
      if (row % 7 != 0) {
        EXPECT_EQ(values[0].values.ints[r], row * 3);
      }
      EXPECT_EQ(values[1].values.strings[r], "v" + std::to_string(row));
      EXPECT_EQ(values[2].values.strings[r].size(), 16u);
      EXPECT_EQ(values[3].values.ints[r], row % 2 == 0 ? 1 : 0);
    }
  }
  EXPECT_EQ(row, kRows);
  ASSERT_TRUE(store.Delete(path).ok());
}

}  // namespace
}  // namespace blueshift::load::parquet
