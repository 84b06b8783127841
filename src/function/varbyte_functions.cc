// VARBYTE functions and operators (Redshift's "VARBYTE functions and operators" page): comparisons, || and +
// (concatenation), LEN/LENGTH/OCTET_LENGTH, SUBSTRING/SUBSTR, GETBIT, and the conversions TO_VARBYTE,
// FROM_VARBYTE, FROM_HEX and TO_HEX. Binary values never convert implicitly, so every overload here takes
// VARBYTE where the bytes are meant and anything else is "does not exist" (42883).

#include <algorithm>
#include <functional>

#include "function/string_kernels.h"
#include "types/varbyte.h"

namespace blueshift::scalar_internal {
namespace {

constexpr int kMaxBytes = LogicalType::kMaxVarbyteLength;

bool IsVarbyteOrNull(const LogicalType& t) {
  return t.IsVarbyte() || t.id() == TypeId::kNull;
}

bool IsIntegerOrNull(const LogicalType& t) {
  return t.IsInteger() || t.id() == TypeId::kNull;
}

bool IsStringOrNull(const LogicalType& t) {
  return t.IsString() || t.id() == TypeId::kNull;
}

LogicalType VarbyteArg(const LogicalType& t) {
  return t.IsVarbyte() ? t : LogicalType::Varbyte(kMaxBytes);
}

LogicalType StringArg(const LogicalType& t) {
  return t.IsString() ? t : LogicalType::Varchar(LogicalType::kMaxVarcharLength);
}

// Byte-exact: unlike CHAR/VARCHAR, a trailing 0x20 is a significant byte.
template <typename Holds>
Status CompareBytes(std::span<const Vector* const> args, size_t n, Vector* out) {
  uint8_t* r = out->data<uint8_t>();
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    r[i] = Holds()(StrAt(args[0], i).compare(StrAt(args[1], i)), 0);
  }
  return Status::OK();
}

template <typename Holds>
Status CompareKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return CompareBytes<Holds>(args, n, out);
}

ScalarKernel CompareFor(const std::string& op) {
  if (op == "=") return CompareKernel<std::equal_to<int>>;
  if (op == "<>" || op == "!=") return CompareKernel<std::not_equal_to<int>>;
  if (op == "<") return CompareKernel<std::less<int>>;
  if (op == "<=") return CompareKernel<std::less_equal<int>>;
  if (op == ">") return CompareKernel<std::greater<int>>;
  return CompareKernel<std::greater_equal<int>>;
}

Result<BoundScalarFunction> ResolveCompare(const std::string& name, const std::vector<LogicalType>& args,
                                           const std::vector<Value>&) {
  if (args.size() != 2 || !IsVarbyteOrNull(args[0]) || !IsVarbyteOrNull(args[1])) return NoSuchFunction(name, args);
  return MakeBound(name, {VarbyteArg(args[0]), VarbyteArg(args[1])}, LogicalType::Boolean(), CompareFor(name));
}

Status Concat(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    buf->append(StrAt(args[0], i));
    buf->append(StrAt(args[1], i));
    if (buf->size() > static_cast<size_t>(kMaxBytes)) {
      return Status(ErrorCode::kStringDataRightTruncation,
                    "value too long for type " + LogicalType::Varbyte(kMaxBytes).ToString());
    }
    return std::string_view(*buf);
  });
}

Result<BoundScalarFunction> ResolveConcat(const std::string& name, const std::vector<LogicalType>& args,
                                          const std::vector<Value>&) {
  if (args.size() != 2 || !IsVarbyteOrNull(args[0]) || !IsVarbyteOrNull(args[1])) return NoSuchFunction(name, args);
  LogicalType a = VarbyteArg(args[0]), b = VarbyteArg(args[1]);
  int len = static_cast<int>(std::min<int64_t>(kMaxBytes, int64_t(a.length()) + b.length()));
  return MakeBound(name, {a, b}, LogicalType::Varbyte(len), Concat);
}

Status ByteLength(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToInt(args, n, out, [&](size_t i) { return static_cast<int32_t>(StrAt(args[0], i).size()); });
}

Result<BoundScalarFunction> ResolveLength(const std::string& name, const std::vector<LogicalType>& args,
                                          const std::vector<Value>&) {
  if (args.size() != 1 || !args[0].IsVarbyte()) return NoSuchFunction(name, args);
  return MakeBound(name, {args[0]}, LogicalType::Integer(), ByteLength);
}

// substring(b, start [, count]): bytes [start, start + count) intersected with [1, n], as for strings but
// counting bytes.
Status Substring(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string*) -> Result<std::string_view> {
    std::string_view s = StrAt(args[0], i);
    ASSIGN_OR_RETURN(auto bounds, SubstringBounds(args, i));
    auto [from, end] = bounds;
    int64_t size = static_cast<int64_t>(s.size());
    if (end <= from || from > size) return std::string_view();
    int64_t to = std::min(end, size + 1);
    return s.substr(static_cast<size_t>(from - 1), static_cast<size_t>(to - from));
  });
}

Result<BoundScalarFunction> ResolveSubstring(const std::string& name, const std::vector<LogicalType>& args,
                                             const std::vector<Value>&) {
  if (args.size() < 2 || args.size() > 3 || !args[0].IsVarbyte() || !IsIntegerOrNull(args[1]) ||
      (args.size() == 3 && !IsIntegerOrNull(args[2]))) {
    return NoSuchFunction(name, args);
  }
  std::vector<LogicalType> types = {args[0], LogicalType::BigInt()};
  if (args.size() == 3) types.push_back(LogicalType::BigInt());
  return MakeBound(name, types, args[0], Substring);
}

// getbit(b, k): bit k counting from the least significant bit of the last byte.
Status GetBit(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  int32_t* r = out->data<int32_t>();
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    std::string_view s = StrAt(args[0], i);
    int64_t k = IntAt(args[1], i);
    int64_t bits = static_cast<int64_t>(s.size()) * 8;
    if (k < 0 || k >= bits) {
      return Status(ErrorCode::kInvalidParameterValue,
                    "bit index " + std::to_string(k) + " out of valid range (0.." + std::to_string(bits - 1) + ")");
    }
    auto byte = static_cast<uint8_t>(s[s.size() - 1 - static_cast<size_t>(k / 8)]);
    r[i] = (byte >> (k % 8)) & 1;
  }
  return Status::OK();
}

Result<BoundScalarFunction> ResolveGetBit(const std::string& name, const std::vector<LogicalType>& args,
                                          const std::vector<Value>&) {
  if (args.size() != 2 || !IsVarbyteOrNull(args[0]) || !IsIntegerOrNull(args[1])) return NoSuchFunction(name, args);
  return MakeBound(name, {VarbyteArg(args[0]), LogicalType::BigInt()}, LogicalType::Integer(), GetBit);
}

enum class ByteFormat { kHex, kBinary, kUtf8, kBase64 };

Result<ByteFormat> ParseFormat(std::string_view text) {
  std::string f = Lower(text);
  if (f == "hex") return ByteFormat::kHex;
  if (f == "binary") return ByteFormat::kBinary;
  if (f == "utf8" || f == "utf-8" || f == "utf_8") return ByteFormat::kUtf8;
  if (f == "base64") return ByteFormat::kBase64;
  return Status(ErrorCode::kInvalidParameterValue,
                "invalid format \"" + std::string(text) + "\": the format must be hex, binary, utf8 or base64");
}

Status BadInput(ByteFormat f, std::string_view text) {
  static const char* kNames[] = {"hex", "binary", "utf8", "base64"};
  return Status(ErrorCode::kInvalidTextRepresentation,
                std::string("invalid ") + kNames[static_cast<int>(f)] + " input: \"" + std::string(text) + "\"");
}

// The format argument may differ per row; it is parsed for each row (cheap: a handful of bytes).
Status ToVarbyte(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    std::string_view s = StrAt(args[0], i);
    ASSIGN_OR_RETURN(ByteFormat f,
                     args.size() > 1 ? ParseFormat(StrAt(args[1], i)) : Result<ByteFormat>(ByteFormat::kHex));
    bool ok = true;
    switch (f) {
      case ByteFormat::kHex:
        ok = HexDecode(s, buf);
        break;
      case ByteFormat::kBinary:
        ok = BitsDecode(s, buf);
        break;
      case ByteFormat::kUtf8:
        return s;
      case ByteFormat::kBase64:
        ok = Base64Decode(s, buf);
        break;
    }
    if (!ok) return BadInput(f, s);
    return std::string_view(*buf);
  });
}

Result<BoundScalarFunction> ResolveToVarbyte(const std::string& name, const std::vector<LogicalType>& args,
                                             const std::vector<Value>&) {
  size_t want = name == "from_hex" ? 1 : 2;
  if (args.size() != want || !IsStringOrNull(args[0]) || (want == 2 && !IsStringOrNull(args[1]))) {
    return NoSuchFunction(name, args);
  }
  std::vector<LogicalType> types = {StringArg(args[0])};
  if (want == 2) types.push_back(StringArg(args[1]));
  return MakeBound(name, types, LogicalType::Varbyte(kMaxBytes), ToVarbyte);
}

Status FromVarbyte(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    std::string_view b = StrAt(args[0], i);
    ASSIGN_OR_RETURN(ByteFormat f,
                     args.size() > 1 ? ParseFormat(StrAt(args[1], i)) : Result<ByteFormat>(ByteFormat::kHex));
    switch (f) {
      case ByteFormat::kHex:
        *buf = HexEncode(b);
        break;
      case ByteFormat::kBinary:
        *buf = BitsEncode(b);
        break;
      case ByteFormat::kUtf8:
        if (!IsValidUtf8(b)) {
          return Status(ErrorCode::kInvalidTextRepresentation, "invalid byte sequence for encoding \"UTF8\"");
        }
        return b;
      case ByteFormat::kBase64:
        *buf = Base64Encode(b);
        break;
    }
    if (buf->size() > static_cast<size_t>(LogicalType::kMaxVarcharLength)) {
      return Status(ErrorCode::kStringDataRightTruncation,
                    "value too long for type " + LogicalType::Varchar(LogicalType::kMaxVarcharLength).ToString());
    }
    return std::string_view(*buf);
  });
}

// TO_HEX of an integer prints its two's complement bits without leading zeros (to_hex(-1) is 16 f's).
Status IntegerToHex(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    static constexpr char kDigits[] = "0123456789abcdef";
    auto v = static_cast<uint64_t>(IntAt(args[0], i));
    do {
      buf->insert(buf->begin(), kDigits[v & 15]);
      v >>= 4;
    } while (v != 0);
    return std::string_view(*buf);
  });
}

Result<BoundScalarFunction> ResolveFromVarbyte(const std::string& name, const std::vector<LogicalType>& args,
                                               const std::vector<Value>&) {
  LogicalType text = LogicalType::Varchar(LogicalType::kMaxVarcharLength);
  if (name == "to_hex" && args.size() == 1 && args[0].IsInteger()) {
    return MakeBound(name, {LogicalType::BigInt()}, text, IntegerToHex);
  }
  size_t want = name == "to_hex" ? 1 : 2;
  if (args.size() != want || !IsVarbyteOrNull(args[0]) || (want == 2 && !IsStringOrNull(args[1]))) {
    return NoSuchFunction(name, args);
  }
  std::vector<LogicalType> types = {VarbyteArg(args[0])};
  if (want == 2) types.push_back(StringArg(args[1]));
  return MakeBound(name, types, text, FromVarbyte);
}

}  // namespace

std::vector<ScalarEntry> VarbyteOverloads() {
  return {{"=", ResolveCompare},           {"<>", ResolveCompare},          {"!=", ResolveCompare},
          {"<", ResolveCompare},           {"<=", ResolveCompare},          {">", ResolveCompare},
          {">=", ResolveCompare},          {"||", ResolveConcat},           {"+", ResolveConcat},
          {"concat", ResolveConcat},       {"length", ResolveLength},       {"len", ResolveLength},
          {"octet_length", ResolveLength}, {"substring", ResolveSubstring}, {"substr", ResolveSubstring}};
}

std::vector<ScalarEntry> VarbyteFunctions() {
  return {{"to_varbyte", ResolveToVarbyte},
          {"from_hex", ResolveToVarbyte},
          {"from_varbyte", ResolveFromVarbyte},
          {"to_hex", ResolveFromVarbyte},
          {"getbit", ResolveGetBit}};
}

}  // namespace blueshift::scalar_internal
