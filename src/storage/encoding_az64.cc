#include <algorithm>
#include <cstring>
#include <type_traits>

#include "storage/bit_packing.h"
#include "storage/encoding.h"

namespace blueshift::storage {
namespace {

constexpr uint32_t kFrameSize = 1024;

// The frame arithmetic type: 64 bits for INT16/32/64 (base written as i64), 128 for INT128 (base as i128).
template <typename T>
using Wide = std::conditional_t<sizeof(T) == 16, int128_t, int64_t>;
template <typename T>
using UWide = std::conditional_t<sizeof(T) == 16, unsigned __int128, uint64_t>;

template <typename T>
void PutBase(Wide<T> base, ByteWriter* out) {
  if constexpr (sizeof(T) == 16) {
    out->I128(base);
  } else {
    out->I64(base);
  }
}

template <typename T>
void EncodeFrame(const T* v, const uint8_t* validity, uint32_t n, ByteWriter* out) {
  Wide<T> lo = 0;
  Wide<T> hi = 0;
  bool any = false;
  for (uint32_t i = 0; i < n; i++) {
    if (!validity[i]) continue;
    lo = any ? std::min<Wide<T>>(lo, v[i]) : v[i];
    hi = any ? std::max<Wide<T>>(hi, v[i]) : v[i];
    any = true;
  }
  int bits = BitWidth128(static_cast<UWide<T>>(hi) - static_cast<UWide<T>>(lo));
  PutBase<T>(lo, out);
  out->U8(static_cast<uint8_t>(bits));
  BitPacker packer(out);
  for (uint32_t i = 0; i < n; i++) {
    Wide<T> x = validity[i] ? static_cast<Wide<T>>(v[i]) : lo;  // NULL placeholders do not widen the frame
    packer.Put128(static_cast<UWide<T>>(x) - static_cast<UWide<T>>(lo), bits);
  }
  packer.Finish();
}

template <typename T>
void EncodeTyped(const ColumnSpan& in, ByteWriter* out) {
  const T* v = in.data<T>();
  for (uint32_t f = 0; f < in.count; f += kFrameSize) {
    EncodeFrame(v + f, in.validity + f, std::min(kFrameSize, in.count - f), out);
  }
}

template <typename T>
Status DecodeTyped(std::string_view payload, DecodedBlock* out) {
  constexpr int kMaxBits = sizeof(T) == 16 ? 128 : 64;
  ByteReader r(payload);
  T* dst = out->data<T>();
  for (uint32_t f = 0; f < out->row_count; f += kFrameSize) {
    uint32_t n = std::min(kFrameSize, out->row_count - f);
    UWide<T> base;
    if constexpr (sizeof(T) == 16) {
      base = static_cast<UWide<T>>(r.I128());
    } else {
      base = static_cast<UWide<T>>(r.I64());
    }
    int bits = r.U8();
    if (bits > kMaxBits) return PayloadCorrupt("AZ64 bit width too large");
    std::string_view packed = r.Bytes((static_cast<size_t>(n) * bits + 7) / 8);
    if (!r.ok()) return PayloadCorrupt("AZ64 frame runs past the payload");
    const auto* p = reinterpret_cast<const uint8_t*>(packed.data());
    if (bits <= 64) {
      uint64_t deltas[kFrameSize];
      UnpackAll(p, n, bits, deltas);
      for (uint32_t i = 0; i < n; i++) dst[f + i] = static_cast<T>(static_cast<Wide<T>>(base + deltas[i]));
      continue;
    }
    for (uint32_t i = 0; i < n; i++) {
      auto delta = static_cast<UWide<T>>(Unpack128(p, static_cast<uint64_t>(i) * bits, bits));
      dst[f + i] = static_cast<T>(static_cast<Wide<T>>(base + delta));
    }
  }
  if (r.remaining() != 0) return PayloadCorrupt("AZ64 payload has trailing bytes");
  return Status::OK();
}

// The frames' byte offsets, checked as DecodeTyped checks them.
template <typename T>
Status IndexTyped(std::string_view payload, uint32_t rows, std::vector<uint32_t>* offsets) {
  constexpr int kMaxBits = sizeof(T) == 16 ? 128 : 64;
  offsets->clear();
  ByteReader r(payload);
  for (uint32_t f = 0; f < rows; f += kFrameSize) {
    offsets->push_back(static_cast<uint32_t>(r.position() - payload.data()));
    uint32_t n = std::min(kFrameSize, rows - f);
    r.Bytes(sizeof(Wide<T>));
    int bits = r.U8();
    if (bits > kMaxBits) return PayloadCorrupt("AZ64 bit width too large");
    r.Bytes((static_cast<size_t>(n) * bits + 7) / 8);
    if (!r.ok()) return PayloadCorrupt("AZ64 frame runs past the payload");
  }
  if (r.remaining() != 0) return PayloadCorrupt("AZ64 payload has trailing bytes");
  return Status::OK();
}

template <typename T>
void DecodeRowsTyped(std::string_view payload, const std::vector<uint32_t>& offsets, uint32_t first, uint32_t start,
                     const uint32_t* rows, size_t n, T* dst) {
  const auto* base_of = reinterpret_cast<const uint8_t*>(payload.data());
  const uint8_t* end = base_of + payload.size();
  for (size_t i = 0; i < n; i++) {
    uint32_t row = first + (rows[i] - start);
    const uint8_t* frame = base_of + offsets[row / kFrameSize];
    Wide<T> base;
    std::memcpy(&base, frame, sizeof base);
    int bits = frame[sizeof base];
    const uint8_t* packed = frame + sizeof base + 1;
    const uint64_t bit = static_cast<uint64_t>(row % kFrameSize) * bits;
    UWide<T> delta;
    if (bits <= 56 && packed + bit / 8 + 8 <= end) {
      // One unaligned 8-byte load holds the whole field (the common case: no byte-by-byte assembly).
      uint64_t word;
      std::memcpy(&word, packed + bit / 8, 8);
      delta = static_cast<UWide<T>>((word >> (bit % 8)) & ((uint64_t{1} << bits) - 1));
    } else {
      delta = static_cast<UWide<T>>(Unpack128(packed, bit, bits));
    }
    dst[rows[i]] = static_cast<T>(static_cast<Wide<T>>(static_cast<UWide<T>>(base) + delta));
  }
}

}  // namespace

Status IndexAz64Frames(PhysicalType type, std::string_view payload, uint32_t rows, std::vector<uint32_t>* offsets) {
  switch (type) {
    case PhysicalType::kInt16:
      return IndexTyped<int16_t>(payload, rows, offsets);
    case PhysicalType::kInt32:
      return IndexTyped<int32_t>(payload, rows, offsets);
    case PhysicalType::kInt64:
      return IndexTyped<int64_t>(payload, rows, offsets);
    case PhysicalType::kInt128:
      return IndexTyped<int128_t>(payload, rows, offsets);
    default:
      return PayloadCorrupt("AZ64 block of a non-integer type");
  }
}

void DecodeAz64Rows(PhysicalType type, std::string_view payload, const std::vector<uint32_t>& offsets, uint32_t first,
                    uint32_t start, const uint32_t* rows, size_t n, uint8_t* dst) {
  switch (type) {
    case PhysicalType::kInt16:
      return DecodeRowsTyped(payload, offsets, first, start, rows, n, reinterpret_cast<int16_t*>(dst));
    case PhysicalType::kInt32:
      return DecodeRowsTyped(payload, offsets, first, start, rows, n, reinterpret_cast<int32_t*>(dst));
    case PhysicalType::kInt64:
      return DecodeRowsTyped(payload, offsets, first, start, rows, n, reinterpret_cast<int64_t*>(dst));
    default:
      return DecodeRowsTyped(payload, offsets, first, start, rows, n, reinterpret_cast<int128_t*>(dst));
  }
}

void EncodeAz64(const ColumnSpan& in, ByteWriter* out) {
  switch (in.type) {
    case PhysicalType::kInt16:
      return EncodeTyped<int16_t>(in, out);
    case PhysicalType::kInt32:
      return EncodeTyped<int32_t>(in, out);
    case PhysicalType::kInt64:
      return EncodeTyped<int64_t>(in, out);
    case PhysicalType::kInt128:
      return EncodeTyped<int128_t>(in, out);
    default:
      CHECK(false && "AZ64 takes integers only");
  }
}

Status DecodeAz64(PhysicalType type, std::string_view payload, DecodedBlock* out) {
  switch (type) {
    case PhysicalType::kInt16:
      return DecodeTyped<int16_t>(payload, out);
    case PhysicalType::kInt32:
      return DecodeTyped<int32_t>(payload, out);
    case PhysicalType::kInt64:
      return DecodeTyped<int64_t>(payload, out);
    case PhysicalType::kInt128:
      return DecodeTyped<int128_t>(payload, out);
    default:
      return PayloadCorrupt("AZ64 block of a non-integer type");
  }
}

}  // namespace blueshift::storage
