#include "main/temp_schema.h"

#include "main/database.h"
#include "main/transaction.h"
#include "storage/store.h"

namespace blueshift {

namespace {

constexpr char kPrefix[] = "pg_temp_";
constexpr int kAttempts = 20;

// Drops the first schema `drop` selects; false when none is left.
Result<bool> DropOne(Transaction* txn, const std::function<bool(const std::string&)>& drop) {
  for (const SchemaDef* s : txn->catalog().Schemas()) {
    if (!drop(s->name)) continue;
    std::string name = s->name;  // DropSchema invalidates s
    auto tables = txn->catalog().TablesInSchema(s->oid);
    RETURN_IF_ERROR(txn->MutableCatalog().DropSchema(name, /*cascade=*/true));
    for (const auto& t : tables) txn->TableDropped(t->oid);
    return true;
  }
  return false;
}

}  // namespace

std::string TempSchemaName(uint64_t session_number) {
  return kPrefix + std::to_string(session_number);
}

bool IsTempSchemaName(const std::string& schema) {
  return schema.rfind(kPrefix, 0) == 0;
}

Status DropSchemasWhere(Database* db, const std::function<bool(const std::string&)>& drop) {
  Status st;
  for (int attempt = 0; attempt < kAttempts; attempt++) {
    Transaction txn(db);
    bool any = false;
    for (;;) {
      ASSIGN_OR_RETURN(bool dropped, DropOne(&txn, drop));
      if (!dropped) break;
      any = true;
    }
    if (!any) return Status::OK();
    st = txn.Commit();
    if (st.code() != ErrorCode::kSerializationFailure) return st;
  }
  return st;
}

}  // namespace blueshift
