#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace blueshift::load::parquet {

// Thrift compact protocol type codes (field headers and collection element types).
enum class ThriftType : uint8_t {
  kStop = 0,
  kTrue = 1,  // a bool field whose value is true; in collections: any bool
  kFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

// ThriftReader decodes the Thrift compact protocol (the encoding of Parquet's footer and page headers) from a
// byte range it does not own. It never reads out of range: a malformed input sets failed() and every later
// read returns zero values, so callers check failed() once at the end. Structs nest through
// BeginStruct/EndStruct, which keep the last field id per level (field ids are delta-coded). Not thread-safe.
class ThriftReader {
 public:
  ThriftReader(const uint8_t* data, size_t size) : p_(data), end_(data + size) {}

  void BeginStruct() { last_ids_.push_back(0); }
  void EndStruct();
  // The next field's id and type; false at the struct's stop byte (or on error).
  bool NextField(int16_t* id, ThriftType* type);
  // A bool field's value comes from its type code.
  static bool BoolFieldValue(ThriftType type) { return type == ThriftType::kTrue; }

  uint64_t ReadVarint();
  int32_t ReadI32() { return static_cast<int32_t>(ReadZigZag()); }
  int64_t ReadI64() { return ReadZigZag(); }
  int8_t ReadByte();
  double ReadDouble();
  std::string_view ReadBinary();
  // A list or set header: element type and count.
  void ReadListHeader(ThriftType* elem, uint32_t* size);
  // Skips one value of the given type (structs, lists and maps recursively).
  void Skip(ThriftType type, int depth = 0);

  bool failed() const { return failed_; }
  size_t consumed(const uint8_t* start) const { return static_cast<size_t>(p_ - start); }
  const uint8_t* position() const { return p_; }

 private:
  int64_t ReadZigZag();
  void Fail() {
    failed_ = true;
    p_ = end_;
  }

  const uint8_t* p_;
  const uint8_t* end_;
  std::vector<int16_t> last_ids_;
  bool failed_ = false;
};

// ThriftWriter encodes the compact protocol into a string it appends to. Not thread-safe.
class ThriftWriter {
 public:
  explicit ThriftWriter(std::string* out) : out_(out) {}

  void BeginStruct() { last_ids_.push_back(0); }
  // Writes the stop byte and returns to the enclosing struct.
  void EndStruct();
  void FieldHeader(int16_t id, ThriftType type);

  void FieldI32(int16_t id, int32_t v);
  void FieldI64(int16_t id, int64_t v);
  void FieldBool(int16_t id, bool v) { FieldHeader(id, v ? ThriftType::kTrue : ThriftType::kFalse); }
  void FieldBinary(int16_t id, std::string_view v);
  // Starts a struct-valued field (end it with EndStruct).
  void FieldStruct(int16_t id);
  void FieldList(int16_t id, ThriftType elem, uint32_t size);

  void ListHeader(ThriftType elem, uint32_t size);
  void Varint(uint64_t v);
  void ZigZag(int64_t v) { Varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void Binary(std::string_view v);

 private:
  std::string* out_;
  std::vector<int16_t> last_ids_;
};

}  // namespace blueshift::load::parquet
