#pragma once

#include <string>
#include <string_view>

#include "types/logical_type.h"
#include "util/status.h"

namespace blueshift::server {

// PostgreSQL's binary array (array_send; docs/format/wire.md, "Binary values"): int32 ndim (0 for an empty
// array, else 1), int32 flags (1 when an element is NULL), int32 element type OID, then per dimension int32
// length and int32 lower bound (0 for int2vector/oidvector, 1 otherwise), then per element int32 length (-1
// for NULL) and the element's own binary form (int2, int4/oid big-endian; text and name as their bytes).

// The binary form of a PgArray value held as its text form. 22P02 when text is not an array of kind's
// elements (values of these types are checked when they are made, so this means a bug upstream).
// REQUIRES: kind != kNone.
Result<std::string> EncodeBinaryArray(std::string_view text, PgArrayKind kind);

}  // namespace blueshift::server
