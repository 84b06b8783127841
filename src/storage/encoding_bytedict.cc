#include <algorithm>
#include <cstring>
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

namespace {
// Value i is the dictionary entry of code i: fixed-width entries copied through a typed table.
template <typename T>
void GatherDict(const std::vector<std::string_view>& dict, const uint8_t* codes, DecodedBlock* out) {
  T table[256] = {};
  for (size_t c = 0; c < dict.size(); c++) std::memcpy(&table[c], dict[c].data(), sizeof(T));
  T* dst = out->data<T>();
  for (uint32_t i = 0; i < out->row_count; i++) dst[i] = table[codes[i]];
}

// The dictionary and the codes of a BYTEDICT payload, checked; r is left at the exception count. With
// pad_dictionary the dictionary gets empty entries up to 256 instead of checking every code against its size
// (the block's checksum has already ruled out damage; an index past the dictionary would be a writer's bug).
Status ParseByteDict(PhysicalType type, uint32_t rows, ByteReader* r, std::vector<std::string_view>* dict,
                     const uint8_t** codes, bool pad_dictionary = false, bool check_codes = true) {
  int width = PhysicalWidth(type);
  size_t min_value = type == PhysicalType::kString ? 4 : width;
  uint16_t d = r->U16();
  if (d > kMaxDictionary || !r->CanHold(d, min_value)) return PayloadCorrupt("BYTEDICT dictionary is malformed");
  dict->resize(d);
  for (auto& v : *dict) v = GetValueBytes(type, width, r);
  std::string_view bytes = r->Bytes(rows);
  if (!r->ok()) return PayloadCorrupt("BYTEDICT payload is truncated");
  const auto* in = reinterpret_cast<const uint8_t*>(bytes.data());
  *codes = in;
  if (pad_dictionary) {
    dict->resize(kMaxDictionary);
    return Status::OK();
  }
  if (!check_codes) return Status::OK();
  uint8_t top = 0;
  for (uint32_t i = 0; i < rows; i++) top = std::max(top, in[i]);
  if (top >= d && top != 0) return PayloadCorrupt("BYTEDICT index past the dictionary");
  return Status::OK();
}
}  // namespace

Status DecodeByteDictCodes(PhysicalType type, std::string_view payload, DecodedBlock* out, bool* kept) {
  *kept = false;
  ByteReader r(payload);
  if (ByteReader(payload).U16() == 0) return Status::OK();  // no dictionary: decode it in full
  std::vector<std::string_view> dict;
  const uint8_t* codes = nullptr;
  const bool strings = type == PhysicalType::kString;
  // Fixed-width values: codes past the dictionary read the table's zeros (the checksum has ruled out damage).
  RETURN_IF_ERROR(ParseByteDict(type, out->row_count, &r, &dict, &codes, /*pad_dictionary=*/strings,
                                /*check_codes=*/false));
  if (r.U32() != 0 || !r.ok() || r.remaining() != 0) return Status::OK();  // decode it in full
  if (strings) {
    out->dict = std::move(dict);
  } else {
    const size_t width = static_cast<size_t>(PhysicalWidth(type));
    const size_t need = kMaxDictionary * width;
    if (out->values == nullptr || out->values_bytes < need) {
      out->values.reset(new uint8_t[need]);
      out->values_bytes = need;
    }
    std::memset(out->values.get(), 0, need);
    for (size_t c = 0; c < dict.size(); c++) std::memcpy(out->values.get() + c * width, dict[c].data(), width);
  }
  out->codes = codes;
  *kept = true;
  return Status::OK();
}

Status DecodeByteDict(PhysicalType type, std::string_view payload, DecodedBlock* out) {
  int width = PhysicalWidth(type);
  size_t min_value = type == PhysicalType::kString ? 4 : width;
  ByteReader r(payload);
  std::vector<std::string_view> dict;
  const uint8_t* in = nullptr;
  RETURN_IF_ERROR(ParseByteDict(type, out->row_count, &r, &dict, &in));
  const size_t d = dict.size();
  if (type == PhysicalType::kString) {
    // With no dictionary every code is 0 and only exceptions carry values (empty until then).
    auto* dst = out->data<std::string_view>();
    for (uint32_t i = 0; i < out->row_count; i++) dst[i] = d == 0 ? std::string_view() : dict[in[i]];
  } else if (d == 0) {
    std::memset(out->values.get(), 0, static_cast<size_t>(out->row_count) * width);
  } else {
    switch (width) {
      case 1:
        GatherDict<uint8_t>(dict, in, out);
        break;
      case 2:
        GatherDict<uint16_t>(dict, in, out);
        break;
      case 4:
        GatherDict<uint32_t>(dict, in, out);
        break;
      case 8:
        GatherDict<uint64_t>(dict, in, out);
        break;
      default:
        for (uint32_t i = 0; i < out->row_count; i++) SetValueBytes(type, dict[in[i]], i, out);
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
