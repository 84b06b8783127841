#pragma once

#include <memory>
#include <string>
#include <vector>

#include "load/object_store.h"
#include "load/parquet_column_reader.h"
#include "load/parquet_metadata.h"

namespace blueshift::load::parquet {

// A Parquet file's footer, read once per COPY and shared (immutable) by the tasks that read its row groups.
struct ParquetFile {
  std::string url;
  uint64_t size = 0;
  FileMetaData meta;
  // The leaf columns in schema order and their schema elements.
  std::vector<LeafColumn> leaves;
  std::vector<const SchemaElement*> leaf_schema;
  // Rows in the row groups before each row group (for STL_LOAD_ERRORS line numbers).
  std::vector<int64_t> first_row;
};

// Reads and checks the footer: the magic numbers, the footer length, the metadata, a flat schema (nested
// columns are 0A000). A damaged file is an XX000 error naming it.
Result<std::shared_ptr<const ParquetFile>> OpenParquetFile(ObjectStore& store, const ObjectInfo& info);

// Reads and decodes the given leaf columns of one row group.
Status ReadRowGroup(ObjectStore& store, const ParquetFile& file, int row_group, const std::vector<int>& leaves,
                    std::vector<ColumnValues>* out);

// Reads bytes [offset, offset + size) of an object whole.
Result<std::shared_ptr<std::string>> ReadRange(ObjectStore& store, const std::string& url, uint64_t offset,
                                               uint64_t size);

}  // namespace blueshift::load::parquet
