#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "load/parquet_metadata.h"
#include "util/status.h"

namespace blueshift::load::parquet {

// Decoded values of one physical type, densely (no entries for nulls).
struct Values {
  std::vector<int64_t> ints;              // BOOLEAN (0/1), INT32, INT64, INT96 (as microseconds)
  std::vector<double> doubles;            // FLOAT, DOUBLE
  std::vector<std::string_view> strings;  // BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY
  size_t size(PhysType type) const;
};

// One column chunk of a row group, decoded: one entry per row (nulls hold 0 / empty and valid == 0).
// strings point into buffers, which the batches built from it retain.
struct ColumnValues {
  Values values;
  std::vector<uint8_t> valid;
  std::vector<std::shared_ptr<std::string>> buffers;
};

// The leaf column a reader decodes: its physical type and its definition level for "present" (0: REQUIRED,
// 1: OPTIONAL at the top level).
struct LeafColumn {
  PhysType type = PhysType::kInt32;
  int32_t type_length = 0;
  int max_def = 0;
};

// Decodes every page of a column chunk (chunk: its bytes, from ColumnChunk::StartOffset). Supports data
// pages v1 and v2, dictionary pages, PLAIN, PLAIN_DICTIONARY/RLE_DICTIONARY, DELTA_BINARY_PACKED,
// DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and BYTE_STREAM_SPLIT. Errors name what is malformed.
Status ReadColumnChunk(std::shared_ptr<std::string> chunk, const ColumnChunk& meta, const LeafColumn& leaf,
                       int64_t num_rows, ColumnValues* out);

// PLAIN-decodes n values of the leaf's type, appending to out; false when the data is short.
bool DecodePlain(const LeafColumn& leaf, const uint8_t* data, size_t size, size_t n, Values* out);

// Microseconds since 1970 of an INT96 timestamp (nanoseconds of the day, then the Julian day).
int64_t Int96ToMicros(const uint8_t* p);

}  // namespace blueshift::load::parquet
