// Hash functions: MD5, SHA/SHA1/FUNC_SHA1, SHA2, FNV_HASH and CRC32. The digests print as lower-case hex as
// Redshift does; CRC32 is CRC-32C (Castagnoli), as Redshift's documentation states; FNV_HASH is 64-bit
// FNV-1a over the value's binary form (4 bytes for INTEGER, 8 for BIGINT, the bytes of a string including
// trailing blanks), with an optional BIGINT seed that replaces the offset basis so hashes can be chained.

#include <openssl/evp.h>

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

}  // namespace

std::vector<ScalarEntry> HashFunctions() {
  return {{"md5", ResolveDigest},   {"sha", ResolveDigest}, {"sha1", ResolveDigest},     {"func_sha1", ResolveDigest},
          {"crc32", ResolveDigest}, {"sha2", ResolveSha2},  {"fnv_hash", ResolveFnvHash}};
}

}  // namespace blueshift::scalar_internal
