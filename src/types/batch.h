#pragma once

#include <cstdint>
#include <vector>

#include "types/vector.h"

namespace blueshift {

// Batch is the unit that flows between operators: up to kBatchSize rows held as one Vector per column, plus
// an optional selection vector. When has_selection() the live rows are sel[0..count) (indices into the
// vectors, ascending); otherwise rows [0, count). Filters narrow the selection; they do not copy.
class Batch {
 public:
  Batch() = default;
  explicit Batch(const std::vector<LogicalType>& types, size_t capacity = kBatchSize);
  Batch(Batch&&) = default;
  Batch& operator=(Batch&&) = default;

  size_t num_columns() const { return columns_.size(); }
  Vector& column(size_t i) { return columns_[i]; }
  const Vector& column(size_t i) const { return columns_[i]; }
  std::vector<Vector>& columns() { return columns_; }
  std::vector<LogicalType> types() const;

  // Live rows.
  size_t count() const { return count_; }
  void set_count(size_t n) { count_ = n; }

  bool has_selection() const { return has_selection_; }
  const uint32_t* selection() const { return sel_.data(); }
  uint32_t* mutable_selection() {
    if (sel_.size() < capacity()) sel_.resize(capacity());
    return sel_.data();
  }
  // Row index in the vectors of the k-th live row.
  uint32_t RowIndex(size_t k) const { return has_selection_ ? sel_[k] : static_cast<uint32_t>(k); }
  void SetSelection(size_t live) {
    has_selection_ = true;
    count_ = live;
  }
  void ClearSelection() { has_selection_ = false; }

  // Moves the live rows to the front so the batch has no selection (copies only if it has one).
  void Flatten();
  // Empties the batch for refilling: count 0, no selection, string memory freed.
  void Reset();
  size_t capacity() const { return columns_.empty() ? kBatchSize : columns_[0].capacity(); }
  // Bytes the batch holds (its vectors and selection).
  size_t AllocatedBytes() const {
    size_t n = sel_.size() * sizeof(uint32_t);
    for (const auto& c : columns_) n += c.AllocatedBytes();
    return n;
  }

  // Appends live row k of src (same column types) at position count(); REQUIRES count() < capacity and no
  // selection on this batch.
  void AppendRow(const Batch& src, size_t k);
  // Appends every live row of src (same column types), column by column. REQUIRES no selection on this
  // batch and room for src.count() more rows.
  void AppendLiveRows(const Batch& src);

 private:
  std::vector<Vector> columns_;
  size_t count_ = 0;
  bool has_selection_ = false;
  std::vector<uint32_t> sel_;
};

}  // namespace blueshift
