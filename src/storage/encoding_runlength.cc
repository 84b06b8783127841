#include <algorithm>
#include <cstring>

#include "storage/encoding.h"
#include "storage/value_bytes.h"

namespace blueshift::storage {

void EncodeRunLength(const ColumnSpan& in, ByteWriter* out) {
  int width = PhysicalWidth(in.type);
  size_t count_at = out->size();
  out->U32(0);  // run count, patched below
  uint32_t runs = 0;
  uint32_t i = 0;
  while (i < in.count) {
    std::string_view v = ValueBytes(in, i, width);
    uint32_t j = i + 1;
    while (j < in.count && (!in.validity[j] || ValueBytes(in, j, width) == v)) j++;  // NULLs extend a run
    out->U32(j - i);
    PutValueBytes(in.type, v, out);
    runs++;
    i = j;
  }
  std::memcpy(out->mutable_data().data() + count_at, &runs, 4);
}

namespace {
template <typename T>
void FillTyped(std::string_view v, uint32_t row, uint32_t len, DecodedBlock* out) {
  T x;
  std::memcpy(&x, v.data(), sizeof(T));
  std::fill_n(out->data<T>() + row, len, x);
}

// Rows [row, row + len) of out take the value v (its bytes; a view into the payload for strings).
void FillRun(PhysicalType type, std::string_view v, uint32_t row, uint32_t len, DecodedBlock* out) {
  if (type == PhysicalType::kString) {
    std::fill_n(out->data<std::string_view>() + row, len, v);
    return;
  }
  switch (v.size()) {
    case 1:
      return FillTyped<uint8_t>(v, row, len, out);
    case 2:
      return FillTyped<uint16_t>(v, row, len, out);
    case 4:
      return FillTyped<uint32_t>(v, row, len, out);
    case 8:
      return FillTyped<uint64_t>(v, row, len, out);
    default:
      for (uint32_t i = row; i < row + len; i++) SetValueBytes(type, v, i, out);
  }
}
}  // namespace

Status DecodeRunLength(PhysicalType type, std::string_view payload, DecodedBlock* out) {
  bool is_string = type == PhysicalType::kString;
  size_t width = is_string ? 0 : PhysicalWidth(type);
  ByteReader r(payload);
  uint32_t runs = r.U32();
  if (!r.CanHold(runs, 4 + (is_string ? 4 : width))) return PayloadCorrupt("RUNLENGTH run count is too large");
  uint32_t row = 0;
  for (uint32_t k = 0; k < runs; k++) {
    uint32_t len = r.U32();
    std::string_view v = is_string ? r.String() : r.Bytes(width);
    if (!r.ok() || len == 0 || len > out->row_count - row) return PayloadCorrupt("RUNLENGTH run is malformed");
    FillRun(type, v, row, len, out);
    row += len;
  }
  if (row != out->row_count || r.remaining() != 0) return PayloadCorrupt("RUNLENGTH runs do not cover the block");
  return Status::OK();
}

}  // namespace blueshift::storage
