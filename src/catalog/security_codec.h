#pragma once

#include "catalog/security.h"
#include "util/byte_stream.h"
#include "util/status.h"

namespace blueshift {

// The security section of the catalog encoding (docs/format/manifest.md, "Security section", catalog
// format version 2): users with their password hashes, groups, access control lists, default privileges.
// Stateless and thread-safe.
void EncodeSecurity(const Security& security, ByteWriter* out);
// Impossible values (unknown object or grantee kinds, truncation) are XX001.
Result<Security> DecodeSecurity(ByteReader* in);

}  // namespace blueshift
