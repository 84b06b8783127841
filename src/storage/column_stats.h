#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/column_data.h"
#include "storage/hyperloglog.h"
#include "types/value.h"
#include "util/status.h"

namespace blueshift::storage {

// A value that occurs often in a column, with how often (exact within one segment).
struct FrequentValue {
  Value value;
  uint64_t count = 0;
};

// The sketches of one column of one segment that zone maps do not already give: a distinct-count sketch and
// the most frequent values. Built when the segment is written (so loading pays one hash per value) and
// stored in the segment file (docs/format/statistics.md). Row, null, min and max counts come from the block
// headers instead.
struct ColumnSketch {
  static constexpr size_t kMaxFrequent = 10;  // most frequent values kept
  HyperLogLog distinct;
  std::vector<FrequentValue> frequent;  // by count, descending; only values seen more than once

  // Sketches the valid rows of col.
  static ColumnSketch Build(const ColumnData& col);
};

// Builds a ColumnSketch from rows that arrive a block at a time (a streaming segment writer). Holds the
// distinct-count sketch and the exact counts of at most 4,096 distinct values, whose string bytes are capped
// at 1 MiB (docs/format/statistics.md, "Frequent values"): bounded whatever the segment's size. A column
// whose rows, once the cap is reached, are mostly other values stops counting (no frequent values).
class ColumnSketchBuilder {
 public:
  explicit ColumnSketchBuilder(LogicalType type) : type_(std::move(type)) {}
  void Add(const ColumnSpan& rows);
  ColumnSketch Finish() const;

 private:
  // How often one tracked value occurs. The slots are an open-addressing table by value hash with linear
  // probing, at most half full; count 0 marks an empty slot.
  struct Slot {
    uint64_t hash = 0;
    uint64_t count = 0;
    uint32_t index = 0;  // order of first appearance (for ties); the value's entry in offsets_
  };
  static constexpr size_t kSlots = 8192;

  // A value seen lately and the slot counting it (null: not counted). A row whose value is in the cache is
  // counted without hashing it: its hash is already in the distinct-count sketch, and adding it again would
  // change nothing. Direct-mapped by a multiplicative hash of the key. The key of a fixed-width value is its
  // bits; of a string, its size and its first and last 8 bytes (all of its bytes up to 16 bytes; a longer
  // string is found only when it is tracked, compared with the tracked bytes).
  struct CacheEntry {
    uint64_t lo = 0, hi = 0;  // the key: a value's bits zero-extended to 128, or a string's bytes (KeyOf)
    Slot* slot = nullptr;
    uint32_t size = 0;  // the value's size in bytes
    bool used = false;
  };
  static constexpr int kCacheBits = 12;
  // A column whose first kCacheTrialRows rows found fewer than one in kCacheMinHitRatio in the cache (mostly
  // distinct values) stops using it.
  static constexpr uint64_t kCacheTrialRows = 65536;
  static constexpr uint64_t kCacheMinHitRatio = 4;
  static constexpr uint64_t kCacheMinHitRatioUncounted = 2;  // ... once counting stopped (see counting_)

  // The slot counting hash, taking a new one for value when there is room; null when there is not.
  Slot* Find(uint64_t hash, std::string_view value);
  // The bytes of the value a slot counts.
  std::string_view Tracked(const Slot& slot) const;
  // Hashes a value not in the cache into the sketch; the slot counting it or null.
  template <typename T, typename Hash>
  Slot* AddNew(const T& v, Hash hash);
  template <typename T, typename Hash>
  void AddCached(const ColumnSpan& rows, Hash hash);
  template <typename T, bool kRuns, typename Hash>
  void AddRows(const ColumnSpan& rows, Hash hash);
  bool Full() const;
  void AddTyped(const ColumnSpan& rows);

  LogicalType type_;
  HyperLogLog distinct_;
  // Once the tracked values are at their cap, the rows since and how many of them were tracked values: when
  // at least kGiveUpRows have come and fewer than one in kGiveUpRatio was, the column has no frequent values
  // worth keeping and the counting stops (counting_ false: no frequent list, only the distinct-count sketch).
  static constexpr uint64_t kGiveUpRows = 65536;
  static constexpr uint64_t kGiveUpRatio = 2;
  bool counting_ = true;
  uint64_t counted_ = 0;  // rows counted into a tracked value, in all
  uint64_t full_rows_ = 0, full_counted_ = 0;
  std::vector<CacheEntry> cache_;  // 2^kCacheBits entries while in use
  bool use_cache_ = true;
  uint64_t cache_rows_ = 0, cache_hits_ = 0;
  std::vector<Slot> slots_;        // kSlots once a row was added
  std::string values_;             // the tracked values' bytes (a string's, else its physical bytes), in order
  std::vector<uint32_t> offsets_;  // where each tracked value starts in values_
};

// Every column's sketch of one segment.
struct SegmentSketch {
  std::vector<ColumnSketch> columns;

  // The statistics section of a segment file (docs/format/statistics.md, version 1).
  std::string Serialize(const std::vector<LogicalType>& types) const;
  static Result<std::shared_ptr<const SegmentSketch>> Deserialize(std::string_view bytes,
                                                                  const std::vector<LogicalType>& types);
};

// The 64-bit hash a column value is sketched by: equal values hash equally whatever their integer width.
uint64_t SketchHash(PhysicalType type, const uint8_t* values, size_t i);

}  // namespace blueshift::storage
