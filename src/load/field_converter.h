#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "load/load_options.h"
#include "load/time_format.h"
#include "types/vector.h"

namespace blueshift::load {

// Redshift's STL_LOAD_ERRORS.err_code values this loader reports (docs/format/load_errors.md).
enum LoadErrorCode : int {
  kErrUnknown = 1200,
  kErrOutOfRange = 1204,
  kErrBadDate = 1205,
  kErrBadTimestamp = 1206,
  kErrInvalidDigit = 1207,
  kErrBadFloat = 1208,
  kErrBadDecimal = 1209,
  kErrBadBoolean = 1210,
  kErrNotNull = 1213,
  kErrDelimiter = 1214,
  kErrInvalidLine = 1216,
  kErrBadUtf8 = 1220,
  kErrBadJson = 1224,
};

// A field that could not be stored: its error code and Redshift-style reason.
struct FieldError {
  int code = 0;
  std::string reason;
};

// One field of input: bytes the converter may rewrite in place (invalid characters replaced) and that stay
// alive as long as the destination vector's arena (the caller retains the buffer), so strings are stored as
// views without a copy. quoted: the field was quoted in CSV (an empty quoted field is '' not NULL).
struct Field {
  char* data = nullptr;
  size_t size = 0;
  bool quoted = false;
  // 1: the raw text was the NULL AS string (decided before unescaping), 0: it was not, -1: compare view().
  int8_t null_marker = -1;
  std::string_view view() const { return {data, size}; }
};

// FieldConverter stores text fields of one column into a vector with COPY's rules: NULL AS, empty and
// blank fields, trimming, truncation, UTF-8 checks, DATEFORMAT/TIMEFORMAT and numeric syntax. Immutable;
// one per column per load, shared by the load's threads. Allocates only for CHAR padding and on errors.
class FieldConverter {
 public:
  // The formats must outlive the converter.
  FieldConverter(LogicalType type, const CopyOptions& options, const TimeFormat* date_format,
                 const TimeFormat* time_format, bool not_null);

  // Writes the field (or NULL) at row; false with *err set when it cannot be stored.
  bool Convert(Field field, Vector* out, size_t row, FieldError* err) const;
  // Writes SQL NULL at row (a missing trailing field under FILLRECORD, a JSON null); false under NOT NULL.
  bool ConvertNull(Vector* out, size_t row, FieldError* err) const;

  const LogicalType& type() const { return type_; }
  // STL_LOAD_ERRORS.type and col_length for this column ("int4", "varchar" / "256").
  std::string StlTypeName() const;
  std::string StlColLength() const;

 private:
  bool IsNullField(const Field& f) const;
  bool ConvertString(Field f, Vector* out, size_t row, FieldError* err) const;
  bool ConvertInteger(std::string_view s, Vector* out, size_t row, FieldError* err) const;
  bool ConvertDecimal(std::string_view s, Vector* out, size_t row, FieldError* err) const;
  bool ConvertFloat(std::string_view s, Vector* out, size_t row, FieldError* err) const;
  bool ConvertInterval(std::string_view s, Vector* out, size_t row, FieldError* err) const;
  bool ConvertBoolean(std::string_view s, Vector* out, size_t row, FieldError* err) const;
  bool ConvertTemporal(std::string_view s, Vector* out, size_t row, FieldError* err) const;
  bool Fail(int code, const std::string& what, std::string_view value, FieldError* err) const;

  LogicalType type_;
  const CopyOptions& options_;
  const TimeFormat* date_format_;
  const TimeFormat* time_format_;
  bool not_null_;
  std::string null_string_;
};

// Length of the longest valid UTF-8 prefix of s.
size_t ValidUtf8Prefix(const char* s, size_t n);

// s with every byte that starts no valid UTF-8 sequence written as \xHH (upper-case hex), so text from a
// load's input can go into messages and system tables a client decodes as UTF-8.
std::string EscapeInvalidUtf8(std::string_view s);

}  // namespace blueshift::load
