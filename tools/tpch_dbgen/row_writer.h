// Buffered writer of one dbgen-style `.tbl` file: fields separated by '|', each row ending in "|\n".
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace blueshift::tpch {

// Not thread-safe. Errors are sticky: check ok() after Close().
class RowWriter {
 public:
  explicit RowWriter(const std::string& path);
  ~RowWriter();
  RowWriter(const RowWriter&) = delete;
  RowWriter& operator=(const RowWriter&) = delete;

  void Text(std::string_view s);
  void Int(int64_t v);
  // A decimal with two digits after the point, given in hundredths ("cents").
  void Cents(int64_t cents);
  // Ends the current row.
  void EndRow() { Put('\n'); }
  // Flushes and closes; returns false if anything failed since opening.
  bool Close();
  bool ok() const { return ok_; }

 private:
  void Put(char c) {
    if (used_ == kBufferSize) Flush();
    buffer_[used_++] = c;
  }
  void Append(const char* p, size_t n);
  void Flush();

  static constexpr size_t kBufferSize = 1 << 20;
  std::FILE* file_ = nullptr;
  char* buffer_;
  size_t used_ = 0;
  bool ok_ = true;
};

}  // namespace blueshift::tpch
