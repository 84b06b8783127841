#include "exec/sort_keys.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "exec/spill_sort.h"

namespace blueshift {
namespace {

// Columns: 0 INTEGER (few values, NULLs), 1 CHAR(6) (few values, trailing blanks), 2 VARCHAR (many values,
// shared prefixes), 3 DECIMAL(38,2) (sometimes beyond 64 bits), 4 DOUBLE, 5 BIGINT (full range, NULLs).
std::vector<LogicalType> Types() {
  return {LogicalType::Integer(),      LogicalType::Char(6),  LogicalType::Varchar(),
          LogicalType::Decimal(38, 2), LogicalType::Double(), LogicalType::BigInt()};
}

std::vector<Batch> RandomBatches(std::mt19937_64& rng, bool wide_decimals) {
  std::vector<Batch> batches;
  const char* chars[] = {"a", "a ", "ab", "b  ", "", "zz"};
  size_t count = 1 + rng() % 4;
  for (size_t b = 0; b < count; b++) {
    size_t n = 1 + rng() % 700;
    Batch batch(Types(), n);
    for (size_t r = 0; r < n; r++) {
      Vector& i = batch.column(0);
      if (rng() % 7 == 0) {
        i.SetNull(r, true);
      } else {
        i.SetValue(r, Value::FromInt(LogicalType::Integer(), static_cast<int64_t>(rng() % 9) - 4));
      }
      batch.column(1).SetValue(r, Value::Varchar(chars[rng() % 6]));
      std::string s = "prefix-" + std::to_string(rng() % 3) + "-" + std::to_string(rng() % 1000);
      if (rng() % 11 == 0) {
        batch.column(2).SetNull(r, true);
      } else {
        batch.column(2).SetValue(r, Value::Varchar(s));
      }
      int128_t d = static_cast<int128_t>(static_cast<int64_t>(rng() % 2001) - 1000);
      if (wide_decimals && rng() % 50 == 0) d *= static_cast<int128_t>(INT64_MAX) * 4;
      batch.column(3).SetValue(r, Value::FromInt128(LogicalType::Decimal(38, 2), d));
      batch.column(4).SetValue(r, Value::Double(static_cast<double>(static_cast<int64_t>(rng() % 41) - 20) / 4));
      if (rng() % 5 == 0) {
        batch.column(5).SetNull(r, true);
      } else {
        int64_t x = rng() % 3 == 0 ? static_cast<int64_t>(rng()) : static_cast<int64_t>(rng() % 5);
        batch.column(5).SetValue(r, Value::FromInt(LogicalType::BigInt(), x));
      }
    }
    batch.set_count(n);
    batches.push_back(std::move(batch));
  }
  return batches;
}

// What the sort must give: a stable sort of the row ids by SortRowLess.
std::vector<uint64_t> Reference(const std::vector<SortKey>& keys, const std::vector<Batch>& batches) {
  std::vector<uint64_t> ids;
  for (size_t b = 0; b < batches.size(); b++) {
    for (size_t r = 0; r < batches[b].count(); r++) ids.push_back((static_cast<uint64_t>(b) << 32) | r);
  }
  std::stable_sort(ids.begin(), ids.end(), [&](uint64_t x, uint64_t y) {
    return SortRowLess(keys, batches[x >> 32], x & 0xffffffff, batches[y >> 32], y & 0xffffffff);
  });
  return ids;
}

TEST(FlatSortKeysTest, MatchesAStableSortOnEveryKindOfKey) {
  std::mt19937_64 rng(42);
  for (int round = 0; round < 300; round++) {
    std::vector<Batch> batches = RandomBatches(rng, round % 2 == 0);
    std::vector<SortKey> keys;
    std::vector<int> columns = {0, 1, 2, 3, 4, 5};
    std::shuffle(columns.begin(), columns.end(), rng);
    columns.resize(1 + rng() % 4);
    for (int c : columns) keys.push_back({c, rng() % 2 == 0, rng() % 2 == 0});
    std::vector<uint64_t> want = Reference(keys, batches);
    ASSERT_EQ(SortRowIds(keys, batches), want) << "round " << round;
    size_t limit = rng() % (want.size() + 2);
    std::vector<uint64_t> first = SortRowIds(keys, batches, limit);
    want.resize(std::min(limit, want.size()));
    ASSERT_EQ(first, want) << "round " << round << " limit " << limit;
  }
}

TEST(FlatSortKeysTest, NoKeysKeepsTheArrivalOrder) {
  std::mt19937_64 rng(7);
  std::vector<Batch> batches = RandomBatches(rng, false);
  EXPECT_EQ(SortRowIds({}, batches), Reference({}, batches));
}

}  // namespace
}  // namespace blueshift
