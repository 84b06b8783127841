#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "load/parquet_metadata.h"
#include "util/status.h"

namespace blueshift::load::parquet {

// Decompresses one page body (uncompressed, snappy, gzip or zstd) into out, which must come out
// uncompressed_size bytes long.
Status DecompressPage(Codec codec, const uint8_t* data, size_t size, size_t uncompressed_size, std::string* out);
// Compresses a page body for UNLOAD (uncompressed or snappy).
void CompressPage(Codec codec, std::string_view data, std::string* out);

const char* CodecName(Codec codec);

}  // namespace blueshift::load::parquet
