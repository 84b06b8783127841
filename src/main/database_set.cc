#include "main/database_set.h"

#include <filesystem>
#include <set>

#include "catalog/cluster_catalog.h"
#include "main/database.h"
#include "storage/store.h"
#include "util/file.h"

namespace blueshift {

DatabaseSet::DatabaseSet(Database* root) : root_(root) {}

DatabaseSet::~DatabaseSet() = default;

std::string DatabaseSet::DirOf(Oid oid) const {
  return root_->store()->dir() + "/databases/" + std::to_string(oid);
}

Database* DatabaseSet::Find(const std::string& name) {
  if (name == kDefaultDatabase) return root_;
  const DatabaseDef* def = root_->store()->Current()->catalog->FindDatabase(name);
  if (!def) return nullptr;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = open_.find(def->oid);
  return it == open_.end() ? nullptr : it->second.get();
}

Status DatabaseSet::OpenAll() {
  std::lock_guard<std::mutex> cluster(cluster_mu_);
  RETURN_IF_ERROR(CreateDirDurably(root_->store()->dir() + "/databases"));
  auto root_catalog = root_->store()->Current()->catalog;
  RETURN_IF_ERROR(Reconcile(*root_catalog));
  std::vector<Database*> dbs;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [oid, db] : open_) dbs.push_back(db.get());
  }
  for (Database* db : dbs) RETURN_IF_ERROR(Sync(db, *root_catalog));
  return Status::OK();
}

Status DatabaseSet::Propagate(const Catalog& catalog, Database* origin) {
  std::vector<Database*> dbs{root_};
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [oid, db] : open_) dbs.push_back(db.get());
  }
  for (Database* db : dbs) {
    if (db != origin) RETURN_IF_ERROR(Sync(db, catalog));
  }
  return Reconcile(catalog);
}

Status DatabaseSet::Sync(Database* db, const Catalog& cluster) {
  std::lock_guard<std::mutex> commit(db->commit_mutex());
  auto current = db->store()->Current();
  bool fresh = db != root_ && current->catalog->next_oid() < kOidRange;
  if (!fresh && SameClusterPart(*current->catalog, cluster)) return Status::OK();
  auto next = std::make_shared<Catalog>(WithClusterPart(*current->catalog, cluster));
  if (fresh) {
    std::lock_guard<std::mutex> lock(mu_);
    next->set_next_oid(FreeOidRange());
  }
  storage::CommitRequest request;
  request.catalog = std::move(next);
  return db->store()->Commit(*current, request).status();
}

Oid DatabaseSet::FreeOidRange() {
  std::set<Oid> used;
  for (auto& [oid, db] : open_) used.insert(db->store()->Current()->catalog->next_oid() / kOidRange);
  Oid range = 1;
  while (used.count(range)) range++;
  return range * kOidRange;
}

Status DatabaseSet::Reconcile(const Catalog& cluster) {
  std::set<Oid> named;
  for (const auto& [name, def] : cluster.databases()) {
    if (name == kDefaultDatabase) continue;
    named.insert(def.oid);
    bool is_open;
    {
      std::lock_guard<std::mutex> lock(mu_);
      is_open = open_.count(def.oid) > 0;
    }
    if (is_open) continue;
    ASSIGN_OR_RETURN(auto db, Database::OpenOther(root_, DirOf(def.oid)));
    RETURN_IF_ERROR(Sync(db.get(), cluster));
    std::lock_guard<std::mutex> lock(mu_);
    open_[def.oid] = std::move(db);
  }
  std::vector<std::unique_ptr<Database>> closing;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = open_.begin(); it != open_.end();) {
      if (named.count(it->first)) {
        ++it;
        continue;
      }
      closing.push_back(std::move(it->second));
      it = open_.erase(it);
    }
  }
  for (auto& db : closing) {
    std::string dir = db->store()->dir();
    if (db->SessionCount() > 0) {
      std::vector<int32_t> pids;
      {
        std::lock_guard<std::mutex> lock(db->sessions_mu_);
        for (const auto& [pid, session] : db->sessions_) pids.push_back(pid);
      }
      for (int32_t pid : pids) db->TerminateLocal(pid);
      std::lock_guard<std::mutex> lock(mu_);
      retired_.push_back(std::move(db));
    } else {
      db.reset();
    }
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    if (ec) return Status(ErrorCode::kIoError, "could not remove directory \"" + dir + "\": " + ec.message());
  }
  // Directories of databases dropped before a crash, or created by a CREATE DATABASE that never committed.
  ASSIGN_OR_RETURN(auto entries, ListDir(root_->store()->dir() + "/databases"));
  for (const std::string& entry : entries) {
    char* end = nullptr;
    unsigned long oid = std::strtoul(entry.c_str(), &end, 10);
    if (end && *end == '\0' && named.count(static_cast<Oid>(oid))) continue;
    std::error_code ec;
    std::filesystem::remove_all(root_->store()->dir() + "/databases/" + entry, ec);
  }
  return Status::OK();
}

std::map<std::string, std::shared_ptr<const Catalog>> DatabaseSet::Catalogs() {
  auto root_catalog = root_->store()->Current()->catalog;
  std::map<std::string, std::shared_ptr<const Catalog>> out{{kDefaultDatabase, root_catalog}};
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [name, def] : root_catalog->databases()) {
    auto it = open_.find(def.oid);
    if (it != open_.end()) out[name] = it->second->store()->Current()->catalog;
  }
  return out;
}

bool DatabaseSet::Terminate(int32_t pid) {
  std::vector<Database*> dbs;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [oid, db] : open_) dbs.push_back(db.get());
  }
  for (Database* db : dbs) {
    if (db->TerminateLocal(pid)) return true;
  }
  return false;
}

}  // namespace blueshift
