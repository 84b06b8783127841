#pragma once

#include "storage/store.h"
#include "util/byte_stream.h"

namespace blueshift::storage {

// IDENTITY reservations (DbVersion::identity) as commits change them and as the manifest and the
// write-ahead log store them (docs/format/manifest.md and wal.md). Stateless and thread-safe.

// Sets next->identity from base's: raised to the request's reservations; when the commit changes the catalog
// (`reshapes`), without those of IDENTITY columns of base's catalog that next's no longer has (a dropped
// table or column). Reservations of columns base's catalog does not know (a table a transaction creates)
// are kept: the transaction may still commit it.
void ApplyIdentityReservations(const DbVersion& base, const CommitRequest& request, bool reshapes, DbVersion* next);

// For a database whose manifest predates reservations (format 3 and older): every IDENTITY column without a
// reservation gets one past the largest (for a negative step, smallest) value its zone maps show, or none
// (the seed comes next) when they show none; what a generator of those versions would have handed out next.
void ReserveFromZoneMaps(DbVersion* db);

// u32 count, then per column (ascending oid): u32 pg_attrdef oid, u64 reserved values.
void EncodeIdentityReservations(const IdentityReservations& reserved, ByteWriter* w);
// False when the bytes are truncated.
bool DecodeIdentityReservations(ByteReader* r, IdentityReservations* reserved);

}  // namespace blueshift::storage
