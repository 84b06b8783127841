#include "storage/column_stats.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "storage/typed_value.h"
#include "util/crc32c.h"
#include "util/hash.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace blueshift::storage {
namespace {

constexpr uint32_t kSketchVersion = 1;
constexpr size_t kMaxTracked = 4096;          // distinct values counted exactly per segment for the frequent list
constexpr size_t kMaxTrackedBytes = 1 << 20;  // ... holding at most this many bytes of values

}  // namespace

uint64_t SketchHash(PhysicalType type, const uint8_t* values, size_t i) {
  switch (type) {
    case PhysicalType::kBool:
      return HashInt(values[i]);
    case PhysicalType::kInt16:
      return HashInt(reinterpret_cast<const int16_t*>(values)[i]);
    case PhysicalType::kInt32:
      return HashInt(reinterpret_cast<const int32_t*>(values)[i]);
    case PhysicalType::kInt64:
      return HashInt(reinterpret_cast<const int64_t*>(values)[i]);
    case PhysicalType::kInt128:
      return HashInt128(reinterpret_cast<const __int128*>(values)[i]);
    case PhysicalType::kFloat: {
      double d = reinterpret_cast<const float*>(values)[i];
      if (d == 0) d = 0;  // -0.0 equals 0.0
      return HashBytes(&d, sizeof d);
    }
    case PhysicalType::kDouble: {
      double d = reinterpret_cast<const double*>(values)[i];
      if (d == 0) d = 0;
      return HashBytes(&d, sizeof d);
    }
    case PhysicalType::kString:
      return HashString(reinterpret_cast<const std::string_view*>(values)[i]);
  }
  return 0;
}

ColumnSketch ColumnSketch::Build(const ColumnData& col) {
  // In blocks, as a streaming writer adds them: the same give-up rule whoever builds the sketch.
  constexpr size_t kBlock = 2048;
  ColumnSketchBuilder b(col.type);
  const size_t width = PhysicalWidth(col.type.physical());
  for (size_t at = 0; at < col.count; at += kBlock) {
    size_t n = std::min(kBlock, col.count - at);
    b.Add(ColumnSpan{col.type.physical(), col.values.data() + at * width, col.validity.data() + at,
                     static_cast<uint32_t>(n)});
  }
  return b.Finish();
}

namespace {

uint64_t HashInt64(int64_t v) {
  return XXH3_64bits_withSeed(&v, sizeof v, 0);  // HashInt's value, inlined
}

uint64_t HashStringValue(std::string_view v) {
  return XXH3_64bits_withSeed(v.data(), v.size(), 0);  // HashString's value, inlined
}

uint64_t HashFloat(double d) {
  if (d == 0) d = 0;  // -0.0 equals 0.0
  return XXH3_64bits_withSeed(&d, sizeof d, 0);
}

std::string_view BytesOf(const std::string_view& v) {
  return v;
}

template <typename T>
std::string_view BytesOf(const T& v) {
  return std::string_view(reinterpret_cast<const char*>(&v), sizeof v);
}

}  // namespace

ColumnSketchBuilder::Slot* ColumnSketchBuilder::Find(uint64_t hash, std::string_view value) {
  for (size_t i = hash & (kSlots - 1);; i = (i + 1) & (kSlots - 1)) {
    Slot& s = slots_[i];
    if (s.count != 0 && s.hash == hash) return &s;
    if (s.count != 0) continue;
    if (offsets_.size() >= kMaxTracked || values_.size() >= kMaxTrackedBytes) return nullptr;
    s.hash = hash;
    s.index = static_cast<uint32_t>(offsets_.size());
    offsets_.push_back(static_cast<uint32_t>(values_.size()));
    values_.append(value);
    return &s;
  }
}

// Adds the valid rows to the distinct-count sketch and the tracked counts. With kRuns, a row equal to the row
// before it (runs are common in sorted and low-cardinality columns) is counted without hashing it again;
// strings are hashed every time, comparing them would cost about as much.
template <typename T, bool kRuns, typename Hash>
void ColumnSketchBuilder::AddRows(const ColumnSpan& rows, Hash hash) {
  const T* values = rows.data<T>();
  const uint8_t* valid = rows.validity;
  Slot* last = nullptr;
  bool have_last = false;
  T last_value{};
  for (size_t i = 0; i < rows.count; i++) {
    if (!valid[i]) continue;
    const T& v = values[i];
    if (!kRuns || !have_last || !(v == last_value)) {
      uint64_t h = hash(v);
      distinct_.Add(h);
      last = counting_ ? Find(h, BytesOf(v)) : nullptr;
      if constexpr (kRuns) last_value = v;
      have_last = true;
    }
    if (last != nullptr) {
      last->count++;
      counted_++;
    }
  }
}

namespace {

template <typename T>
void KeyOf(const T& v, uint64_t* lo, uint64_t* hi, uint32_t* size) {
  static_assert(sizeof(T) <= 16);
  uint64_t w[2] = {0, 0};
  std::memcpy(w, &v, sizeof(T));
  *lo = w[0];
  *hi = w[1];
  *size = sizeof(T);
}

template <typename W>
uint64_t Load(const char* p) {
  W w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// A string's size and its first and last 8 bytes (overlapping when shorter than 16): for strings of up to 16
// bytes, equal keys mean equal strings.
void KeyOf(std::string_view v, uint64_t* lo, uint64_t* hi, uint32_t* size) {
  const char* p = v.data();
  const size_t n = v.size();
  *size = static_cast<uint32_t>(std::min<size_t>(n, UINT32_MAX));
  if (n >= 8) {
    *lo = Load<uint64_t>(p);
    *hi = Load<uint64_t>(p + n - 8);
  } else if (n >= 4) {
    *lo = Load<uint32_t>(p) | Load<uint32_t>(p + n - 4) << 32;
    *hi = 0;
  } else {
    *lo = n == 0 ? 0
                 : static_cast<uint8_t>(p[0]) | uint64_t{static_cast<uint8_t>(p[n / 2])} << 8 |
                       uint64_t{static_cast<uint8_t>(p[n - 1])} << 16;
    *hi = 0;
  }
}

// Whether strings a and b of n bytes, whose first and last 8 bytes are equal, are equal.
bool SameMiddle(const char* a, const char* b, size_t n) {
  if (n <= 16) return true;
  if (n > 64) return std::memcmp(a + 8, b + 8, n - 16) == 0;
  for (size_t i = 8; i < n - 8; i += 8) {
    size_t at = std::min(i, n - 16);  // the last word may overlap the one before
    if (Load<uint64_t>(a + at) != Load<uint64_t>(b + at)) return false;
  }
  return true;
}

}  // namespace

std::string_view ColumnSketchBuilder::Tracked(const Slot& slot) const {
  size_t begin = offsets_[slot.index];
  size_t end = slot.index + 1 < offsets_.size() ? offsets_[slot.index + 1] : values_.size();
  return std::string_view(values_.data() + begin, end - begin);
}

template <typename T, typename Hash>
ColumnSketchBuilder::Slot* ColumnSketchBuilder::AddNew(const T& v, Hash hash) {
  uint64_t h = hash(v);
  distinct_.Add(h);
  return counting_ ? Find(h, BytesOf(v)) : nullptr;
}

// As AddRows, with the value cache: for columns with few distinct values most rows cost a multiply, a load and
// a compare instead of a hash, a register update and a probe of the tracked values.
template <typename T, typename Hash>
void ColumnSketchBuilder::AddCached(const ColumnSpan& rows, Hash hash) {
  if (cache_.empty()) cache_.resize(size_t{1} << kCacheBits);
  const T* values = rows.data<T>();
  const uint8_t* valid = rows.validity;
  CacheEntry* cache = cache_.data();
  uint64_t hits = 0, seen = 0, counted = 0;
  for (size_t i = 0; i < rows.count; i++) {
    if (!valid[i]) continue;
    seen++;
    const T& v = values[i];
    uint64_t lo, hi;
    uint32_t size;
    KeyOf(v, &lo, &hi, &size);
    CacheEntry& e = cache[((lo ^ (hi * 0xff51afd7ed558ccdULL) ^ size) * 0x9e3779b97f4a7c15ULL) >> (64 - kCacheBits)];
    bool same = e.used && e.lo == lo && e.hi == hi && e.size == size;
    if constexpr (std::is_same_v<T, std::string_view>) {
      // A key covers a string of up to 16 bytes; a longer one is compared with the tracked value's bytes.
      same = same && (size <= 16 || (e.slot != nullptr && SameMiddle(Tracked(*e.slot).data(), v.data(), size)));
    }
    Slot* slot;
    if (same) {
      slot = e.slot;
      hits++;
    } else {
      slot = AddNew(v, hash);
      e = CacheEntry{lo, hi, slot, size, true};
    }
    if (slot != nullptr) {
      slot->count++;
      counted++;
    }
  }
  counted_ += counted;
  cache_rows_ += seen;
  cache_hits_ += hits;
  if (cache_rows_ >= kCacheTrialRows && cache_hits_ * kCacheMinHitRatio < cache_rows_) {
    use_cache_ = false;
    cache_ = {};
  }
}

namespace {

// How many valid rows equal the valid row before them.
uint64_t RepeatedRows(const ColumnSpan& rows) {
  const size_t width = PhysicalWidth(rows.type);
  const bool strings = rows.type == PhysicalType::kString;
  uint64_t n = 0;
  const uint8_t* last = nullptr;
  for (size_t i = 0; i < rows.count; i++) {
    if (!rows.validity[i]) continue;
    const uint8_t* v = rows.values + i * width;
    if (last != nullptr) {
      n += strings ? *reinterpret_cast<const std::string_view*>(v) == *reinterpret_cast<const std::string_view*>(last)
                   : std::memcmp(v, last, width) == 0;
    }
    last = v;
  }
  return n;
}

}  // namespace

bool ColumnSketchBuilder::Full() const {
  return offsets_.size() >= kMaxTracked || values_.size() >= kMaxTrackedBytes;
}

void ColumnSketchBuilder::Add(const ColumnSpan& rows) {
  if (slots_.empty() && counting_) slots_.resize(kSlots);
  const bool was_full = counting_ && Full();
  const uint64_t counted_before = counted_;
  AddTyped(rows);
  if (!was_full) return;
  full_rows_ += rows.count;
  full_counted_ += counted_ - counted_before;
  if (full_rows_ >= kGiveUpRows && full_counted_ * kGiveUpRatio < full_rows_) {
    counting_ = false;
    for (CacheEntry& e : cache_) e.slot = nullptr;  // the values stay in the distinct-count sketch
    // Without counting, a row found in the cache saves only its hash: worth a lookup of every row only when
    // most rows are found, and not only because they repeat the row before (AddRows skips those). Judged by
    // the hits so far and the repeats in this block.
    double hit = static_cast<double>(cache_hits_) / std::max<uint64_t>(cache_rows_, 1);
    double repeat = static_cast<double>(RepeatedRows(rows)) / std::max<uint32_t>(rows.count, 1);
    if ((hit - repeat) * kCacheMinHitRatioUncounted < 1) {
      use_cache_ = false;
      cache_ = {};
    }
    slots_ = {};
    values_ = {};
    offsets_ = {};
  }
}

void ColumnSketchBuilder::AddTyped(const ColumnSpan& rows) {
  if (use_cache_) {
    switch (type_.physical()) {
      case PhysicalType::kBool:
        return AddCached<uint8_t>(rows, [](uint8_t v) { return HashInt64(v); });
      case PhysicalType::kInt16:
        return AddCached<int16_t>(rows, [](int16_t v) { return HashInt64(v); });
      case PhysicalType::kInt32:
        return AddCached<int32_t>(rows, [](int32_t v) { return HashInt64(v); });
      case PhysicalType::kInt64:
        return AddCached<int64_t>(rows, HashInt64);
      case PhysicalType::kInt128:
        return AddCached<__int128>(rows, [](__int128 v) { return HashInt128(v); });
      case PhysicalType::kFloat:
        return AddCached<float>(rows, [](float v) { return HashFloat(v); });
      case PhysicalType::kDouble:
        return AddCached<double>(rows, HashFloat);
      case PhysicalType::kString:
        return AddCached<std::string_view>(rows, HashStringValue);
    }
  }
  switch (type_.physical()) {
    case PhysicalType::kBool:
      AddRows<uint8_t, true>(rows, [](uint8_t v) { return HashInt64(v); });
      break;
    case PhysicalType::kInt16:
      AddRows<int16_t, true>(rows, [](int16_t v) { return HashInt64(v); });
      break;
    case PhysicalType::kInt32:
      AddRows<int32_t, true>(rows, [](int32_t v) { return HashInt64(v); });
      break;
    case PhysicalType::kInt64:
      AddRows<int64_t, true>(rows, HashInt64);
      break;
    case PhysicalType::kInt128:
      AddRows<__int128, true>(rows, [](__int128 v) { return HashInt128(v); });
      break;
    case PhysicalType::kFloat:
      AddRows<float, true>(rows, [](float v) { return HashFloat(v); });
      break;
    case PhysicalType::kDouble:
      AddRows<double, true>(rows, HashFloat);
      break;
    case PhysicalType::kString:
      AddRows<std::string_view, false>(rows, HashStringValue);
      break;
  }
}

ColumnSketch ColumnSketchBuilder::Finish() const {
  ColumnSketch s;
  s.distinct = distinct_;
  std::vector<const Slot*> top;
  for (const Slot& slot : slots_) {
    if (slot.count > 1) top.push_back(&slot);
  }
  size_t keep = std::min(top.size(), ColumnSketch::kMaxFrequent);
  std::partial_sort(top.begin(), top.begin() + keep, top.end(), [](const Slot* a, const Slot* b) {
    return a->count != b->count ? a->count > b->count : a->index < b->index;
  });
  for (size_t k = 0; k < keep; k++) {
    std::string_view bytes = Tracked(*top[k]);
    Value v;
    if (type_.physical() == PhysicalType::kString) {
      v = ValueAt(type_, reinterpret_cast<const uint8_t*>(&bytes), 0);
    } else {
      alignas(16) uint8_t raw[16] = {};
      std::memcpy(raw, bytes.data(), bytes.size());
      v = ValueAt(type_, raw, 0);
    }
    s.frequent.push_back({std::move(v), top[k]->count});
  }
  return s;
}

std::string SegmentSketch::Serialize(const std::vector<LogicalType>& types) const {
  ByteWriter w;
  w.U32(kSketchVersion);
  w.U32(static_cast<uint32_t>(columns.size()));
  for (size_t c = 0; c < columns.size(); c++) {
    columns[c].distinct.Serialize(&w);
    w.U8(static_cast<uint8_t>(columns[c].frequent.size()));
    for (const FrequentValue& f : columns[c].frequent) {
      w.U64(f.count);
      PutTypedValue(f.value, types[c], &w);
    }
  }
  w.U32(Crc32c(w.data()));
  return w.Release();
}

Result<std::shared_ptr<const SegmentSketch>> SegmentSketch::Deserialize(std::string_view bytes,
                                                                        const std::vector<LogicalType>& types) {
  auto corrupt = [](const std::string& why) {
    return Status(ErrorCode::kDataCorrupted, "segment statistics section is damaged: " + why);
  };
  if (bytes.size() < 12) return corrupt("too short");
  uint32_t crc;
  std::memcpy(&crc, bytes.data() + bytes.size() - 4, 4);
  if (Crc32c(bytes.substr(0, bytes.size() - 4)) != crc) return corrupt("checksum mismatch");
  ByteReader r(bytes.substr(0, bytes.size() - 4));
  if (r.U32() != kSketchVersion) return corrupt("unknown version");
  uint32_t n = r.U32();
  if (n != types.size()) return corrupt("column count differs from the segment's");
  auto out = std::make_shared<SegmentSketch>();
  out->columns.resize(n);
  for (uint32_t c = 0; c < n; c++) {
    if (!out->columns[c].distinct.Deserialize(&r)) return corrupt("bad distinct-count sketch");
    uint8_t k = r.U8();
    for (uint8_t j = 0; j < k && r.ok(); j++) {
      FrequentValue f;
      f.count = r.U64();
      f.value = GetTypedValue(types[c], &r);
      out->columns[c].frequent.push_back(std::move(f));
    }
  }
  if (!r.ok() || r.remaining() != 0) return corrupt("truncated or trailing bytes");
  return std::shared_ptr<const SegmentSketch>(std::move(out));
}

}  // namespace blueshift::storage
