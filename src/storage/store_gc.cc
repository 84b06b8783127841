#include <filesystem>
#include <set>

#include "storage/manifest.h"
#include "storage/store.h"
#include "util/file.h"

namespace blueshift::storage {
namespace {

std::optional<uint64_t> ParseNumber(const std::string& s) {
  if (s.empty() || s.size() > 10) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

void RemoveTree(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);  // on failure the next Open tries again
}

}  // namespace

void Store::RemoveOldManifests(uint64_t live_version, bool newer_too) {
  auto names = ListDir(dir_ + "/manifests");
  if (!names.ok()) return;
  for (const auto& n : *names) {
    auto v = ParseManifestFileName(n);
    if (!v || *v == live_version || *v + 1 == live_version || (*v > live_version && !newer_too)) continue;
    (void)RemoveFile(dir_ + "/manifests/" + n);
  }
}

Status Store::CollectGarbage() {
  ASSIGN_OR_RETURN(auto tmp, ListDir(dir_ + "/tmp"));
  for (const auto& n : tmp) RemoveTree(dir_ + "/tmp/" + n);
  RemoveOldManifests(current_->version, /*newer_too=*/true);
  ASSIGN_OR_RETURN(auto tables, ListDir(dir_ + "/tables"));
  for (const auto& n : tables) {
    auto oid = ParseNumber(n);
    if (!oid) continue;  // not ours
    if (current_->tables.count(static_cast<Oid>(*oid)) == 0) {
      RemoveTree(dir_ + "/tables/" + n);
      continue;
    }
    RETURN_IF_ERROR(CollectTableGarbage(n));
  }
  return Status::OK();
}

// Removes the files of one table's directory that the live manifest does not name.
Status Store::CollectTableGarbage(const std::string& name) {
  Oid oid = static_cast<Oid>(*ParseNumber(name));
  const TableData& t = *current_->tables.at(oid);
  std::set<std::string> live;
  for (const auto& segments : t.slices) {
    for (const SegmentState& s : segments) live.insert(SegmentPath(oid, s.meta->slice, s.meta->id));
  }
  std::string table_dir = dir_ + "/tables/" + name;
  ASSIGN_OR_RETURN(auto slices, ListDir(table_dir));
  for (const auto& sn : slices) {
    auto slice = ParseNumber(sn);
    if (!slice) continue;
    if (*slice >= static_cast<uint64_t>(num_slices_)) {
      RemoveTree(table_dir + "/" + sn);
      continue;
    }
    ASSIGN_OR_RETURN(auto files, ListDir(table_dir + "/" + sn));
    for (const auto& f : files) {
      std::string path = table_dir + "/" + sn + "/" + f;
      if (!live.count(path)) RETURN_IF_ERROR(RemoveFile(path));
    }
  }
  return Status::OK();
}

}  // namespace blueshift::storage
