#include <string>
#include <unordered_map>
#include <vector>

#include "storage/encoding.h"
#include "storage/value_bytes.h"

namespace blueshift::storage {
namespace {

constexpr size_t kMaxDictionary = 256;

struct Dictionary {
  std::vector<std::string_view> values;  // first-seen order
  std::unordered_map<std::string_view, uint8_t> index;
};

}  // namespace

// Payload: u16 dictionary size d (0..256), d typed values, one index byte per row, u32 exception count e,
// then e (u32 row, typed value) pairs in ascending row order. NULL and exception rows have index 0.
void EncodeByteDict(const ColumnSpan& in, ByteWriter* out) {
  int width = PhysicalWidth(in.type);
  Dictionary dict;
  std::string codes(in.count, '\0');
  std::vector<uint32_t> exceptions;
  for (uint32_t i = 0; i < in.count; i++) {
    if (!in.validity[i]) continue;
    std::string_view v = ValueBytes(in, i, width);
    auto it = dict.index.find(v);
    if (it != dict.index.end()) {
      codes[i] = static_cast<char>(it->second);
    } else if (dict.values.size() < kMaxDictionary) {
      codes[i] = static_cast<char>(dict.values.size());
      dict.index.emplace(v, static_cast<uint8_t>(dict.values.size()));
      dict.values.push_back(v);
    } else {
      exceptions.push_back(i);
    }
  }
  out->U16(static_cast<uint16_t>(dict.values.size()));
  for (std::string_view v : dict.values) PutValueBytes(in.type, v, out);
  out->Bytes(codes.data(), codes.size());
  out->U32(static_cast<uint32_t>(exceptions.size()));
  for (uint32_t row : exceptions) {
    out->U32(row);
    PutValueBytes(in.type, ValueBytes(in, row, width), out);
  }
}

Status DecodeByteDict(PhysicalType type, std::string_view payload, DecodedBlock* out) {
  int width = PhysicalWidth(type);
  size_t min_value = type == PhysicalType::kString ? 4 : width;
  ByteReader r(payload);
  uint16_t d = r.U16();
  if (d > kMaxDictionary || !r.CanHold(d, min_value)) return PayloadCorrupt("BYTEDICT dictionary is malformed");
  std::vector<std::string_view> dict(d);
  for (auto& v : dict) v = GetValueBytes(type, width, &r);
  std::string_view codes = r.Bytes(out->row_count);
  if (!r.ok()) return PayloadCorrupt("BYTEDICT payload is truncated");
  for (uint32_t i = 0; i < out->row_count; i++) {
    auto code = static_cast<uint8_t>(codes[i]);
    if (code < d) {
      SetValueBytes(type, dict[code], i, out);
    } else if (code != 0) {
      return PayloadCorrupt("BYTEDICT index past the dictionary");
    }
  }
  uint32_t e = r.U32();
  if (!r.CanHold(e, 4 + min_value)) return PayloadCorrupt("BYTEDICT exception count is too large");
  int64_t prev = -1;
  for (uint32_t k = 0; k < e; k++) {
    uint32_t row = r.U32();
    std::string_view v = GetValueBytes(type, width, &r);
    if (!r.ok() || row >= out->row_count || static_cast<int64_t>(row) <= prev) {
      return PayloadCorrupt("BYTEDICT exception is malformed");
    }
    SetValueBytes(type, v, row, out);
    prev = row;
  }
  if (r.remaining() != 0) return PayloadCorrupt("BYTEDICT payload has trailing bytes");
  return Status::OK();
}

}  // namespace blueshift::storage
