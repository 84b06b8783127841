#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "exec/window_expr.h"

namespace blueshift {

// Rows sorted by (partition keys, order keys), with where each partition and each group of peers (rows
// equal on the order keys) begins and ends.
struct WindowRun {
  size_t rows = 0;
  std::vector<size_t> partition_starts;  // ascending, first 0, then one entry `rows` at the end
  std::vector<uint32_t> peer_start;      // per row: first row of its peer group
  std::vector<uint32_t> peer_end;        // per row: one past the last row of its peer group
};

// Computes window function w for every row of the run into out (capacity >= run.rows, type w.type).
// args are w's arguments evaluated over the sorted rows (dense, run.rows values each). Running frames
// cost O(1) per row and sliding frames O(log n) (WindowSegmentTree). Errors: 22023 for an NTILE count
// that is not positive, a negative LAG/LEAD offset or an NTH_VALUE position that is not positive.
Status EvaluateWindow(const WindowExpr& w, const WindowRun& run, std::span<const Vector* const> args, Vector* out);

}  // namespace blueshift
