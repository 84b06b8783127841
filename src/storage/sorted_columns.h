#pragma once

#include <vector>

#include "catalog/table_def.h"
#include "storage/column_data.h"
#include "types/batch.h"
#include "util/status.h"

namespace blueshift::storage {

// Copies the live rows of the batches (in the table's column order) into one ColumnData per column, in the
// table's sort order (docs/format/segment.md, "Sort order": compound, NULLs last, stable; interleaved sorts
// as compound). String views point into the batches' arenas, so the batches must outlive the result. A
// batch whose column count or physical types differ from the table's is XX000 (a caller bug).
Result<std::vector<ColumnData>> GatherSortedColumns(const TableDef& table, const std::vector<Batch>& rows);

// GatherSortedColumns in two steps, for a caller that reads the rows in arrival order first: the segment
// writer sketches them before the sort, while string bytes are still read in the order they sit in the
// batches' arenas (after the sort they are scattered, and hashing them cost a cache miss each).
Result<std::vector<ColumnData>> GatherColumns(const TableDef& table, const std::vector<Batch>& rows);
void SortColumns(const TableDef& table, std::vector<ColumnData>* columns);

// The order GatherSortedColumns puts the same rows in: position i of its result holds input row order[i]
// (input rows numbered across the batches in order). Lets a caller map old row positions to new ones.
Result<std::vector<uint32_t>> SortOrder(const TableDef& table, const std::vector<Batch>& rows);

}  // namespace blueshift::storage
