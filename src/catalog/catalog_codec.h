#pragma once

#include <string>
#include <string_view>

#include "catalog/catalog.h"
#include "util/byte_stream.h"
#include "util/status.h"

namespace blueshift {

// The catalog's binary form inside a manifest (docs/format/manifest.md, "Catalog encoding", version 1):
// every schema, every table with all TableDef fields, and the next oid. Stateless and thread-safe.

std::string EncodeCatalog(const Catalog& catalog);
// Rebuilds a catalog from EncodeCatalog's bytes. Bytes that do not parse, or that describe an impossible
// catalog (unknown enum values, bad type parameters, column indices out of range), are XX001.
Result<Catalog> DecodeCatalog(std::string_view bytes);

// A LogicalType as u8 TypeId, i32 a, i32 b; shared with the manifest's per-column types.
void EncodeLogicalType(const LogicalType& type, ByteWriter* out);
Result<LogicalType> DecodeLogicalType(ByteReader* in);

}  // namespace blueshift
