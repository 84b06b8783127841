#include <zstd.h>

#include "storage/encoding.h"

namespace blueshift::storage {
namespace {

// Level 3 (zstd's default): most of the ratio of the higher levels at several times their speed, which
// matters because COPY pays it.
constexpr int kZstdLevel = 3;

}  // namespace

// Payload: u32 size of the RAW payload, then one zstd frame (libzstd) holding that RAW payload.
void EncodeZstd(const ColumnSpan& in, ByteWriter* out) {
  ByteWriter raw;
  EncodeRaw(in, &raw);
  std::string compressed(ZSTD_compressBound(raw.size()), '\0');
  size_t n = ZSTD_compress(compressed.data(), compressed.size(), raw.data().data(), raw.size(), kZstdLevel);
  CHECK(!ZSTD_isError(n));
  out->U32(static_cast<uint32_t>(raw.size()));
  out->Bytes(compressed.data(), n);
}

Result<std::shared_ptr<const std::string>> ExpandZstd(std::string_view payload) {
  ByteReader r(payload);
  uint32_t raw_size = r.U32();
  if (!r.ok() || raw_size > kMaxRawPayloadBytes) return PayloadCorrupt("ZSTD payload claims an impossible size");
  auto raw = std::make_shared<std::string>(raw_size, '\0');
  size_t n = ZSTD_decompress(raw->data(), raw_size, r.position(), r.remaining());
  if (ZSTD_isError(n) || n != raw_size) return PayloadCorrupt("ZSTD payload does not decompress");
  return std::shared_ptr<const std::string>(std::move(raw));
}

Status DecodeZstd(PhysicalType type, std::string_view payload, DecodedBlock* out) {
  ASSIGN_OR_RETURN(std::shared_ptr<const std::string> raw, ExpandZstd(payload));
  return DecodeRawBuffer(type, std::move(raw), out);
}

}  // namespace blueshift::storage
