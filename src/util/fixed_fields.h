#pragma once

#include <cstddef>
#include <cstring>
#include <string>

#include "util/byte_stream.h"

namespace blueshift {

// Stores fixed-size little-endian fields into room added to the end of a ByteWriter's buffer at once: for
// records of many small fields, where an append per field (a call and a capacity check each) dominated. The
// writer must not be written to otherwise while this is in use.
class FixedFields {
 public:
  FixedFields(ByteWriter* w, size_t n) {
    std::string& s = w->mutable_data();
    size_t at = s.size();
    s.resize(at + n);
    p_ = s.data() + at;
  }
  template <typename T>
  void Put(T v) {
    std::memcpy(p_, &v, sizeof(T));
    p_ += sizeof(T);
  }
  void Bytes(const void* b, size_t n) {
    std::memcpy(p_, b, n);
    p_ += n;
  }

 private:
  char* p_;
};

}  // namespace blueshift
