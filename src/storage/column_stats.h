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
  // Build's frequent list alone, `distinct` left empty: no value is hashed. For a caller that has the
  // distinct-count sketch of the rows already (a fold of the write store merges its inputs'). `distinct`,
  // when not negative, estimates the column's distinct values: it only picks the cheaper way to count.
  static ColumnSketch BuildFrequent(const ColumnData& col, double distinct = -1);
};

// Builds a ColumnSketch from rows that arrive a block at a time (a streaming segment writer). Holds the
// distinct-count sketch and the exact counts of at most 4,096 distinct values, whose string bytes are capped
// at 1 MiB (docs/format/statistics.md, "Frequent values"): bounded whatever the segment's size. A column
// whose rows, once the cap is reached, are mostly other values stops counting (no frequent values).
class ColumnSketchBuilder {
 public:
  // Without `hash` no value is hashed and Finish's distinct-count sketch is empty (ColumnSketch::BuildFrequent).
  explicit ColumnSketchBuilder(LogicalType type, bool hash = true) : type_(std::move(type)), hash_(hash) {}
  void Add(const ColumnSpan& rows);
  ColumnSketch Finish() const;

 private:
  // One tracked value and how often it occurs: an open-addressing table keyed by the value itself (KeyOf:
  // its bits, or a string's size and first and last 8 bytes), linear probing, at most half full; count 0
  // marks an empty slot. A row of a tracked value costs a probe and an increment: its hash went into the
  // distinct-count sketch when the value was first met, and adding it again would change nothing.
  struct Slot {
    uint64_t lo = 0, hi = 0;  // the key (KeyOf)
    uint64_t count = 0;
    uint32_t size = 0;   // the value's size in bytes (part of the key)
    uint32_t index = 0;  // order of first appearance (for ties); the value's entry in offsets_
  };
  // The table grows with the rows added (ReserveSlots), up to kSlots: a segment of a few dozen rows (a fold
  // of the write store) must not clear and scan a quarter MiB per column. Where a value sits changes
  // nothing: its slot keeps its count and order of first appearance.
  static constexpr int kSlotBits = 13;
  static constexpr size_t kSlots = size_t{1} << kSlotBits;
  static constexpr int kMinSlotBits = 6;

  // Once counting stopped: values seen lately, direct-mapped by key, so that a row repeating one is not
  // hashed again. Strings longer than 16 bytes (whose key does not identify them) are not kept. A column
  // whose first kSeenTrialRows rows (not counting those equal to the row before) found fewer than one in
  // kSeenMinHitRatio here (mostly distinct values) stops using it.
  struct Seen {
    uint64_t lo = 0, hi = 0;
    uint32_t size = UINT32_MAX;  // UINT32_MAX: unused
  };
  static constexpr int kSeenBits = 12;
  static constexpr uint64_t kSeenTrialRows = 16384;
  static constexpr uint64_t kSeenMinHitRatio = 3;

  // The bytes of the value a slot counts.
  std::string_view Tracked(const Slot& slot) const;
  template <typename T>
  void Count(const ColumnSpan& rows);  // while counting_
  template <typename T, bool kAllValid>
  void CountRows(const ColumnSpan& rows);
  template <typename T>
  void HashOnly(const ColumnSpan& rows);  // once counting stopped
  template <typename T, bool kAllValid, bool kSeen>
  void HashRows(const ColumnSpan& rows);
  bool Full() const;
  void AddTyped(const ColumnSpan& rows);
  // Makes the table at least twice as large as the values it may track once `rows` more rows are counted.
  void ReserveSlots(size_t rows);

  LogicalType type_;
  bool hash_;
  HyperLogLog distinct_;
  // Once the tracked values are at their cap, the rows since and how many of them were tracked values: when
  // at least kGiveUpRows have come and fewer than one in kGiveUpRatio was, and no tracked value has been counted
  // at least once in kHeavyShare of those rows, the column has no frequent values worth keeping and the
  // counting stops (counting_ false: no frequent list, only the distinct-count sketch). A column with such a
  // value (heavy_) keeps counting to the end.
  static constexpr uint64_t kGiveUpRows = 16384;
  static constexpr uint64_t kGiveUpRatio = 2;
  static constexpr uint64_t kHeavyShare = 100;
  bool counting_ = true;
  bool heavy_ = false;
  uint64_t counted_ = 0;  // rows counted into a tracked value, in all
  uint64_t full_rows_ = 0, full_counted_ = 0;
  std::vector<Slot> slots_;  // 2^slot_bits_ while counting
  int slot_bits_ = 0;
  std::string values_;               // the tracked values' bytes (a string's, else its physical bytes), in order
  std::vector<uint32_t> offsets_;    // where each tracked value starts in values_
  std::vector<Seen> seen_;           // 2^kSeenBits entries while in use
  std::vector<uint64_t> untracked_;  // CountRows' rows of untracked values, to be hashed (as T)
  std::vector<uint64_t> hashes_;     // HashRows' hashes of a block of strings
  bool use_seen_ = true;
  uint64_t seen_rows_ = 0, seen_hits_ = 0;
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

// Adds SketchHash of every valid row of rows to *hll: fixed-width values of at most 8 bytes eight at a time
// where the CPU has AVX-512, four with AVX2, others one at a time.
void AddValueHashes(const ColumnSpan& rows, HyperLogLog* hll);

}  // namespace blueshift::storage
