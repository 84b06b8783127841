#include "row_writer.h"

#include <cstring>

namespace blueshift::tpch {

RowWriter::RowWriter(const std::string& path) : buffer_(new char[kBufferSize]) {
  file_ = std::fopen(path.c_str(), "wb");
  ok_ = file_ != nullptr;
}

RowWriter::~RowWriter() {
  Close();
  delete[] buffer_;
}

void RowWriter::Append(const char* p, size_t n) {
  if (kBufferSize - used_ < n) Flush();
  if (n > kBufferSize) {
    if (ok_ && std::fwrite(p, 1, n, file_) != n) ok_ = false;
    return;
  }
  std::memcpy(buffer_ + used_, p, n);
  used_ += n;
}

void RowWriter::Flush() {
  if (ok_ && used_ > 0 && std::fwrite(buffer_, 1, used_, file_) != used_) ok_ = false;
  used_ = 0;
}

void RowWriter::Text(std::string_view s) {
  Append(s.data(), s.size());
  Put('|');
}

void RowWriter::Int(int64_t v) {
  char digits[24];
  int n = 0;
  const bool negative = v < 0;
  uint64_t u = negative ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  do {
    digits[n++] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (negative) Put('-');
  while (n > 0) Put(digits[--n]);
  Put('|');
}

void RowWriter::Cents(int64_t cents) {
  char digits[24];
  int n = 0;
  const bool negative = cents < 0;
  uint64_t u = negative ? 0 - static_cast<uint64_t>(cents) : static_cast<uint64_t>(cents);
  digits[n++] = static_cast<char>('0' + u % 10);
  u /= 10;
  digits[n++] = static_cast<char>('0' + u % 10);
  u /= 10;
  digits[n++] = '.';
  do {
    digits[n++] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (negative) Put('-');
  while (n > 0) Put(digits[--n]);
  Put('|');
}

bool RowWriter::Close() {
  if (file_ == nullptr) return ok_;
  Flush();
  if (std::fclose(file_) != 0) ok_ = false;
  file_ = nullptr;
  return ok_;
}

}  // namespace blueshift::tpch
