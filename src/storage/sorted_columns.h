#pragma once

#include <vector>

#include "catalog/table_def.h"
#include "storage/column_data.h"
#include "storage/interleaved_index.h"
#include "types/batch.h"
#include "util/status.h"

namespace blueshift::storage {

// Copies the live rows of the batches (in the table's column order) into one ColumnData per column, in the
// table's sort order (docs/format/segment.md, "Sort order": compound, NULLs last, stable; interleaved by the
// z-order of interleaved_index.h, with an index built from these rows). String views point into the batches' arenas, so
// the batches must outlive the result. A batch whose column count or physical types differ from the table's is XX000 (a
// caller bug).
Result<std::vector<ColumnData>> GatherSortedColumns(const TableDef& table, const std::vector<Batch>& rows);

// GatherSortedColumns in two steps, for a caller that reads the rows in arrival order first: the segment
// writer sketches them before the sort, while string bytes are still read in the order they sit in the
// batches' arenas (after the sort they are scattered, and hashing them cost a cache miss each).
Result<std::vector<ColumnData>> GatherColumns(const TableDef& table, const std::vector<Batch>& rows);
// An INTERLEAVED table sorts by `index` when it is given and Fits the table, else by an index built from
// the rows themselves (InterleavedIndex::Build over them); a COMPOUND table ignores it.
void SortColumns(const TableDef& table, std::vector<ColumnData>* columns, const InterleavedIndex* index = nullptr);

// The order SortColumns puts the rows of columns in: position i of its result holds row order[i]. (The
// table's sort-key columns are read; rows already in runs sorted by the key cost less to order.)
std::vector<uint32_t> ColumnsOrder(const TableDef& table, const std::vector<ColumnData>& columns,
                                   const InterleavedIndex* index = nullptr);
// Puts every column's rows in `order` (ColumnsOrder's).
void PermuteColumns(const std::vector<uint32_t>& order, std::vector<ColumnData>* columns);

// The order GatherSortedColumns puts the same rows in: position i of its result holds input row order[i]
// (input rows numbered across the batches in order). Lets a caller map old row positions to new ones.
// `index` as for SortColumns.
Result<std::vector<uint32_t>> SortOrder(const TableDef& table, const std::vector<Batch>& rows,
                                        const InterleavedIndex* index = nullptr);

// The key columns of an INTERLEAVED index over columns (the table's sort-key columns, in key order).
std::vector<InterleavedIndex::KeyColumn> KeyColumnsOf(const TableDef& table, const std::vector<ColumnData>& columns);

}  // namespace blueshift::storage
