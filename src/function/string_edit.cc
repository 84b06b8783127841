// Functions that cut or pad strings: substring/substr, trim family, left/right, lpad/rpad, split_part.
// Positions and lengths count UTF-8 characters.

#include <algorithm>

#include "function/string_kernels.h"

namespace blueshift::scalar_internal {
namespace {

constexpr int kMaxLen = LogicalType::kMaxVarcharLength;

LogicalType StringArg(const LogicalType& t) {
  return t.IsString() ? t : LogicalType::Varchar(kMaxLen);
}

// PostgreSQL's substring(s from start for len): characters [start, start + len) intersected with [1, n].
Status Substring(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string*) -> Result<std::string_view> {
    std::string_view s = StrAt(args[0], i);
    ASSIGN_OR_RETURN(auto bounds, SubstringBounds(args, i));
    auto [from, end] = bounds;
    if (end <= from) return std::string_view();
    size_t b = Utf8Offset(s, from - 1);
    size_t e = end == INT64_MAX ? s.size() : b + Utf8Offset(s.substr(b), end - from);
    return s.substr(b, e - b);
  });
}

template <bool kLeft, bool kRight>
Status Trim(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string*) -> Result<std::string_view> {
    std::string_view s = StrAt(args[0], i);
    std::string_view chars = args.size() > 1 ? StrAt(args[1], i) : std::string_view(" ");
    size_t b = 0, e = s.size();
    if (kLeft) b = std::min(s.find_first_not_of(chars), s.size());
    if (kRight) {
      size_t last = s.find_last_not_of(chars);
      e = last == std::string_view::npos ? b : std::max(b, last + 1);
    }
    return s.substr(b, e - b);
  });
}

// left(s, k) / right(s, k); a negative k drops |k| characters from the other end.
template <bool kLeftSide>
Status LeftRight(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string*) -> Result<std::string_view> {
    std::string_view s = StrAt(args[0], i);
    int64_t k = IntAt(args[1], i);
    int64_t count = static_cast<int64_t>(Utf8Count(s));
    int64_t keep = k >= 0 ? std::min(k, count) : std::max<int64_t>(0, count + k);
    if (kLeftSide) return s.substr(0, Utf8Offset(s, keep));
    return s.substr(Utf8Offset(s, count - keep));
  });
}

template <bool kLeftPad>
Status Pad(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    std::string_view s = StrAt(args[0], i);
    int64_t len = std::min<int64_t>(IntAt(args[1], i), kMaxLen);
    std::string_view fill = args.size() > 2 ? StrAt(args[2], i) : std::string_view(" ");
    int64_t count = static_cast<int64_t>(Utf8Count(s));
    if (len <= 0) return std::string_view();
    if (count >= len || fill.empty()) return s.substr(0, Utf8Offset(s, len));
    std::string pad;
    size_t fill_chars = Utf8Count(fill);
    for (int64_t need = len - count; need > 0;) {
      int64_t take = std::min<int64_t>(need, static_cast<int64_t>(fill_chars));
      pad.append(fill.substr(0, Utf8Offset(fill, take)));
      need -= take;
    }
    *buf = kLeftPad ? pad + std::string(s) : std::string(s) + pad;
    return std::string_view(*buf);
  });
}

Status SplitPart(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string*) -> Result<std::string_view> {
    std::string_view s = StrAt(args[0], i), delim = StrAt(args[1], i);
    int64_t field = IntAt(args[2], i);
    if (field <= 0) return Status(ErrorCode::kInvalidParameterValue, "field position must be greater than zero");
    if (delim.empty()) return field == 1 ? s : std::string_view();
    size_t at = 0;
    for (int64_t k = 1; k < field; k++) {
      size_t hit = s.find(delim, at);
      if (hit == std::string_view::npos) return std::string_view();
      at = hit + delim.size();
    }
    size_t end = s.find(delim, at);
    return s.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
  });
}

bool IsStringish(const LogicalType& t) {
  return t.IsString() || t.id() == TypeId::kNull;
}
bool IsIntegral(const LogicalType& t) {
  return t.IsInteger() || t.id() == TypeId::kNull;
}

Result<BoundScalarFunction> ResolveSubstring(const std::string& name, const std::vector<LogicalType>& args,
                                             const std::vector<Value>&) {
  if (args.size() < 2 || args.size() > 3 || !IsStringish(args[0]) || !IsIntegral(args[1]) ||
      (args.size() == 3 && !IsIntegral(args[2]))) {
    return NoSuchFunction(name, args);
  }
  std::vector<LogicalType> types = {StringArg(args[0]), LogicalType::BigInt()};
  if (args.size() == 3) types.push_back(LogicalType::BigInt());
  return MakeBound(name, types, LogicalType::Varchar(types[0].length()), Substring);
}

Result<BoundScalarFunction> ResolveTrim(const std::string& name, const std::vector<LogicalType>& args,
                                        const std::vector<Value>&) {
  if (args.empty() || args.size() > 2 || !IsStringish(args[0]) || (args.size() == 2 && !IsStringish(args[1]))) {
    return NoSuchFunction(name, args);
  }
  ScalarKernel k = name == "ltrim" ? Trim<true, false> : name == "rtrim" ? Trim<false, true> : Trim<true, true>;
  std::vector<LogicalType> types = {StringArg(args[0])};
  if (args.size() == 2) types.push_back(StringArg(args[1]));
  return MakeBound(name, types, LogicalType::Varchar(types[0].length()), k);
}

Result<BoundScalarFunction> ResolveLeftRight(const std::string& name, const std::vector<LogicalType>& args,
                                             const std::vector<Value>&) {
  if (args.size() != 2 || !IsStringish(args[0]) || !IsIntegral(args[1])) return NoSuchFunction(name, args);
  LogicalType t = StringArg(args[0]);
  return MakeBound(name, {t, LogicalType::BigInt()}, LogicalType::Varchar(t.length()),
                   name == "left" ? LeftRight<true> : LeftRight<false>);
}

Result<BoundScalarFunction> ResolvePad(const std::string& name, const std::vector<LogicalType>& args,
                                       const std::vector<Value>&) {
  if (args.size() < 2 || args.size() > 3 || !IsStringish(args[0]) || !IsIntegral(args[1]) ||
      (args.size() == 3 && !IsStringish(args[2]))) {
    return NoSuchFunction(name, args);
  }
  std::vector<LogicalType> types = {StringArg(args[0]), LogicalType::BigInt()};
  if (args.size() == 3) types.push_back(StringArg(args[2]));
  return MakeBound(name, types, LogicalType::Varchar(kMaxLen), name == "lpad" ? Pad<true> : Pad<false>);
}

Result<BoundScalarFunction> ResolveSplitPart(const std::string& name, const std::vector<LogicalType>& args,
                                             const std::vector<Value>&) {
  if (args.size() != 3 || !IsStringish(args[0]) || !IsStringish(args[1]) || !IsIntegral(args[2])) {
    return NoSuchFunction(name, args);
  }
  LogicalType t = StringArg(args[0]);
  return MakeBound(name, {t, StringArg(args[1]), LogicalType::BigInt()}, LogicalType::Varchar(t.length()), SplitPart);
}

}  // namespace

std::vector<ScalarEntry> StringEditFunctions() {
  return {{"substring", ResolveSubstring},
          {"substr", ResolveSubstring},
          {"trim", ResolveTrim},
          {"btrim", ResolveTrim},
          {"ltrim", ResolveTrim},
          {"rtrim", ResolveTrim},
          {"left", ResolveLeftRight},
          {"right", ResolveLeftRight},
          {"lpad", ResolvePad},
          {"rpad", ResolvePad},
          {"split_part", ResolveSplitPart}};
}

}  // namespace blueshift::scalar_internal
