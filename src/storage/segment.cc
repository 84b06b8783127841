#include "storage/segment.h"

#include <algorithm>
#include <iterator>

namespace blueshift::storage {

bool DeleteSet::Contains(uint32_t row) const {
  return std::binary_search(rows.begin(), rows.end(), row);
}

Encoding SegmentMeta::StoredEncoding(int column) const {
  uint64_t rows[static_cast<int>(Encoding::kZstd) + 1] = {};
  for (const BlockInfo& b : columns[column]) rows[static_cast<int>(b.encoding)] += b.row_count;
  auto best = std::max_element(std::begin(rows), std::end(rows));
  return *best == 0 ? Encoding::kRaw : static_cast<Encoding>(best - std::begin(rows));
}

}  // namespace blueshift::storage
