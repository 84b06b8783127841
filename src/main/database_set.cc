#include "main/database_set.h"

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <set>

#include "catalog/cluster_catalog.h"
#include "main/database.h"
#include "storage/store.h"
#include "util/crash_point.h"
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
  auto root_version = root_->store()->Current();
  const auto& root_catalog = root_version->catalog;
  RETURN_IF_ERROR(FinishDecided(*root_version));
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

// A crash between the root's commit of a cluster change made in another database and that database's own
// commit left the latter prepared: the root's decision makes it current before the database opens.
Status DatabaseSet::FinishDecided(const storage::DbVersion& root_version) {
  const storage::CommitDecision& decided = root_version.decided;
  if (decided.database == 0) return Status::OK();
  bool named = false;
  for (const auto& [name, def] : root_version.catalog->databases()) named |= def.oid == decided.database;
  if (!named || !PathExists(DirOf(decided.database) + "/CURRENT")) return Status::OK();
  return storage::Store::PromotePrepared(DirOf(decided.database), decided.version);
}

Status DatabaseSet::Sync(Database* db, const Catalog& cluster, std::optional<storage::CommitDecision> decides) {
  std::lock_guard<std::mutex> commit(db->commit_mutex());
  auto current = db->store()->Current();
  bool fresh = db != root_ && current->catalog->next_oid() < kOidRange;
  if (!fresh && !decides && SameClusterPart(*current->catalog, cluster)) return Status::OK();
  auto next = std::make_shared<Catalog>(WithClusterPart(*current->catalog, cluster));
  if (fresh) {
    std::lock_guard<std::mutex> lock(mu_);
    next->set_next_oid(FreeOidRange());
  }
  storage::CommitRequest request;
  request.catalog = std::move(next);
  request.decides = decides;
  return db->store()->Commit(*current, request).status();
}

Oid DatabaseSet::FreeOidRange() {
  std::set<Oid> used;
  for (auto& [oid, db] : open_) used.insert(db->store()->Current()->catalog->next_oid() / kOidRange);
  Oid range = 1;
  while (used.count(range)) range++;
  return range * kOidRange;
}

Status DatabaseSet::CommitClusterPart(const Catalog& catalog, Database* origin, uint64_t prepared_version) {
  storage::CommitDecision decision{0, prepared_version};
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [oid, db] : open_) {
      decision.database = db.get() == origin ? oid : decision.database;
      // The root keeps one decision: a new one would make the next Open drop that database's decided
      // commit, which only that Open can still make current.
      if (db->store()->HasUnfinished())
        return Status(ErrorCode::kNotInPrerequisiteState,
                      "cannot commit a change to users, groups or databases before the server restarts: a "
                      "committed transaction of another database is still to be finished");
    }
  }
  if (decision.database == 0) return Status(ErrorCode::kInternal, "committing database is not open");
  return Sync(root_, catalog, decision);
}

Status DatabaseSet::Reconcile(const Catalog& cluster) {
  std::set<Oid> named;
  std::vector<Oid> missing;
  std::vector<Database*> opened;
  for (const auto& [name, def] : cluster.databases()) {
    if (name == kDefaultDatabase) continue;
    named.insert(def.oid);
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (open_.count(def.oid)) continue;
    }
    if (!PathExists(DirOf(def.oid))) {
      missing.push_back(def.oid);
      continue;
    }
    ASSIGN_OR_RETURN(auto db, Database::OpenOther(root_, DirOf(def.oid)));
    opened.push_back(db.get());
    std::lock_guard<std::mutex> lock(mu_);
    open_[def.oid] = std::move(db);
  }
  // Synced once all existing ones are open, so that a fresh one (format 2 before databases were built
  // aside) and the databases built below take oid ranges no open database uses.
  for (Database* db : opened) RETURN_IF_ERROR(Sync(db, cluster));
  for (Oid oid : missing) {
    CrashPoint("create_database_committed");
    ASSIGN_OR_RETURN(auto db, Build(oid, cluster));
    std::lock_guard<std::mutex> lock(mu_);
    open_[oid] = std::move(db);
  }
  RETURN_IF_ERROR(CloseUnnamed(named));
  return RemoveUnnamedDirs(named);
}

Result<std::unique_ptr<Database>> DatabaseSet::Build(Oid oid, const Catalog& cluster) {
  const std::string dir = DirOf(oid);
  const std::string building = dir + ".new";
  std::error_code ec;
  std::filesystem::remove_all(building, ec);
  if (ec) return Status(ErrorCode::kIoError, "could not remove directory \"" + building + "\": " + ec.message());
  {
    ASSIGN_OR_RETURN(auto db, Database::OpenOther(root_, building));
    CrashPoint("create_database_half_built");
    RETURN_IF_ERROR(Sync(db.get(), cluster));
  }  // closed before the rename: the store names files by its directory
  if (::rename(building.c_str(), dir.c_str()) != 0) return ErrnoStatus("rename", building, errno);
  RETURN_IF_ERROR(SyncDir(DirName(dir)));
  return Database::OpenOther(root_, dir);
}

Status DatabaseSet::CloseUnnamed(const std::set<Oid>& named) {
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
    CrashPoint("drop_database_committed");
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    if (ec) return Status(ErrorCode::kIoError, "could not remove directory \"" + dir + "\": " + ec.message());
  }
  return Status::OK();
}

// Directories of databases dropped before a crash (or half removed), and databases half built (<oid>.new).
Status DatabaseSet::RemoveUnnamedDirs(const std::set<Oid>& named) {
  const std::string parent = root_->store()->dir() + "/databases";
  ASSIGN_OR_RETURN(auto entries, ListDir(parent));
  for (const std::string& entry : entries) {
    char* end = nullptr;
    unsigned long oid = std::strtoul(entry.c_str(), &end, 10);
    if (end && *end == '\0' && named.count(static_cast<Oid>(oid))) continue;
    std::error_code ec;
    std::filesystem::remove_all(parent + "/" + entry, ec);
    if (ec) return Status(ErrorCode::kIoError, "could not remove directory \"" + entry + "\": " + ec.message());
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
