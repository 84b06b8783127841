#pragma once

#include <memory>
#include <string>

#include "load/load_options.h"
#include "load/object_store.h"

namespace blueshift::load {

// Wraps a stream of compressed bytes (GZIP incl. concatenated members, BZIP2, ZSTD frames) in one that
// yields the decompressed bytes. Corrupt or truncated input is XX000 naming the file and the codec's
// complaint. kNone returns the input unchanged.
std::unique_ptr<ByteStream> Decompress(std::unique_ptr<ByteStream> input, Compression compression,
                                       const std::string& name);

// Wraps a stream of UTF-16 text (ENCODING UTF16: big-endian unless a byte order mark says little; UTF16LE,
// UTF16BE: as named, a leading byte order mark skipped) in one that yields it as UTF-8. A lone surrogate or
// an odd last byte is XX000 naming the file. kUtf8 returns the input unchanged.
std::unique_ptr<ByteStream> DecodeText(std::unique_ptr<ByteStream> input, TextEncoding encoding,
                                       const std::string& name);

// Compresses a whole buffer (UNLOAD's GZIP/BZIP2/ZSTD output).
Result<std::string> Compress(std::string_view data, Compression compression);

// ".gz", ".bz2", ".zst" or "".
const char* CompressionSuffix(Compression compression);

}  // namespace blueshift::load
