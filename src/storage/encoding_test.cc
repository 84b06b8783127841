// Round trips of every encoding × every type Redshift allows it for, through EncodeBlock/DecodeBlock, over
// data shapes that exercise each encoding's special cases (docs/format/block.md).
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storage/block.h"
#include "storage/encode_auto.h"
#include "storage/encoding.h"

namespace blueshift::storage {
namespace {

constexpr Encoding kAllEncodings[] = {
    Encoding::kRaw,     Encoding::kAz64,    Encoding::kByteDict, Encoding::kDelta,    Encoding::kDelta32k,
    Encoding::kLzo,     Encoding::kMostly8, Encoding::kMostly16, Encoding::kMostly32, Encoding::kRunLength,
    Encoding::kText255, Encoding::kText32k, Encoding::kZstd,
};

const LogicalType kAllTypes[] = {
    LogicalType::Boolean(),      LogicalType::SmallInt(),     LogicalType::Integer(), LogicalType::BigInt(),
    LogicalType::Decimal(12, 2), LogicalType::Decimal(38, 6), LogicalType::Real(),    LogicalType::Double(),
    LogicalType::Char(10),       LogicalType::Varchar(65535), LogicalType::Date(),    LogicalType::Timestamp(),
};

enum class Shape { kSmallRange, kSorted, kRandom, kEdges, kFewDistinct, kConstant, kAllNull };

// A column plus the strings its views point at.
struct TestColumn {
  ColumnData data;
  std::vector<std::string> strings;
};

int128_t IntegerMax(PhysicalType t) {
  return t == PhysicalType::kInt128 ? ~(static_cast<unsigned __int128>(1) << 127)
                                    : (static_cast<int128_t>(1) << (8 * PhysicalWidth(t) - 1)) - 1;
}

int128_t IntegerFor(PhysicalType t, Shape shape, size_t i, std::mt19937_64& rng) {
  int128_t max = IntegerMax(t);
  switch (shape) {
    case Shape::kSmallRange:
      return static_cast<int128_t>(rng() % 200) - 100;
    case Shape::kSorted:
      return static_cast<int128_t>(i) * 3 + 1000;
    case Shape::kRandom: {
      auto r = static_cast<int128_t>((static_cast<unsigned __int128>(rng()) << 64) | rng());
      int bits = 8 * PhysicalWidth(t);
      return bits == 128 ? r : static_cast<int128_t>(static_cast<unsigned __int128>(r) << (128 - bits)) >> (128 - bits);
    }
    case Shape::kEdges: {
      const int128_t edges[] = {max, -max - 1, 0, -1, 1, max - 1};
      return edges[i % 6];
    }
    case Shape::kFewDistinct:
      return static_cast<int128_t>(rng() % 300) * 1000003 % max;
    default:
      return 42;
  }
}

double DoubleFor(Shape shape, size_t i, std::mt19937_64& rng) {
  switch (shape) {
    case Shape::kEdges: {
      const double edges[] = {std::numeric_limits<double>::infinity(), -0.0, std::nan(""), 1e308, -1e-308, 0.0};
      return edges[i % 6];
    }
    case Shape::kRandom:
      return std::ldexp(static_cast<double>(rng() % 1000000), static_cast<int>(rng() % 200) - 100);
    case Shape::kConstant:
      return 2.5;
    default:
      return static_cast<double>(rng() % 200) / 4;
  }
}

std::string StringFor(Shape shape, size_t i, std::mt19937_64& rng) {
  static const char* kWords[] = {"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "", "  "};
  switch (shape) {
    case Shape::kEdges: {
      if (i % 5 == 0) return "";
      if (i == 1) return std::string(65535, 'a');  // the longest VARCHAR, one word
      if (i % 5 == 1) return std::string(i % 300, static_cast<char>('a' + i % 26));
      if (i % 5 == 2) return " lead and trail  ";
      if (i % 5 == 3) return std::string(1, static_cast<char>(i % 256)) + std::string("\xff\0x", 3);
      return std::string(300, 'w') + " " + std::string(256, 'v');  // literal words of 300 and 256 bytes
    }
    case Shape::kRandom: {
      std::string s;
      for (size_t k = rng() % 40; k > 0; k--) s.push_back(static_cast<char>(rng() % 256));
      return s;
    }
    case Shape::kConstant:
      return "constant value";
    default: {
      std::string s;
      for (size_t k = rng() % 8; k > 0; k--) s += std::string(kWords[rng() % 10]) + (k > 1 ? " " : "");
      return shape == Shape::kFewDistinct ? std::to_string(rng() % 100) : s;
    }
  }
}

void SetFixed(ColumnData* c, size_t i, const void* v) {
  int w = PhysicalWidth(c->type.physical());
  std::memcpy(c->values.data() + i * w, v, w);
}

void FillValue(TestColumn* t, size_t i, Shape shape, std::mt19937_64& rng) {
  PhysicalType p = t->data.type.physical();
  if (p == PhysicalType::kBool) {
    uint8_t b = shape == Shape::kConstant ? 1 : rng() % 2;
    return SetFixed(&t->data, i, &b);
  }
  if (p == PhysicalType::kFloat || p == PhysicalType::kDouble) {
    double d = DoubleFor(shape, i, rng);
    auto f = static_cast<float>(d);
    return SetFixed(&t->data, i, p == PhysicalType::kFloat ? static_cast<const void*>(&f) : &d);
  }
  int128_t v = IntegerFor(p, shape, i, rng);
  SetFixed(&t->data, i, &v);  // little-endian: the low bytes are the narrow value
}

TestColumn MakeColumn(const LogicalType& type, Shape shape, size_t n, bool nulls, uint64_t seed = 1) {
  std::mt19937_64 rng(seed);
  TestColumn t;
  t.data.type = type;
  t.data.count = n;
  t.data.values.assign(n * PhysicalWidth(type.physical()), 0);
  t.data.validity.assign(n, 1);
  bool is_string = type.physical() == PhysicalType::kString;
  if (is_string) {
    for (size_t i = 0; i < n; i++) t.strings.push_back(StringFor(shape, i, rng));
  }
  for (size_t i = 0; i < n; i++) {
    bool null = shape == Shape::kAllNull || (nulls && i % 7 == 3);
    t.data.validity[i] = null ? 0 : 1;
    if (null) {
      if (is_string) t.strings[i].clear();
      continue;
    }
    if (is_string) {
      std::string_view v(t.strings[i]);
      SetFixed(&t.data, i, &v);
    } else {
      FillValue(&t, i, shape, rng);
    }
  }
  return t;
}

ColumnSpan Span(const ColumnData& c) {
  return ColumnSpan{c.type.physical(), c.values.data(), c.validity.data(), static_cast<uint32_t>(c.count)};
}

bool SameValue(const ColumnData& c, const DecodedBlock& d, size_t i) {
  if (c.type.physical() == PhysicalType::kString) {
    return reinterpret_cast<const std::string_view*>(c.values.data())[i] ==
           reinterpret_cast<const std::string_view*>(d.values.get())[i];
  }
  int w = PhysicalWidth(c.type.physical());
  return std::memcmp(c.values.data() + i * w, d.values.get() + i * w, w) == 0;  // bit-exact, NaN and -0 too
}

// Encodes c asking for e, decodes, compares every row; returns the stored encoding.
Encoding RoundTrip(const ColumnData& c, Encoding e) {
  BlockInfo info;
  auto bytes = std::make_shared<std::string>(EncodeBlock(e, c.type, Span(c), &info));
  EXPECT_TRUE(info.encoding == e || info.encoding == Encoding::kRaw);
  DecodedBlock d;
  Status st = DecodeBlock(bytes, c.type, info, &d);
  EXPECT_TRUE(st.ok()) << st.ToString();
  if (!st.ok()) return info.encoding;
  bytes.reset();  // decoded strings must not depend on the caller's copy of the block
  size_t bad = 0;
  for (size_t i = 0; i < c.count; i++) {
    bool valid = !d.has_nulls || d.validity[i];
    EXPECT_EQ(valid, c.validity[i] != 0) << i;
    if (valid && !SameValue(c, d, i) && bad++ < 3) ADD_FAILURE() << "row " << i << " differs";
  }
  return info.encoding;
}

class EncodingRoundTripTest : public ::testing::TestWithParam<Encoding> {};

TEST_P(EncodingRoundTripTest, EveryAllowedTypeAndShape) {
  Encoding e = GetParam();
  for (const LogicalType& type : kAllTypes) {
    if (!EncodingAllowed(e, type)) continue;
    for (Shape shape : {Shape::kSmallRange, Shape::kSorted, Shape::kRandom, Shape::kEdges, Shape::kFewDistinct,
                        Shape::kConstant, Shape::kAllNull}) {
      for (bool nulls : {false, true}) {
        for (size_t n : {size_t{1}, size_t{1000}, size_t{5000}}) {
          if (shape == Shape::kEdges && type.physical() == PhysicalType::kString && n > 1000) continue;
          SCOPED_TRACE(type.ToString() + " shape " + std::to_string(static_cast<int>(shape)) + " nulls " +
                       std::to_string(nulls) + " n " + std::to_string(n));
          RoundTrip(MakeColumn(type, shape, n, nulls).data, e);
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllEncodings, EncodingRoundTripTest, ::testing::ValuesIn(kAllEncodings),
                         [](const auto& info) { return std::string(EncodingName(info.param)); });

// Data each encoding is made for is stored in that encoding, not RAW.
TEST(EncodingTest, SuitableDataIsStoredEncoded) {
  struct Case {
    Encoding e;
    LogicalType type;
    Shape shape;
  };
  const Case cases[] = {
      {Encoding::kAz64, LogicalType::Decimal(38, 6), Shape::kSmallRange},
      {Encoding::kByteDict, LogicalType::Double(), Shape::kSmallRange},
      {Encoding::kByteDict, LogicalType::Varchar(100), Shape::kFewDistinct},
      {Encoding::kDelta, LogicalType::Date(), Shape::kSorted},
      {Encoding::kDelta32k, LogicalType::Decimal(38, 0), Shape::kSorted},
      {Encoding::kMostly8, LogicalType::SmallInt(), Shape::kSmallRange},
      {Encoding::kMostly16, LogicalType::Decimal(38, 2), Shape::kSmallRange},
      {Encoding::kMostly32, LogicalType::BigInt(), Shape::kSorted},
      {Encoding::kText255, LogicalType::Varchar(200), Shape::kSmallRange},
      {Encoding::kText32k, LogicalType::Varchar(200), Shape::kSmallRange},
      {Encoding::kLzo, LogicalType::Varchar(200), Shape::kSmallRange},
      {Encoding::kZstd, LogicalType::Real(), Shape::kSmallRange},
      {Encoding::kRunLength, LogicalType::Boolean(), Shape::kConstant},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(EncodingName(c.e));
    EXPECT_EQ(RoundTrip(MakeColumn(c.type, c.shape, 5000, true).data, c.e), c.e);
  }
}

TEST(EncodingTest, LargerEncodingFallsBackToRaw) {
  EXPECT_EQ(RoundTrip(MakeColumn(LogicalType::BigInt(), Shape::kRandom, 5000, false).data, Encoding::kMostly8),
            Encoding::kRaw);
  EXPECT_EQ(RoundTrip(MakeColumn(LogicalType::Integer(), Shape::kRandom, 5000, false).data, Encoding::kDelta),
            Encoding::kRaw);
  TestColumn words = MakeColumn(LogicalType::Varchar(100), Shape::kConstant, 3000, false);
  std::mt19937_64 rng(3);
  for (std::string& str : words.strings) {  // unique 4-letter words: each costs more as a literal than raw
    str.clear();
    for (int k = 0; k < 10; k++) {
      for (int c = 0; c < 4; c++) str.push_back(static_cast<char>('a' + rng() % 26));
      str.push_back(' ');
    }
  }
  for (size_t i = 0; i < words.strings.size(); i++) {
    std::string_view v(words.strings[i]);
    std::memcpy(words.data.values.data() + i * sizeof v, &v, sizeof v);
  }
  EXPECT_EQ(RoundTrip(words.data, Encoding::kText255), Encoding::kRaw);
  EXPECT_EQ(RoundTrip(MakeColumn(LogicalType::Double(), Shape::kRandom, 5000, false).data, Encoding::kByteDict),
            Encoding::kRaw);
}

TEST(EncodingTest, DictionaryOverflowAndOutliersRoundTrip) {
  // 300 distinct values: 256 in the BYTEDICT dictionary, the rest exceptions; sorted data with jumps for DELTA.
  auto c = MakeColumn(LogicalType::Integer(), Shape::kFewDistinct, 20000, true);
  EXPECT_EQ(RoundTrip(c.data, Encoding::kByteDict), Encoding::kByteDict);
  auto s = MakeColumn(LogicalType::BigInt(), Shape::kSorted, 5000, false);
  auto* v = reinterpret_cast<int64_t*>(s.data.values.data());
  for (size_t i = 100; i < 5000; i += 100) v[i] = std::numeric_limits<int64_t>::min() + static_cast<int64_t>(i);
  EXPECT_EQ(RoundTrip(s.data, Encoding::kDelta), Encoding::kDelta);
  EXPECT_EQ(RoundTrip(s.data, Encoding::kMostly16), Encoding::kMostly16);
}

// DELTA decodes eight codes at a time between flags: flags (deltas that do not fit a byte) at every position
// within eight codes, runs of every length between them, and row counts that are not a multiple of eight.
TEST(EncodingTest, DeltaFlagsAtEveryPositionRoundTrip) {
  std::mt19937_64 rng(7);
  for (const LogicalType& type : {LogicalType::SmallInt(), LogicalType::Integer(), LogicalType::BigInt()}) {
    for (size_t rows : {1u, 7u, 8u, 9u, 17u, 1000u, 4099u}) {
      auto c = MakeColumn(type, Shape::kSorted, rows, false);
      int width = static_cast<int>(PhysicalWidth(type.physical()));
      int64_t value = 0;
      size_t next_jump = rng() % 20;
      for (size_t i = 0; i < rows; i++) {
        value += i == next_jump ? 1000 : static_cast<int64_t>(rng() % 255) - 127;
        if (i == next_jump) next_jump += 1 + rng() % 20;
        int64_t stored = type == LogicalType::SmallInt() ? static_cast<int16_t>(value) : value;
        std::memcpy(c.data.values.data() + i * width, &stored, width);
      }
      Encoding stored = RoundTrip(c.data, Encoding::kDelta);  // (a row or two may cost more than RAW)
      if (rows >= 8) {
        EXPECT_EQ(stored, Encoding::kDelta) << type.ToString() << " " << rows;
      }
    }
  }
}

TEST(EncodingTest, TextDictionaryHoldsTheFirst245Words) {
  TestColumn t = MakeColumn(LogicalType::Varchar(1000), Shape::kConstant, 2000, false);
  for (size_t i = 0; i < t.strings.size(); i++) t.strings[i] = "w" + std::to_string(i % 400) + " common word";
  for (size_t i = 0; i < t.strings.size(); i++) {
    std::string_view v(t.strings[i]);
    std::memcpy(t.data.values.data() + i * sizeof v, &v, sizeof v);
  }
  EXPECT_EQ(RoundTrip(t.data, Encoding::kText255), Encoding::kText255);
  EXPECT_EQ(RoundTrip(t.data, Encoding::kText32k), Encoding::kText32k);
  ByteWriter w;
  EncodeText(Span(t.data), 1, &w);
  uint16_t dict_size;
  std::memcpy(&dict_size, w.data().data(), 2);
  EXPECT_EQ(dict_size, 245);
}

TEST(EncodingTest, CorruptPayloadsAreErrorsNotCrashes) {
  for (Encoding e : kAllEncodings) {
    for (const LogicalType& type : kAllTypes) {
      if (!EncodingImplemented(e, type.physical())) continue;
      auto c = MakeColumn(type, Shape::kSmallRange, 300, true);
      ByteWriter w;
      EncodePayload(e, Span(c.data), &w);
      std::mt19937_64 rng(7);
      for (int trial = 0; trial < 40; trial++) {
        std::string bad = w.data();
        if (trial % 2 == 0 && !bad.empty()) bad.resize(rng() % bad.size());
        if (trial % 2 == 1 && !bad.empty()) bad[rng() % bad.size()] ^= static_cast<char>(1 + rng() % 255);
        DecodedBlock d;
        d.row_count = 300;
        d.values.reset(new uint8_t[300 * PhysicalWidth(type.physical())]());
        (void)DecodePayload(e, type.physical(), bad, &d);  // must not crash or read out of bounds
      }
    }
  }
}

TEST(EncodeAutoTest, ChoosesTheSmallestAllowedEncoding) {
  auto sorted = MakeColumn(LogicalType::Timestamp(), Shape::kSorted, 5000, false);
  Encoding e = ChooseAutoEncoding(sorted.data.type, Span(sorted.data));
  EXPECT_TRUE(e == Encoding::kDelta || e == Encoding::kAz64) << EncodingName(e);
  auto constant = MakeColumn(LogicalType::Double(), Shape::kConstant, 5000, false);
  EXPECT_EQ(ChooseAutoEncoding(constant.data.type, Span(constant.data)), Encoding::kRunLength);
  auto random = MakeColumn(LogicalType::Double(), Shape::kRandom, 5000, false);
  Encoding r = ChooseAutoEncoding(random.data.type, Span(random.data));
  EXPECT_TRUE(EncodingAllowed(r, random.data.type));
  auto words = MakeColumn(LogicalType::Varchar(100), Shape::kSmallRange, 5000, false);
  Encoding w = ChooseAutoEncoding(words.data.type, Span(words.data));
  EXPECT_NE(w, Encoding::kRaw);
  EXPECT_TRUE(EncodingAllowed(w, words.data.type));
}

// As Redshift's ENCODE AUTO: numbers, dates and timestamps get a lightweight encoding even when a zstd frame
// of them would be smaller; strings may get LZO or ZSTD.
TEST(EncodeAutoTest, NumbersNeverGetGeneralPurposeCompressors) {
  for (const LogicalType& type : {LogicalType::Integer(), LogicalType::BigInt(), LogicalType::Date(),
                                  LogicalType::Timestamp(), LogicalType::Decimal(15, 2), LogicalType::Double()}) {
    for (Shape shape : {Shape::kSorted, Shape::kSmallRange, Shape::kRandom, Shape::kConstant}) {
      auto c = MakeColumn(type, shape, 5000, false);
      Encoding e = ChooseAutoEncoding(c.data.type, Span(c.data));
      EXPECT_TRUE(e != Encoding::kLzo && e != Encoding::kZstd) << type.ToString() << " " << EncodingName(e);
    }
  }
}

TEST(EncodeAutoTest, TrialsListEveryAllowedEncodingRawFirst) {
  auto c = MakeColumn(LogicalType::SmallInt(), Shape::kSmallRange, 3000, true);
  std::vector<EncodingTrial> trials = TryEncodings(c.data.type, Span(c.data));
  ASSERT_FALSE(trials.empty());
  EXPECT_EQ(trials[0].encoding, Encoding::kRaw);
  EXPECT_EQ(trials[0].bytes, 6000u);
  size_t allowed = 0;
  for (Encoding e : kAllEncodings)
    allowed += EncodingAllowed(e, c.data.type) && EncodingImplemented(e, PhysicalType::kInt16);
  EXPECT_EQ(trials.size(), allowed);
  for (const EncodingTrial& t : trials) {
    ByteWriter w;
    EncodePayload(t.encoding, Span(c.data), &w);
    EXPECT_EQ(t.bytes, w.size()) << EncodingName(t.encoding);
  }
}

}  // namespace
}  // namespace blueshift::storage
