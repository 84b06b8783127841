#include "load/parquet_codec.h"

#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

namespace blueshift::load::parquet {

namespace {

Status PageError(Codec codec, const std::string& why) {
  return Status(ErrorCode::kInternal, std::string("Invalid Parquet page: ") + CodecName(codec) + " " + why);
}

Status Inflate(const uint8_t* data, size_t size, std::string* out) {
  z_stream s{};
  if (inflateInit2(&s, 15 + 32) != Z_OK) return PageError(Codec::kGzip, "cannot initialize zlib");
  s.next_in = const_cast<Bytef*>(data);
  s.avail_in = static_cast<uInt>(size);
  s.next_out = reinterpret_cast<Bytef*>(out->data());
  s.avail_out = static_cast<uInt>(out->size());
  int rc = inflate(&s, Z_FINISH);
  size_t produced = out->size() - s.avail_out;
  inflateEnd(&s);
  if (rc != Z_STREAM_END || produced != out->size()) return PageError(Codec::kGzip, "data is truncated or corrupt");
  return Status::OK();
}

}  // namespace

const char* CodecName(Codec codec) {
  switch (codec) {
    case Codec::kUncompressed:
      return "UNCOMPRESSED";
    case Codec::kSnappy:
      return "SNAPPY";
    case Codec::kGzip:
      return "GZIP";
    case Codec::kLzo:
      return "LZO";
    case Codec::kBrotli:
      return "BROTLI";
    case Codec::kLz4:
      return "LZ4";
    case Codec::kZstd:
      return "ZSTD";
  }
  return "unknown";
}

Status DecompressPage(Codec codec, const uint8_t* data, size_t size, size_t uncompressed_size, std::string* out) {
  out->resize(uncompressed_size);
  switch (codec) {
    case Codec::kUncompressed:
      if (size != uncompressed_size) return PageError(codec, "page sizes disagree");
      out->assign(reinterpret_cast<const char*>(data), size);
      return Status::OK();
    case Codec::kSnappy: {
      size_t n = 0;
      auto in = reinterpret_cast<const char*>(data);
      if (!snappy::GetUncompressedLength(in, size, &n) || n != uncompressed_size ||
          !snappy::RawUncompress(in, size, out->data()))
        return PageError(codec, "data is corrupt");
      return Status::OK();
    }
    case Codec::kGzip:
      return Inflate(data, size, out);
    case Codec::kZstd: {
      size_t n = ZSTD_decompress(out->data(), out->size(), data, size);
      if (ZSTD_isError(n) || n != uncompressed_size) return PageError(codec, "data is corrupt");
      return Status::OK();
    }
    default:
      return Status(ErrorCode::kFeatureNotSupported,
                    std::string("Parquet compression ") + CodecName(codec) + " is not supported");
  }
}

void CompressPage(Codec codec, std::string_view data, std::string* out) {
  if (codec == Codec::kSnappy) {
    snappy::Compress(data.data(), data.size(), out);
    return;
  }
  out->assign(data);
}

}  // namespace blueshift::load::parquet
