#include "storage/hyperloglog.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "storage/column_stats.h"
#include "util/hash.h"

namespace blueshift::storage {
namespace {

HyperLogLog Sketch(int64_t from, int64_t to) {
  HyperLogLog h;
  for (int64_t v = from; v < to; v++) h.Add(HashInt(v));
  return h;
}

TEST(HyperLogLogTest, EstimatesWithinAFewPercent) {
  for (int64_t n : {10, 1000, 50000, 1000000}) {
    double e = Sketch(0, n).Estimate();
    EXPECT_NEAR(e, static_cast<double>(n), 0.06 * static_cast<double>(n) + 1) << n;
  }
  EXPECT_EQ(HyperLogLog().Estimate(), 0.0);
  EXPECT_TRUE(HyperLogLog().empty());
}

TEST(HyperLogLogTest, DuplicatesDoNotCount) {
  HyperLogLog h;
  for (int round = 0; round < 50; round++) {
    for (int64_t v = 0; v < 1000; v++) h.Add(HashInt(v));
  }
  EXPECT_NEAR(h.Estimate(), 1000, 40);
}

TEST(HyperLogLogTest, MergeOfOverlappingSketchesEqualsTheSketchOfTheUnion) {
  HyperLogLog a = Sketch(0, 60000);
  a.Merge(Sketch(40000, 100000));
  HyperLogLog whole = Sketch(0, 100000);
  EXPECT_DOUBLE_EQ(a.Estimate(), whole.Estimate());
}

TEST(HyperLogLogTest, SerializesSparseAndDense) {
  for (int64_t n : {0, 5, 100000}) {
    HyperLogLog h = Sketch(0, n);
    ByteWriter w;
    h.Serialize(&w);
    if (n == 5) {
      EXPECT_LT(w.size(), 20u);  // sparse
    }
    ByteReader r(w.data());
    HyperLogLog back;
    ASSERT_TRUE(back.Deserialize(&r));
    EXPECT_EQ(back.Estimate(), h.Estimate());
  }
  std::string bad = "\x07";
  ByteReader r(bad);
  HyperLogLog h;
  EXPECT_FALSE(h.Deserialize(&r));
}

ColumnData IntColumn(const std::vector<int32_t>& values, const std::vector<uint8_t>& valid) {
  ColumnData c;
  c.type = LogicalType::Integer();
  c.count = values.size();
  c.values.resize(values.size() * 4);
  std::memcpy(c.values.data(), values.data(), c.values.size());
  c.validity = valid;
  return c;
}

TEST(ColumnSketchTest, FrequentValuesAndDistinctSkipNulls) {
  std::vector<int32_t> v;
  std::vector<uint8_t> valid;
  for (int i = 0; i < 1000; i++) {
    v.push_back(i % 7 == 0 ? 42 : i);
    valid.push_back(i % 10 == 3 ? 0 : 1);
  }
  ColumnSketch s = ColumnSketch::Build(IntColumn(v, valid));
  ASSERT_FALSE(s.frequent.empty());
  EXPECT_EQ(s.frequent[0].value.GetInt(), 42);
  EXPECT_GT(s.frequent[0].count, 100u);
  EXPECT_EQ(s.frequent.size(), 1u);  // every other value occurs once
  EXPECT_NEAR(s.distinct.Estimate(), 1 + 1000 - 143 - 86, 30);
}

// Runs of equal values (counted without hashing each again) and more distinct values than are tracked: the
// counts are exact for the tracked values and the registers those of HashInt over every valid row.
TEST(ColumnSketchTest, RunsAndUntrackedValuesMatchAPlainCount) {
  std::vector<int32_t> v;
  std::vector<uint8_t> valid;
  for (int i = 0; i < 30000; i++) {
    v.push_back(i < 6000 ? i / 3 : (i % 5 == 0 ? 7 : i));  // 2,000 runs of three, then 7 every fifth row
    valid.push_back(i % 11 == 4 ? 0 : 1);
  }
  ColumnSketch s = ColumnSketch::Build(IntColumn(v, valid));
  HyperLogLog want;
  std::map<int32_t, uint64_t> counts;
  for (size_t i = 0; i < v.size(); i++) {
    if (!valid[i]) continue;
    want.Add(HashInt(v[i]));
    counts[v[i]]++;
  }
  EXPECT_EQ(s.distinct.Estimate(), want.Estimate());
  ASSERT_FALSE(s.frequent.empty());
  EXPECT_EQ(s.frequent[0].value.GetInt(), 7);
  EXPECT_EQ(s.frequent[0].count, counts[7]);
  for (const FrequentValue& f : s.frequent) EXPECT_EQ(f.count, counts[static_cast<int32_t>(f.value.GetInt())]);
}

// Once 4,096 values are tracked, a column whose later rows are almost all other values stops counting: no
// frequent values (the distinct-count sketch still sees every row); one whose later rows are often tracked values, or
// often one of them, keeps exact counts. Rows arrive a block of 2,048 at a time, as from the segment writer.
template <typename T>
ColumnSketch SketchInBlocks(const LogicalType& type, const std::vector<T>& v, const std::vector<uint8_t>& valid) {
  ColumnSketchBuilder b(type);
  for (size_t at = 0; at < v.size(); at += 2048) {
    size_t n = std::min<size_t>(2048, v.size() - at);
    b.Add(ColumnSpan{type.physical(), reinterpret_cast<const uint8_t*>(v.data() + at), valid.data() + at,
                     static_cast<uint32_t>(n)});
  }
  return b.Finish();
}

ColumnSketch SketchInBlocks(const std::vector<int32_t>& v) {
  return SketchInBlocks(LogicalType::Integer(), v, std::vector<uint8_t>(v.size(), 1));
}

// The table of tracked values grows with the rows (a small segment's sketch must not clear a table of
// thousands of slots): rows added a few at a time, so that it grows again and again, give the sketch of the
// same rows added at once.
TEST(ColumnSketchTest, RowsAddedAFewAtATimeGiveTheSameSketch) {
  std::vector<int64_t> v;
  for (int i = 0; i < 9000; i++) v.push_back(i % 7 == 0 ? 42 : (i * 7919) % 3500);  // 3,500 values, ties
  const LogicalType type = LogicalType::BigInt();
  const std::vector<uint8_t> valid(v.size(), 1);
  ColumnSketchBuilder few(type);
  for (size_t at = 0; at < v.size(); at += 5) {
    size_t n = std::min<size_t>(5, v.size() - at);
    few.Add(ColumnSpan{type.physical(), reinterpret_cast<const uint8_t*>(v.data() + at), valid.data() + at,
                       static_cast<uint32_t>(n)});
  }
  ColumnSketch a = few.Finish();
  ColumnSketch b = SketchInBlocks(type, v, valid);
  EXPECT_EQ(a.distinct.Estimate(), b.distinct.Estimate());
  ASSERT_EQ(a.frequent.size(), ColumnSketch::kMaxFrequent);
  ASSERT_EQ(a.frequent.size(), b.frequent.size());
  EXPECT_EQ(a.frequent[0].value.GetInt(), 42);
  for (size_t k = 0; k < a.frequent.size(); k++) {
    EXPECT_EQ(a.frequent[k].value.GetInt(), b.frequent[k].value.GetInt());
    EXPECT_EQ(a.frequent[k].count, b.frequent[k].count);
  }
}

TEST(ColumnSketchTest, MostlyUntrackedRowsStopTheCounting) {
  std::vector<int32_t> rare, half, fifth;
  for (int i = 0; i < 200000; i++) {
    // 0..4,999 first (0..4,095 get tracked), then one row in a hundred repeats a tracked value
    rare.push_back(i < 5000 ? i : (i % 100 == 0 ? (i / 100) % 4096 : 1000000 + i));
    half.push_back(i % 2 == 0 ? 7 : -i);
    fifth.push_back(i % 5 == 0 ? 7 : -i);  // mostly untracked rows, but one value is frequent: counting goes on
  }
  ColumnSketch r = SketchInBlocks(rare);
  EXPECT_TRUE(r.frequent.empty());
  HyperLogLog want;
  for (int32_t x : rare) want.Add(HashInt(x));
  EXPECT_EQ(r.distinct.Estimate(), want.Estimate());
  // ColumnSketch::Build adds a whole column in the same blocks.
  std::vector<uint8_t> valid(rare.size(), 1);
  EXPECT_TRUE(ColumnSketch::Build(IntColumn(rare, valid)).frequent.empty());
  ColumnSketch h = SketchInBlocks(half);
  ASSERT_FALSE(h.frequent.empty());
  EXPECT_EQ(h.frequent[0].value.GetInt(), 7);
  EXPECT_EQ(h.frequent[0].count, 100000u);
  ColumnSketch f = SketchInBlocks(fifth);
  ASSERT_FALSE(f.frequent.empty());
  EXPECT_EQ(f.frequent[0].value.GetInt(), 7);
  EXPECT_EQ(f.frequent[0].count, 40000u);
}

TEST(ColumnSketchTest, StringsCountEqualBytesTogether) {
  std::vector<std::string> text = {"b", "a", "b", "ccc", "b", "a", "", ""};
  ColumnData c;
  c.type = LogicalType::Varchar(10);
  c.count = text.size();
  c.values.resize(text.size() * sizeof(std::string_view));
  auto* views = reinterpret_cast<std::string_view*>(c.values.data());
  for (size_t i = 0; i < text.size(); i++) views[i] = text[i];
  c.validity.assign(text.size(), 1);
  ColumnSketch s = ColumnSketch::Build(c);
  ASSERT_EQ(s.frequent.size(), 3u);  // b x3, then a and '' x2 in order of their first row
  EXPECT_EQ(s.frequent[0].value.ToString(), "b");
  EXPECT_EQ(s.frequent[0].count, 3u);
  EXPECT_EQ(s.frequent[1].value.ToString(), "a");
  EXPECT_EQ(s.frequent[2].value.ToString(), "");
  EXPECT_NEAR(s.distinct.Estimate(), 4, 0.5);
}

// Strings in blocks, as the segment writer adds them.
ColumnSketch StringSketchInBlocks(const std::vector<std::string>& text) {
  std::vector<std::string_view> views(text.begin(), text.end());
  std::vector<uint8_t> valid(text.size(), 1);
  for (size_t i = 0; i < text.size(); i += 13) valid[i] = 0;
  return SketchInBlocks(LogicalType::Varchar(100), views, valid);
}

// Strings found in the value cache (keyed by size and first and last 8 bytes) count exactly as a plain count
// does: short ones of every size, and long ones that differ only in their middle bytes, more distinct long
// ones than are tracked (not found in the cache: they must be hashed every time).
TEST(ColumnSketchTest, CachedStringsMatchAPlainCount) {
  std::vector<std::string> text;
  std::mt19937 rng(11);
  const std::vector<std::string> few = {"",
                                        "a",
                                        "ab",
                                        "abc",
                                        "abcd",
                                        "abcdefg",
                                        "abcdefgh",
                                        "abcdefghijklmnop",
                                        "N",
                                        "O",
                                        "MAIL    ",
                                        "DELIVER IN PERSON        ",
                                        "TAKE BACK RETURN         "};
  for (int i = 0; i < 150000; i++) {
    int kind = static_cast<int>(rng() % 4);
    if (kind == 0) {
      text.push_back(few[rng() % few.size()]);
    } else if (kind == 1) {  // 4 long strings alike but for one middle byte, the most frequent values
      std::string s(30, 'x');
      s[12] = static_cast<char>('a' + rng() % 4);
      text.push_back(s);
    } else if (kind == 2) {  // 9,000 long strings alike in their first and last 8 bytes
      text.push_back("prefix--" + std::to_string(rng() % 9000) + std::string(10, '-') + "--suffix");
    } else {  // 9,000 short ones
      text.push_back(std::to_string(rng() % 9000));
    }
  }
  ColumnSketch s = StringSketchInBlocks(text);
  HyperLogLog want;
  std::map<std::string, uint64_t> counts;
  for (size_t i = 0; i < text.size(); i++) {
    if (i % 13 == 0) continue;
    want.Add(HashString(text[i]));
    counts[text[i]]++;
  }
  EXPECT_EQ(s.distinct.Estimate(), want.Estimate());
  ASSERT_EQ(s.frequent.size(), ColumnSketch::kMaxFrequent);
  for (const FrequentValue& f : s.frequent) EXPECT_EQ(f.count, counts[f.value.ToString()]) << f.value.ToString();
  // The long strings alike but for their middle byte are the four most frequent, each with its own count.
  for (size_t k = 0; k < 4; k++) EXPECT_EQ(s.frequent[k].value.ToString().size(), 30u);
}

// A column of many values seen about equally often (10,000 distinct, none frequent) stops counting once it is
// clear that most rows are untracked values; one sorted into runs keeps an exact distinct-count sketch.
TEST(ColumnSketchTest, UniformAndRunColumnsAfterCountingStops) {
  std::vector<int32_t> uniform, runs;
  std::mt19937 rng(5);
  for (int i = 0; i < 300000; i++) {
    uniform.push_back(static_cast<int32_t>(rng() % 10000));
    runs.push_back(i / 4);
  }
  for (const auto* v : {&uniform, &runs}) {
    ColumnSketch s = SketchInBlocks(*v);
    EXPECT_TRUE(s.frequent.empty());
    HyperLogLog want;
    for (int32_t x : *v) want.Add(HashInt(x));
    EXPECT_EQ(s.distinct.Estimate(), want.Estimate());
  }
}

// A column that stops counting frequent values hashes its rows in batches (eight at a time where the CPU has
// AVX-512, four with AVX2): the distinct-count sketch is the one SketchHash gives row by row, for every fixed-width
// type, with NULL rows skipped, -0.0 hashing as 0.0 (zeros under 1% of the rows: no frequent value) and a block length
// that is not a multiple of four.
TEST(ColumnSketchTest, BatchedHashingMatchesTheValueHash) {
  std::mt19937_64 rng(11);
  auto check = [&](LogicalType type, auto gen) {
    using T = decltype(gen());
    const size_t n = 200003;
    std::vector<T> values(n);
    std::vector<uint8_t> valid(n);
    for (size_t i = 0; i < n; i++) {
      values[i] = gen();
      valid[i] = rng() % 10 != 0;
    }
    ColumnSketchBuilder b(type);
    for (size_t at = 0; at < n; at += 2047) {
      size_t k = std::min<size_t>(2047, n - at);
      b.Add(ColumnSpan{type.physical(), reinterpret_cast<const uint8_t*>(values.data() + at), valid.data() + at,
                       static_cast<uint32_t>(k)});
    }
    ColumnSketch s = b.Finish();
    EXPECT_TRUE(s.frequent.empty()) << type.ToString();
    HyperLogLog want;
    for (size_t i = 0; i < n; i++) {
      if (valid[i]) want.Add(SketchHash(type.physical(), reinterpret_cast<const uint8_t*>(values.data()), i));
    }
    ByteWriter got_bytes, want_bytes;
    s.distinct.Serialize(&got_bytes);
    want.Serialize(&want_bytes);
    EXPECT_EQ(got_bytes.data(), want_bytes.data()) << type.ToString();
  };
  // Short spans, where every hash shows in the sketch, through AddValueHashes directly.
  for (int trial = 0; trial < 200; trial++) {
    const size_t k = trial % 23;
    std::vector<double> d(k);
    std::vector<int32_t> ints(k);
    std::vector<uint8_t> ok(k), flags(k);
    for (size_t i = 0; i < k; i++) {
      d[i] = rng() % 2 ? -0.0 : static_cast<double>(rng() % 5);
      ints[i] = static_cast<int32_t>(rng());
      ok[i] = rng() % 4 != 0;
      flags[i] = static_cast<uint8_t>(rng() % 2);
    }
    for (auto [type, bytes] : {std::pair{PhysicalType::kDouble, reinterpret_cast<const uint8_t*>(d.data())},
                               std::pair{PhysicalType::kInt32, reinterpret_cast<const uint8_t*>(ints.data())},
                               std::pair{PhysicalType::kBool, static_cast<const uint8_t*>(flags.data())}}) {
      HyperLogLog got, want;
      AddValueHashes(ColumnSpan{type, bytes, ok.data(), static_cast<uint32_t>(k)}, &got);
      for (size_t i = 0; i < k; i++) {
        if (ok[i]) want.Add(SketchHash(type, bytes, i));
      }
      ByteWriter got_bytes, want_bytes;
      got.Serialize(&got_bytes);
      want.Serialize(&want_bytes);
      EXPECT_EQ(got_bytes.data(), want_bytes.data()) << trial;
    }
  }
  check(LogicalType::SmallInt(), [&] { return static_cast<int16_t>(rng()); });
  check(LogicalType::Integer(), [&] { return static_cast<int32_t>(rng() % 3000000) - 1500000; });
  check(LogicalType::BigInt(), [&] { return static_cast<int64_t>(rng()); });
  check(LogicalType::Real(), [&] {
    uint64_t r = rng();
    return r % 211 == 0 ? (r % 2 ? -0.0f : 0.0f) : static_cast<float>(static_cast<int64_t>(r % 1000000) - 500000) / 8;
  });
  check(LogicalType::Double(), [&] {
    uint64_t r = rng();
    return r % 211 == 0 ? (r % 2 ? -0.0 : 0.0) : static_cast<double>(static_cast<int64_t>(r)) / 3;
  });
}

// A string is sketched by XXH3 of its bytes (HashString), whatever its length: each of a few strings of every
// length from 0 to 300 shows in a sketch of its own.
TEST(ColumnSketchTest, StringsHashAsTheirBytes) {
  std::mt19937 rng(31);
  for (size_t n = 0; n <= 300; n++) {
    for (int trial = 0; trial < 3; trial++) {
      std::string bytes(n, '\0');
      for (char& c : bytes) c = static_cast<char>(rng());
      std::string_view v = bytes;
      uint8_t valid = 1;
      HyperLogLog got, want;
      AddValueHashes(ColumnSpan{PhysicalType::kString, reinterpret_cast<const uint8_t*>(&v), &valid, 1}, &got);
      want.Add(HashString(v));
      ByteWriter got_bytes, want_bytes;
      got.Serialize(&got_bytes);
      want.Serialize(&want_bytes);
      EXPECT_EQ(got_bytes.data(), want_bytes.data()) << n;
    }
  }
}

// The writer sketches a segment's rows before sorting them (arrival order): the distinct-count sketch is the
// same bytes, and the frequent values the same values with the same counts, whatever the order.
TEST(ColumnSketchTest, RowOrderChangesNothingButTies) {
  std::vector<int32_t> v;
  for (int k = 0; k < 20; k++) {
    for (int n = 0; n < k + 2; n++) v.push_back(1000 + k);  // value 1000 + k occurs k + 2 times
  }
  for (int i = 0; i < 5000; i++) v.push_back(i * 7 + 5000);  // singletons
  std::vector<int32_t> shuffled = v;
  std::mt19937 rng(3);
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  std::vector<uint8_t> valid(v.size(), 1);
  ColumnSketch sorted = ColumnSketch::Build(IntColumn(v, valid));
  ColumnSketch arrival = ColumnSketch::Build(IntColumn(shuffled, valid));
  ByteWriter a, b;
  sorted.distinct.Serialize(&a);
  arrival.distinct.Serialize(&b);
  EXPECT_EQ(a.data(), b.data());
  ASSERT_EQ(sorted.frequent.size(), ColumnSketch::kMaxFrequent);
  ASSERT_EQ(arrival.frequent.size(), sorted.frequent.size());
  for (size_t k = 0; k < sorted.frequent.size(); k++) {
    EXPECT_EQ(arrival.frequent[k].value.GetInt(), sorted.frequent[k].value.GetInt());
    EXPECT_EQ(arrival.frequent[k].count, sorted.frequent[k].count);
  }
  EXPECT_EQ(sorted.frequent[0].value.GetInt(), 1019);
  EXPECT_EQ(sorted.frequent[0].count, 21u);
}

// ColumnSketch::Build counts a whole integer column of values near each other in an array (a row costs an
// increment, a distinct value one hash); the sketch is the streaming builder's, bit for bit: same registers,
// same frequent values, counts and tie order. Columns it cannot count that way (a value far from the first, as
// many distinct values as the builder tracks) go to the builder.
template <typename T>
void ExpectBuildMatchesBuilder(const LogicalType& type, const std::vector<T>& v, const std::vector<uint8_t>& valid) {
  ColumnData c;
  c.type = type;
  c.count = v.size();
  c.values.resize(v.size() * sizeof(T));
  std::memcpy(c.values.data(), v.data(), c.values.size());
  c.validity = valid;
  ColumnSketch whole = ColumnSketch::Build(c);
  ColumnSketch blocks = SketchInBlocks(type, v, valid);
  ByteWriter a, b;
  whole.distinct.Serialize(&a);
  blocks.distinct.Serialize(&b);
  EXPECT_EQ(a.data(), b.data());
  ASSERT_EQ(whole.frequent.size(), blocks.frequent.size());
  for (size_t k = 0; k < whole.frequent.size(); k++) {
    EXPECT_EQ(whole.frequent[k].value.ToString(), blocks.frequent[k].value.ToString()) << k;
    EXPECT_EQ(whole.frequent[k].count, blocks.frequent[k].count) << k;
  }
  // BuildFrequent counts the same values without hashing them, whatever estimate of the distinct values it is
  // given (which only picks a counter).
  for (double distinct : {-1.0, 0.0, whole.distinct.Estimate(), 1e9}) {
    ColumnSketch frequent = ColumnSketch::BuildFrequent(c, distinct);
    EXPECT_TRUE(frequent.distinct.empty());
    ASSERT_EQ(frequent.frequent.size(), whole.frequent.size()) << distinct;
    for (size_t k = 0; k < whole.frequent.size(); k++) {
      EXPECT_EQ(frequent.frequent[k].value.ToString(), whole.frequent[k].value.ToString()) << distinct << " " << k;
      EXPECT_EQ(frequent.frequent[k].count, whole.frequent[k].count) << distinct << " " << k;
    }
  }
}

TEST(ColumnSketchTest, DenseIntegerColumnsMatchTheBuilder) {
  std::mt19937 rng(17);
  std::vector<int32_t> dates, far, many, exact;
  std::vector<uint8_t> some_null;
  for (int i = 0; i < 100000; i++) {
    dates.push_back(8000 + static_cast<int32_t>(rng() % 2500));  // like l_shipdate: ties among the counts
    some_null.push_back(i % 7 == 3 ? 0 : 1);
    far.push_back(i < 90000 ? static_cast<int32_t>(rng() % 50) : 1000000);  // one value outside the window
    many.push_back(static_cast<int32_t>(rng() % 5000));                     // more distinct than tracked
    exact.push_back(i % 4096);                                              // as many as are tracked
  }
  std::vector<uint8_t> all(dates.size(), 1);
  ExpectBuildMatchesBuilder(LogicalType::Date(), dates, all);
  ExpectBuildMatchesBuilder(LogicalType::Date(), dates, some_null);
  ExpectBuildMatchesBuilder(LogicalType::Integer(), far, all);
  ExpectBuildMatchesBuilder(LogicalType::Integer(), many, all);
  ExpectBuildMatchesBuilder(LogicalType::Integer(), exact, some_null);
  std::vector<int64_t> extremes, money;
  std::vector<int16_t> small;
  std::vector<uint8_t> flags;
  for (int i = 0; i < 20000; i++) {
    extremes.push_back(i % 3 == 0 ? INT64_MIN + i % 5 : INT64_MAX - i % 11);  // the window wraps around
    money.push_back(100 * (1 + static_cast<int64_t>(rng() % 50)));
    small.push_back(static_cast<int16_t>(-3 + static_cast<int>(rng() % 7)));
    flags.push_back(static_cast<uint8_t>(rng() % 2));
  }
  std::vector<uint8_t> all2(extremes.size(), 1), none(extremes.size(), 0), one_valid(extremes.size(), 0);
  one_valid[12345] = 1;
  ExpectBuildMatchesBuilder(LogicalType::BigInt(), extremes, all2);
  ExpectBuildMatchesBuilder(LogicalType::Decimal(15, 2), money, all2);
  ExpectBuildMatchesBuilder(LogicalType::SmallInt(), small, all2);
  ExpectBuildMatchesBuilder(LogicalType::Boolean(), flags, all2);
  ExpectBuildMatchesBuilder(LogicalType::SmallInt(), small, none);
  ExpectBuildMatchesBuilder(LogicalType::SmallInt(), small, one_valid);
  // Past the first rows, a value outside the window in each place of a chunk of rows, and one that only
  // wraps around into it.
  for (int at : {8192, 20000, 20003, 20007, 99999}) {
    std::vector<int64_t> late(100000);
    for (size_t i = 0; i < late.size(); i++) late[i] = static_cast<int64_t>(rng() % 40);
    late[at] = 40 + 65536;
    ExpectBuildMatchesBuilder(LogicalType::BigInt(), late, all);
    late[at] = INT64_MIN + 10;
    ExpectBuildMatchesBuilder(LogicalType::BigInt(), late, all);
  }
  std::vector<int32_t> one = {42};
  ExpectBuildMatchesBuilder(LogicalType::Integer(), one, std::vector<uint8_t>{1});
}

// ColumnSketch::Build counts a whole column of strings of at most one byte (CHAR(1) flags) in an array indexed
// by the byte: the same sketch as the builder's, ties in the frequent values broken by first appearance; a
// longer value sends the column to the builder.
TEST(ColumnSketchTest, OneByteStringColumnsMatchTheBuilder) {
  std::mt19937 rng(23);
  std::vector<std::string> bytes(256);
  for (int b = 0; b < 256; b++) bytes[b] = std::string(1, static_cast<char>(b));
  std::vector<std::string_view> flags, every, late_long;
  std::vector<uint8_t> some_null;
  for (int i = 0; i < 30000; i++) {
    flags.push_back(i % 11 == 0 ? std::string_view() : std::string_view(bytes["ANR"[rng() % 3]]));
    some_null.push_back(i % 5 == 2 ? 0 : 1);
    late_long.push_back(i == 29000 ? std::string_view("NO") : std::string_view(bytes['Y' + rng() % 2]));
  }
  for (int round = 0; round < 3; round++) {
    for (int b = 0; b < 256; b++) every.push_back(bytes[b]);  // 256 values tied at three rows each, and ""
    every.push_back(std::string_view());
  }
  std::shuffle(every.begin(), every.end(), rng);
  std::vector<uint8_t> all(flags.size(), 1), none(flags.size(), 0), all_every(every.size(), 1);
  ExpectBuildMatchesBuilder(LogicalType::Char(1), flags, all);
  ExpectBuildMatchesBuilder(LogicalType::Char(1), flags, some_null);
  ExpectBuildMatchesBuilder(LogicalType::Char(1), flags, none);
  ExpectBuildMatchesBuilder(LogicalType::Varchar(4), late_long, some_null);
  ExpectBuildMatchesBuilder(LogicalType::Varchar(4), late_long, all);
  ExpectBuildMatchesBuilder(LogicalType::Varchar(1), every, all_every);
  ColumnSketch s = SketchInBlocks(LogicalType::Varchar(1), every, all_every);
  ASSERT_EQ(s.frequent.size(), ColumnSketch::kMaxFrequent);
  EXPECT_EQ(s.frequent[0].count, 3u);
}

// ColumnSketch::Build counts a whole column of at most 256 distinct strings of up to 32 bytes (CHAR codes) in a
// table keyed by the whole value: the builder's sketch, whatever the lengths (strings alike but for one byte,
// in each place; all of one size, or all but one), with ties; one value too many or a longer one sends the
// column to the builder.
TEST(ColumnSketchTest, FewStringColumnsMatchTheBuilder) {
  std::mt19937 rng(29);
  std::vector<std::string> pool;
  for (size_t n = 0; n <= 32; n++) {
    std::string base(n, 'x');
    for (size_t i = 0; i < n; i++) base[i] = static_cast<char>('a' + i % 26);
    pool.push_back(base);
    for (size_t at = 0; at < n; at += 3) {  // the same length, one byte different
      std::string other = base;
      other[at] = '#';
      pool.push_back(other);
    }
  }
  ASSERT_LE(pool.size(), 256u);
  std::vector<std::string> too_many = pool;
  while (too_many.size() <= 256) too_many.push_back("v" + std::to_string(too_many.size()));
  std::vector<std::string_view> few, many, too_long;
  std::vector<uint8_t> some_null;
  for (int i = 0; i < 40000; i++) {
    few.push_back(pool[rng() % pool.size()]);
    many.push_back(too_many[i % too_many.size()]);
    too_long.push_back(i == 39000 ? std::string_view("a string of thirty-three bytes...") : few.back());
    some_null.push_back(i % 6 == 1 ? 0 : 1);
  }
  ASSERT_EQ(too_long[39000].size(), 33u);
  std::vector<uint8_t> all(few.size(), 1), none(few.size(), 0);
  ExpectBuildMatchesBuilder(LogicalType::Varchar(32), few, all);
  ExpectBuildMatchesBuilder(LogicalType::Varchar(32), few, some_null);
  ExpectBuildMatchesBuilder(LogicalType::Varchar(32), few, none);
  ExpectBuildMatchesBuilder(LogicalType::Varchar(32), many, all);
  ExpectBuildMatchesBuilder(LogicalType::Varchar(40), too_long, some_null);
  // Values all of one size, alike but for one byte, of 8 to 16 bytes (CHAR(12), CHAR(16): compared as two
  // words), of 17 to 32 (CHAR(25): two 16-byte vectors) and longer (CHAR(33), CHAR(40): equal in their first and
  // last 16 bytes, counted by the general loop); then the same with one value of another size late.
  for (std::string base : {"ABCDEFGHIJKL", "ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOPQRSTUVWXY",
                           "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcd"}) {
    std::vector<std::string> alike;
    for (size_t at = 0; at < base.size(); at++) {
      alike.push_back(base);
      alike.back()[at] = '#';
    }
    const std::string shorter = base.substr(0, base.size() - 3);
    std::vector<std::string_view> fixed, fixed_then_other;
    for (int i = 0; i < 40000; i++) {
      fixed.push_back(alike[rng() % alike.size()]);
      fixed_then_other.push_back(i == 30000 ? std::string_view(shorter) : fixed.back());
    }
    const int n = static_cast<int>(base.size());
    ExpectBuildMatchesBuilder(LogicalType::Char(n), fixed, all);
    ExpectBuildMatchesBuilder(LogicalType::Char(n), fixed, some_null);
    ExpectBuildMatchesBuilder(LogicalType::Varchar(n), fixed_then_other, all);
  }
  // Values of zero bytes and a one, whose keys are those an empty entry of the table holds.
  for (size_t n : {8, 12, 16, 25, 32}) {
    std::vector<std::string> zeros = {std::string(n, '\0'), std::string(n, '\0'), std::string(n, '\0')};
    zeros[1][0] = 1;
    zeros[2][n - 1] = 1;
    std::vector<std::string_view> rows;
    for (int i = 0; i < 3000; i++) rows.push_back(zeros[rng() % 3]);
    ExpectBuildMatchesBuilder(LogicalType::Char(static_cast<int>(n)), rows, std::vector<uint8_t>(rows.size(), 1));
  }
  // Exactly tied values (each of 256 values four times, shuffled): the first met come first.
  std::vector<std::string_view> tied;
  for (int round = 0; round < 4; round++) {
    for (size_t k = 0; k < 256; k++) tied.push_back(too_many[k]);
  }
  std::shuffle(tied.begin(), tied.end(), rng);
  ExpectBuildMatchesBuilder(LogicalType::Varchar(32), tied, std::vector<uint8_t>(tied.size(), 1));
}

TEST(ColumnSketchTest, SectionRoundTripsAndDetectsDamage) {
  SegmentSketch seg;
  seg.columns.push_back(ColumnSketch::Build(IntColumn({1, 1, 2, 3}, {1, 1, 1, 1})));
  std::vector<LogicalType> types = {LogicalType::Integer()};
  std::string bytes = seg.Serialize(types);
  auto back = SegmentSketch::Deserialize(bytes, types);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ((*back)->columns[0].frequent.size(), 1u);
  EXPECT_EQ((*back)->columns[0].frequent[0].count, 2u);
  bytes[6] ^= 0x10;
  auto damaged = SegmentSketch::Deserialize(bytes, types);
  EXPECT_EQ(damaged.status().code(), ErrorCode::kDataCorrupted);
}

}  // namespace
}  // namespace blueshift::storage
