#pragma once

#include <cstdint>
#include <vector>

#include "catalog/table_def.h"
#include "storage/store.h"

namespace blueshift::storage {

// How one slice of a table is laid out at one version: what SVV_TABLE_INFO, STV_TBL_PERM and VACUUM's
// thresholds are computed from.
struct SliceLayout {
  uint64_t rows = 0;          // every stored row, deleted ones included (Redshift's tbl_rows)
  uint64_t deleted_rows = 0;  // rows marked deleted and not yet reclaimed
  uint64_t sorted_rows = 0;   // rows in the sorted region (0 for a table without a sort key)
  uint64_t blocks = 0;        // column blocks, all columns
  uint64_t bytes = 0;         // segment file bytes
  size_t segments = 0;
  // Per segment (in TableData order): true when the segment is part of the sorted region, and the overlap
  // group it belongs to (segments of one group overlap in sort-key range; unique groups without a sort key).
  std::vector<bool> segment_sorted;
  std::vector<int> segment_group;
};

struct TableLayout {
  std::vector<SliceLayout> slices;
  uint64_t rows = 0;
  uint64_t deleted_rows = 0;
  uint64_t sorted_rows = 0;
  uint64_t blocks = 0;
  uint64_t bytes = 0;
  bool has_sort_key = false;

  // Percentage of rows (deleted included) outside the sorted region: 0 for an empty table. REQUIRES:
  // has_sort_key.
  double UnsortedPercent() const;
  // Percentage of stored rows that are marked deleted.
  double DeletedPercent() const;
};

// Computes the layout of `data` (a version of `table`). The sorted region of a slice is defined on the first
// sort-key column's zone maps (docs/format/segment.md, "Sorted region"): segments whose key ranges overlap
// form a group, and in each group only the segment with the most rows counts as sorted; a segment that
// overlaps no other is sorted. So rows appended in sort-key order stay sorted, as in Redshift.
TableLayout ComputeTableLayout(const TableDef& table, const TableData& data);

}  // namespace blueshift::storage
