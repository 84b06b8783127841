#include "storage/integer_values.h"

#include <cstring>

#include "util/check.h"

namespace blueshift::storage {
namespace {

template <typename T>
void Widen(const ColumnSpan& in, int128_t* out) {
  const T* v = in.data<T>();
  for (uint32_t i = 0; i < in.count; i++) out[i] = v[i];
}

template <typename T>
void Narrow(const int128_t* v, uint32_t n, uint8_t* dst) {
  T* out = reinterpret_cast<T*>(dst);
  for (uint32_t i = 0; i < n; i++) out[i] = static_cast<T>(v[i]);
}

}  // namespace

bool IsIntegerType(PhysicalType t) {
  return t == PhysicalType::kInt16 || t == PhysicalType::kInt32 || t == PhysicalType::kInt64 ||
         t == PhysicalType::kInt128;
}

std::vector<int128_t> WidenIntegers(const ColumnSpan& in) {
  std::vector<int128_t> out(in.count);
  switch (in.type) {
    case PhysicalType::kInt16:
      Widen<int16_t>(in, out.data());
      break;
    case PhysicalType::kInt32:
      Widen<int32_t>(in, out.data());
      break;
    case PhysicalType::kInt64:
      Widen<int64_t>(in, out.data());
      break;
    case PhysicalType::kInt128:
      Widen<int128_t>(in, out.data());
      break;
    default:
      CHECK(false && "not an integer physical type");
  }
  return out;
}

void NarrowIntegers(PhysicalType type, const int128_t* v, uint32_t n, uint8_t* dst) {
  switch (type) {
    case PhysicalType::kInt16:
      return Narrow<int16_t>(v, n, dst);
    case PhysicalType::kInt32:
      return Narrow<int32_t>(v, n, dst);
    case PhysicalType::kInt64:
      return Narrow<int64_t>(v, n, dst);
    case PhysicalType::kInt128:
      return Narrow<int128_t>(v, n, dst);
    default:
      CHECK(false && "not an integer physical type");
  }
}

int128_t GetInteger(PhysicalType type, ByteReader* in) {
  int width = PhysicalWidth(type);
  std::string_view b = in->Bytes(width);
  if (b.size() != static_cast<size_t>(width)) return 0;
  int128_t v = 0;
  std::memcpy(&v, b.data(), width);
  int shift = 128 - 8 * width;
  if (shift == 0) return v;
  return static_cast<int128_t>(static_cast<unsigned __int128>(v) << shift) >> shift;
}

}  // namespace blueshift::storage
