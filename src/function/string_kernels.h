#pragma once

// Row loops for string functions: F is called for each row whose arguments are all non-NULL.

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

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

// substring(s, start [, count])'s positions [from, end), 1-based, from arguments 1 and 2 of row i (end is
// INT64_MAX without a count); 22023 for a negative count. Callers clamp to their own length unit.
inline Result<std::pair<int64_t, int64_t>> SubstringBounds(std::span<const Vector* const> args, size_t i) {
  int64_t start = IntAt(args[1], i);
  int64_t end = INT64_MAX;
  if (args.size() > 2) {
    int64_t len = IntAt(args[2], i);
    if (len < 0) return Status(ErrorCode::kInvalidParameterValue, "negative substring length not allowed");
    end = start > INT64_MAX - len ? INT64_MAX : start + len;
  }
  return std::make_pair(std::max<int64_t>(start, 1), end);
}

// UTF-8 helpers: character count, and the byte offset of character index k (clamped to the end).
size_t Utf8Count(std::string_view s);
size_t Utf8Offset(std::string_view s, int64_t k);

}  // namespace blueshift::scalar_internal
