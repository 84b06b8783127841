#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "types/logical_type.h"
#include "types/string_arena.h"
#include "types/value.h"

namespace blueshift {

// Rows per batch everywhere in execution.
constexpr size_t kBatchSize = 2048;

// Vector is one column of a batch: a typed array of up to capacity() values, a validity byte per row
// (1 = valid) and, for strings, an arena that owns the bytes the string_views point at. Values are stored
// at their physical type (see LogicalType::physical()). A vector is owned by one thread at a time.
class Vector {
 public:
  Vector() = default;
  explicit Vector(LogicalType type, size_t capacity = kBatchSize);
  Vector(Vector&&) = default;
  Vector& operator=(Vector&&) = default;

  const LogicalType& type() const { return type_; }
  size_t capacity() const { return capacity_; }

  template <typename T>
  T* data() {
    return reinterpret_cast<T*>(data_.get());
  }
  template <typename T>
  const T* data() const {
    return reinterpret_cast<const T*>(data_.get());
  }
  uint8_t* raw_data() { return data_.get(); }
  const uint8_t* raw_data() const { return data_.get(); }

  uint8_t* validity() { return validity_.data(); }
  const uint8_t* validity() const { return validity_.data(); }
  bool IsNull(size_t i) const { return validity_[i] == 0; }
  void SetNull(size_t i, bool is_null) {
    validity_[i] = is_null ? 0 : 1;
    if (is_null) may_have_nulls_ = true;
  }
  // False means no row up to the batch size is NULL; true means some may be. Writers of validity() through
  // the raw pointer must call MarkMayHaveNulls().
  bool may_have_nulls() const { return may_have_nulls_; }
  void MarkMayHaveNulls() { may_have_nulls_ = true; }
  // Marks rows [0, n) valid and clears the nulls flag.
  void SetAllValid(size_t n);

  // Made when first needed: most vectors never hold a string (an allocation per vector showed in profiles).
  StringArena& arena() {
    if (!arena_) arena_ = std::make_unique<StringArena>();
    return *arena_;
  }
  // Bytes the vector's string arena holds (what memory accounting charges for its strings).
  size_t string_bytes() const { return arena_ ? arena_->bytes_allocated() : 0; }
  // Stores s (copied into this vector's arena) at row i.
  void SetString(size_t i, std::string_view s) { data<std::string_view>()[i] = arena().Add(s); }

  // Slow path: one value, converted to/from Value. SetValue's value must already have this vector's type
  // (or be NULL).
  Value GetValue(size_t i) const;
  void SetValue(size_t i, const Value& v);

  // Copies rows rows[0..n) of src into rows [dst, dst + n) of this vector (same physical type; strings are
  // copied into this vector's arena). REQUIRES dst + n <= capacity().
  void GatherFrom(const Vector& src, const uint32_t* rows, size_t n, size_t dst);
  // The same, but strings stay where src's views point: this vector's views are valid only while that memory
  // is (an operator's output pushed on while its input batch is alive; what keeps rows copies them).
  void GatherViewsFrom(const Vector& src, const uint32_t* rows, size_t n, size_t dst);

  // Copies row src_row of src into row dst_row (same physical type; strings copied into this arena).
  void CopyRow(const Vector& src, size_t src_row, size_t dst_row);

  // Bytes this vector holds: values, validity and string memory it owns (EXPLAIN ANALYZE's memory).
  size_t AllocatedBytes() const {
    return capacity_ * static_cast<size_t>(type_.FixedWidth()) + validity_.size() +
           (arena_ ? arena_->bytes_allocated() : 0);
  }

  // Clears string memory and nulls so the vector can be refilled.
  void Reset();

  // Grows to hold at least n rows, keeping contents.
  void Reserve(size_t n);

 private:
  // Rows rows[0..n) of src's validity into rows [dst, dst + n).
  void GatherValidity(const Vector& src, const uint32_t* rows, size_t n, size_t dst);

  LogicalType type_;
  size_t capacity_ = 0;
  std::unique_ptr<uint8_t[]> data_;
  std::vector<uint8_t> validity_;
  std::unique_ptr<StringArena> arena_;
  bool may_have_nulls_ = false;
};

}  // namespace blueshift
