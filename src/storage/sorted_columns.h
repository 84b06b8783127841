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

// The order GatherSortedColumns puts the same rows in: position i of its result holds input row order[i]
// (input rows numbered across the batches in order). Lets a caller map old row positions to new ones.
Result<std::vector<uint32_t>> SortOrder(const TableDef& table, const std::vector<Batch>& rows);

}  // namespace blueshift::storage
