#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "load/parquet_metadata.h"
#include "types/batch.h"

namespace blueshift::load::parquet {

struct WriterColumn {
  std::string name;
  LogicalType type;
};

// ParquetFileWriter builds one Parquet file in memory as UNLOAD ... FORMAT AS PARQUET writes it: every column
// OPTIONAL, PLAIN values with RLE definition levels in one v1 data page per column chunk, snappy-compressed,
// a row group every row_group_rows rows (docs/format/parquet.md). Not thread-safe.
class ParquetFileWriter {
 public:
  static constexpr size_t kRowGroupRows = 128 * 1024;

  ParquetFileWriter(std::vector<WriterColumn> columns, Codec codec = Codec::kSnappy,
                    size_t row_group_rows = kRowGroupRows);

  // Appends the batch's live rows.
  void Append(const Batch& batch);
  // Appends one row of batch: writer column i takes batch column columns[i].
  void AppendRow(const Batch& batch, size_t row, const std::vector<int>& columns);
  uint64_t rows() const { return rows_; }
  // Bytes the file would have if it were finished now (approximately: buffered values count uncompressed).
  uint64_t EstimatedSize() const;
  // Writes the last row group and the footer and returns the file's bytes. The writer is spent.
  std::string Finish();

  // The schema element a column of this type is written as.
  static SchemaElement SchemaFor(const WriterColumn& column);

 private:
  struct ColumnBuffer {
    std::string values;        // PLAIN-encoded non-null values
    std::vector<uint8_t> def;  // one definition level per row
    uint64_t size_hint = 0;
  };
  void AppendValue(size_t c, const Vector& v, size_t row);
  void FlushRowGroup();

  std::vector<WriterColumn> columns_;
  std::vector<SchemaElement> schema_;
  Codec codec_;
  size_t row_group_rows_;
  std::vector<ColumnBuffer> buffers_;
  size_t group_rows_ = 0;
  uint64_t rows_ = 0;
  std::string file_;
  FileMetaData meta_;
};

}  // namespace blueshift::load::parquet
