#include <zstd.h>

#include <mutex>
#include <vector>

#include "storage/encoding.h"

namespace blueshift::storage {
namespace {

// Level 3 (zstd's default): most of the ratio of the higher levels at several times their speed, which
// matters because COPY pays it.
constexpr int kZstdLevel = 3;

// Compression contexts kept for reuse: ZSTD_compress makes and frees one (with its workspace) per call,
// which for the small blocks of a write-store fold cost more than compressing them (78K instructions per
// call). At most kKeep idle contexts stay; more are freed. Thread-safe.
class ContextPool {
 public:
  static constexpr size_t kKeep = 8;
  ZSTD_CCtx* Take() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!idle_.empty()) {
        ZSTD_CCtx* ctx = idle_.back();
        idle_.pop_back();
        return ctx;
      }
    }
    return ZSTD_createCCtx();
  }
  void Return(ZSTD_CCtx* ctx) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (idle_.size() < kKeep) {
        idle_.push_back(ctx);
        return;
      }
    }
    ZSTD_freeCCtx(ctx);
  }

 private:
  std::mutex mu_;
  std::vector<ZSTD_CCtx*> idle_;
};

ContextPool& Contexts() {
  static ContextPool* pool = new ContextPool();  // never destroyed: compressing threads may outlive statics
  return *pool;
}

}  // namespace

// Payload: u32 size of the RAW payload, then one zstd frame (libzstd) holding that RAW payload.
void EncodeZstd(const ColumnSpan& in, ByteWriter* out) {
  ByteWriter raw;
  EncodeRaw(in, &raw);
  std::string compressed(ZSTD_compressBound(raw.size()), '\0');
  ZSTD_CCtx* ctx = Contexts().Take();
  CHECK(ctx != nullptr);
  size_t n = ZSTD_compressCCtx(ctx, compressed.data(), compressed.size(), raw.data().data(), raw.size(), kZstdLevel);
  Contexts().Return(ctx);
  CHECK(!ZSTD_isError(n));
  out->U32(static_cast<uint32_t>(raw.size()));
  out->Bytes(compressed.data(), n);
}

Result<std::shared_ptr<const std::string>> ExpandZstd(std::string_view payload) {
  ByteReader r(payload);
  uint32_t raw_size = r.U32();
  if (!r.ok() || raw_size > kMaxRawPayloadBytes) return PayloadCorrupt("ZSTD payload claims an impossible size");
  auto raw = std::make_shared<std::string>(raw_size, '\0');
  size_t n = ZSTD_decompress(raw->data(), raw_size, r.position(), r.remaining());
  if (ZSTD_isError(n) || n != raw_size) return PayloadCorrupt("ZSTD payload does not decompress");
  return std::shared_ptr<const std::string>(std::move(raw));
}

Status DecodeZstd(PhysicalType type, std::string_view payload, DecodedBlock* out) {
  ASSIGN_OR_RETURN(std::shared_ptr<const std::string> raw, ExpandZstd(payload));
  return DecodeRawBuffer(type, std::move(raw), out);
}

}  // namespace blueshift::storage
