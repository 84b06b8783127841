#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace blueshift::load::parquet {

// The subset of Parquet's file metadata (parquet.thrift) that COPY reads and UNLOAD writes; the field ids
// and enum values are the format's (docs/format/parquet.md).

enum class PhysType : int32_t {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kInt96 = 3,
  kFloat = 4,
  kDouble = 5,
  kByteArray = 6,
  kFixedLenByteArray = 7,
};

enum class Repetition : int32_t { kRequired = 0, kOptional = 1, kRepeated = 2 };

enum class Codec : int32_t { kUncompressed = 0, kSnappy = 1, kGzip = 2, kLzo = 3, kBrotli = 4, kLz4 = 5, kZstd = 6 };

enum class Encoding : int32_t {
  kPlain = 0,
  kPlainDictionary = 2,
  kRle = 3,
  kBitPacked = 4,
  kDeltaBinaryPacked = 5,
  kDeltaLengthByteArray = 6,
  kDeltaByteArray = 7,
  kRleDictionary = 8,
  kByteStreamSplit = 9,
};

enum class PageType : int32_t { kDataPage = 0, kIndexPage = 1, kDictionaryPage = 2, kDataPageV2 = 3 };

// ConvertedType values this reader interprets.
enum ConvertedType : int32_t {
  kConvUtf8 = 0,
  kConvDecimal = 5,
  kConvDate = 6,
  kConvTimeMillis = 7,
  kConvTimeMicros = 8,
  kConvTimestampMillis = 9,
  kConvTimestampMicros = 10,
  kConvUint8 = 11,
  kConvUint64 = 14,
  kConvInt8 = 15,
  kConvInt16 = 16,
};

// What a leaf column's values mean, from its LogicalType or (older writers) its ConvertedType.
enum class ValueKind { kPlain, kString, kDecimal, kDate, kTimestamp, kTime, kUnsigned, kOther };
enum class TimeUnit { kMillis, kMicros, kNanos };

struct SchemaElement {
  int32_t type = -1;  // PhysType, -1 for a group
  int32_t type_length = 0;
  Repetition repetition = Repetition::kRequired;
  std::string name;
  int32_t num_children = 0;
  int32_t converted_type = -1;
  int32_t scale = 0;
  int32_t precision = 0;
  ValueKind kind = ValueKind::kPlain;
  TimeUnit unit = TimeUnit::kMicros;
};

struct ColumnChunk {
  PhysType type = PhysType::kInt32;
  Codec codec = Codec::kUncompressed;
  int64_t num_values = 0;
  int64_t total_compressed_size = 0;
  int64_t total_uncompressed_size = 0;
  int64_t data_page_offset = 0;
  int64_t dictionary_page_offset = -1;  // -1: none
  std::vector<std::string> path;
  // Where the chunk's pages start: the dictionary page if there is one.
  int64_t StartOffset() const;
};

struct RowGroup {
  std::vector<ColumnChunk> columns;
  int64_t num_rows = 0;
  int64_t total_byte_size = 0;
};

struct FileMetaData {
  int32_t version = 1;
  std::vector<SchemaElement> schema;  // depth-first; schema[0] is the root
  int64_t num_rows = 0;
  std::vector<RowGroup> row_groups;
  std::string created_by;
};

struct PageHeader {
  PageType type = PageType::kDataPage;
  int32_t uncompressed_size = 0;
  int32_t compressed_size = 0;
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
  // Data page v1: level encodings (RLE expected). v2: level byte lengths and nulls.
  int32_t num_nulls = 0;
  int32_t def_levels_bytes = 0;
  int32_t rep_levels_bytes = 0;
  bool is_compressed = true;
};

// Decodes the footer's FileMetaData; 22P04-style corruption errors name the file.
Result<FileMetaData> ParseFileMetaData(const uint8_t* data, size_t size);
// Decodes one page header at data; *header_size is how many bytes it took.
Result<PageHeader> ParsePageHeader(const uint8_t* data, size_t size, size_t* header_size);

// Appends the compact encoding of metadata or a page header to out.
void WriteFileMetaData(const FileMetaData& meta, std::string* out);
void WritePageHeader(const PageHeader& header, std::string* out);

}  // namespace blueshift::load::parquet
