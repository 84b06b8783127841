#include "storage/interleaved_index.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "catalog/catalog_codec.h"
#include "storage/typed_value.h"

namespace blueshift::storage {
namespace {

constexpr int kMaxBits = 10;

// The rows of one key column the split values are chosen from: its valid rows, evenly sampled down to
// kSampleRows, ordered by value.
std::vector<uint32_t> SortedSample(const InterleavedIndex::KeyColumn& key) {
  std::vector<uint32_t> valid;
  valid.reserve(key.count);
  for (size_t i = 0; i < key.count; i++) {
    if (key.validity[i]) valid.push_back(static_cast<uint32_t>(i));
  }
  std::vector<uint32_t> sample;
  if (valid.size() <= InterleavedIndex::kSampleRows) {
    sample = std::move(valid);
  } else {
    sample.reserve(InterleavedIndex::kSampleRows);
    for (size_t i = 0; i < InterleavedIndex::kSampleRows; i++)
      sample.push_back(valid[i * valid.size() / InterleavedIndex::kSampleRows]);
  }
  PhysicalType type = key.type.physical();
  std::sort(sample.begin(), sample.end(), [&](uint32_t a, uint32_t b) {
    int c = CompareValues(type, key.values, a, key.values, b);
    return c < 0 || (c == 0 && a < b);
  });
  return sample;
}

}  // namespace

int InterleavedIndex::BitsFor(size_t num_keys) {
  return std::min<int>(kMaxBits, static_cast<int>(64 / std::max<size_t>(num_keys, 1)));
}

std::shared_ptr<const InterleavedIndex> InterleavedIndex::Build(const std::vector<KeyColumn>& keys) {
  auto index = std::make_shared<InterleavedIndex>();
  index->bits_ = BitsFor(keys.size());
  // Codes 0 .. 2^bits - 2 for values (at most 2^bits - 2 split values); 2^bits - 1 is NULL's.
  const size_t buckets = (size_t{1} << index->bits_) - 1;
  for (const KeyColumn& key : keys) {
    std::vector<uint32_t> sample = SortedSample(key);
    PhysicalType type = key.type.physical();
    // Split value i is the sample's value at quantile i / buckets, kept when greater than the previous one
    // (and than the smallest value, so that code 0 is never empty).
    std::vector<uint32_t> chosen;
    for (size_t i = 1; i < buckets && !sample.empty(); i++) {
      uint32_t row = sample[i * sample.size() / buckets];
      uint32_t prev = chosen.empty() ? sample[0] : chosen.back();
      if (CompareValues(type, key.values, row, key.values, prev) > 0) chosen.push_back(row);
    }
    Vector splits(key.type, std::max<size_t>(chosen.size(), 1));
    for (size_t i = 0; i < chosen.size(); i++) {
      if (type == PhysicalType::kString) {
        splits.SetString(i, reinterpret_cast<const std::string_view*>(key.values)[chosen[i]]);
      } else {
        size_t width = key.type.FixedWidth();
        std::memcpy(splits.raw_data() + i * width, key.values + size_t{chosen[i]} * width, width);
      }
    }
    index->types_.push_back(key.type);
    index->splits_.push_back(std::move(splits));
    index->counts_.push_back(chosen.size());
  }
  return index;
}

uint32_t InterleavedIndex::Code(size_t key, const KeyColumn& column, size_t row) const {
  if (!column.validity[row]) return (uint32_t{1} << bits_) - 1;
  PhysicalType type = types_[key].physical();
  const uint8_t* splits = splits_[key].raw_data();
  size_t lo = 0, hi = counts_[key];  // the answer: the number of split values <= the row's value
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (CompareValues(type, splits, mid, column.values, row) <= 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return static_cast<uint32_t>(lo);
}

void InterleavedIndex::ZValues(const std::vector<KeyColumn>& keys, uint64_t* out) const {
  const size_t n = keys.empty() ? 0 : keys[0].count;
  std::vector<uint32_t> codes(keys.size());
  for (size_t row = 0; row < n; row++) {
    for (size_t k = 0; k < keys.size(); k++) codes[k] = Code(k, keys[k], row);
    uint64_t z = 0;
    for (int bit = bits_ - 1; bit >= 0; bit--) {
      for (uint32_t c : codes) z = (z << 1) | ((c >> bit) & 1);
    }
    out[row] = z;
  }
}

bool InterleavedIndex::Fits(const TableDef& table) const {
  if (table.sort_keys.size() != types_.size()) return false;
  for (size_t k = 0; k < types_.size(); k++) {
    int c = table.sort_keys[k];
    if (c < 0 || static_cast<size_t>(c) >= table.columns.size()) return false;
    if (table.columns[c].type.physical() != types_[k].physical()) return false;
  }
  return true;
}

void InterleavedIndex::Encode(ByteWriter* w) const {
  w->U8(static_cast<uint8_t>(bits_));
  w->U32(static_cast<uint32_t>(types_.size()));
  for (size_t k = 0; k < types_.size(); k++) {
    EncodeLogicalType(types_[k], w);
    w->U32(static_cast<uint32_t>(counts_[k]));
    for (size_t i = 0; i < counts_[k]; i++) PutTypedValue(splits_[k].GetValue(i), types_[k], w);
  }
}

Result<std::shared_ptr<const InterleavedIndex>> InterleavedIndex::Decode(ByteReader* r) {
  auto index = std::make_shared<InterleavedIndex>();
  index->bits_ = r->U8();
  uint32_t nkeys = r->U32();
  if (!r->ok() || nkeys == 0 || nkeys > kMaxInterleavedKeys || index->bits_ != BitsFor(nkeys))
    return Status(ErrorCode::kDataCorrupted, "bad interleaved index header");
  const size_t max_splits = (size_t{1} << index->bits_) - 2;
  for (uint32_t k = 0; k < nkeys; k++) {
    ASSIGN_OR_RETURN(LogicalType type, DecodeLogicalType(r));
    uint32_t n = r->U32();
    if (!r->ok() || n > max_splits) return Status(ErrorCode::kDataCorrupted, "bad interleaved index split count");
    Vector splits(type, std::max<uint32_t>(n, 1));
    for (uint32_t i = 0; i < n; i++) {
      Value v = GetTypedValue(type, r);
      if (!r->ok()) return Status(ErrorCode::kDataCorrupted, "truncated interleaved index");
      splits.SetValue(i, v);
      if (i > 0 && CompareValues(type.physical(), splits.raw_data(), i - 1, splits.raw_data(), i) >= 0)
        return Status(ErrorCode::kDataCorrupted, "interleaved index split values out of order");
    }
    index->types_.push_back(type);
    index->splits_.push_back(std::move(splits));
    index->counts_.push_back(n);
  }
  return std::shared_ptr<const InterleavedIndex>(std::move(index));
}

bool InterleavedSlice::IsSorted(uint64_t segment_id) const {
  return std::binary_search(sorted_segments.begin(), sorted_segments.end(), segment_id);
}

}  // namespace blueshift::storage
