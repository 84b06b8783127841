#pragma once

#include <cstdint>
#include <vector>

#include "catalog/table_def.h"
#include "storage/store.h"

namespace blueshift::storage {

// One row of ANALYZE COMPRESSION: the encoding advised for a column and the estimated size reduction
// against RAW, in percent.
struct CompressionAdvice {
  int column = 0;
  Encoding encoding = Encoding::kRaw;
  double est_reduction_pct = 0;
};

// Advises an encoding per column of `columns` (empty = all) from a sample of up to `sample_rows` live rows
// of `data` (a version of `table`): the encoding ENCODE AUTO would choose for the sample (encode_auto.h),
// except that sort-key columns keep their current encoding, as Redshift's ANALYZE COMPRESSION reports them.
// Advisory: changes nothing. Errors: XX001 for a damaged block.
Result<std::vector<CompressionAdvice>> AdviseCompression(const Store& store, const TableDef& table,
                                                         const TableData& data, const std::vector<int>& columns,
                                                         uint64_t sample_rows);

}  // namespace blueshift::storage
