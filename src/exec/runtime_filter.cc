#include "exec/runtime_filter.h"

#include <algorithm>
#include <bit>

namespace blueshift {

bool KeySetSupports(const LogicalType& type) {
  PhysicalType p = type.physical();
  return p == PhysicalType::kInt16 || p == PhysicalType::kInt32 || p == PhysicalType::kInt64;
}

namespace {
template <typename T>
void AddTyped(const Vector& v, size_t n, std::vector<int64_t>* out) {
  const T* data = v.data<T>();
  if (!v.may_have_nulls()) {
    out->insert(out->end(), data, data + n);
    return;
  }
  for (size_t i = 0; i < n; i++) {
    if (!v.IsNull(i)) out->push_back(data[i]);
  }
}
}  // namespace

void KeySet::Add(const Vector& v, size_t n) {
  switch (v.type().physical()) {
    case PhysicalType::kInt16:
      return AddTyped<int16_t>(v, n, &values_);
    case PhysicalType::kInt32:
      return AddTyped<int32_t>(v, n, &values_);
    case PhysicalType::kInt64:
      return AddTyped<int64_t>(v, n, &values_);
    default:
      return;
  }
}

void KeySet::Seal() {
  if (values_.empty()) return;
  auto [lo, hi] = std::minmax_element(values_.begin(), values_.end());
  min_ = *lo;
  max_ = *hi;
  // A bitmap when it is at most 64 bits per value (a Bloom word's size) or fits in 1 MB anyway (probes of a
  // table sorted on the key walk it in order; it is exact, and a lookup is a shift and a mask).
  uint64_t range = static_cast<uint64_t>(max_) - static_cast<uint64_t>(min_) + 1;
  if (range != 0 && range <= std::max<uint64_t>(values_.size() * 64, uint64_t(1) << 23)) {
    bits_.assign((range + 63) / 64, 0);
    for (int64_t x : values_) {
      uint64_t d = static_cast<uint64_t>(x) - static_cast<uint64_t>(min_);
      bits_[d >> 6] |= uint64_t(1) << (d & 63);
    }
  } else {
    size_t words = std::bit_ceil(std::max<size_t>(values_.size() / 4, 2));  // 16 bits per value
    words_.assign(words, 0);
    shift_ = 64 - std::countr_zero(words);
    for (int64_t x : values_) {
      uint64_t h = Hash(x);
      words_[h >> shift_] |= BloomMask(h);
    }
  }
  values_ = {};
}

template <typename T>
size_t KeySet::KeepTyped(const Vector& v, uint32_t* rows, size_t n) const {
  const T* data = v.data<T>();
  const uint8_t* valid = v.may_have_nulls() ? v.validity() : nullptr;
  // Branch-free: a value outside [min, max] reads word 0 (any word) and is masked off by `in`.
  const uint64_t lo = static_cast<uint64_t>(min_);
  const uint64_t span = static_cast<uint64_t>(max_) - lo;
  size_t kept = 0;
  if (!bits_.empty()) {
    const uint64_t* bits = bits_.data();
    for (size_t k = 0; k < n; k++) {
      uint32_t r = rows[k];
      uint64_t d = static_cast<uint64_t>(static_cast<int64_t>(data[r])) - lo;
      uint64_t in = d <= span;
      uint64_t bit = (bits[in ? d >> 6 : 0] >> (d & 63)) & in;
      if (valid != nullptr) bit &= valid[r];
      rows[kept] = r;
      kept += bit;
    }
    return kept;
  }
  const uint64_t* words = words_.data();
  for (size_t k = 0; k < n; k++) {
    uint32_t r = rows[k];
    int64_t x = data[r];
    uint64_t in = static_cast<uint64_t>(x) - lo <= span;
    uint64_t h = Hash(x);
    uint64_t m = BloomMask(h);
    uint64_t hit = ((words[h >> shift_] & m) == m) & in;
    if (valid != nullptr) hit &= valid[r];
    rows[kept] = r;
    kept += hit;
  }
  return kept;
}

size_t KeySet::Keep(const Vector& v, uint32_t* rows, size_t n) const {
  switch (v.type().physical()) {
    case PhysicalType::kInt16:
      return KeepTyped<int16_t>(v, rows, n);
    case PhysicalType::kInt32:
      return KeepTyped<int32_t>(v, rows, n);
    case PhysicalType::kInt64:
      return KeepTyped<int64_t>(v, rows, n);
    default:
      return n;
  }
}

void KeySetCache::Reset(size_t keys) {
  std::lock_guard<std::mutex> lock(mu_);
  sets_.clear();
  sets_.resize(keys);
  state_.assign(keys, 0);
}

const KeySet* KeySetCache::Get(size_t key, const LogicalType& type, const std::vector<Batch>& chunks,
                               uint64_t build_rows, uint64_t scan_rows) {
  std::lock_guard<std::mutex> lock(mu_);
  if (key >= state_.size()) return nullptr;
  if (state_[key] == 0) {
    state_[key] = -1;
    if (build_rows * 4 <= scan_rows && KeySetSupports(type)) {
      auto set = std::make_unique<KeySet>();
      for (const Batch& chunk : chunks) set->Add(chunk.column(key), chunk.count());
      set->Seal();
      sets_[key] = std::move(set);
      state_[key] = 1;
    }
  }
  return sets_[key].get();
}

}  // namespace blueshift
