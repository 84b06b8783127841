#include <cstddef>
#include <cstring>
#include <type_traits>
#include <vector>

#include "storage/encoding.h"
#include "storage/integer_values.h"

namespace blueshift::storage {
namespace {

// The delta code that flags "the full value follows": -128 (DELTA) or -32768 (DELTA32K).
int FlagCode(int delta_bytes) {
  return delta_bytes == 1 ? -128 : -32768;
}

void PutCode(int code, int delta_bytes, ByteWriter* out) {
  if (delta_bytes == 1) {
    out->U8(static_cast<uint8_t>(static_cast<int8_t>(code)));
  } else {
    out->U16(static_cast<uint16_t>(static_cast<int16_t>(code)));
  }
}

int GetCode(int delta_bytes, ByteReader* r) {
  return delta_bytes == 1 ? static_cast<int8_t>(r->U8()) : static_cast<int16_t>(r->U16());
}

}  // namespace

// Payload: per row a signed delta of delta_bytes bytes from the previous row's value (the first row's
// predecessor is 0); the most negative code is a flag followed by the full value at the physical width.
// NULL rows have delta 0 (they repeat the previous value and do not move it). Arithmetic is modulo 2^128.
void EncodeDelta(const ColumnSpan& in, int delta_bytes, ByteWriter* out) {
  std::vector<int128_t> v = WidenIntegers(in);
  int flag = FlagCode(delta_bytes);
  unsigned __int128 prev = 0;
  for (uint32_t i = 0; i < in.count; i++) {
    if (!in.validity[i]) {
      PutCode(0, delta_bytes, out);
      continue;
    }
    auto delta = static_cast<int128_t>(static_cast<unsigned __int128>(v[i]) - prev);
    if (delta > flag && delta <= -flag - 1) {
      PutCode(static_cast<int>(delta), delta_bytes, out);
    } else {
      PutCode(flag, delta_bytes, out);
      PutInteger(in.type, v[i], out);
    }
    prev = static_cast<unsigned __int128>(v[i]);
  }
}

namespace {

// Decodes straight into values of the physical width: sums modulo 2^128 narrowed to T are the same sums
// taken modulo 2^(8·sizeof(T)), so no 128-bit pass is needed. False when the payload's length is wrong.
//
// Eight codes at a time while none of them is the flag (one test of the eight bytes: a DELTA key column
// holds a flag only where a delta does not fit), one at a time otherwise; a point UPDATE decodes its key's
// whole 65,536-row block, and this loop was most of its CPU.
template <typename T>
bool DecodeDeltaAs(int delta_bytes, std::string_view payload, uint32_t rows, T* out) {
  using U = std::make_unsigned_t<T>;
  const int flag = FlagCode(delta_bytes);
  const char* p = payload.data();
  const char* end = p + payload.size();
  U prev = 0;
  for (uint32_t i = 0; i < rows; i++) {
    if (delta_bytes == 1) {
      constexpr uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
      while (rows - i >= 8 && end - p >= 8) {
        uint64_t w;
        std::memcpy(&w, p, 8);
        uint64_t x = w ^ kHighs;                      // a flag byte (0x80) becomes 0
        if (((x - kOnes) & ~x & kHighs) != 0) break;  // some byte is the flag
        T* to = out + i;
#pragma GCC unroll 8
        for (int k = 0; k < 8; k++) {
          prev = static_cast<U>(prev + static_cast<U>(static_cast<int8_t>(p[k])));
          to[k] = static_cast<T>(prev);
        }
        p += 8;
        i += 8;
      }
      if (i == rows) break;
    }
    if (end - p < delta_bytes) return false;
    int code;
    if (delta_bytes == 1) {
      code = static_cast<int8_t>(*p);
    } else {
      int16_t c;
      std::memcpy(&c, p, 2);
      code = c;
    }
    p += delta_bytes;
    if (code == flag) {
      if (end - p < static_cast<ptrdiff_t>(sizeof(T))) return false;
      T full;
      std::memcpy(&full, p, sizeof(T));
      p += sizeof(T);
      prev = static_cast<U>(full);
    } else {
      prev = static_cast<U>(prev + static_cast<U>(code));
    }
    out[i] = static_cast<T>(prev);
  }
  return p == end;
}

}  // namespace

Status DecodeDelta(PhysicalType type, int delta_bytes, std::string_view payload, DecodedBlock* out) {
  if (payload.size() < static_cast<uint64_t>(out->row_count) * delta_bytes) {
    return PayloadCorrupt("DELTA payload is too short");
  }
  bool ok = true;
  switch (type) {
    case PhysicalType::kInt16:
      ok = DecodeDeltaAs(delta_bytes, payload, out->row_count, reinterpret_cast<int16_t*>(out->values.get()));
      break;
    case PhysicalType::kInt32:
      ok = DecodeDeltaAs(delta_bytes, payload, out->row_count, reinterpret_cast<int32_t*>(out->values.get()));
      break;
    case PhysicalType::kInt64:
      ok = DecodeDeltaAs(delta_bytes, payload, out->row_count, reinterpret_cast<int64_t*>(out->values.get()));
      break;
    default: {  // INT128: the general path
      std::vector<int128_t> v(out->row_count);
      int flag = FlagCode(delta_bytes);
      ByteReader r(payload);
      unsigned __int128 prev = 0;
      for (uint32_t i = 0; i < out->row_count; i++) {
        int code = GetCode(delta_bytes, &r);
        prev = code == flag ? static_cast<unsigned __int128>(GetInteger(type, &r)) : prev + code;
        v[i] = static_cast<int128_t>(prev);
      }
      ok = r.ok() && r.remaining() == 0;
      if (ok) NarrowIntegers(type, v.data(), out->row_count, out->values.get());
    }
  }
  if (!ok) return PayloadCorrupt("DELTA payload does not match the row count");
  return Status::OK();
}

}  // namespace blueshift::storage
