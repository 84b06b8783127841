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

// Compresses a whole buffer (UNLOAD's GZIP/BZIP2/ZSTD output).
Result<std::string> Compress(std::string_view data, Compression compression);

// ".gz", ".bz2", ".zst" or "".
const char* CompressionSuffix(Compression compression);

}  // namespace blueshift::load
