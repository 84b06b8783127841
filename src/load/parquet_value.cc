#include "load/parquet_value.h"

#include <cmath>
#include <cstdio>

#include "types/value.h"

namespace blueshift::load::parquet {

namespace {

constexpr int64_t kMicrosPerDay = 86400000000LL;

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// A big-endian two's complement integer (DECIMAL stored as bytes); false if it needs more than 128 bits.
bool BigEndianToInt128(std::string_view b, int128_t* out) {
  if (b.size() > 16) {
    char fill = (!b.empty() && (b[0] & 0x80)) ? '\xff' : '\0';
    for (size_t i = 0; i < b.size() - 16; i++) {
      if (b[i] != fill) return false;
    }
    b.remove_prefix(b.size() - 16);
  }
  if (b.empty()) return (*out = 0, true);
  int128_t v = (b[0] & 0x80) ? -1 : 0;
  for (char c : b) v = (v << 8) | static_cast<uint8_t>(c);
  *out = v;
  return true;
}

std::string Int128ToString(int128_t v) {
  if (v == 0) return "0";
  bool neg = v < 0;
  unsigned __int128 u = neg ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  std::string s;
  while (u > 0) {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  }
  return neg ? "-" + s : s;
}

std::string DecimalText(int128_t v, int scale) {
  std::string digits = Int128ToString(v < 0 ? -v : v);
  auto n = static_cast<size_t>(scale);
  if (n > 0) {
    if (digits.size() <= n) digits = std::string(n + 1 - digits.size(), '0') + digits;
    digits = digits.substr(0, digits.size() - n) + "." + digits.substr(digits.size() - n);
  }
  return v < 0 ? "-" + digits : digits;
}

// A TIME of day (microseconds since midnight) as HH:MM:SS[.ffffff].
std::string TimeText(int64_t micros) {
  char buf[32];
  int64_t secs = micros / 1000000;
  int64_t frac = micros % 1000000;
  int n = std::snprintf(buf, sizeof(buf), "%02lld:%02lld:%02lld", static_cast<long long>(secs / 3600),
                        static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  if (frac != 0) std::snprintf(buf + n, sizeof(buf) - n, ".%06lld", static_cast<long long>(frac));
  return buf;
}

int128_t Pow10(int n) {
  int128_t p = 1;
  for (int i = 0; i < n; i++) p *= 10;
  return p;
}

bool IsDecimalKind(const SchemaElement& s) {
  return s.kind == ValueKind::kDecimal;
}

}  // namespace

ParquetValueConverter::ParquetValueConverter(const SchemaElement& schema, const LeafColumn& leaf,
                                             const FieldConverter& conv)
    : schema_(schema), leaf_(leaf), conv_(conv), path_(ChoosePath()) {
  if (conv.type().id() == TypeId::kDecimal) decimal_limit_ = Pow10(conv.type().precision());
}

ParquetValueConverter::Path ParquetValueConverter::ChoosePath() const {
  const LogicalType& t = conv_.type();
  bool is_int = leaf_.type == PhysType::kInt32 || leaf_.type == PhysType::kInt64;
  bool plain_int =
      is_int && (schema_.kind == ValueKind::kPlain || (schema_.kind == ValueKind::kDecimal && schema_.scale == 0));
  bool temporal =
      schema_.kind == ValueKind::kDate || schema_.kind == ValueKind::kTimestamp || leaf_.type == PhysType::kInt96;
  switch (t.id()) {
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
      return plain_int ? Path::kInteger : Path::kText;
    case TypeId::kReal:
    case TypeId::kDouble:
      if (leaf_.type == PhysType::kFloat || leaf_.type == PhysType::kDouble || plain_int) return Path::kFloat;
      return Path::kText;
    case TypeId::kDecimal:
      if (plain_int && t.scale() == 0) return Path::kDecimal;
      if (IsDecimalKind(schema_) && schema_.scale == t.scale() && leaf_.type != PhysType::kFloat) return Path::kDecimal;
      return Path::kText;
    case TypeId::kDate:
      return temporal ? Path::kDate : Path::kText;
    case TypeId::kTimestamp:
      return temporal ? Path::kTimestamp : Path::kText;
    case TypeId::kBoolean:
      return leaf_.type == PhysType::kBoolean ? Path::kBoolean : Path::kText;
    case TypeId::kVarbyte:
      if (leaf_.type == PhysType::kByteArray || leaf_.type == PhysType::kFixedLenByteArray) return Path::kBytes;
      return Path::kText;
    case TypeId::kChar:
    case TypeId::kVarchar: {
      bool bytes = leaf_.type == PhysType::kByteArray || leaf_.type == PhysType::kFixedLenByteArray;
      return bytes && !IsDecimalKind(schema_) ? Path::kString : Path::kText;  // a DECIMAL's bytes are not text
    }
    default:
      return Path::kText;
  }
}

int64_t ParquetValueConverter::Micros(int64_t raw) const {
  if (leaf_.type == PhysType::kInt96) return raw;
  if (schema_.kind == ValueKind::kDate) return raw * kMicrosPerDay;
  switch (schema_.unit) {
    case TimeUnit::kMillis:
      return raw * 1000;
    case TimeUnit::kNanos:
      return FloorDiv(raw, 1000);
    default:
      return raw;
  }
}

bool ParquetValueConverter::Store(const ColumnValues& col, size_t r, Vector* out, size_t row, FieldError* err) const {
  if (!col.valid[r]) return conv_.ConvertNull(out, row, err);
  const Values& v = col.values;
  switch (path_) {
    case Path::kInteger: {
      int64_t x = v.ints[r];
      TypeId id = conv_.type().id();
      if (id == TypeId::kBigInt) {
        out->data<int64_t>()[row] = x;
      } else if (id == TypeId::kInteger && x >= INT32_MIN && x <= INT32_MAX) {
        out->data<int32_t>()[row] = static_cast<int32_t>(x);
      } else if (id == TypeId::kSmallInt && x >= INT16_MIN && x <= INT16_MAX) {
        out->data<int16_t>()[row] = static_cast<int16_t>(x);
      } else {
        return StoreText(col, r, out, row, err);  // out of range: the converter's error
      }
      break;
    }
    case Path::kFloat: {
      bool fp = leaf_.type == PhysType::kFloat || leaf_.type == PhysType::kDouble;
      double d = fp ? v.doubles[r] : static_cast<double>(v.ints[r]);
      if (conv_.type().id() == TypeId::kReal) {
        out->data<float>()[row] = static_cast<float>(d);
      } else {
        out->data<double>()[row] = d;
      }
      break;
    }
    case Path::kDecimal: {
      int128_t x = 0;
      if (leaf_.type == PhysType::kByteArray || leaf_.type == PhysType::kFixedLenByteArray) {
        if (!BigEndianToInt128(v.strings[r], &x)) return StoreText(col, r, out, row, err);
      } else {
        x = v.ints[r];
      }
      if (x >= decimal_limit_ || x <= -decimal_limit_) return StoreText(col, r, out, row, err);
      if (out->type().physical() == PhysicalType::kInt64) {
        out->data<int64_t>()[row] = static_cast<int64_t>(x);
      } else {
        out->data<int128_t>()[row] = x;
      }
      break;
    }
    case Path::kDate: {
      int64_t days = schema_.kind == ValueKind::kDate ? v.ints[r] : FloorDiv(Micros(v.ints[r]), kMicrosPerDay);
      out->data<int32_t>()[row] = static_cast<int32_t>(days);
      break;
    }
    case Path::kTimestamp:
      out->data<int64_t>()[row] = Micros(v.ints[r]);
      break;
    case Path::kBoolean:
      out->data<uint8_t>()[row] = v.ints[r] != 0 ? 1 : 0;
      break;
    case Path::kString: {
      std::string_view s = v.strings[r];
      return conv_.Convert(Field{const_cast<char*>(s.data()), s.size(), false, 0}, out, row, err);
    }
    case Path::kBytes: {  // Parquet BINARY into VARBYTE: the bytes themselves, within the column's length
      std::string_view s = v.strings[r];
      if (s.size() > static_cast<size_t>(conv_.type().length())) {
        err->code = kErrOutOfRange;
        err->reason = "Binary length exceeds DDL length";
        return false;
      }
      out->SetString(row, s);
      break;
    }
    case Path::kText:
      return StoreText(col, r, out, row, err);
  }
  out->validity()[row] = 1;
  return true;
}

namespace {

// Stores rows [r, r + n) of col at [row, row + n) of out: a NULL through the converter (which rejects it for
// a NOT NULL column), a value through set(source row, destination), which returns false when it cannot.
template <typename T, typename Set>
bool FillRange(const ColumnValues& col, size_t r, size_t n, Vector* out, size_t row, const FieldConverter& conv,
               Set set) {
  T* dst = out->data<T>() + row;
  uint8_t* validity = out->validity() + row;
  const uint8_t* valid = col.valid.data() + r;
  FieldError err;
  for (size_t k = 0; k < n; k++) {
    if (!valid[k]) {
      if (!conv.ConvertNull(out, row + k, &err)) return false;
      continue;
    }
    if (!set(r + k, &dst[k])) return false;
    validity[k] = 1;
  }
  return true;
}

}  // namespace

bool ParquetValueConverter::StoreRange(const ColumnValues& col, size_t r, size_t n, Vector* out, size_t row) const {
  const Values& v = col.values;
  const TypeId id = conv_.type().id();
  switch (path_) {
    case Path::kInteger:
      if (id == TypeId::kBigInt)
        return FillRange<int64_t>(col, r, n, out, row, conv_,
                                  [&](size_t i, int64_t* d) { return *d = v.ints[i], true; });
      if (id == TypeId::kInteger)
        return FillRange<int32_t>(col, r, n, out, row, conv_, [&](size_t i, int32_t* d) {
          *d = static_cast<int32_t>(v.ints[i]);
          return v.ints[i] >= INT32_MIN && v.ints[i] <= INT32_MAX;
        });
      return FillRange<int16_t>(col, r, n, out, row, conv_, [&](size_t i, int16_t* d) {
        *d = static_cast<int16_t>(v.ints[i]);
        return v.ints[i] >= INT16_MIN && v.ints[i] <= INT16_MAX;
      });
    case Path::kFloat: {
      bool fp = leaf_.type == PhysType::kFloat || leaf_.type == PhysType::kDouble;
      auto value = [&](size_t i) { return fp ? v.doubles[i] : static_cast<double>(v.ints[i]); };
      if (id == TypeId::kReal)
        return FillRange<float>(col, r, n, out, row, conv_,
                                [&](size_t i, float* d) { return *d = static_cast<float>(value(i)), true; });
      return FillRange<double>(col, r, n, out, row, conv_, [&](size_t i, double* d) { return *d = value(i), true; });
    }
    case Path::kDecimal: {
      if (leaf_.type == PhysType::kByteArray || leaf_.type == PhysType::kFixedLenByteArray) break;
      const int128_t limit = decimal_limit_;
      if (out->type().physical() == PhysicalType::kInt64)
        return FillRange<int64_t>(col, r, n, out, row, conv_, [&](size_t i, int64_t* d) {
          *d = v.ints[i];
          return v.ints[i] < limit && v.ints[i] > -limit;
        });
      return FillRange<int128_t>(col, r, n, out, row, conv_, [&](size_t i, int128_t* d) {
        *d = v.ints[i];
        return *d<limit&& * d> - limit;
      });
    }
    case Path::kDate:
      return FillRange<int32_t>(col, r, n, out, row, conv_, [&](size_t i, int32_t* d) {
        int64_t days = schema_.kind == ValueKind::kDate ? v.ints[i] : FloorDiv(Micros(v.ints[i]), kMicrosPerDay);
        return *d = static_cast<int32_t>(days), true;
      });
    case Path::kTimestamp:
      return FillRange<int64_t>(col, r, n, out, row, conv_,
                                [&](size_t i, int64_t* d) { return *d = Micros(v.ints[i]), true; });
    case Path::kBoolean:
      return FillRange<uint8_t>(col, r, n, out, row, conv_,
                                [&](size_t i, uint8_t* d) { return *d = v.ints[i] != 0 ? 1 : 0, true; });
    case Path::kString:
      return StoreStrings(col, r, n, out, row);
    default:
      break;
  }
  FieldError err;
  for (size_t k = 0; k < n; k++) {
    if (!Store(col, r + k, out, row + k, &err)) return false;
  }
  return true;
}

// Strings go through the column's text rules one by one, but a value seen just before (a dictionary page's
// values share their bytes) takes the result already made: the rules depend only on the bytes.
bool ParquetValueConverter::StoreStrings(const ColumnValues& col, size_t r, size_t n, Vector* out, size_t row) const {
  constexpr size_t kSlots = 64;
  struct Seen {
    const char* data = nullptr;
    size_t size = 0;
    std::string_view stored;
  };
  Seen seen[kSlots];
  const std::string_view* in = col.values.strings.data();
  auto* views = out->data<std::string_view>();
  FieldError err;
  for (size_t k = 0; k < n; k++) {
    if (!col.valid[r + k]) {
      if (!conv_.ConvertNull(out, row + k, &err)) return false;
      continue;
    }
    std::string_view s = in[r + k];
    Seen& slot = seen[(reinterpret_cast<uintptr_t>(s.data()) >> 2) % kSlots];
    if (slot.data == s.data() && slot.size == s.size() && s.data() != nullptr) {
      views[row + k] = slot.stored;
      out->validity()[row + k] = 1;
      continue;
    }
    if (!conv_.Convert(Field{const_cast<char*>(s.data()), s.size(), false, 0}, out, row + k, &err)) return false;
    if (!out->IsNull(row + k)) slot = Seen{s.data(), s.size(), views[row + k]};
  }
  return true;
}

bool ParquetValueConverter::StoreText(const ColumnValues& col, size_t r, Vector* out, size_t row,
                                      FieldError* err) const {
  std::string text = Render(col, r);
  if (!conv_.Convert(Field{text.data(), text.size(), false, 0}, out, row, err)) return false;
  // A string column keeps a view of its input: copy the rendered text into the vector's own memory.
  if (conv_.type().IsString() && !out->IsNull(row)) out->SetString(row, out->data<std::string_view>()[row]);
  return true;
}

std::string ParquetValueConverter::Render(const ColumnValues& col, size_t r) const {
  if (!col.valid[r]) return "";
  const Values& v = col.values;
  if (leaf_.type == PhysType::kFloat || leaf_.type == PhysType::kDouble) {
    char buf[40];
    std::snprintf(buf, sizeof(buf), "%.17g", v.doubles[r]);
    return buf;
  }
  if (leaf_.type == PhysType::kByteArray || leaf_.type == PhysType::kFixedLenByteArray) {
    if (IsDecimalKind(schema_)) {
      int128_t x;
      if (BigEndianToInt128(v.strings[r], &x)) return DecimalText(x, schema_.scale);
    }
    return std::string(v.strings[r]);
  }
  int64_t x = v.ints[r];
  if (leaf_.type == PhysType::kBoolean) return x ? "true" : "false";
  if (schema_.kind == ValueKind::kDate) return Value::Date(static_cast<int32_t>(x)).ToString();
  if (schema_.kind == ValueKind::kTimestamp || leaf_.type == PhysType::kInt96)
    return Value::Timestamp(Micros(x)).ToString();
  if (schema_.kind == ValueKind::kTime) return TimeText(Micros(x));
  if (IsDecimalKind(schema_)) return DecimalText(x, schema_.scale);
  if (schema_.kind == ValueKind::kUnsigned && leaf_.type == PhysType::kInt64)
    return std::to_string(static_cast<uint64_t>(x));
  if (schema_.kind == ValueKind::kUnsigned) return std::to_string(static_cast<uint32_t>(x));
  return std::to_string(x);
}

}  // namespace blueshift::load::parquet
