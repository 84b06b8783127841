#pragma once

#include <optional>
#include <string>
#include <vector>

#include "load/object_store.h"
#include "util/status.h"

namespace blueshift::load {

// One entry of a COPY manifest (docs/format/copy_manifest.md).
struct ManifestEntry {
  std::string url;
  bool mandatory = false;
  std::optional<uint64_t> content_length;  // meta.content_length
};

// Parses {"entries": [{"url": ..., "mandatory": bool, "meta": {"content_length": n}}, ...]}. Errors: 22023
// "Invalid manifest" with what is wrong.
Result<std::vector<ManifestEntry>> ParseManifest(std::string text);

// The files a manifest names, in its order (an entry listed twice loads twice). A missing mandatory file is
// an error (XX000, as Redshift's "Manifest file ... mandatory file not found"); missing optional ones are
// skipped.
Result<std::vector<ObjectInfo>> ResolveManifest(ObjectStore& store, const std::vector<ManifestEntry>& entries);

}  // namespace blueshift::load
