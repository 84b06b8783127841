#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "storage/store.h"

namespace blueshift::storage {

// The commit record of the write-ahead log (docs/format/wal.md): a commit that only adds segments and
// deletes rows (and raises IDENTITY reservations), with the bytes of its write-store segments inline.
// Stateless and thread-safe.

// A commit the log can carry: no catalog change, no table created, dropped or truncated, no segment
// removed except by a fold of the write store. Other commits publish a manifest (a checkpoint).
bool IsLoggable(const CommitRequest& request);

// REQUIRES: IsLoggable(request).
std::string EncodeWalCommit(uint64_t version, const CommitRequest& request);

struct WalCommit {
  uint64_t version = 0;
  CommitRequest request;
};
// A record of a log file of the given format version (1 to 4). Any fault is XX001.
Result<WalCommit> DecodeWalCommit(std::string_view payload, uint32_t format_version);

}  // namespace blueshift::storage
