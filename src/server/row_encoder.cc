#include "server/row_encoder.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string_view>

#include "server/array_binary.h"
#include "server/numeric_binary.h"
#include "server/protocol.h"
#include "types/date_style.h"
#include "types/datetime.h"
#include "types/decimal.h"
#include "types/interval.h"
#include "types/numeric_format.h"
#include "types/time_zone.h"
#include "types/timetz.h"
#include "types/varbyte.h"

namespace blueshift::server {

namespace {

// PostgreSQL's binary date and timestamp count from 2000-01-01; ours from 1970-01-01.
constexpr int32_t kPgEpochDays = 10957;
constexpr int64_t kPgEpochMicros = int64_t{kPgEpochDays} * 86400 * 1000000;

IntervalParts IntervalAt(const Vector& v, uint32_t row) {
  const LogicalType& type = v.type();
  int128_t raw = type.physical() == PhysicalType::kInt128 ? v.data<int128_t>()[row] : v.data<int64_t>()[row];
  return IntervalPartsOf(type, raw);
}

void AddLengthPrefixed(MessageWriter* w, std::string_view bytes) {
  w->AddInt32(static_cast<int32_t>(bytes.size()));
  w->AddBytes(bytes);
}

template <typename T>
void AddInteger(MessageWriter* w, T v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  AddLengthPrefixed(w, std::string_view(buf, static_cast<size_t>(end - buf)));
}

void AddTextValue(const Vector& v, uint32_t row, MessageWriter* w) {
  const LogicalType& type = v.type();
  switch (type.id()) {
    case TypeId::kBoolean:
      return AddLengthPrefixed(w, v.data<uint8_t>()[row] ? "t" : "f");
    case TypeId::kSmallInt:
      return AddInteger(w, v.data<int16_t>()[row]);
    case TypeId::kInteger:
      return AddInteger(w, v.data<int32_t>()[row]);
    case TypeId::kBigInt:
      return AddInteger(w, v.data<int64_t>()[row]);
    case TypeId::kChar:
    case TypeId::kVarchar:
      return AddLengthPrefixed(w, v.data<std::string_view>()[row]);
    case TypeId::kReal:
      return AddLengthPrefixed(w, FormatReal(v.data<float>()[row], SessionExtraFloatDigits()));
    case TypeId::kDouble:
      return AddLengthPrefixed(w, FormatDouble(v.data<double>()[row], SessionExtraFloatDigits()));
    case TypeId::kDate:
      return AddLengthPrefixed(w, FormatDateInStyle(v.data<int32_t>()[row], SessionDateStyle()));
    case TypeId::kTimestamp:
      return AddLengthPrefixed(w, FormatTimestampInStyle(v.data<int64_t>()[row], SessionDateStyle()));
    case TypeId::kTimestampTz:
      return AddLengthPrefixed(w,
                               FormatTimestampTzInStyle(v.data<int64_t>()[row], SessionTimeZone(), SessionDateStyle()));
    case TypeId::kTime:
      return AddLengthPrefixed(w, FormatTime(v.data<int64_t>()[row]));
    case TypeId::kVarbyte:  // printed as hex, as Redshift does, so every byte is printable
      return AddLengthPrefixed(w, HexEncode(v.data<std::string_view>()[row]));
    case TypeId::kTimeTz:
      return AddLengthPrefixed(w, FormatTimeTz(v.data<int64_t>()[row]));
    case TypeId::kIntervalYM:
    case TypeId::kIntervalDS:
    case TypeId::kInterval:
      return AddLengthPrefixed(w, FormatInterval(IntervalAt(v, row)));
    case TypeId::kDecimal: {
      int128_t unscaled =
          type.physical() == PhysicalType::kInt128 ? v.data<int128_t>()[row] : int128_t{v.data<int64_t>()[row]};
      return AddLengthPrefixed(w, FormatDecimal(unscaled, type.scale()));
    }
    case TypeId::kNull:
      return w->AddInt32(-1);
  }
}

template <typename T>
void AddBigEndianBytes(MessageWriter* w, T v) {
  static_assert(sizeof(T) <= 8);
  uint64_t bits = 0;
  std::memcpy(&bits, &v, sizeof(T));
  for (int i = sizeof(T) - 1; i >= 0; --i) w->AddByte(static_cast<uint8_t>(bits >> (8 * i)));
}

template <typename T>
void AddBigEndian(MessageWriter* w, T v) {
  w->AddInt32(sizeof(T));
  AddBigEndianBytes(w, v);
}

// PostgreSQL's binary timetz: int64 microseconds of the local time, int32 zone in seconds *west* of UTC.
void AddBinaryTimeTz(MessageWriter* w, int64_t packed) {
  TimeTz t = UnpackTimeTz(packed);
  w->AddInt32(12);
  AddBigEndianBytes(w, t.micros);
  AddBigEndianBytes(w, -t.offset);
}

// PostgreSQL's binary interval: int64 microseconds, int32 days, int32 months.
void AddBinaryInterval(MessageWriter* w, IntervalParts p) {
  w->AddInt32(16);
  AddBigEndianBytes(w, p.micros % kMicrosPerDay);
  AddBigEndianBytes(w, static_cast<int32_t>(p.micros / kMicrosPerDay));
  AddBigEndianBytes(w, static_cast<int32_t>(p.months));
}

void AddBinaryValue(const Vector& v, uint32_t row, MessageWriter* w) {
  switch (v.type().id()) {
    case TypeId::kBoolean:
      return AddBigEndian<uint8_t>(w, v.data<uint8_t>()[row] ? 1 : 0);
    case TypeId::kSmallInt:
      return AddBigEndian(w, v.data<int16_t>()[row]);
    case TypeId::kInteger:
      return AddBigEndian(w, v.data<int32_t>()[row]);
    case TypeId::kBigInt:
      return AddBigEndian(w, v.data<int64_t>()[row]);
    case TypeId::kReal:
      return AddBigEndian(w, v.data<float>()[row]);
    case TypeId::kDouble:
      return AddBigEndian(w, v.data<double>()[row]);
    case TypeId::kDate:
      return AddBigEndian(w, v.data<int32_t>()[row] - kPgEpochDays);
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:  // both are microseconds since 2000-01-01 on the wire (UTC for timestamptz)
      return AddBigEndian(w, v.data<int64_t>()[row] - kPgEpochMicros);
    case TypeId::kTime:
      return AddBigEndian(w, v.data<int64_t>()[row]);
    case TypeId::kTimeTz:
      return AddBinaryTimeTz(w, v.data<int64_t>()[row]);
    case TypeId::kIntervalYM:
    case TypeId::kIntervalDS:
    case TypeId::kInterval:
      return AddBinaryInterval(w, IntervalAt(v, row));
    case TypeId::kChar:
    case TypeId::kVarchar:
    case TypeId::kVarbyte:  // the bytes themselves
      return AddLengthPrefixed(w, v.data<std::string_view>()[row]);
    case TypeId::kDecimal: {
      const LogicalType& type = v.type();
      int128_t unscaled =
          type.physical() == PhysicalType::kInt128 ? v.data<int128_t>()[row] : int128_t{v.data<int64_t>()[row]};
      return AddLengthPrefixed(w, EncodeBinaryNumeric(unscaled, type.scale()));
    }
    case TypeId::kNull:
      return w->AddInt32(-1);  // a column of untyped NULLs holds nothing but NULLs
  }
}

bool IsBinaryArray(const Vector& v, const std::vector<int16_t>& formats, size_t c) {
  return !formats.empty() && formats[c] == kBinaryFormat && v.type().pg_array() != PgArrayKind::kNone;
}

char* PutInt32(char* p, uint32_t v) {
  p[0] = static_cast<char>(v >> 24);
  p[1] = static_cast<char>(v >> 16);
  p[2] = static_cast<char>(v >> 8);
  p[3] = static_cast<char>(v);
  return p + 4;
}

// One column of a batch as DataRow fields (an int32 length, then the text; -1 for NULL), encoded a column
// at a time so that the type is looked at once per batch, not once per value.
struct FieldColumn {
  const Vector* v = nullptr;
  const std::string_view* strings = nullptr;  // CHAR/VARCHAR: the values themselves, framed when rows are
  std::string framed;                         // every other type: the framed fields back to back
  std::vector<uint32_t> ends;                 // where each row's field ends in `framed`

  uint32_t FieldSize(size_t k, uint32_t row) const {
    if (strings == nullptr) return ends[k] - (k == 0 ? 0 : ends[k - 1]);
    return 4 + (v->IsNull(row) ? 0 : static_cast<uint32_t>(strings[row].size()));
  }
  char* PutField(char* p, size_t k, uint32_t row) const {
    if (strings == nullptr) {
      const uint32_t begin = k == 0 ? 0 : ends[k - 1];
      std::memcpy(p, framed.data() + begin, ends[k] - begin);
      return p + (ends[k] - begin);
    }
    if (v->IsNull(row)) return PutInt32(p, UINT32_MAX);
    const std::string_view s = strings[row];
    p = PutInt32(p, static_cast<uint32_t>(s.size()));
    std::memcpy(p, s.data(), s.size());
    return p + s.size();
  }
};

template <typename T>
void EncodeIntegers(const Batch& batch, FieldColumn* f) {
  const T* data = f->v->data<T>();
  const bool nulls = f->v->may_have_nulls();
  const size_t n = batch.count();
  f->framed.resize(n * 24);
  char* base = f->framed.data();
  char* p = base;
  for (size_t k = 0; k < n; k++) {
    const uint32_t row = batch.RowIndex(k);
    if (nulls && f->v->IsNull(row)) {
      p = PutInt32(p, UINT32_MAX);
    } else {
      char* end = std::to_chars(p + 4, p + 24, data[row]).ptr;
      PutInt32(p, static_cast<uint32_t>(end - p - 4));
      p = end;
    }
    f->ends[k] = static_cast<uint32_t>(p - base);
  }
  f->framed.resize(static_cast<size_t>(p - base));
}

void EncodeColumn(const Batch& batch, FieldColumn* f) {
  const Vector& v = *f->v;
  f->ends.resize(batch.count());
  switch (v.type().id()) {
    case TypeId::kChar:
    case TypeId::kVarchar:
      f->strings = v.data<std::string_view>();
      return;
    case TypeId::kSmallInt:
      return EncodeIntegers<int16_t>(batch, f);
    case TypeId::kInteger:
      return EncodeIntegers<int32_t>(batch, f);
    case TypeId::kBigInt:
      return EncodeIntegers<int64_t>(batch, f);
    default:
      break;
  }
  MessageWriter scratch(-1);
  for (size_t k = 0; k < batch.count(); k++) {
    const uint32_t row = batch.RowIndex(k);
    if (v.IsNull(row)) {
      scratch.AddInt32(-1);
    } else {
      AddTextValue(v, row, &scratch);
    }
    f->ends[k] = static_cast<uint32_t>(scratch.buffered());
  }
  f->framed = scratch.Take();
}

// Every column in text: the batch's DataRows are sized first and written in one piece.
void WriteTextDataRows(const Batch& batch, MessageWriter* w) {
  const size_t num_columns = batch.num_columns(), n = batch.count();
  std::vector<FieldColumn> fields(num_columns);
  for (size_t c = 0; c < num_columns; c++) {
    fields[c].v = &batch.column(c);
    EncodeColumn(batch, &fields[c]);
  }
  std::vector<uint32_t> lengths(n, 4 + 2);  // a DataRow's length counts itself and the column count
  size_t total = 0;
  for (size_t k = 0; k < n; k++) {
    const uint32_t row = batch.RowIndex(k);
    for (const FieldColumn& f : fields) lengths[k] += f.FieldSize(k, row);
    total += 1 + lengths[k];
  }
  char* p = w->Extend(total);
  for (size_t k = 0; k < n; k++) {
    const uint32_t row = batch.RowIndex(k);
    *p++ = static_cast<char>(be::kDataRow);
    p = PutInt32(p, lengths[k]);
    *p++ = static_cast<char>(num_columns >> 8);
    *p++ = static_cast<char>(num_columns);
    for (const FieldColumn& f : fields) p = f.PutField(p, k, row);
  }
}

}  // namespace

Result<std::vector<int16_t>> ResolveResultFormats(const std::vector<int16_t>& codes,
                                                  const std::vector<LogicalType>& types) {
  if (codes.size() > 1 && codes.size() != types.size()) {
    return Status(ErrorCode::kProtocolViolation, "bind message has " + std::to_string(codes.size()) +
                                                     " result formats but query has " + std::to_string(types.size()) +
                                                     " columns");
  }
  std::vector<int16_t> formats(types.size(), kTextFormat);
  for (size_t i = 0; i < types.size() && !codes.empty(); ++i) {
    int16_t code = codes.size() == 1 ? codes[0] : codes[i];
    if (code != kTextFormat && code != kBinaryFormat) {
      return Status(ErrorCode::kProtocolViolation, "unsupported format code: " + std::to_string(code));
    }
    formats[i] = code;
  }
  return formats;
}

Status WriteDataRows(const Batch& batch, const std::vector<int16_t>& formats, MessageWriter* w) {
  if (std::all_of(formats.begin(), formats.end(), [](int16_t f) { return f == kTextFormat; })) {
    WriteTextDataRows(batch, w);
    return Status::OK();
  }
  const size_t num_columns = batch.num_columns();
  // Binary arrays are encoded before their row starts, so a value that fails leaves no half-written row.
  std::vector<std::string> arrays(num_columns);
  for (size_t k = 0; k < batch.count(); ++k) {
    const uint32_t row = batch.RowIndex(k);
    for (size_t c = 0; c < num_columns; ++c) {
      const Vector& v = batch.column(c);
      if (IsBinaryArray(v, formats, c) && !v.IsNull(row)) {
        ASSIGN_OR_RETURN(arrays[c], EncodeBinaryArray(v.data<std::string_view>()[row], v.type().pg_array()));
      }
    }
    w->Begin(be::kDataRow);
    w->AddInt16(static_cast<int16_t>(num_columns));
    for (size_t c = 0; c < num_columns; ++c) {
      const Vector& v = batch.column(c);
      if (v.IsNull(row)) {
        w->AddInt32(-1);
      } else if (IsBinaryArray(v, formats, c)) {
        AddLengthPrefixed(w, arrays[c]);
      } else if (!formats.empty() && formats[c] == kBinaryFormat) {
        AddBinaryValue(v, row, w);
      } else {
        AddTextValue(v, row, w);
      }
    }
    w->End();
  }
  return Status::OK();
}

}  // namespace blueshift::server
