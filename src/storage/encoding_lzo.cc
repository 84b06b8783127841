#include <lz4.h>

#include "storage/encoding.h"

namespace blueshift::storage {

// LZO is served by LZ4 (liblz4, LZ4_compress_default): Redshift's LZO is a fast byte-oriented LZ77 coder
// and LZ4 is the same idea with a maintained library. Payload: u32 size of the RAW payload, then the LZ4
// block (raw format, no frame) of that RAW payload.
void EncodeLz4(const ColumnSpan& in, ByteWriter* out) {
  ByteWriter raw;
  EncodeRaw(in, &raw);
  int bound = LZ4_compressBound(static_cast<int>(raw.size()));
  std::string compressed(static_cast<size_t>(bound), '\0');
  int n = LZ4_compress_default(raw.data().data(), compressed.data(), static_cast<int>(raw.size()), bound);
  CHECK(n > 0 || raw.size() == 0);
  out->U32(static_cast<uint32_t>(raw.size()));
  out->Bytes(compressed.data(), static_cast<size_t>(n));
}

Result<std::shared_ptr<const std::string>> ExpandLz4(std::string_view payload) {
  ByteReader r(payload);
  uint32_t raw_size = r.U32();
  if (!r.ok() || raw_size > kMaxRawPayloadBytes) return PayloadCorrupt("LZO payload claims an impossible size");
  auto raw = std::make_shared<std::string>(raw_size, '\0');
  int n = LZ4_decompress_safe(r.position(), raw->data(), static_cast<int>(r.remaining()), static_cast<int>(raw_size));
  if (n < 0 || static_cast<uint32_t>(n) != raw_size) return PayloadCorrupt("LZO payload does not decompress");
  return std::shared_ptr<const std::string>(std::move(raw));
}

Status DecodeLz4(PhysicalType type, std::string_view payload, DecodedBlock* out) {
  ASSIGN_OR_RETURN(std::shared_ptr<const std::string> raw, ExpandLz4(payload));
  return DecodeRawBuffer(type, std::move(raw), out);
}

}  // namespace blueshift::storage
