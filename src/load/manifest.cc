#include "load/manifest.h"

#include "load/json_reader.h"

namespace blueshift::load {

namespace {
Status BadManifest(const std::string& why) {
  return Status(ErrorCode::kInvalidParameterValue, "Invalid manifest: " + why);
}

Result<ManifestEntry> ParseEntry(JsonDocument& doc, uint32_t e) {
  using T = JsonDocument::Type;
  if (doc.node(e).type != T::kObject) return BadManifest("every entry must be an object");
  ManifestEntry entry;
  int64_t url = doc.Member(e, "url", false);
  if (url < 0 || doc.node(static_cast<uint32_t>(url)).type != T::kString)
    return BadManifest("an entry has no \"url\" string");
  entry.url = std::string(doc.UnescapeString(static_cast<uint32_t>(url)));
  int64_t mandatory = doc.Member(e, "mandatory", false);
  if (mandatory >= 0) {
    const auto& n = doc.node(static_cast<uint32_t>(mandatory));
    if (n.type != T::kBool) return BadManifest("\"mandatory\" must be true or false");
    entry.mandatory = n.begin[0] == 't';
  }
  int64_t meta = doc.Member(e, "meta", false);
  if (meta >= 0) {
    int64_t len = doc.Member(static_cast<uint32_t>(meta), "content_length", false);
    if (len >= 0) {
      const auto& n = doc.node(static_cast<uint32_t>(len));
      if (n.type != T::kNumber) return BadManifest("\"content_length\" must be a number");
      entry.content_length = std::stoull(std::string(n.begin, n.size));
    }
  }
  return entry;
}
}  // namespace

Result<std::vector<ManifestEntry>> ParseManifest(std::string text) {
  JsonDocument doc;
  Status st = doc.Parse(text.data(), text.data() + text.size());
  if (!st.ok()) return BadManifest(st.message());
  int64_t entries = doc.Member(0, "entries", false);
  if (entries < 0 || doc.node(static_cast<uint32_t>(entries)).type != JsonDocument::Type::kArray)
    return BadManifest("no \"entries\" array");
  std::vector<ManifestEntry> out;
  for (uint32_t e = doc.node(static_cast<uint32_t>(entries)).first_child; e != 0; e = doc.node(e).next) {
    ASSIGN_OR_RETURN(ManifestEntry entry, ParseEntry(doc, e));
    out.push_back(std::move(entry));
  }
  return out;
}

Result<std::vector<ObjectInfo>> ResolveManifest(ObjectStore& store, const std::vector<ManifestEntry>& entries) {
  std::vector<ObjectInfo> out;
  for (const ManifestEntry& e : entries) {
    auto info = store.Stat(e.url);
    if (!info.ok()) {
      if (!e.mandatory) continue;
      return Status(ErrorCode::kInternal, "Manifest file is not valid: mandatory file \"" + e.url +
                                              "\" was not found (" + info.status().message() + ")");
    }
    out.push_back(*info);
  }
  return out;
}

}  // namespace blueshift::load
