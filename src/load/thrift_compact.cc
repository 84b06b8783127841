#include "load/thrift_compact.h"

#include <cstring>

namespace blueshift::load::parquet {

namespace {
constexpr int kMaxDepth = 64;  // deeper nesting than any Parquet footer needs: treat it as corruption
}

void ThriftReader::EndStruct() {
  if (!last_ids_.empty()) last_ids_.pop_back();
}

bool ThriftReader::NextField(int16_t* id, ThriftType* type) {
  if (p_ >= end_ || last_ids_.empty()) {
    Fail();
    return false;
  }
  uint8_t b = *p_++;
  auto t = static_cast<ThriftType>(b & 0x0f);
  if (t == ThriftType::kStop) return false;
  if (static_cast<uint8_t>(t) > static_cast<uint8_t>(ThriftType::kStruct)) {
    Fail();
    return false;
  }
  int delta = b >> 4;
  int16_t field_id = delta != 0 ? static_cast<int16_t>(last_ids_.back() + delta) : static_cast<int16_t>(ReadZigZag());
  last_ids_.back() = field_id;
  *id = field_id;
  *type = t;
  return !failed_;
}

uint64_t ThriftReader::ReadVarint() {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (p_ >= end_) break;
    uint8_t b = *p_++;
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return v;
  }
  Fail();
  return 0;
}

int64_t ThriftReader::ReadZigZag() {
  uint64_t v = ReadVarint();
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

int8_t ThriftReader::ReadByte() {
  if (p_ >= end_) return Fail(), 0;
  return static_cast<int8_t>(*p_++);
}

double ThriftReader::ReadDouble() {
  if (end_ - p_ < 8) return Fail(), 0.0;
  double d;
  std::memcpy(&d, p_, 8);
  p_ += 8;
  return d;
}

std::string_view ThriftReader::ReadBinary() {
  uint64_t n = ReadVarint();
  if (failed_ || n > static_cast<uint64_t>(end_ - p_)) return Fail(), std::string_view();
  std::string_view s(reinterpret_cast<const char*>(p_), n);
  p_ += n;
  return s;
}

void ThriftReader::ReadListHeader(ThriftType* elem, uint32_t* size) {
  if (p_ >= end_) {
    Fail();
    *size = 0;
    return;
  }
  uint8_t b = *p_++;
  *elem = static_cast<ThriftType>(b & 0x0f);
  uint64_t n = b >> 4;
  if (n == 15) n = ReadVarint();
  // Every element takes at least one byte, so a count beyond the remaining bytes is corrupt.
  if (n > static_cast<uint64_t>(end_ - p_)) {
    Fail();
    n = 0;
  }
  *size = static_cast<uint32_t>(n);
}

void ThriftReader::Skip(ThriftType type, int depth) {
  if (depth > kMaxDepth) return Fail();
  switch (type) {
    case ThriftType::kTrue:
    case ThriftType::kFalse:
      return;
    case ThriftType::kByte:
      ReadByte();
      return;
    case ThriftType::kI16:
    case ThriftType::kI32:
    case ThriftType::kI64:
      ReadVarint();
      return;
    case ThriftType::kDouble:
      ReadDouble();
      return;
    case ThriftType::kBinary:
      ReadBinary();
      return;
    case ThriftType::kList:
    case ThriftType::kSet: {
      ThriftType elem;
      uint32_t n;
      ReadListHeader(&elem, &n);
      for (uint32_t i = 0; i < n && !failed_; i++) {
        // Bools inside collections take one byte each.
        if (elem == ThriftType::kTrue || elem == ThriftType::kFalse) {
          ReadByte();
        } else {
          Skip(elem, depth + 1);
        }
      }
      return;
    }
    case ThriftType::kMap: {
      uint64_t n = ReadVarint();
      if (n == 0) return;
      uint8_t kv = static_cast<uint8_t>(ReadByte());
      for (uint64_t i = 0; i < n && !failed_; i++) {
        Skip(static_cast<ThriftType>(kv >> 4), depth + 1);
        Skip(static_cast<ThriftType>(kv & 0x0f), depth + 1);
      }
      return;
    }
    case ThriftType::kStruct: {
      BeginStruct();
      int16_t id;
      ThriftType t;
      while (NextField(&id, &t)) Skip(t, depth + 1);
      EndStruct();
      return;
    }
    default:
      Fail();
  }
}

void ThriftWriter::EndStruct() {
  out_->push_back(0);
  last_ids_.pop_back();
}

void ThriftWriter::FieldHeader(int16_t id, ThriftType type) {
  int delta = id - last_ids_.back();
  if (delta > 0 && delta <= 15) {
    out_->push_back(static_cast<char>((delta << 4) | static_cast<uint8_t>(type)));
  } else {
    out_->push_back(static_cast<char>(type));
    ZigZag(id);
  }
  last_ids_.back() = id;
}

void ThriftWriter::FieldI32(int16_t id, int32_t v) {
  FieldHeader(id, ThriftType::kI32);
  ZigZag(v);
}

void ThriftWriter::FieldI64(int16_t id, int64_t v) {
  FieldHeader(id, ThriftType::kI64);
  ZigZag(v);
}

void ThriftWriter::FieldBinary(int16_t id, std::string_view v) {
  FieldHeader(id, ThriftType::kBinary);
  Binary(v);
}

void ThriftWriter::FieldStruct(int16_t id) {
  FieldHeader(id, ThriftType::kStruct);
  BeginStruct();
}

void ThriftWriter::FieldList(int16_t id, ThriftType elem, uint32_t size) {
  FieldHeader(id, ThriftType::kList);
  ListHeader(elem, size);
}

void ThriftWriter::ListHeader(ThriftType elem, uint32_t size) {
  if (size < 15) {
    out_->push_back(static_cast<char>((size << 4) | static_cast<uint8_t>(elem)));
  } else {
    out_->push_back(static_cast<char>(0xf0 | static_cast<uint8_t>(elem)));
    Varint(size);
  }
}

void ThriftWriter::Varint(uint64_t v) {
  while (v >= 0x80) {
    out_->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out_->push_back(static_cast<char>(v));
}

void ThriftWriter::Binary(std::string_view v) {
  Varint(v.size());
  out_->append(v);
}

}  // namespace blueshift::load::parquet
