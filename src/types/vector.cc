#include "types/vector.h"

#include "types/gather.h"

#include <algorithm>

namespace blueshift {

Vector::Vector(LogicalType type, size_t capacity)
    : type_(type),
      capacity_(capacity),
      data_(new uint8_t[std::max<size_t>(capacity, 1) * type.FixedWidth()]()),
      validity_(capacity, 1) {}

void Vector::SetAllValid(size_t n) {
  std::memset(validity_.data(), 1, std::min(n, capacity_));
  may_have_nulls_ = false;
}

void Vector::Reset() {
  if (arena_) arena_->Reset();
  if (may_have_nulls_) std::fill(validity_.begin(), validity_.end(), 1);
  may_have_nulls_ = false;
}

void Vector::Reserve(size_t n) {
  if (n <= capacity_) return;
  size_t cap = std::max(n, capacity_ * 2);
  int width = type_.FixedWidth();
  std::unique_ptr<uint8_t[]> d(new uint8_t[cap * width]());
  std::memcpy(d.get(), data_.get(), capacity_ * width);
  data_ = std::move(d);
  validity_.resize(cap, 1);
  capacity_ = cap;
}

Value Vector::GetValue(size_t i) const {
  if (IsNull(i)) return Value::NullOf(type_);
  switch (type_.physical()) {
    case PhysicalType::kBool:
      return Value::FromInt(type_, data<uint8_t>()[i]);
    case PhysicalType::kInt16:
      return Value::FromInt(type_, data<int16_t>()[i]);
    case PhysicalType::kInt32:
      return Value::FromInt(type_, data<int32_t>()[i]);
    case PhysicalType::kInt64:
      if (type_.id() == TypeId::kDecimal) return Value::Decimal(data<int64_t>()[i], type_.precision(), type_.scale());
      return Value::FromInt(type_, data<int64_t>()[i]);
    case PhysicalType::kInt128:
      if (type_.id() != TypeId::kDecimal) return Value::FromInt128(type_, data<int128_t>()[i]);
      return Value::Decimal(data<int128_t>()[i], type_.precision(), type_.scale());
    case PhysicalType::kFloat:
      return Value::Real(data<float>()[i]);
    case PhysicalType::kDouble:
      return Value::Double(data<double>()[i]);
    case PhysicalType::kString: {
      std::string s(data<std::string_view>()[i]);
      if (type_.id() == TypeId::kChar) return Value::Char(std::move(s), type_.length());
      if (type_.IsVarbyte()) return Value::Varbyte(std::move(s));
      Value v = Value::Varchar(std::move(s));
      return v;
    }
  }
  return Value::NullOf(type_);
}

void Vector::SetValue(size_t i, const Value& v) {
  if (v.is_null()) {
    SetNull(i, true);
    return;
  }
  validity_[i] = 1;
  switch (type_.physical()) {
    case PhysicalType::kBool:
      data<uint8_t>()[i] = v.GetBool() ? 1 : 0;
      break;
    case PhysicalType::kInt16:
      data<int16_t>()[i] = static_cast<int16_t>(v.GetInt());
      break;
    case PhysicalType::kInt32:
      data<int32_t>()[i] = static_cast<int32_t>(v.GetInt());
      break;
    case PhysicalType::kInt64:
      data<int64_t>()[i] = static_cast<int64_t>(v.GetInt128());
      break;
    case PhysicalType::kInt128:
      data<int128_t>()[i] = v.GetInt128();
      break;
    case PhysicalType::kFloat:
      data<float>()[i] = static_cast<float>(v.GetDouble());
      break;
    case PhysicalType::kDouble:
      data<double>()[i] = v.GetDouble();
      break;
    case PhysicalType::kString:
      SetString(i, v.GetString());
      break;
  }
}

void Vector::GatherFrom(const Vector& src, const uint32_t* rows, size_t n, size_t dst) {
  int w = type_.FixedWidth();
  const uint8_t* s = src.data_.get();
  uint8_t* d = data_.get() + dst * w;
  if (type_.physical() == PhysicalType::kString) {
    const auto* sv = src.data<std::string_view>();
    auto* dv = data<std::string_view>() + dst;
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++) bytes += sv[rows[i]].size();
    char* buf = bytes ? arena().Allocate(bytes) : nullptr;
    for (size_t i = 0; i < n; i++) {
      std::string_view x = sv[rows[i]];
      if (!x.empty()) std::memcpy(buf, x.data(), x.size());
      dv[i] = std::string_view(buf, x.size());
      buf += x.size();
    }
  } else {
    GatherFixedWidth(s, rows, n, w, d);
  }
  GatherValidity(src, rows, n, dst);
}

void Vector::GatherViewsFrom(const Vector& src, const uint32_t* rows, size_t n, size_t dst) {
  const int w = type_.FixedWidth();
  GatherFixedWidth(src.data_.get(), rows, n, w, data_.get() + dst * w);
  GatherValidity(src, rows, n, dst);
}

void Vector::GatherValidity(const Vector& src, const uint32_t* rows, size_t n, size_t dst) {
  if (src.may_have_nulls()) {
    for (size_t i = 0; i < n; i++) validity_[dst + i] = src.validity_[rows[i]];
    may_have_nulls_ = true;
  } else {
    std::memset(validity_.data() + dst, 1, n);
  }
}

void Vector::CopyRow(const Vector& src, size_t src_row, size_t dst_row) {
  if (src.IsNull(src_row)) {
    SetNull(dst_row, true);
    return;
  }
  validity_[dst_row] = 1;
  if (type_.physical() == PhysicalType::kString) {
    SetString(dst_row, src.data<std::string_view>()[src_row]);
    return;
  }
  int w = type_.FixedWidth();
  std::memcpy(data_.get() + dst_row * w, src.data_.get() + src_row * w, w);
}

}  // namespace blueshift
