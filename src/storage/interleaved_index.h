#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "catalog/table_def.h"
#include "types/vector.h"
#include "util/byte_stream.h"
#include "util/status.h"

namespace blueshift::storage {

// Redshift's limit on the columns of an INTERLEAVED SORTKEY.
inline constexpr size_t kMaxInterleavedKeys = 8;

// An INTERLEAVED sort key's order (docs/design/interleaved.md; stored as manifest.md, "Interleaved state").
// Each sort-key column's values map to order-preserving fixed-width codes by ascending split values taken
// from quantiles of the column's values: a value's code is how many split values are <= it, and NULL gets
// the largest code. Rows order by the bit interleaving (z-order, Morton order) of their codes, the first
// key column's bit first at every bit position, then by the key columns in compound order: every column
// gets the same weight, so a predicate on any one of them finds its rows in few blocks.
class InterleavedIndex {
 public:
  // One sort-key column's values: count rows at the physical width of `type` and a validity byte per row
  // (1 = valid). Views into memory the caller keeps alive.
  struct KeyColumn {
    LogicalType type;
    const uint8_t* values = nullptr;
    const uint8_t* validity = nullptr;
    size_t count = 0;
  };

  // Most values a column's split values are chosen from: a larger column is sampled evenly.
  static constexpr size_t kSampleRows = 65536;

  // Code bits per column for n key columns: 10 (1,023 codes for values) up to 6 columns, then 64 / n.
  static int BitsFor(size_t num_keys);

  // The index for rows whose sort-key columns are `keys` (one per key column, equal counts).
  // REQUIRES: 1 <= keys.size() <= kMaxInterleavedKeys.
  static std::shared_ptr<const InterleavedIndex> Build(const std::vector<KeyColumn>& keys);

  // The interleaved code of every row [0, count) of `keys` (the columns this index was built for, in order).
  void ZValues(const std::vector<KeyColumn>& keys, uint64_t* out) const;
  // Row `row`'s code in key column `key` (0 .. splits, NULL: 2^bits - 1).
  uint32_t Code(size_t key, const KeyColumn& column, size_t row) const;

  // Whether the index fits `table`'s sort key (same number of columns of the same physical types); one that
  // does not (the key changed) is ignored and rebuilt.
  bool Fits(const TableDef& table) const;
  size_t num_keys() const { return types_.size(); }
  int bits() const { return bits_; }
  // The codes a non-NULL value of key column `key` can get: its split values + 1.
  size_t Buckets(size_t key) const { return counts_[key] + 1; }

  // docs/format/manifest.md, "Interleaved state". Decode failures are XX001-worthy: the caller says where.
  void Encode(ByteWriter* w) const;
  static Result<std::shared_ptr<const InterleavedIndex>> Decode(ByteReader* r);

 private:
  int bits_ = 0;
  std::vector<LogicalType> types_;  // [key]
  std::vector<Vector> splits_;      // [key], ascending, distinct
  std::vector<size_t> counts_;      // [key], split values in splits_[key]
};

// Whether `table` has an INTERLEAVED sort key (which sorts as this file says, not as COMPOUND).
inline bool IsInterleaved(const TableDef& table) {
  return table.sort_style == SortStyle::kInterleaved && !table.sort_keys.empty();
}

// One slice's interleaved state, kept with its segments in every version (TableData::interleaved).
struct InterleavedSlice {
  // The slice's index: built by the first load into the empty slice, or by VACUUM (REINDEX rebuilds it);
  // null until then. Every write to the slice sorts by it.
  std::shared_ptr<const InterleavedIndex> index;
  // The segments (ids, ascending) that one VACUUM merge (or the first load) wrote sorted by `index`: the
  // sorted region. Every other segment of the slice is unsorted.
  std::vector<uint64_t> sorted_segments;
  int64_t last_reindex_us = 0;  // when VACUUM REINDEX last built `index` (microseconds since 1970); 0: never

  bool IsSorted(uint64_t segment_id) const;
};

// How a segment of an INTERLEAVED table is sorted (ignored for other tables): by `index` when given, else by
// an index built from its rows, which the segment keeps as SegmentMeta::proposed_index when `propose`.
struct SegmentOrder {
  std::shared_ptr<const InterleavedIndex> index;
  bool propose = false;
};

}  // namespace blueshift::storage
