#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "function/aggregate_function.h"

namespace blueshift {

// Aggregate states of every row of a sorted run (the leaves), and over one partition of it a tree of
// combined states: level k holds one state per 2^k leaves. Any frame [l, r) is then the combination of at
// most 2 log2(n) stored states, so a sliding frame costs O(log n) per row instead of O(frame size).
// Not thread-safe; one per window function per task.
class WindowSegmentTree {
 public:
  // Folds row i of args into leaf i, for every row of the run. args are dense vectors of `rows` values.
  WindowSegmentTree(const AggregateFunction& fn, std::span<const Vector* const> args, size_t rows, Status* status);
  ~WindowSegmentTree();
  WindowSegmentTree(const WindowSegmentTree&) = delete;
  WindowSegmentTree& operator=(const WindowSegmentTree&) = delete;

  // Builds the upper levels over the partition [begin, end) (dropping those of the previous partition).
  Status BuildPartition(size_t begin, size_t end);
  // Writes the aggregate of rows [l, r) of the current partition (absolute row numbers) into out[row].
  Status Evaluate(size_t l, size_t r, Vector* out, size_t row);

  uint8_t* Leaf(size_t i) { return leaves_.get() + i * stride_; }

 private:
  struct Level {
    std::unique_ptr<uint8_t[]> states;
    size_t count = 0;
  };
  uint8_t* Node(size_t level, size_t i);
  void DropLevels();

  const AggregateFunction& fn_;
  size_t stride_;
  size_t rows_;
  std::unique_ptr<uint8_t[]> leaves_;
  std::vector<Level> levels_;  // levels_[k - 1] is level k
  size_t begin_ = 0;           // first leaf of the current partition
  std::unique_ptr<uint8_t[]> scratch_;
};

}  // namespace blueshift
