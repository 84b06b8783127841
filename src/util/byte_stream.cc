#include "util/byte_stream.h"

namespace blueshift {

std::string_view ByteReader::Bytes(size_t n) {
  if (!ok_ || left_ < n) {
    ok_ = false;
    left_ = 0;
    return {};
  }
  std::string_view v(p_, n);
  p_ += n;
  left_ -= n;
  return v;
}

bool ByteReader::CanHold(uint64_t count, size_t min_each) {
  if (ok_ && (min_each == 0 || count <= left_ / min_each)) return true;
  ok_ = false;
  return false;
}

}  // namespace blueshift
