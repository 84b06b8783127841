#include <algorithm>
#include <bit>
#include <cstring>

#include "storage/encoding.h"

namespace blueshift::storage {
namespace {

constexpr uint32_t kFrameSize = 1024;

// Appends values LSB-first in `bits`-bit fields.
class BitPacker {
 public:
  BitPacker(int bits, ByteWriter* out) : bits_(bits), out_(out) {}
  void Put(uint64_t v) {
    acc_ |= static_cast<unsigned __int128>(v) << filled_;
    filled_ += bits_;
    while (filled_ >= 8) {
      out_->U8(static_cast<uint8_t>(acc_));
      acc_ >>= 8;
      filled_ -= 8;
    }
  }
  void Finish() {
    if (filled_ > 0) out_->U8(static_cast<uint8_t>(acc_));
  }

 private:
  int bits_;
  ByteWriter* out_;
  unsigned __int128 acc_ = 0;
  int filled_ = 0;
};

uint64_t Unpack(const uint8_t* p, uint64_t bit, int bits) {
  if (bits == 0) return 0;
  const uint8_t* q = p + bit / 8;
  int shift = static_cast<int>(bit % 8);
  int nbytes = (shift + bits + 7) / 8;  // at most 9
  unsigned __int128 acc = 0;
  for (int i = 0; i < nbytes; i++) acc |= static_cast<unsigned __int128>(q[i]) << (8 * i);
  acc >>= shift;
  return bits == 64 ? static_cast<uint64_t>(acc) : static_cast<uint64_t>(acc) & ((uint64_t{1} << bits) - 1);
}

template <typename T>
void EncodeFrame(const T* v, const uint8_t* validity, uint32_t n, ByteWriter* out) {
  int64_t lo = 0;
  int64_t hi = 0;
  bool any = false;
  for (uint32_t i = 0; i < n; i++) {
    if (!validity[i]) continue;
    lo = any ? std::min<int64_t>(lo, v[i]) : v[i];
    hi = any ? std::max<int64_t>(hi, v[i]) : v[i];
    any = true;
  }
  uint64_t range = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  int bits = range == 0 ? 0 : 64 - std::countl_zero(range);
  out->I64(lo);
  out->U8(static_cast<uint8_t>(bits));
  BitPacker packer(bits, out);
  for (uint32_t i = 0; i < n; i++) {
    int64_t x = validity[i] ? static_cast<int64_t>(v[i]) : lo;  // NULL placeholders do not widen the frame
    packer.Put(static_cast<uint64_t>(x) - static_cast<uint64_t>(lo));
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
  ByteReader r(payload);
  T* dst = out->data<T>();
  for (uint32_t f = 0; f < out->row_count; f += kFrameSize) {
    uint32_t n = std::min(kFrameSize, out->row_count - f);
    uint64_t base = static_cast<uint64_t>(r.I64());
    int bits = r.U8();
    if (bits > 64) return PayloadCorrupt("AZ64 bit width above 64");
    std::string_view packed = r.Bytes((static_cast<size_t>(n) * bits + 7) / 8);
    if (!r.ok()) return PayloadCorrupt("AZ64 frame runs past the payload");
    const auto* p = reinterpret_cast<const uint8_t*>(packed.data());
    for (uint32_t i = 0; i < n; i++) {
      dst[f + i] = static_cast<T>(static_cast<int64_t>(base + Unpack(p, static_cast<uint64_t>(i) * bits, bits)));
    }
  }
  if (r.remaining() != 0) return PayloadCorrupt("AZ64 payload has trailing bytes");
  return Status::OK();
}

}  // namespace

void EncodeAz64(const ColumnSpan& in, ByteWriter* out) {
  switch (in.type) {
    case PhysicalType::kInt16:
      return EncodeTyped<int16_t>(in, out);
    case PhysicalType::kInt32:
      return EncodeTyped<int32_t>(in, out);
    case PhysicalType::kInt64:
      return EncodeTyped<int64_t>(in, out);
    default:
      CHECK(false && "AZ64 takes 16/32/64-bit integers only");
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
    default:
      return PayloadCorrupt("AZ64 block of a non-integer type");
  }
}

}  // namespace blueshift::storage
