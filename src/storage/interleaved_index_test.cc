#include "storage/interleaved_index.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "storage/sorted_columns.h"

namespace blueshift::storage {
namespace {

// An int column's values with all rows valid.
struct IntColumn {
  std::vector<int32_t> values;
  std::vector<uint8_t> valid;
  InterleavedIndex::KeyColumn Key() const {
    return {LogicalType::Integer(), reinterpret_cast<const uint8_t*>(values.data()), valid.data(), values.size()};
  }
};

IntColumn Ints(int from, int to) {
  IntColumn c;
  for (int v = from; v < to; v++) c.values.push_back(v);
  c.valid.assign(c.values.size(), 1);
  return c;
}

TEST(InterleavedIndexTest, CodesPreserveOrderAndSpreadEvenly) {
  IntColumn c = Ints(0, 10000);
  auto index = InterleavedIndex::Build({c.Key()});
  EXPECT_EQ(index->bits(), 10);
  EXPECT_EQ(index->Buckets(0), 1023u);
  std::vector<int> per_code(1024, 0);
  uint32_t prev = 0;
  for (size_t i = 0; i < c.values.size(); i++) {
    uint32_t code = index->Code(0, c.Key(), i);
    EXPECT_GE(code, prev);
    prev = code;
    per_code[code]++;
  }
  EXPECT_EQ(per_code[0], 9);  // 10000 / 1023 values per code, give or take one
  for (size_t k = 0; k < 1023; k++) EXPECT_NEAR(per_code[k], 10000.0 / 1023, 1.0) << k;
}

TEST(InterleavedIndexTest, FewValuesGetACodeEachAndNullTheLargest) {
  IntColumn c;
  c.values = {5, 5, 7, 9, 9, 9, 0};
  c.valid = {1, 1, 1, 1, 1, 1, 0};
  auto index = InterleavedIndex::Build({c.Key()});
  EXPECT_EQ(index->Buckets(0), 3u);
  EXPECT_EQ(index->Code(0, c.Key(), 0), 0u);
  EXPECT_EQ(index->Code(0, c.Key(), 2), 1u);
  EXPECT_EQ(index->Code(0, c.Key(), 3), 2u);
  EXPECT_EQ(index->Code(0, c.Key(), 6), 1023u);
}

TEST(InterleavedIndexTest, ZValuesInterleaveBitsFirstColumnFirst) {
  IntColumn a = Ints(0, 4), b = Ints(0, 4);
  auto index = InterleavedIndex::Build({a.Key(), b.Key()});  // codes 0..3 in both
  IntColumn qa, qb;
  qa.values = {1, 0, 3};
  qb.values = {0, 1, 3};
  qa.valid = qb.valid = {1, 1, 1};
  std::vector<uint64_t> z(3);
  index->ZValues({qa.Key(), qb.Key()}, z.data());
  EXPECT_EQ(z[0], 2u);   // a = 01, b = 00: bits a0 b0 -> 10
  EXPECT_EQ(z[1], 1u);   // a = 00, b = 01 -> 01
  EXPECT_EQ(z[2], 15u);  // 11, 11 -> 1111
}

TEST(InterleavedIndexTest, StringsEncodeAndDecode) {
  std::vector<std::string> owned = {"http://www.a", "http://www.b", "http://www.c", "http://www.d"};
  std::vector<std::string_view> views(owned.begin(), owned.end());
  std::vector<uint8_t> valid(views.size(), 1);
  InterleavedIndex::KeyColumn key{LogicalType::Varchar(20), reinterpret_cast<const uint8_t*>(views.data()),
                                  valid.data(), views.size()};
  auto index = InterleavedIndex::Build({key});
  EXPECT_EQ(index->Buckets(0), 4u);  // a long common prefix does not cost codes
  ByteWriter w;
  index->Encode(&w);
  std::string bytes = w.Release();
  ByteReader r(bytes);
  auto back = InterleavedIndex::Decode(&r);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(r.remaining(), 0u);
  for (size_t i = 0; i < views.size(); i++) EXPECT_EQ((*back)->Code(0, key, i), index->Code(0, key, i));
  std::string damaged = bytes.substr(0, bytes.size() - 3);
  ByteReader dr(damaged);
  EXPECT_FALSE(InterleavedIndex::Decode(&dr).ok());
}

TEST(InterleavedIndexTest, SortColumnsOrdersByZValue) {
  TableDef table;
  table.name = "t";
  for (const char* n : {"a", "b"}) {
    ColumnDef c;
    c.name = n;
    c.type = LogicalType::Integer();
    table.columns.push_back(c);
  }
  table.sort_keys = {0, 1};
  table.sort_style = SortStyle::kInterleaved;
  std::vector<ColumnData> columns(2);
  for (auto& c : columns) c.type = LogicalType::Integer();
  for (int a = 3; a >= 0; a--) {
    for (int b = 0; b < 4; b++) {
      for (int c = 0; c < 2; c++) {
        int32_t v = c == 0 ? a : b;
        const auto* p = reinterpret_cast<const uint8_t*>(&v);
        columns[c].values.insert(columns[c].values.end(), p, p + 4);
        columns[c].validity.push_back(1);
        columns[c].count++;
      }
    }
  }
  SortColumns(table, &columns);
  // Z-order over the 4 x 4 grid: the first quadrant (a < 2, b < 2) comes first, in z-order itself.
  std::vector<std::pair<int, int>> got;
  for (size_t i = 0; i < 8; i++) got.emplace_back(columns[0].data<int32_t>()[i], columns[1].data<int32_t>()[i]);
  std::vector<std::pair<int, int>> want = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}};
  EXPECT_EQ(got, want);
  // As COMPOUND, the same rows sort by a then b.
  table.sort_style = SortStyle::kCompound;
  SortColumns(table, &columns);
  EXPECT_EQ(columns[1].data<int32_t>()[4], 0);
  EXPECT_EQ(columns[0].data<int32_t>()[4], 1);
}

}  // namespace
}  // namespace blueshift::storage
