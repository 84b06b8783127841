#include "storage/segment.h"

#include <algorithm>

namespace blueshift::storage {

bool DeleteSet::Contains(uint32_t row) const {
  return std::binary_search(rows.begin(), rows.end(), row);
}

}  // namespace blueshift::storage
