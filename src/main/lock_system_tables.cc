// STV_LOCKS, SVV_TRANSACTIONS and STL_TR_CONFLICT over the lock manager. Registered once per process when
// the first database opens.

#include <mutex>

#include "main/lock_manager.h"
#include "main/name_lock.h"
#include "system/system_table.h"

namespace blueshift {
namespace {

Value Ts(int64_t us) {
  return us == 0 ? Value::NullOf(LogicalType::Timestamp()) : Value::Timestamp(us);
}

// The table locks that writers hold or wait for (reads are not "updates" in Redshift's sense).
// lock_status wording and the NULL end time of an open transaction are unverified against Redshift.
Status LockRows(const SystemContext&, std::vector<SystemRow>* rows) {
  for (const LockRow& l : LockManager::Global().Locks()) {
    if (l.mode == LockMode::kAccessShare || IsNameLock(l.table)) continue;
    std::string kind = l.mode == LockMode::kAccessExclusive ? "write lock"
                       : l.mode == LockMode::kRowExclusive  ? "insert lock"
                                                            : "delete lock";
    rows->push_back({Value::BigInt(l.table), Ts(l.last_commit_us), Ts(l.since_us),
                     Value::BigInt(static_cast<int64_t>(l.txn.xid)), Value::BigInt(l.txn.pid), Ts(l.txn.start_us),
                     Value::NullOf(LogicalType::Timestamp()),
                     Value::Varchar((l.granted ? "Holding " : "Waiting for ") + kind)});
  }
  return Status::OK();
}

// One ExclusiveLock on its own transaction id per open transaction, then its table locks.
Status TransactionRows(const SystemContext&, std::vector<SystemRow>* rows) {
  uint64_t last = 0;
  for (const LockRow& l : LockManager::Global().Locks()) {
    auto row = [&](const char* mode, const char* type, Value relation, bool granted) {
      rows->push_back({Value::Varchar(l.txn.user), Value::Varchar(l.txn.database),
                       Value::BigInt(static_cast<int64_t>(l.txn.xid)), Value::Integer(l.txn.pid), Ts(l.txn.start_us),
                       Value::Varchar(mode), Value::Varchar(type), std::move(relation), Value::Boolean(granted)});
    };
    if (l.txn.xid != last) row("ExclusiveLock", "transactionid", Value::NullOf(LogicalType::Integer()), true);
    last = l.txn.xid;
    if (IsNameLock(l.table)) {
      row("ExclusiveLock", "object", Value::NullOf(LogicalType::Integer()), l.granted);  // a name (name_lock.h)
    } else if (l.table != 0) {
      row(LockModeName(l.mode), "relation", Value::Integer(static_cast<int32_t>(l.table)), l.granted);
    }
  }
  return Status::OK();
}

Status ConflictRows(const SystemContext&, std::vector<SystemRow>* rows) {
  for (const ConflictRow& c : LockManager::Global().Conflicts()) {
    rows->push_back({Value::BigInt(static_cast<int64_t>(c.xid)), Value::BigInt(c.pid), Ts(c.start_us), Ts(c.abort_us),
                     Value::BigInt(c.table)});
  }
  return Status::OK();
}

}  // namespace

void RegisterLockSystemTables() {
  static std::once_flag once;
  std::call_once(once, [] {
    RegisterSystemTable("pg_catalog", "stv_locks", 14301,
                        {{"table_id", LogicalType::BigInt()},
                         {"last_commit", LogicalType::Timestamp()},
                         {"last_update", LogicalType::Timestamp()},
                         {"lock_owner", LogicalType::BigInt()},
                         {"lock_owner_pid", LogicalType::BigInt()},
                         {"lock_owner_start_ts", LogicalType::Timestamp()},
                         {"lock_owner_end_ts", LogicalType::Timestamp()},
                         {"lock_status", LogicalType::Char(22)}},
                        LockRows);
    RegisterSystemTable("pg_catalog", "svv_transactions", 14302,
                        {{"txn_owner", LogicalType::Varchar(LogicalType::kMaxVarcharLength)},
                         {"txn_db", LogicalType::Varchar(LogicalType::kMaxVarcharLength)},
                         {"xid", LogicalType::BigInt()},
                         {"pid", LogicalType::Integer()},
                         {"txn_start", LogicalType::Timestamp()},
                         {"lock_mode", LogicalType::Varchar(LogicalType::kMaxVarcharLength)},
                         {"lockable_object_type", LogicalType::Varchar(LogicalType::kMaxVarcharLength)},
                         {"relation", LogicalType::Integer()},
                         {"granted", LogicalType::Boolean()}},
                        TransactionRows);
    RegisterSystemTable("pg_catalog", "stl_tr_conflict", 14303,
                        {{"xact_id", LogicalType::BigInt()},
                         {"process_id", LogicalType::BigInt()},
                         {"xact_start_ts", LogicalType::Timestamp()},
                         {"abort_time", LogicalType::Timestamp()},
                         {"table_id", LogicalType::BigInt()}},
                        ConflictRows);
  });
}

}  // namespace blueshift
