#pragma once

// Row loops for string functions: F is called for each row whose arguments are all non-NULL.

#include <string>

#include "function/scalar_internal.h"

namespace blueshift::scalar_internal {

// F(i, std::string* buf) -> Result<std::string_view> (a view into an input or into *buf).
template <typename F>
Status MapToString(std::span<const Vector* const> args, size_t n, Vector* out, F f) {
  std::string buf;
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    buf.clear();
    Result<std::string_view> r = f(i, &buf);
    if (!r.ok()) return r.status();
    out->SetString(i, *r);
  }
  return Status::OK();
}

// F(i) -> int32_t.
template <typename F>
Status MapToInt(std::span<const Vector* const> args, size_t n, Vector* out, F f) {
  int32_t* r = out->data<int32_t>();
  for (size_t i = 0; i < n; i++) {
    if (RowValid(args, i, out)) r[i] = f(i);
  }
  return Status::OK();
}

// UTF-8 helpers: character count, and the byte offset of character index k (clamped to the end).
size_t Utf8Count(std::string_view s);
size_t Utf8Offset(std::string_view s, int64_t k);

}  // namespace blueshift::scalar_internal
