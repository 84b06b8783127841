#include <cstring>

#include "storage/encoding.h"

namespace blueshift::storage {
namespace {

void EncodeRawStrings(const ColumnSpan& in, ByteWriter* out) {
  const auto* s = in.data<std::string_view>();
  uint32_t offset = 0;
  out->U32(0);
  for (uint32_t i = 0; i < in.count; i++) {
    offset += static_cast<uint32_t>(s[i].size());
    out->U32(offset);
  }
  for (uint32_t i = 0; i < in.count; i++) out->Bytes(s[i].data(), s[i].size());
}

Status DecodeRawStrings(std::string_view payload, DecodedBlock* out) {
  uint32_t n = out->row_count;
  ByteReader r(payload);
  std::string_view offsets = r.Bytes((static_cast<size_t>(n) + 1) * 4);
  if (!r.ok()) return PayloadCorrupt("string offsets run past the payload");
  std::string_view bytes(r.position(), r.remaining());
  auto* views = out->data<std::string_view>();
  uint32_t prev = 0;
  std::memcpy(&prev, offsets.data(), 4);
  if (prev != 0) return PayloadCorrupt("first string offset is not 0");
  for (uint32_t i = 0; i < n; i++) {
    uint32_t next;
    std::memcpy(&next, offsets.data() + (i + 1) * 4, 4);
    if (next < prev || next > bytes.size()) return PayloadCorrupt("string offsets out of order or out of range");
    views[i] = bytes.substr(prev, next - prev);
    prev = next;
  }
  if (prev != bytes.size()) return PayloadCorrupt("string bytes do not match the offsets");
  return Status::OK();
}

}  // namespace

size_t RawPayloadSize(const ColumnSpan& in) {
  if (in.type != PhysicalType::kString) return static_cast<size_t>(in.count) * PhysicalWidth(in.type);
  size_t bytes = (static_cast<size_t>(in.count) + 1) * 4;
  const auto* s = in.data<std::string_view>();
  for (uint32_t i = 0; i < in.count; i++) bytes += s[i].size();
  return bytes;
}

void EncodeRaw(const ColumnSpan& in, ByteWriter* out) {
  if (in.type == PhysicalType::kString) {
    EncodeRawStrings(in, out);
    return;
  }
  out->Bytes(in.values, static_cast<size_t>(in.count) * PhysicalWidth(in.type));
}

Status DecodeRaw(PhysicalType type, std::string_view payload, DecodedBlock* out) {
  if (type == PhysicalType::kString) return DecodeRawStrings(payload, out);
  size_t bytes = static_cast<size_t>(out->row_count) * PhysicalWidth(type);
  if (payload.size() != bytes) return PayloadCorrupt("RAW payload size does not match the row count");
  if (bytes > 0) std::memcpy(out->values.get(), payload.data(), bytes);
  return Status::OK();
}

Status DecodeRawBuffer(PhysicalType type, std::shared_ptr<const std::string> raw, DecodedBlock* out) {
  RETURN_IF_ERROR(DecodeRaw(type, *raw, out));
  if (type == PhysicalType::kString) out->owner = std::move(raw);
  return Status::OK();
}

}  // namespace blueshift::storage
