#include "load/decompress.h"

#include <bzlib.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "types/utf8.h"

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

// UTF-16 in, UTF-8 out: code units read in pairs of bytes, surrogate pairs joined.
class Utf16Stream : public ByteStream {
 public:
  Utf16Stream(std::unique_ptr<ByteStream> input, TextEncoding encoding, std::string name)
      : input_(std::move(input)),
        big_endian_(encoding != TextEncoding::kUtf16Le),
        detect_(encoding == TextEncoding::kUtf16),
        name_(std::move(name)) {}

  Result<size_t> Read(char* buf, size_t n) override {
    while (out_pos_ == out_.size()) {
      if (eof_) return size_t{0};
      RETURN_IF_ERROR(Fill());
    }
    const size_t take = std::min(n, out_.size() - out_pos_);
    std::memcpy(buf, out_.data() + out_pos_, take);
    out_pos_ += take;
    return take;
  }

 private:
  Status Bad(const std::string& why) const {
    return Status(ErrorCode::kInternal, "UTF-16 error in \"" + name_ + "\": " + why);
  }

  // Reads the next input chunk and converts every whole code point in it.
  Status Fill() {
    out_.clear();
    out_pos_ = 0;
    const size_t kept = in_.size();
    in_.resize(kept + kInputChunk);
    ASSIGN_OR_RETURN(size_t got, input_->Read(in_.data() + kept, kInputChunk));
    in_.resize(kept + got);
    if (got == 0) eof_ = true;
    size_t i = 0;
    if (first_ && in_.size() >= 2) {
      first_ = false;
      const auto b0 = static_cast<unsigned char>(in_[0]), b1 = static_cast<unsigned char>(in_[1]);
      if (detect_ && b0 == 0xFF && b1 == 0xFE) big_endian_ = false;
      if ((big_endian_ && b0 == 0xFE && b1 == 0xFF) || (!big_endian_ && b0 == 0xFF && b1 == 0xFE)) i = 2;
    }
    auto unit = [&](size_t at) {
      const auto a = static_cast<unsigned char>(in_[at]), b = static_cast<unsigned char>(in_[at + 1]);
      return static_cast<uint32_t>(big_endian_ ? (a << 8 | b) : (b << 8 | a));
    };
    while (i + 2 <= in_.size()) {
      uint32_t cp = unit(i);
      if (cp >= 0xD800 && cp <= 0xDBFF) {  // a high surrogate: its low half follows
        if (i + 4 > in_.size()) break;     // in the next chunk
        const uint32_t low = unit(i + 2);
        if (low < 0xDC00 || low > 0xDFFF) return Bad("unpaired surrogate");
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        return Bad("unpaired surrogate");
      }
      AppendUtf8(cp, &out_);
      i += 2;
    }
    in_.erase(in_.begin(), in_.begin() + static_cast<std::ptrdiff_t>(i));
    if (eof_ && !in_.empty()) return Bad(in_.size() == 1 ? "an odd number of bytes" : "a truncated surrogate pair");
    return Status::OK();
  }

  std::unique_ptr<ByteStream> input_;
  bool big_endian_;
  bool detect_;  // UTF16: a little-endian byte order mark may say otherwise
  std::string name_;
  std::vector<char> in_;
  std::string out_;
  size_t out_pos_ = 0;
  bool first_ = true;
  bool eof_ = false;
};

}  // namespace

std::unique_ptr<ByteStream> DecodeText(std::unique_ptr<ByteStream> input, TextEncoding encoding,
                                       const std::string& name) {
  if (encoding == TextEncoding::kUtf8) return input;
  return std::make_unique<Utf16Stream>(std::move(input), encoding, name);
}

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
