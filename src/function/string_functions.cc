// Case, length, concatenation and search functions on CHAR/VARCHAR. Lengths and positions count UTF-8
// characters; CHAR arguments ignore their blank padding where Redshift does (LENGTH).

#include <algorithm>
#include <cctype>

#include "function/string_kernels.h"
#include "types/unicode_case.h"

namespace blueshift::scalar_internal {

size_t Utf8Count(std::string_view s) {
  size_t c = 0;
  for (unsigned char ch : s) c += (ch & 0xC0) != 0x80;
  return c;
}

size_t Utf8Offset(std::string_view s, int64_t k) {
  size_t i = 0;
  for (; i < s.size() && k > 0; k--) {
    i++;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) i++;
  }
  return i;
}

namespace {

constexpr int kMaxLen = LogicalType::kMaxVarcharLength;

LogicalType StringArg(const LogicalType& t) {
  return t.IsString() ? t : LogicalType::Varchar(kMaxLen);
}

int LengthOf(const LogicalType& t) {
  return t.IsString() ? t.length() : kMaxLen;
}

std::string_view Text(const Vector* v, size_t i) {
  std::string_view s = StrAt(v, i);
  return v->type().id() == TypeId::kChar ? RTrimBlanks(s) : s;
}

Status Concat(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    for (const Vector* a : args) buf->append(Text(a, i));
    return std::string_view(*buf);
  });
}

template <bool kUpper>
Status ChangeCase(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    kUpper ? Utf8ToUpper(StrAt(args[0], i), buf) : Utf8ToLower(StrAt(args[0], i), buf);
    return std::string_view(*buf);
  });
}

Status InitCap(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    Utf8InitCap(StrAt(args[0], i), buf);
    return std::string_view(*buf);
  });
}

Status CharLength(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToInt(args, n, out, [&](size_t i) { return static_cast<int32_t>(Utf8Count(Text(args[0], i))); });
}

Status OctetLength(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToInt(args, n, out, [&](size_t i) { return static_cast<int32_t>(StrAt(args[0], i).size()); });
}

// 1-based character position of needle in haystack, 0 when absent.
int32_t Position(std::string_view haystack, std::string_view needle) {
  size_t at = haystack.find(needle);
  return at == std::string_view::npos ? 0 : static_cast<int32_t>(Utf8Count(haystack.substr(0, at)) + 1);
}

// strpos(haystack, needle).
Status StrPos(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToInt(args, n, out, [&](size_t i) { return Position(Text(args[0], i), Text(args[1], i)); });
}

// position(needle, haystack) and charindex(needle, haystack).
Status PositionOf(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToInt(args, n, out, [&](size_t i) { return Position(Text(args[1], i), Text(args[0], i)); });
}

Status Reverse(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    std::string_view s = StrAt(args[0], i);
    size_t k = s.size();
    while (k > 0) {
      size_t start = k - 1;
      while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) start--;
      buf->append(s.substr(start, k - start));
      k = start;
    }
    return std::string_view(*buf);
  });
}

Status Replace(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    std::string_view s = StrAt(args[0], i), from = StrAt(args[1], i), to = StrAt(args[2], i);
    if (from.empty()) return s;
    for (size_t at = 0;;) {
      size_t hit = s.find(from, at);
      buf->append(s.substr(at, hit == std::string_view::npos ? std::string_view::npos : hit - at));
      if (hit == std::string_view::npos) break;
      buf->append(to);
      at = hit + from.size();
    }
    return std::string_view(*buf);
  });
}

Status Repeat(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    std::string_view s = StrAt(args[0], i);
    int64_t times = IntAt(args[1], i);
    if (times > 0 && s.size() * static_cast<size_t>(times) > static_cast<size_t>(kMaxLen)) {
      return Status(ErrorCode::kInvalidParameterValue, "requested length too large");
    }
    for (int64_t k = 0; k < times; k++) buf->append(s);
    return std::string_view(*buf);
  });
}

bool AllStringsOrNull(const std::vector<LogicalType>& args) {
  return std::all_of(args.begin(), args.end(),
                     [](const LogicalType& t) { return t.IsString() || t.id() == TypeId::kNull; });
}

Result<BoundScalarFunction> ResolveConcat(const std::string& name, const std::vector<LogicalType>& args,
                                          const std::vector<Value>&) {
  if (args.size() != 2) return NoSuchFunction(name, args);
  int len = std::min(kMaxLen, LengthOf(args[0]) + LengthOf(args[1]));
  return MakeBound(name, {StringArg(args[0]), StringArg(args[1])}, LogicalType::Varchar(len), Concat);
}

// One string argument, result a string of the same length.
Result<BoundScalarFunction> ResolveStringUnary(const std::string& name, const std::vector<LogicalType>& args,
                                               const std::vector<Value>&) {
  if (args.size() != 1 || !AllStringsOrNull(args)) return NoSuchFunction(name, args);
  ScalarKernel k = name == "upper"     ? ChangeCase<true>
                   : name == "lower"   ? ChangeCase<false>
                   : name == "initcap" ? InitCap
                                       : Reverse;
  LogicalType t = StringArg(args[0]);
  return MakeBound(name, {t}, LogicalType::Varchar(t.length()), k);
}

Result<BoundScalarFunction> ResolveLength(const std::string& name, const std::vector<LogicalType>& args,
                                          const std::vector<Value>&) {
  if (args.size() != 1 || !AllStringsOrNull(args)) return NoSuchFunction(name, args);
  return MakeBound(name, {StringArg(args[0])}, LogicalType::Integer(),
                   name == "octet_length" ? OctetLength : CharLength);
}

Result<BoundScalarFunction> ResolvePosition(const std::string& name, const std::vector<LogicalType>& args,
                                            const std::vector<Value>&) {
  if (args.size() != 2 || !AllStringsOrNull(args)) return NoSuchFunction(name, args);
  return MakeBound(name, {StringArg(args[0]), StringArg(args[1])}, LogicalType::Integer(),
                   name == "strpos" ? StrPos : PositionOf);
}

Result<BoundScalarFunction> ResolveReplace(const std::string& name, const std::vector<LogicalType>& args,
                                           const std::vector<Value>&) {
  if (args.size() != 3 || !AllStringsOrNull(args)) return NoSuchFunction(name, args);
  return MakeBound(name, {StringArg(args[0]), StringArg(args[1]), StringArg(args[2])}, LogicalType::Varchar(kMaxLen),
                   Replace);
}

Result<BoundScalarFunction> ResolveRepeat(const std::string& name, const std::vector<LogicalType>& args,
                                          const std::vector<Value>&) {
  if (args.size() != 2 || !AllStringsOrNull({args[0]}) || !(args[1].IsInteger() || args[1].id() == TypeId::kNull)) {
    return NoSuchFunction(name, args);
  }
  return MakeBound(name, {StringArg(args[0]), LogicalType::Integer()}, LogicalType::Varchar(kMaxLen), Repeat);
}

}  // namespace

std::vector<ScalarEntry> StringEditFunctions();

std::vector<ScalarEntry> StringFunctions() {
  std::vector<ScalarEntry> v = {
      {"||", ResolveConcat},           {"concat", ResolveConcat},
      {"upper", ResolveStringUnary},   {"lower", ResolveStringUnary},
      {"initcap", ResolveStringUnary}, {"reverse", ResolveStringUnary},
      {"length", ResolveLength},       {"len", ResolveLength},
      {"char_length", ResolveLength},  {"character_length", ResolveLength},
      {"textlen", ResolveLength},      {"octet_length", ResolveLength},
      {"strpos", ResolvePosition},     {"position", ResolvePosition},
      {"charindex", ResolvePosition},  {"replace", ResolveReplace},
      {"repeat", ResolveRepeat},       {"replicate", ResolveRepeat},
  };
  for (const ScalarEntry& e : StringEditFunctions()) v.push_back(e);
  return v;
}

}  // namespace blueshift::scalar_internal
