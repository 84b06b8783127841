#include "main/database.h"

#include <filesystem>
#include <thread>

#include "main/database_set.h"
#include "main/identity_generator.h"
#include "main/lock_manager.h"
#include "main/query_memory.h"
#include "main/temp_schema.h"
#include "main/write_store_folder.h"
#include "storage/store.h"
#include "storage/vacuum_scheduler.h"

namespace blueshift {

void RegisterLoadSystemTables();      // load_system_tables.cc
void RegisterExplainSystemTables();   // explain_log.cc
void RegisterStepSystemTables();      // step_system_tables.cc
void RegisterAlertSystemTables();     // alert_system_tables.cc
void RegisterActivitySystemTables();  // activity_system_tables.cc
void RegisterLockSystemTables();      // lock_system_tables.cc
void RegisterAnalyzeSystemTables();   // analyze_system_tables.cc

Result<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  RegisterLoadSystemTables();
  RegisterExplainSystemTables();
  RegisterStepSystemTables();
  RegisterAlertSystemTables();
  RegisterActivitySystemTables();
  RegisterLockSystemTables();
  RegisterAnalyzeSystemTables();
  ASSIGN_OR_RETURN(auto db, OpenStore(options, nullptr));
  db->others_ = std::make_unique<DatabaseSet>(db.get());
  RETURN_IF_ERROR(db->others_->OpenAll());
  return db;
}

Result<std::unique_ptr<Database>> Database::OpenOther(Database* root, const std::string& dir) {
  DatabaseOptions options = root->options_;
  options.data_dir = dir;
  options.num_slices = root->num_slices();
  return OpenStore(options, root);
}

Result<std::unique_ptr<Database>> Database::OpenStore(const DatabaseOptions& options, Database* root) {
  storage::StoreOptions so;
  so.num_slices =
      options.num_slices > 0 ? options.num_slices : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::unique_ptr<Database> db(new Database());
  if (root) db->root_ = root;
  db->options_ = options;
  ASSIGN_OR_RETURN(db->store_, storage::Store::Open(options.data_dir, so));
  if (!root) {
    ActivityOptions ao;
    ao.dir = options.data_dir;
    ao.retention_us = static_cast<int64_t>(options.history_retention_hours) * 3600 * 1000000;
    ASSIGN_OR_RETURN(db->activity_, Activity::Open(ao));
  }
  // STL_VACUUM's history of this store survives restarts in the root's history log (set before the
  // automatic vacuum starts).
  Activity* activity = db->activity();
  std::string history_key = root ? std::filesystem::path(options.data_dir).filename().string() : "";
  db->store_->vacuum_log()->Restore(activity->VacuumHistory(history_key));
  db->store_->vacuum_log()->SetObserver(
      [activity, history_key](const storage::VacuumEvent& e) { activity->RecordVacuum(history_key, e); });
  db->query_working_mem_mb_ = options.query_working_mem_mb ? options.query_working_mem_mb : DefaultQueryWorkingMemMb();
  storage::AutoVacuumOptions vo;
  vo.enabled = options.auto_vacuum;
  vo.limits.memory_bytes = db->query_working_mem_mb_ << 20;  // one WLM slot, as a user VACUUM gets
  db->vacuum_ = std::make_unique<storage::VacuumScheduler>(db->store_.get(), &db->commit_mu_, vo);
  db->identity_ = std::make_unique<IdentityGenerator>(db->store_.get(), &db->commit_mu_);
  RETURN_IF_ERROR(DropSchemasWhere(db.get(), IsTempSchemaName));  // temp tables of sessions before a crash
  db->folder_ = std::make_unique<WriteStoreFolder>(db.get());
  return db;
}

std::unique_ptr<Session> Database::Connect(SessionOptions options) {
  if (options.process_id == 0) options.process_id = root_->next_local_pid_++;
  return std::make_unique<Session>(this, std::move(options));
}

Result<std::unique_ptr<Session>> Database::ConnectTo(SessionOptions options) {
  if (options.database.empty()) options.database = kDefaultDatabase;
  Database* db = FindDatabase(options.database);
  if (!db) return Status(ErrorCode::kInvalidCatalogName, "database \"" + options.database + "\" does not exist");
  // The database's CONNECTION LIMIT, which superusers are not held to (as in Redshift).
  auto catalog = root_->store()->Current()->catalog;
  const DatabaseDef* def = catalog->FindDatabase(options.database);
  const UserDef* user = catalog->security().FindUser(options.user);
  if (def && def->connection_limit >= 0 && !(user && user->superuser) &&
      db->SessionCount() >= static_cast<size_t>(def->connection_limit)) {
    return Status(ErrorCode::kTooManyConnections, "too many connections for database \"" + options.database + "\"");
  }
  return db->Connect(std::move(options));
}

Database* Database::FindDatabase(const std::string& name) {
  return databases()->Find(name);
}

DatabaseSet* Database::databases() {
  return root_->others_.get();
}

size_t Database::SessionCount() {
  std::lock_guard<std::mutex> lock(sessions_mu_);
  return sessions_.size();
}

Database::~Database() = default;

Result<int> Database::FoldWriteStore() {
  return folder_->FoldNow();
}

void Database::WriteStoreGrew(size_t segments) {
  if (folder_) folder_->Grew(segments);
}

Result<int64_t> Database::AllocateIdentity(const TableDef& table, int column, int64_t count) {
  return identity_->Allocate(table, column, count);
}

void Database::RegisterSession(int32_t pid, Session* session) {
  if (pid == 0) return;
  std::lock_guard<std::mutex> lock(sessions_mu_);
  sessions_[pid] = session;
}

void Database::UnregisterSession(int32_t pid, Session* session) {
  std::lock_guard<std::mutex> lock(sessions_mu_);
  auto it = sessions_.find(pid);
  if (it != sessions_.end() && it->second == session) sessions_.erase(it);
}

bool Database::TerminateBackend(int32_t pid) {
  if (root_ != this) return root_->TerminateBackend(pid);
  return TerminateLocal(pid) || others_->Terminate(pid);
}

bool Database::TerminateLocal(int32_t pid) {
  std::lock_guard<std::mutex> lock(sessions_mu_);
  auto it = sessions_.find(pid);
  if (it == sessions_.end()) return false;
  {
    // No commit of the victim may slip in between: its transaction is doomed under the commit lock.
    std::lock_guard<std::mutex> commit_lock(commit_mu_);
    LockManager::Global().TerminateBackend(pid);
  }
  it->second->Terminate();
  return true;
}

int Database::num_slices() const {
  return store_->num_slices();
}

}  // namespace blueshift
