#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace blueshift {

// ByteWriter appends little-endian integers and length-prefixed strings to a growing buffer: the building
// block of every on-disk format (docs/format/). Not thread-safe.
class ByteWriter {
 public:
  void U8(uint8_t v) { buf_.push_back(static_cast<char>(v)); }
  void U16(uint16_t v) { Fixed(v); }
  void U32(uint32_t v) { Fixed(v); }
  void U64(uint64_t v) { Fixed(v); }
  void I32(int32_t v) { Fixed(v); }
  void I64(int64_t v) { Fixed(v); }
  void I128(__int128 v) { Fixed(v); }
  void Bool(bool v) { U8(v ? 1 : 0); }
  void Bytes(const void* p, size_t n) { buf_.append(static_cast<const char*>(p), n); }
  // u32 length, then the bytes. REQUIRES: s.size() < 2^32.
  void String(std::string_view s) {
    U32(static_cast<uint32_t>(s.size()));
    buf_.append(s);
  }

  size_t size() const { return buf_.size(); }
  const std::string& data() const { return buf_; }
  std::string& mutable_data() { return buf_; }
  std::string Release() { return std::move(buf_); }

 private:
  template <typename T>
  void Fixed(T v) {  // little-endian hosts only; the formats are little-endian
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    buf_.append(b, sizeof(T));
  }
  std::string buf_;
};

// ByteReader reads what ByteWriter wrote, from a borrowed buffer, never past its end. Failure is sticky:
// a read past the end returns zero/empty and sets !ok(), so a decoder reads a record and checks ok() once.
// Not thread-safe; the buffer must outlive the reader.
class ByteReader {
 public:
  ByteReader(const void* data, size_t size) : p_(static_cast<const char*>(data)), left_(size) {}
  explicit ByteReader(std::string_view s) : ByteReader(s.data(), s.size()) {}

  uint8_t U8() { return Fixed<uint8_t>(); }
  uint16_t U16() { return Fixed<uint16_t>(); }
  uint32_t U32() { return Fixed<uint32_t>(); }
  uint64_t U64() { return Fixed<uint64_t>(); }
  int32_t I32() { return Fixed<int32_t>(); }
  int64_t I64() { return Fixed<int64_t>(); }
  __int128 I128() { return Fixed<__int128>(); }
  bool Bool() { return U8() != 0; }
  // A view of the next n bytes (into the buffer), or empty and !ok() when fewer remain.
  std::string_view Bytes(size_t n);
  std::string_view String() { return Bytes(U32()); }

  // True when `count` items of at least `min_each` bytes could still follow; use it before reserving memory
  // for a count read from disk. Sets !ok() when they cannot.
  bool CanHold(uint64_t count, size_t min_each);

  bool ok() const { return ok_; }
  size_t remaining() const { return left_; }
  const char* position() const { return p_; }

 private:
  template <typename T>
  T Fixed() {
    T v{};
    if (left_ < sizeof(T)) {
      ok_ = false;
      left_ = 0;
      return v;
    }
    std::memcpy(&v, p_, sizeof(T));
    p_ += sizeof(T);
    left_ -= sizeof(T);
    return v;
  }
  const char* p_;
  size_t left_;
  bool ok_ = true;
};

}  // namespace blueshift
