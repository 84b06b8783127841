#include "storage/block.h"

#include <algorithm>
#include <cstring>

#include "storage/encoding.h"
#include "storage/typed_value.h"
#include "util/crc32c.h"
#include "util/fixed_fields.h"

namespace blueshift::storage {
namespace {

constexpr uint8_t kFlagMinMax = 1;
constexpr uint8_t kFlagNullBitmap = 2;

struct ZoneMap {
  uint32_t null_count = 0;
  bool has_minmax = false;
  size_t min_row = 0;
  size_t max_row = 0;
};

template <typename T>
int ZoneCompare(T a, T b) {
  return CompareScalar(a, b);
}

// Bytewise, as CompareScalar orders strings, but one comparison instead of two, and none when the first
// bytes differ (they mostly do).
int ZoneCompare(std::string_view a, std::string_view b) {
  if (!a.empty() && !b.empty() && a[0] != b[0]) return static_cast<uint8_t>(a[0]) < static_cast<uint8_t>(b[0]) ? -1 : 1;
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

template <typename T>
ZoneMap ZoneMapOf(const ColumnSpan& in) {
  ZoneMap z;
  const T* v = in.data<T>();
  for (uint32_t i = 0; i < in.count; i++) {
    if (!in.validity[i]) {
      z.null_count++;
    } else if (!z.has_minmax) {
      z.min_row = z.max_row = i;
      z.has_minmax = true;
    } else if (ZoneCompare(v[i], v[z.min_row]) < 0) {
      z.min_row = i;
    } else if (ZoneCompare(v[i], v[z.max_row]) > 0) {
      z.max_row = i;
    }
  }
  return z;
}

ZoneMap ComputeZoneMap(const ColumnSpan& in) {
  switch (in.type) {
    case PhysicalType::kBool:
      return ZoneMapOf<uint8_t>(in);
    case PhysicalType::kInt16:
      return ZoneMapOf<int16_t>(in);
    case PhysicalType::kInt32:
      return ZoneMapOf<int32_t>(in);
    case PhysicalType::kInt64:
      return ZoneMapOf<int64_t>(in);
    case PhysicalType::kInt128:
      return ZoneMapOf<int128_t>(in);
    case PhysicalType::kFloat:
      return ZoneMapOf<float>(in);
    case PhysicalType::kDouble:
      return ZoneMapOf<double>(in);
    case PhysicalType::kString:
      return ZoneMapOf<std::string_view>(in);
  }
  return ZoneMap{};
}

void PutNullBitmap(const ColumnSpan& in, ByteWriter* out) {
  std::string bitmap((in.count + 7) / 8, '\0');
  for (uint32_t i = 0; i < in.count; i++) {
    if (!in.validity[i]) bitmap[i / 8] = static_cast<char>(bitmap[i / 8] | (1 << (i % 8)));
  }
  out->Bytes(bitmap.data(), bitmap.size());
}

// The payload of `declared` when the format implements it for the type and it is no larger than RAW's (and
// true), else nothing (and false: the block is RAW).
bool EncodeDeclared(Encoding declared, const ColumnSpan& in, std::string* payload) {
  if (declared == Encoding::kRaw || !EncodingImplemented(declared, in.type)) return false;
  ByteWriter w;
  EncodePayload(declared, in, &w);
  if (w.size() > RawPayloadSize(in)) return false;
  *payload = w.Release();
  return true;
}

void ReadNullBitmap(std::string_view bitmap, DecodedBlock* out) {
  out->validity.assign(out->row_count, 1);
  for (uint32_t i = 0; i < out->row_count; i++) {
    if ((static_cast<uint8_t>(bitmap[i / 8]) >> (i % 8)) & 1) out->validity[i] = 0;
  }
}

}  // namespace

std::string EncodeBlock(Encoding declared, const LogicalType& type, const ColumnSpan& in, BlockInfo* info) {
  ByteWriter w;
  AppendBlock(declared, type, in, info, &w);
  return w.Release();
}

void AppendBlock(Encoding declared, const LogicalType& type, const ColumnSpan& in, BlockInfo* info, ByteWriter* out) {
  ZoneMap z = ComputeZoneMap(in);
  std::string payload;
  Encoding stored = EncodeDeclared(declared, in, &payload) ? declared : Encoding::kRaw;
  size_t payload_size = stored == Encoding::kRaw ? RawPayloadSize(in) : payload.size();
  size_t start = out->size();
  // Header, two zone-map values (a string's up to its bytes), bitmap, payload and checksum: one allocation.
  out->mutable_data().reserve(start + 64 + payload_size + (z.null_count > 0 ? (in.count + 7) / 8 : 0));
  {
    FixedFields f(out, 12);
    f.Put<uint8_t>(static_cast<uint8_t>(stored));
    f.Put<uint8_t>(static_cast<uint8_t>(in.type));
    f.Put<uint8_t>((z.has_minmax ? kFlagMinMax : 0) | (z.null_count > 0 ? kFlagNullBitmap : 0));
    f.Put<uint8_t>(0);
    f.Put<uint32_t>(in.count);
    f.Put<uint32_t>(z.null_count);
  }
  info->has_minmax = z.has_minmax;
  if (z.has_minmax) {
    info->min = ValueAt(type, in.values, z.min_row);
    info->max = z.max_row == z.min_row ? info->min : ValueAt(type, in.values, z.max_row);
    PutTypedValue(info->min, type, out);
    PutTypedValue(info->max, type, out);
  } else {
    info->min = info->max = Value::NullOf(type);
  }
  if (z.null_count > 0) PutNullBitmap(in, out);
  out->U32(static_cast<uint32_t>(payload_size));
  if (stored == Encoding::kRaw) {
    EncodeRaw(in, out);
  } else {
    out->Bytes(payload.data(), payload.size());
  }
  out->U32(Crc32c(std::string_view(out->data()).substr(start)));
  info->row_count = in.count;
  info->null_count = z.null_count;
  info->encoding = stored;
  info->size = static_cast<uint32_t>(out->size() - start);
}

Status DecodeBlock(std::shared_ptr<const std::string> bytes, const LogicalType& type, const BlockInfo& expected,
                   DecodedBlock* out, bool keep_encoded, bool checksum_verified,
                   std::shared_ptr<const std::string>* expanded) {
  const std::string& b = *bytes;
  if (b.size() < 20) return PayloadCorrupt("block is too short");
  uint32_t stored_crc;
  std::memcpy(&stored_crc, b.data() + b.size() - 4, 4);
  if (!checksum_verified && Crc32c(b.data(), b.size() - 4) != stored_crc) return PayloadCorrupt("checksum mismatch");
  ByteReader r(b.data(), b.size() - 4);
  auto encoding = static_cast<Encoding>(r.U8());
  auto physical = static_cast<PhysicalType>(r.U8());
  uint8_t flags = r.U8();
  r.U8();
  uint32_t rows = r.U32();
  uint32_t nulls = r.U32();
  if (encoding != expected.encoding || physical != type.physical() || rows != expected.row_count ||
      nulls != expected.null_count || ((flags & kFlagNullBitmap) != 0) != (nulls > 0)) {
    return PayloadCorrupt("block header does not match the manifest");
  }
  if (flags & kFlagMinMax) {
    GetTypedValue(type, &r);
    GetTypedValue(type, &r);
  }
  out->row_count = rows;
  out->has_nulls = nulls > 0;
  out->validity.clear();
  std::string_view bitmap = out->has_nulls ? r.Bytes((rows + 7) / 8) : std::string_view();
  std::string_view payload = r.Bytes(r.U32());
  if (!r.ok() || r.remaining() != 0) return PayloadCorrupt("block lengths are inconsistent");
  if (out->has_nulls) ReadNullBitmap(bitmap, out);
  out->owner = std::move(bytes);
  out->dict.clear();
  out->codes = nullptr;
  out->az64 = false;
  if (keep_encoded && encoding == Encoding::kByteDict) {
    bool kept = false;
    RETURN_IF_ERROR(DecodeByteDictCodes(physical, payload, out, &kept));
    if (kept) return Status::OK();
  }
  // Every decoder writes every row: the buffer is neither zeroed nor, when it is large enough, reallocated.
  size_t need = static_cast<size_t>(std::max<uint32_t>(rows, 1)) * PhysicalWidth(physical);
  if (out->values == nullptr || out->values_bytes < need) {
    out->values.reset(new uint8_t[need]);
    out->values_bytes = need;
  }
  if (keep_encoded && encoding == Encoding::kAz64) {
    RETURN_IF_ERROR(IndexAz64Frames(physical, payload, rows, &out->az64_frames));
    out->az64 = true;
    out->az64_payload = payload;
    return Status::OK();
  }
  if (expanded != nullptr && (encoding == Encoding::kLzo || encoding == Encoding::kZstd)) {
    // Both payloads begin with the u32 size of the RAW payload they hold.
    ByteReader claim(payload);
    uint32_t raw_size = claim.U32();
    if (*expanded == nullptr || !claim.ok() || (*expanded)->size() != raw_size) {
      ASSIGN_OR_RETURN(*expanded, encoding == Encoding::kLzo ? ExpandLz4(payload) : ExpandZstd(payload));
    }
    return DecodeRawBuffer(physical, *expanded, out);
  }
  return DecodePayload(encoding, physical, payload, out);
}

Status MaterializeBlock(PhysicalType type, DecodedBlock* block) {
  if (!block->az64) return Status::OK();
  block->az64 = false;
  return DecodeAz64(type, block->az64_payload, block);
}

}  // namespace blueshift::storage
