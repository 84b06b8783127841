#include "types/batch.h"

namespace blueshift {

Batch::Batch(const std::vector<LogicalType>& types, size_t capacity) {
  columns_.reserve(types.size());
  for (const auto& t : types) columns_.emplace_back(t, capacity);
}

std::vector<LogicalType> Batch::types() const {
  std::vector<LogicalType> out;
  out.reserve(columns_.size());
  for (const auto& c : columns_) out.push_back(c.type());
  return out;
}

void Batch::Flatten() {
  if (!has_selection_) return;
  for (auto& col : columns_) {
    int w = col.type().FixedWidth();
    uint8_t* d = col.raw_data();
    uint8_t* v = col.validity();
    for (size_t k = 0; k < count_; k++) {
      uint32_t r = sel_[k];
      if (r == k) continue;
      std::memcpy(d + k * w, d + r * w, w);  // strings: the view moves, the bytes stay in the arena
      v[k] = v[r];
    }
  }
  has_selection_ = false;
}

void Batch::Reset() {
  for (auto& c : columns_) c.Reset();
  count_ = 0;
  has_selection_ = false;
}

void Batch::AppendLiveRows(const Batch& src) {
  size_t n = src.count();
  std::vector<uint32_t> identity;
  const uint32_t* rows = src.selection();
  if (!src.has_selection()) {
    identity.resize(n);
    for (size_t i = 0; i < n; i++) identity[i] = static_cast<uint32_t>(i);
    rows = identity.data();
  }
  for (size_t c = 0; c < columns_.size(); c++) columns_[c].GatherFrom(src.columns_[c], rows, n, count_);
  count_ += n;
}

void Batch::AppendRow(const Batch& src, size_t k) {
  uint32_t r = src.RowIndex(k);
  for (size_t c = 0; c < columns_.size(); c++) columns_[c].CopyRow(src.columns_[c], r, count_);
  count_++;
}

}  // namespace blueshift
