#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "storage/store.h"
#include "util/byte_stream.h"

namespace blueshift::storage {

// The manifest and CURRENT files of docs/format/manifest.md (format version 4; version 1, which lacks the
// interleaved state, version 2, which lacks the commit decision, and version 3, which lacks the IDENTITY
// reservations, are read too). Stateless and thread-safe.

constexpr uint32_t kManifestFormatVersion = 4;

// What a manifest holds besides the version itself.
struct Manifest {
  std::shared_ptr<const DbVersion> db;
  uint32_t num_slices = 0;
  uint64_t next_segment_id = 1;
  uint32_t format_version = 0;  // of the file
};

// REQUIRES: every segment's meta has one type per column.
std::string EncodeManifest(const DbVersion& db, uint32_t num_slices, uint64_t next_segment_id);
// `name` is the file name, for error messages. Any fault is XX001 naming the manifest (and the table and
// segment when the fault is inside one).
Result<Manifest> DecodeManifest(std::string_view bytes, const std::string& name);

// One segment's entry of the manifest format (its metadata and delete set), for the write-ahead log too.
// Decoding failures are XX001 naming `name`; the entry must say `slice`.
void EncodeSegmentState(const SegmentState& s, ByteWriter* w);
Result<SegmentState> DecodeSegmentState(ByteReader* r, Oid table, uint32_t slice, const std::string& name);

// "MANIFEST-<version, 20 digits>", and back (nullopt for any other name).
std::string ManifestFileName(uint64_t version);
std::optional<uint64_t> ParseManifestFileName(std::string_view name);

std::string EncodeCurrent(const std::string& manifest_name);
// The manifest name CURRENT names; XX001 when the file is damaged.
Result<std::string> DecodeCurrent(std::string_view bytes);

}  // namespace blueshift::storage
