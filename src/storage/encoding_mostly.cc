#include <cstring>
#include <vector>

#include "storage/encoding.h"
#include "storage/integer_values.h"

namespace blueshift::storage {

namespace {

int128_t LoadNarrow(const char* p, int value_bytes) {
  switch (value_bytes) {
    case 1:
      return static_cast<int8_t>(*p);
    case 2: {
      int16_t x;
      std::memcpy(&x, p, 2);
      return x;
    }
    default: {
      int32_t x;
      std::memcpy(&x, p, 4);
      return x;
    }
  }
}

}  // namespace

// Payload: per row the value as a signed integer of value_bytes bytes (0 for NULL rows and outliers), then
// u32 outlier count e, e ascending u32 rows, and e full values at the physical width.
void EncodeMostly(const ColumnSpan& in, int value_bytes, ByteWriter* out) {
  std::vector<int128_t> v = WidenIntegers(in);
  std::vector<uint32_t> outliers;
  for (uint32_t i = 0; i < in.count; i++) {
    int128_t x = in.validity[i] ? v[i] : 0;
    if (!FitsSigned(x, 8 * value_bytes)) {
      outliers.push_back(i);
      x = 0;
    }
    out->Bytes(&x, value_bytes);
  }
  out->U32(static_cast<uint32_t>(outliers.size()));
  for (uint32_t row : outliers) out->U32(row);
  for (uint32_t row : outliers) PutInteger(in.type, v[row], out);
}

Status DecodeMostly(PhysicalType type, int value_bytes, std::string_view payload, DecodedBlock* out) {
  std::vector<int128_t> v(out->row_count);
  ByteReader r(payload);
  if (!r.CanHold(out->row_count, value_bytes)) return PayloadCorrupt("MOSTLY payload is too short");
  const char* p = r.Bytes(static_cast<size_t>(out->row_count) * value_bytes).data();
  for (uint32_t i = 0; i < out->row_count; i++, p += value_bytes) v[i] = LoadNarrow(p, value_bytes);
  uint32_t e = r.U32();
  if (!r.CanHold(e, 4 + PhysicalWidth(type))) return PayloadCorrupt("MOSTLY outlier count is too large");
  std::string_view rows = r.Bytes(static_cast<size_t>(e) * 4);
  int64_t prev = -1;
  for (uint32_t k = 0; k < e; k++) {
    uint32_t row;
    std::memcpy(&row, rows.data() + static_cast<size_t>(k) * 4, 4);
    if (row >= out->row_count || static_cast<int64_t>(row) <= prev) return PayloadCorrupt("MOSTLY outlier row");
    v[row] = GetInteger(type, &r);
    prev = row;
  }
  if (!r.ok() || r.remaining() != 0) return PayloadCorrupt("MOSTLY payload does not match the row count");
  NarrowIntegers(type, v.data(), out->row_count, out->values.get());
  return Status::OK();
}

}  // namespace blueshift::storage
