// Hash functions: MD5, SHA/SHA1/FUNC_SHA1, SHA2, FNV_HASH, MURMUR3_32_HASH, CRC32, CHECKSUM and FARMFINGERPRINT64.
// The digests print as lower-case hex as Redshift does; CRC32 is CRC-32C (Castagnoli), as Redshift's documentation
// states; FNV_HASH is 64-bit FNV-1a over the value's binary form (4 bytes for INTEGER, 8 for BIGINT, the bytes of a
// string including trailing blanks), with an optional BIGINT seed that replaces the offset basis so hashes can be
// chained. FARMFINGERPRINT64 is FarmHash's Fingerprint64 of a VARCHAR's or VARBYTE's bytes.

#include <openssl/evp.h>

#include <cstring>

#include "function/farm_fingerprint.h"
#include "function/string_kernels.h"
#include "util/crc32c.h"

namespace blueshift::scalar_internal {
namespace {

std::string Hex(const unsigned char* bytes, size_t n) {
  static const char kDigits[] = "0123456789abcdef";
  std::string s(n * 2, '0');
  for (size_t i = 0; i < n; i++) {
    s[2 * i] = kDigits[bytes[i] >> 4];
    s[2 * i + 1] = kDigits[bytes[i] & 15];
  }
  return s;
}

Status Digest(const EVP_MD* md, std::string_view in, std::string* out) {
  unsigned char buf[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(in.data(), in.size(), buf, &len, md, nullptr) != 1)
    return Status(ErrorCode::kInternal, "digest computation failed");
  *out = Hex(buf, len);
  return Status::OK();
}

Status Md5(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    RETURN_IF_ERROR(Digest(EVP_md5(), StrAt(args[0], i), buf));
    return std::string_view(*buf);
  });
}

Status Sha1(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    RETURN_IF_ERROR(Digest(EVP_sha1(), StrAt(args[0], i), buf));
    return std::string_view(*buf);
  });
}

const EVP_MD* Sha2Digest(int64_t bits) {
  switch (bits) {
    case 0:
    case 256:
      return EVP_sha256();
    case 224:
      return EVP_sha224();
    case 384:
      return EVP_sha384();
    case 512:
      return EVP_sha512();
    default:
      return nullptr;
  }
}

Status Sha2(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    int64_t bits = IntAt(args[1], i);
    const EVP_MD* md = Sha2Digest(bits);
    if (md == nullptr)
      return Status(ErrorCode::kInvalidParameterValue,
                    "Invalid input for bits: " + std::to_string(bits) + ". Valid values are 0, 224, 256, 384, 512.");
    RETURN_IF_ERROR(Digest(md, StrAt(args[0], i), buf));
    return std::string_view(*buf);
  });
}

Status Crc32(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    uint32_t crc = Crc32c(StrAt(args[0], i));
    const unsigned char bytes[] = {static_cast<unsigned char>(crc >> 24), static_cast<unsigned char>(crc >> 16),
                                   static_cast<unsigned char>(crc >> 8), static_cast<unsigned char>(crc)};
    *buf = Hex(bytes, 4);
    return std::string_view(*buf);
  });
}

constexpr uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ULL;
constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

uint64_t Fnv1a(uint64_t h, const void* data, size_t len) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (size_t k = 0; k < len; k++) {
    h ^= p[k];
    h *= kFnvPrime;
  }
  return h;
}

Status FnvHash(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  const Vector* v = args[0];
  bool is_string = v->type().physical() == PhysicalType::kString;
  size_t width = is_string ? 0 : static_cast<size_t>(v->type().FixedWidth());
  int64_t* r = out->data<int64_t>();
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    uint64_t h = args.size() > 1 ? static_cast<uint64_t>(IntAt(args[1], i)) : kFnvOffsetBasis;
    if (is_string) {
      std::string_view s = StrAt(v, i);
      h = Fnv1a(h, s.data(), s.size());
    } else {
      h = Fnv1a(h, v->raw_data() + i * width, width);
    }
    r[i] = static_cast<int64_t>(h);
  }
  return Status::OK();
}

bool StringOrNull(const LogicalType& t) {
  return t.IsString() || t.id() == TypeId::kNull;
}

LogicalType AsString(const LogicalType& t) {
  return t.IsString() ? t : LogicalType::Varchar(LogicalType::kMaxVarcharLength);
}

Result<BoundScalarFunction> ResolveDigest(const std::string& name, const std::vector<LogicalType>& args,
                                          const std::vector<Value>&) {
  if (args.size() != 1 || !StringOrNull(args[0])) return NoSuchFunction(name, args);
  if (name == "md5") return MakeBound(name, {AsString(args[0])}, LogicalType::Varchar(32), Md5);
  if (name == "crc32") return MakeBound(name, {AsString(args[0])}, LogicalType::Varchar(8), Crc32);
  return MakeBound(name, {AsString(args[0])}, LogicalType::Varchar(40), Sha1);
}

Result<BoundScalarFunction> ResolveSha2(const std::string& name, const std::vector<LogicalType>& args,
                                        const std::vector<Value>&) {
  if (args.size() != 2 || !StringOrNull(args[0]) || !(args[1].IsInteger() || args[1].id() == TypeId::kNull))
    return NoSuchFunction(name, args);
  return MakeBound(name, {AsString(args[0]), LogicalType::Integer()}, LogicalType::Varchar(128), Sha2);
}

Result<BoundScalarFunction> ResolveFnvHash(const std::string& name, const std::vector<LogicalType>& args,
                                           const std::vector<Value>&) {
  if (args.empty() || args.size() > 2) return NoSuchFunction(name, args);
  if (args.size() == 2 && !(args[1].IsInteger() || args[1].id() == TypeId::kNull)) return NoSuchFunction(name, args);
  std::vector<LogicalType> types = {args[0].id() == TypeId::kNull ? LogicalType::Varchar() : args[0]};
  if (args.size() == 2) types.push_back(LogicalType::BigInt());
  return MakeBound(name, std::move(types), LogicalType::BigInt(), FnvHash);
}

// MurmurHash3_x86_32 of bytes with a seed.
uint32_t Murmur3_32(const uint8_t* data, size_t len, uint32_t seed) {
  constexpr uint32_t c1 = 0xcc9e2d51, c2 = 0x1b873593;
  auto rotl = [](uint32_t x, int r) { return (x << r) | (x >> (32 - r)); };
  uint32_t h = seed;
  const size_t blocks = len / 4;
  for (size_t b = 0; b < blocks; b++) {
    uint32_t k;
    std::memcpy(&k, data + 4 * b, 4);  // little-endian, as the reference implementation on x86
    k *= c1;
    k = rotl(k, 15);
    k *= c2;
    h ^= k;
    h = rotl(h, 13);
    h = h * 5 + 0xe6546b64;
  }
  const uint8_t* tail = data + 4 * blocks;
  uint32_t k = 0;
  switch (len & 3) {
    case 3:
      k ^= static_cast<uint32_t>(tail[2]) << 16;
      [[fallthrough]];
    case 2:
      k ^= static_cast<uint32_t>(tail[1]) << 8;
      [[fallthrough]];
    case 1:
      k ^= tail[0];
      k *= c1;
      k = rotl(k, 15);
      k *= c2;
      h ^= k;
  }
  h ^= static_cast<uint32_t>(len);
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return h;
}

// MURMUR3_32_HASH(value [, seed]): 32-bit Murmur3 of the value's form in Apache Iceberg's hash
// specification: integers, dates, times and timestamps as an 8-byte little-endian long, REAL and DOUBLE as
// the 8 bytes of the double, strings as their bytes, DECIMAL as the fewest big-endian two's-complement
// bytes of the unscaled value.
Status Murmur3Hash(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  const Vector* v = args[0];
  int32_t* r = out->data<int32_t>();
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    const auto seed = static_cast<uint32_t>(args.size() > 1 ? IntAt(args[1], i) : 0);
    uint8_t buf[16];
    const uint8_t* bytes = buf;
    size_t len = 8;
    switch (v->type().physical()) {
      case PhysicalType::kString: {
        std::string_view s = StrAt(v, i);
        bytes = reinterpret_cast<const uint8_t*>(s.data());
        len = s.size();
        break;
      }
      case PhysicalType::kFloat:
      case PhysicalType::kDouble: {
        const double d = v->type().physical() == PhysicalType::kFloat ? v->data<float>()[i] : v->data<double>()[i];
        std::memcpy(buf, &d, 8);
        break;
      }
      case PhysicalType::kInt128:
      default:
        if (v->type().id() == TypeId::kDecimal) {
          __int128 u = v->type().physical() == PhysicalType::kInt128 ? v->data<__int128>()[i] : IntAt(v, i);
          len = 1;  // the fewest bytes whose sign bit is the value's
          while (len < 16 && !(u >= -(static_cast<__int128>(1) << (8 * len - 1)) &&
                               u < (static_cast<__int128>(1) << (8 * len - 1))))
            len++;
          for (size_t k = 0; k < len; k++) buf[len - 1 - k] = static_cast<uint8_t>(u >> (8 * k));
        } else {
          const int64_t x = IntAt(v, i);
          std::memcpy(buf, &x, 8);
        }
        break;
    }
    r[i] = static_cast<int32_t>(Murmur3_32(bytes, len, seed));
  }
  return Status::OK();
}

Result<BoundScalarFunction> ResolveMurmur3(const std::string& name, const std::vector<LogicalType>& args,
                                           const std::vector<Value>&) {
  if (args.empty() || args.size() > 2) return NoSuchFunction(name, args);
  if (args.size() == 2 && !(args[1].IsInteger() || args[1].id() == TypeId::kNull)) return NoSuchFunction(name, args);
  const LogicalType& t = args[0];
  const bool hashable = t.id() == TypeId::kNull || t.IsString() || t.IsInteger() || t.id() == TypeId::kDecimal ||
                        t.id() == TypeId::kReal || t.id() == TypeId::kDouble || t.id() == TypeId::kDate ||
                        t.id() == TypeId::kTimestamp || t.id() == TypeId::kTimestampTz || t.id() == TypeId::kTime ||
                        t.id() == TypeId::kVarbyte || t.id() == TypeId::kBoolean;
  if (!hashable) return NoSuchFunction(name, args);
  std::vector<LogicalType> types = {t.id() == TypeId::kNull ? LogicalType::Varchar() : t};
  if (args.size() == 2) types.push_back(LogicalType::Integer());
  return MakeBound(name, std::move(types), LogicalType::Integer(), Murmur3Hash);
}

// Folds a 128-bit value to 32 bits: itself when it fits, else the XOR of its four 32-bit words.
int32_t FoldTo32(int128_t v) {
  if (v >= INT32_MIN && v <= INT32_MAX) return static_cast<int32_t>(v);
  const auto u = static_cast<unsigned __int128>(v);
  return static_cast<int32_t>(static_cast<uint32_t>(u) ^ static_cast<uint32_t>(u >> 32) ^
                              static_cast<uint32_t>(u >> 64) ^ static_cast<uint32_t>(u >> 96));
}

// CHECKSUM(expr): an INTEGER for building a hash index. Redshift's example (checksum(109.20) = 10920) shows a
// number's checksum is its unscaled value; values past 32 bits fold. A string's is its CRC-32C as a signed
// INTEGER, CHAR without its trailing blanks (the documentation gives no string example to match).
Status Checksum(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  const Vector* v = args[0];
  int32_t* r = out->data<int32_t>();
  const bool is_string = v->type().physical() == PhysicalType::kString;
  const bool is_char = v->type().id() == TypeId::kChar;
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    if (is_string) {
      std::string_view s = is_char ? RTrimBlanks(StrAt(v, i)) : StrAt(v, i);
      r[i] = static_cast<int32_t>(Crc32c(s));
    } else {
      r[i] = FoldTo32(v->type().physical() == PhysicalType::kInt128 ? v->data<int128_t>()[i] : IntAt(v, i));
    }
  }
  return Status::OK();
}

Result<BoundScalarFunction> ResolveChecksum(const std::string& name, const std::vector<LogicalType>& args,
                                            const std::vector<Value>&) {
  if (args.size() != 1) return NoSuchFunction(name, args);
  const LogicalType& t = args[0];
  if (!(StringOrNull(t) || t.IsInteger() || t.id() == TypeId::kDecimal)) return NoSuchFunction(name, args);
  return MakeBound(name, {t.id() == TypeId::kNull ? LogicalType::Varchar() : t}, LogicalType::Integer(), Checksum);
}

Status FarmFingerprint(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  int64_t* r = out->data<int64_t>();
  for (size_t i = 0; i < n; i++) {
    if (RowValid(args, i, out)) r[i] = static_cast<int64_t>(FarmFingerprint64(StrAt(args[0], i)));
  }
  return Status::OK();
}

Result<BoundScalarFunction> ResolveFarmFingerprint(const std::string& name, const std::vector<LogicalType>& args,
                                                   const std::vector<Value>&) {
  if (args.size() != 1 || !(StringOrNull(args[0]) || args[0].IsVarbyte())) return NoSuchFunction(name, args);
  LogicalType t = args[0].IsVarbyte() ? args[0] : AsString(args[0]);
  return MakeBound(name, {t}, LogicalType::BigInt(), FarmFingerprint);
}

}  // namespace

std::vector<ScalarEntry> HashFunctions() {
  return {{"md5", ResolveDigest},        {"sha", ResolveDigest},
          {"sha1", ResolveDigest},       {"func_sha1", ResolveDigest},
          {"crc32", ResolveDigest},      {"sha2", ResolveSha2},
          {"fnv_hash", ResolveFnvHash},  {"murmur3_32_hash", ResolveMurmur3},
          {"checksum", ResolveChecksum}, {"farmfingerprint64", ResolveFarmFingerprint}};
}

}  // namespace blueshift::scalar_internal
