#pragma once

#include <string>

#include "load/field_converter.h"
#include "load/parquet_column_reader.h"
#include "load/parquet_metadata.h"

namespace blueshift::load::parquet {

// ParquetValueConverter stores the values of one Parquet leaf column into a table column (COPY ... FORMAT AS
// PARQUET maps them by position). Matching kinds are stored directly (integers, floating point, DECIMAL of
// the same scale, DATE, TIMESTAMP in any unit or INT96, BOOLEAN, strings through the column's text rules);
// anything else is rendered as text and goes through the column's FieldConverter, which decides whether it
// fits and reports the error Redshift would. Immutable; shared by the load's tasks.
class ParquetValueConverter {
 public:
  // conv must outlive this object.
  ParquetValueConverter(const SchemaElement& schema, const LeafColumn& leaf, const FieldConverter& conv);

  // Stores row r of col at row of out; false with *err set when it cannot be stored.
  bool Store(const ColumnValues& col, size_t r, Vector* out, size_t row, FieldError* err) const;
  // Stores rows [r, r + n) of col at rows [row, row + n) of out, a column at a time. False when a value
  // cannot be stored (out's rows are then partly written): the caller stores those rows again with Store,
  // which reports the error.
  bool StoreRange(const ColumnValues& col, size_t r, size_t n, Vector* out, size_t row) const;
  // Row r of col as text (STL_LOAD_ERRORS.raw_field_value and the fallback).
  std::string Render(const ColumnValues& col, size_t r) const;

 private:
  enum class Path { kInteger, kFloat, kDecimal, kDate, kTimestamp, kBoolean, kString, kBytes, kText };
  Path ChoosePath() const;
  bool StoreStrings(const ColumnValues& col, size_t r, size_t n, Vector* out, size_t row) const;
  bool StoreText(const ColumnValues& col, size_t r, Vector* out, size_t row, FieldError* err) const;
  // Microseconds since 1970 of a TIMESTAMP / INT96 / DATE value.
  int64_t Micros(int64_t raw) const;

  const SchemaElement& schema_;
  LeafColumn leaf_;
  const FieldConverter& conv_;
  Path path_;
  int128_t decimal_limit_ = 0;  // 10^precision of a DECIMAL column: values must stay below it
};

}  // namespace blueshift::load::parquet
