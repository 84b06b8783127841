#include "storage/typed_value.h"

#include <cmath>
#include <cstring>
#include <string_view>

namespace blueshift::storage {
namespace {

template <typename T>
T Load(const uint8_t* values, size_t i) {
  T v;
  std::memcpy(&v, values + i * sizeof(T), sizeof(T));
  return v;
}

}  // namespace

void PutTypedValue(const Value& v, const LogicalType& type, ByteWriter* out) {
  switch (type.physical()) {
    case PhysicalType::kBool:
      out->U8(v.GetBool() ? 1 : 0);
      break;
    case PhysicalType::kInt16:
      out->U16(static_cast<uint16_t>(v.GetInt()));
      break;
    case PhysicalType::kInt32:
      out->I32(static_cast<int32_t>(v.GetInt()));
      break;
    case PhysicalType::kInt64:
      out->I64(static_cast<int64_t>(v.GetInt128()));
      break;
    case PhysicalType::kInt128:
      out->I128(v.GetInt128());
      break;
    case PhysicalType::kFloat: {
      float f = static_cast<float>(v.GetDouble());
      out->Bytes(&f, sizeof f);
      break;
    }
    case PhysicalType::kDouble: {
      double d = v.GetDouble();
      out->Bytes(&d, sizeof d);
      break;
    }
    case PhysicalType::kString:
      out->String(v.GetString());
      break;
  }
}

Value GetTypedValue(const LogicalType& type, ByteReader* in) {
  alignas(16) uint8_t buf[16] = {};
  std::string_view s;
  switch (type.physical()) {
    case PhysicalType::kString: {
      s = in->String();
      return ValueAt(type, reinterpret_cast<const uint8_t*>(&s), 0);
    }
    default: {
      std::string_view b = in->Bytes(PhysicalWidth(type.physical()));
      if (!b.empty()) std::memcpy(buf, b.data(), b.size());
      return ValueAt(type, buf, 0);
    }
  }
}

Value ValueAt(const LogicalType& type, const uint8_t* values, size_t i) {
  bool decimal = type.id() == TypeId::kDecimal;
  switch (type.physical()) {
    case PhysicalType::kBool:
      return Value::FromInt(type, Load<uint8_t>(values, i) != 0);
    case PhysicalType::kInt16:
      return Value::FromInt(type, Load<int16_t>(values, i));
    case PhysicalType::kInt32:
      return Value::FromInt(type, Load<int32_t>(values, i));
    case PhysicalType::kInt64: {
      int64_t v = Load<int64_t>(values, i);
      return decimal ? Value::Decimal(v, type.precision(), type.scale()) : Value::FromInt(type, v);
    }
    case PhysicalType::kInt128:
      return Value::Decimal(Load<int128_t>(values, i), type.precision(), type.scale());
    case PhysicalType::kFloat:
      return Value::Real(Load<float>(values, i));
    case PhysicalType::kDouble:
      return Value::Double(Load<double>(values, i));
    case PhysicalType::kString: {
      std::string s(Load<std::string_view>(values, i));
      if (type.IsVarbyte()) return Value::Varbyte(std::move(s));
      return type.id() == TypeId::kChar ? Value::Char(std::move(s), type.length()) : Value::Varchar(std::move(s));
    }
  }
  return Value::NullOf(type);
}

int CompareValues(PhysicalType type, const uint8_t* a_values, size_t a, const uint8_t* b_values, size_t b) {
  switch (type) {
    case PhysicalType::kBool:
      return CompareScalar(Load<uint8_t>(a_values, a), Load<uint8_t>(b_values, b));
    case PhysicalType::kInt16:
      return CompareScalar(Load<int16_t>(a_values, a), Load<int16_t>(b_values, b));
    case PhysicalType::kInt32:
      return CompareScalar(Load<int32_t>(a_values, a), Load<int32_t>(b_values, b));
    case PhysicalType::kInt64:
      return CompareScalar(Load<int64_t>(a_values, a), Load<int64_t>(b_values, b));
    case PhysicalType::kInt128:
      return CompareScalar(Load<int128_t>(a_values, a), Load<int128_t>(b_values, b));
    case PhysicalType::kFloat:
      return CompareScalar(Load<float>(a_values, a), Load<float>(b_values, b));
    case PhysicalType::kDouble:
      return CompareScalar(Load<double>(a_values, a), Load<double>(b_values, b));
    case PhysicalType::kString: {
      int c = Load<std::string_view>(a_values, a).compare(Load<std::string_view>(b_values, b));
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
  }
  return 0;
}

}  // namespace blueshift::storage
