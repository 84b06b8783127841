#include "storage/column_stats.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

#include "storage/sketch_internal.h"
#include "storage/typed_value.h"
#include "util/crc32c.h"
#include "util/hash.h"

namespace blueshift::storage {

using sketch_internal::AddHashes;
using sketch_internal::AllValid;
using sketch_internal::BytesOf;
using sketch_internal::HashIntoSketch;
using sketch_internal::HaveAvx2;
using sketch_internal::kBatchHashable;
using sketch_internal::KeyOf;
using sketch_internal::kMaxTracked;
using sketch_internal::kMaxTrackedBytes;
using sketch_internal::kSketchVersion;
using sketch_internal::SameMiddle;
using sketch_internal::TableIndex;
using sketch_internal::ValueHash;

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

namespace {

// f(T{}) for the C++ type T a column of the physical type holds (booleans as uint8_t).
template <typename F>
void WithValueType(PhysicalType type, const F& f) {
  switch (type) {
    case PhysicalType::kBool:
      return f(uint8_t{});
    case PhysicalType::kInt16:
      return f(int16_t{});
    case PhysicalType::kInt32:
      return f(int32_t{});
    case PhysicalType::kInt64:
      return f(int64_t{});
    case PhysicalType::kInt128:
      return f(__int128{});
    case PhysicalType::kFloat:
      return f(float{});
    case PhysicalType::kDouble:
      return f(double{});
    case PhysicalType::kString:
      return f(std::string_view{});
  }
}

}  // namespace

void AddValueHashes(const ColumnSpan& rows, HyperLogLog* hll) {
  auto add = [&](auto tag) {
    using T = decltype(tag);
    const T* values = rows.data<T>();
    const bool all_valid = AllValid(rows);
    if constexpr (kBatchHashable<T>) {
      if (all_valid ? HashIntoSketch<T, true>(values, rows.validity, rows.count, hll)
                    : HashIntoSketch<T, false>(values, rows.validity, rows.count, hll)) {
        return;
      }
    }
    for (size_t i = 0; i < rows.count; i++) {
      if (all_valid || rows.validity[i]) hll->Add(ValueHash(values[i]));
    }
  };
  WithValueType(rows.type, add);
}

std::string_view ColumnSketchBuilder::Tracked(const Slot& slot) const {
  size_t begin = offsets_[slot.index];
  size_t end = slot.index + 1 < offsets_.size() ? offsets_[slot.index + 1] : values_.size();
  return std::string_view(values_.data() + begin, end - begin);
}

bool ColumnSketchBuilder::Full() const {
  return offsets_.size() >= kMaxTracked || values_.size() >= kMaxTrackedBytes;
}

// Counts each valid row into its tracked value's slot. A value met for the first time is hashed into the
// distinct-count sketch and tracked while there is room; an untracked one is hashed at every row. Values of
// at most 8 bytes have keys that differ only in `lo`.
template <typename T>
void ColumnSketchBuilder::Count(const ColumnSpan& rows) {
  if (AllValid(rows)) return CountRows<T, true>(rows);
  CountRows<T, false>(rows);
}

template <typename T, bool kAllValid>
void ColumnSketchBuilder::CountRows(const ColumnSpan& rows) {
  constexpr bool kString = std::is_same_v<T, std::string_view>;
  constexpr bool kNarrow = !kString && sizeof(T) <= 8;
  const T* values = rows.data<T>();
  const uint8_t* valid = rows.validity;
  Slot* slots = slots_.data();
  const int bits = slot_bits_;
  const size_t mask = slots_.size() - 1;
  uint64_t counted = 0;
  // Once the tracked values are at their cap (which lasts), rows of other fixed-width values are hashed after
  // the loop, in batches (HashIntoSketch).
  T* untracked = nullptr;
  size_t num_untracked = 0;
  if constexpr (kBatchHashable<T>) {
    if (hash_ && Full() && HaveAvx2()) {
      untracked_.resize(rows.count);
      untracked = reinterpret_cast<T*>(untracked_.data());
    }
  }
  for (size_t i = 0; i < rows.count; i++) {
    if (!kAllValid && !valid[i]) continue;
    const T& v = values[i];
    uint64_t lo, hi;
    uint32_t size;
    KeyOf(v, &lo, &hi, &size);
    for (size_t j = TableIndex(lo, hi, size, bits);; j = (j + 1) & mask) {
      Slot& s = slots[j];
      if (s.lo == lo && (kNarrow || (s.hi == hi && s.size == size)) && s.count != 0) {
        if constexpr (kString) {
          // A key covers a string of up to 16 bytes; a longer one is compared with the tracked value's bytes.
          if (size > 16 && !SameMiddle(Tracked(s).data(), v.data(), size)) continue;
        }
        s.count++;
        counted++;
        break;
      }
      if (s.count != 0) continue;
      if (kBatchHashable<T> && untracked) {
        untracked[num_untracked++] = v;
        break;
      }
      if (hash_) distinct_.Add(ValueHash(v));
      if (!Full()) {
        s = Slot{lo, hi, 1, size, static_cast<uint32_t>(offsets_.size())};
        offsets_.push_back(static_cast<uint32_t>(values_.size()));
        values_.append(BytesOf(v));
        counted++;
      }
      break;
    }
  }
  if constexpr (kBatchHashable<T>) {
    if (num_untracked > 0) HashIntoSketch<T, true>(untracked, nullptr, num_untracked, &distinct_);
  }
  counted_ += counted;
}

// Adds each valid row's hash to the distinct-count sketch, skipping a row equal to the row before it (runs
// are common in sorted and low-cardinality columns; strings are not compared, that would cost about as much
// as hashing them) and, while it pays, a row whose value is in seen_.
template <typename T>
void ColumnSketchBuilder::HashOnly(const ColumnSpan& rows) {
  if (kBatchHashable<T> && HaveAvx2()) return AddValueHashes(rows, &distinct_);
  if (use_seen_ && seen_.empty()) seen_.resize(size_t{1} << kSeenBits);
  if (AllValid(rows)) return use_seen_ ? HashRows<T, true, true>(rows) : HashRows<T, true, false>(rows);
  return use_seen_ ? HashRows<T, false, true>(rows) : HashRows<T, false, false>(rows);
}

template <typename T, bool kAllValid, bool kSeen>
void ColumnSketchBuilder::HashRows(const ColumnSpan& rows) {
  constexpr bool kString = std::is_same_v<T, std::string_view>;
  constexpr bool kNarrow = !kString && sizeof(T) <= 8;
  const T* values = rows.data<T>();
  const uint8_t* valid = rows.validity;
  if constexpr (kString && !kSeen) {
    // The hashes of a block first, then added together (AddHashes).
    hashes_.resize(rows.count);
    size_t n = 0;
    for (size_t i = 0; i < rows.count; i++) {
      if (kAllValid || valid[i]) hashes_[n++] = ValueHash(values[i]);
    }
    return AddHashes(hashes_.data(), n, &distinct_);
  }
  Seen* seen = seen_.data();
  bool have_last = false;
  T last{};
  uint64_t looked = 0, hits = 0;
  for (size_t i = 0; i < rows.count; i++) {
    if (!kAllValid && !valid[i]) continue;
    const T& v = values[i];
    if constexpr (!kString) {
      if (have_last && v == last) continue;
      last = v;
      have_last = true;
    }
    if constexpr (kSeen) {
      uint64_t lo, hi;
      uint32_t size;
      KeyOf(v, &lo, &hi, &size);
      Seen& e = seen[TableIndex<kSeenBits>(lo, hi, size)];
      looked++;
      if (e.lo == lo && (kNarrow || (e.hi == hi && e.size == size && (!kString || size <= 16))) &&
          e.size != UINT32_MAX) {
        hits++;
        continue;
      }
      if (!kString || size <= 16) e = Seen{lo, hi, size};
    }
    distinct_.Add(ValueHash(v));
  }
  if (!kSeen) return;
  seen_rows_ += looked;
  seen_hits_ += hits;
  if (seen_rows_ >= kSeenTrialRows && seen_hits_ * kSeenMinHitRatio < seen_rows_) {
    use_seen_ = false;
    seen_ = {};
  }
}

void ColumnSketchBuilder::Add(const ColumnSpan& rows) {
  if (!counting_ && !hash_) return;  // nothing left to do with rows
  if (counting_) ReserveSlots(rows.count);
  const bool was_full = counting_ && Full();
  const uint64_t counted_before = counted_;
  AddTyped(rows);
  if (!was_full) return;
  full_rows_ += rows.count;
  full_counted_ += counted_ - counted_before;
  if (!heavy_ && full_rows_ >= kGiveUpRows && full_counted_ * kGiveUpRatio < full_rows_) {
    heavy_ = std::any_of(slots_.begin(), slots_.end(),
                         [&](const Slot& slot) { return slot.count * kHeavyShare >= full_rows_; });
    if (heavy_) return;
    counting_ = false;  // the values stay in the distinct-count sketch
    slots_ = {};
    slot_bits_ = 0;
    values_ = {};
    offsets_ = {};
    untracked_ = {};
  }
}

void ColumnSketchBuilder::ReserveSlots(size_t rows) {
  const size_t values = std::min(offsets_.size() + rows, kMaxTracked);
  int bits = kMinSlotBits;
  while (bits < kSlotBits && (size_t{1} << bits) < 2 * values) bits++;
  if (bits <= slot_bits_) return;
  std::vector<Slot> old = std::exchange(slots_, std::vector<Slot>(size_t{1} << bits));
  slot_bits_ = bits;
  const size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.count == 0) continue;
    size_t j = TableIndex(s.lo, s.hi, s.size, bits);
    while (slots_[j].count != 0) j = (j + 1) & mask;
    slots_[j] = s;
  }
}

void ColumnSketchBuilder::AddTyped(const ColumnSpan& rows) {
  auto add = [&](auto tag) {
    using T = decltype(tag);
    if (counting_) {
      Count<T>(rows);
    } else {
      HashOnly<T>(rows);
    }
  };
  WithValueType(type_.physical(), add);
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
