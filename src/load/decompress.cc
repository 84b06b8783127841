#include "load/decompress.h"

#include <bzlib.h>
#include <zlib.h>
#include <zstd.h>

#include <vector>

namespace blueshift::load {

namespace {

constexpr size_t kInputChunk = 1 << 20;

// The common part: an input buffer refilled from the compressed stream.
class CodecStream : public ByteStream {
 public:
  CodecStream(std::unique_ptr<ByteStream> in, std::string name) : in_(std::move(in)), name_(std::move(name)) {
    buf_.resize(kInputChunk);
  }

 protected:
  // Refills when empty; false at the end of the input.
  Result<bool> Fill() {
    if (pos_ < len_) return true;
    if (eof_) return false;
    ASSIGN_OR_RETURN(len_, in_->Read(buf_.data(), buf_.size()));
    pos_ = 0;
    eof_ = len_ == 0;
    return !eof_;
  }
  Status Corrupt(const std::string& codec, const std::string& why) const {
    return Status(ErrorCode::kInternal, codec + " error in \"" + name_ + "\": " + why);
  }

  std::unique_ptr<ByteStream> in_;
  std::string name_;
  std::vector<char> buf_;
  size_t pos_ = 0, len_ = 0;
  bool eof_ = false;
};

class GzipStream : public CodecStream {
 public:
  using CodecStream::CodecStream;
  ~GzipStream() override {
    if (init_) inflateEnd(&z_);
  }

  Result<size_t> Read(char* out, size_t n) override {
    if (!init_) {
      if (inflateInit2(&z_, 15 + 32) != Z_OK) return Corrupt("gzip", "cannot initialize zlib");
      init_ = true;
    }
    z_.next_out = reinterpret_cast<Bytef*>(out);
    z_.avail_out = static_cast<uInt>(n);
    while (z_.avail_out == n) {
      ASSIGN_OR_RETURN(bool more, Fill());
      if (!more) {
        if (in_member_) return Corrupt("gzip", "unexpected end of stream (truncated file)");
        break;
      }
      z_.next_in = reinterpret_cast<Bytef*>(buf_.data() + pos_);
      z_.avail_in = static_cast<uInt>(len_ - pos_);
      int rc = inflate(&z_, Z_NO_FLUSH);
      pos_ = len_ - z_.avail_in;
      in_member_ = true;
      if (rc == Z_STREAM_END) {  // another member may follow
        inflateReset(&z_);
        in_member_ = false;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return Corrupt("gzip", z_.msg ? z_.msg : "invalid compressed data");
      }
    }
    return n - z_.avail_out;
  }

 private:
  z_stream z_{};
  bool init_ = false;
  bool in_member_ = false;
};

class Bzip2Stream : public CodecStream {
 public:
  using CodecStream::CodecStream;
  ~Bzip2Stream() override {
    if (init_) BZ2_bzDecompressEnd(&z_);
  }

  Result<size_t> Read(char* out, size_t n) override {
    if (!init_) {
      if (BZ2_bzDecompressInit(&z_, 0, 0) != BZ_OK) return Corrupt("bzip2", "cannot initialize");
      init_ = true;
    }
    z_.next_out = out;
    z_.avail_out = static_cast<unsigned>(n);
    while (z_.avail_out == n) {
      ASSIGN_OR_RETURN(bool more, Fill());
      if (!more) {
        if (in_member_) return Corrupt("bzip2", "unexpected end of stream (truncated file)");
        break;
      }
      z_.next_in = buf_.data() + pos_;
      z_.avail_in = static_cast<unsigned>(len_ - pos_);
      int rc = BZ2_bzDecompress(&z_);
      pos_ = len_ - z_.avail_in;
      in_member_ = true;
      if (rc == BZ_STREAM_END) {
        BZ2_bzDecompressEnd(&z_);
        BZ2_bzDecompressInit(&z_, 0, 0);
        in_member_ = false;
      } else if (rc != BZ_OK) {
        return Corrupt("bzip2", "invalid compressed data (code " + std::to_string(rc) + ")");
      }
    }
    return n - z_.avail_out;
  }

 private:
  bz_stream z_{};
  bool init_ = false;
  bool in_member_ = false;
};

class ZstdStream : public CodecStream {
 public:
  using CodecStream::CodecStream;
  ~ZstdStream() override { ZSTD_freeDStream(z_); }

  Result<size_t> Read(char* out, size_t n) override {
    if (z_ == nullptr) z_ = ZSTD_createDStream();
    ZSTD_outBuffer o{out, n, 0};
    while (o.pos == 0) {
      ASSIGN_OR_RETURN(bool more, Fill());
      if (!more) {
        if (pending_ != 0) return Corrupt("zstd", "unexpected end of stream (truncated file)");
        break;
      }
      ZSTD_inBuffer i{buf_.data() + pos_, len_ - pos_, 0};
      pending_ = ZSTD_decompressStream(z_, &o, &i);
      pos_ += i.pos;
      if (ZSTD_isError(pending_)) return Corrupt("zstd", ZSTD_getErrorName(pending_));
    }
    return o.pos;
  }

 private:
  ZSTD_DStream* z_ = nullptr;
  size_t pending_ = 0;
};

}  // namespace

std::unique_ptr<ByteStream> Decompress(std::unique_ptr<ByteStream> input, Compression compression,
                                       const std::string& name) {
  switch (compression) {
    case Compression::kGzip:
      return std::make_unique<GzipStream>(std::move(input), name);
    case Compression::kBzip2:
      return std::make_unique<Bzip2Stream>(std::move(input), name);
    case Compression::kZstd:
      return std::make_unique<ZstdStream>(std::move(input), name);
    case Compression::kNone:
      break;
  }
  return input;
}

const char* CompressionSuffix(Compression compression) {
  switch (compression) {
    case Compression::kGzip:
      return ".gz";
    case Compression::kBzip2:
      return ".bz2";
    case Compression::kZstd:
      return ".zst";
    case Compression::kNone:
      break;
  }
  return "";
}

Result<std::string> Compress(std::string_view data, Compression compression) {
  std::string out;
  if (compression == Compression::kGzip) {
    z_stream z{};
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
      return Status(ErrorCode::kInternal, "gzip: cannot initialize");
    out.resize(deflateBound(&z, data.size()) + 32);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) return Status(ErrorCode::kInternal, "gzip: compression failed");
  } else if (compression == Compression::kBzip2) {
    unsigned len = static_cast<unsigned>(data.size() + data.size() / 100 + 600);
    out.resize(len);
    int rc = BZ2_bzBuffToBuffCompress(out.data(), &len, const_cast<char*>(data.data()),
                                      static_cast<unsigned>(data.size()), 9, 0, 0);
    if (rc != BZ_OK) return Status(ErrorCode::kInternal, "bzip2: compression failed");
    out.resize(len);
  } else if (compression == Compression::kZstd) {
    out.resize(ZSTD_compressBound(data.size()));
    size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
    if (ZSTD_isError(n)) return Status(ErrorCode::kInternal, std::string("zstd: ") + ZSTD_getErrorName(n));
    out.resize(n);
  } else {
    out.assign(data);
  }
  return out;
}

}  // namespace blueshift::load
