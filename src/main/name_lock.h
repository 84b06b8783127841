#pragma once

#include <cstdint>
#include <string_view>

#include "catalog/table_def.h"

namespace blueshift {

// Name locks. A transaction that takes a name for a relation (CREATE TABLE / VIEW, CREATE TABLE AS, SELECT
// INTO, ALTER TABLE RENAME TO) or a schema (CREATE SCHEMA) holds an exclusive lock on the name until it ends,
// in the lock manager's key space from kFirstNameLock on (no table's oid is that large). Another transaction
// that takes the same name waits for it and then sees whether it committed: the second CREATE of a name fails
// with 42P07 once the first commits, as PostgreSQL's unique catalog index makes it, instead of the first
// transaction failing with 1023 at its COMMIT after all its work. STV_LOCKS leaves them out; SVV_TRANSACTIONS
// shows them as locks of type "object".
inline constexpr Oid kFirstNameLock = 0xC0000000u;

inline bool IsNameLock(Oid key) {
  return key >= kFirstNameLock;
}

// kind: 'r' for a relation of schema `schema`, 's' for a schema (schema empty). Names that hash alike share a
// lock: one may then wait for the other, which is harmless.
inline Oid NameLockKey(char kind, std::string_view schema, std::string_view name) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0xffu) * 1099511628211ull;  // a separator no name byte equals
  };
  mix(std::string_view(&kind, 1));
  mix(schema);
  mix(name);
  return kFirstNameLock | static_cast<Oid>((h ^ (h >> 32)) & (~kFirstNameLock));
}

}  // namespace blueshift
