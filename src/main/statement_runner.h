#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "main/insert_shape_cache.h"
#include "main/session.h"
#include "main/transaction.h"
#include "sql/ast.h"
#include "sql/binder.h"

namespace blueshift::load {
struct CopyJob;
class ObjectStore;
}  // namespace blueshift::load

namespace blueshift {

// The logical type a client's parameter type OID declares (0 or unknown OIDs: NULL type, to be inferred).
LogicalType TypeForOid(int32_t oid);

// Whether a plan scans stored data; queries over catalog and system tables alone run on the leader.
bool ReadsUserTable(const LogicalOperator& op);

// StatementRunner executes one parsed statement for a session inside its transaction: binds, plans and
// runs queries and DML, applies DDL to the transaction's catalog, and handles SET/SHOW/EXPLAIN.
class StatementRunner {
 public:
  StatementRunner(Session* session, Transaction* txn) : session_(session), txn_(txn) {}

  Status Run(const sql::Statement& stmt, std::string_view text, const std::vector<Value>* params, ResultSink* sink);
  // Binds without running, to describe a prepared statement.
  Status Describe(const sql::Statement& stmt, std::vector<LogicalType>* param_types, std::vector<ColumnInfo>* columns,
                  bool* returns_rows);
  // After a commit that wrote `written`: AUTO tables past the ALL size move to KEY or EVEN, each in a
  // transaction of its own (statement_auto_dist.cc).
  static void MoveAutoDistribution(Session* session, const std::vector<Oid>& written);
  // Puts back the settings SET LOCAL changed in the transaction block that ends, or (when it did not commit)
  // every setting it changed (Session::EndBlock).
  void RestoreBlockSettings(bool committed);

 private:
  // Rewrites table `oid` to KEY or EVEN in this runner's transaction when it is still AUTO(ALL) past `limit`
  // rows; false when it is not (statement_auto_dist.cc).
  Result<bool> MoveToKeyOrEven(Oid oid, uint64_t limit);
  // Table locks (statement_locks.cc): the tables the statement writes, taken before it binds (refreshing
  // the snapshot of a transaction that has done nothing yet), and the tables a plan reads.
  Status LockTargets(const sql::Statement& stmt);
  // In a READ ONLY transaction block: 25006 for a statement that writes (PostgreSQL's rule: DDL, GRANT, LOCK,
  // TRUNCATE, SELECT INTO, and INSERT/UPDATE/DELETE/MERGE/COPY unless into a temporary table).
  Status CheckReadOnly(const sql::Statement& stmt, std::string_view text);
  using BindWrite = std::function<Result<sql::BoundQuery>(sql::Binder&)>;
  // Binds the statement with a new binder (*binder, which must live while the plan runs: it installs the
  // transaction's clock for 'now'), then takes the read locks of the tables its plan reads. A transaction
  // that had read and written nothing yet then takes its snapshot, so it sees what the holder of a lock it
  // waited for committed (Redshift: "the second transaction does not obtain its snapshot of data until
  // after the first transaction has released its lock"); when that moved the catalog, the statement is
  // bound again (from the third binding on the snapshot stays: the tables read are locked since the last
  // one). Call it before Optimize, which reads the snapshot's data. `context` makes each binding's context.
  Result<sql::BoundQuery> BindLocked(const std::function<sql::BindContext()>& context, const BindWrite& bind,
                                     std::unique_ptr<sql::Binder>* binder);
  // Takes the read locks of a plan's tables (AccessShare) and records the reads for serializable isolation;
  // returns whether the plan reads any user table.
  Result<bool> LockReadsOf(const LogicalOperator& plan);
  Status LockReads(const LogicalOperator& plan);
  sql::BindContext MakeBindContext(std::vector<LogicalType>* param_types, const std::vector<Value>* params);
  // What resolving names needs (catalog, search path, user, database): the part of MakeBindContext that
  // resolving a statement's target tables and SystemContext use.
  sql::BindContext MakeNameContext();
  Status RunQuery(const sql::Query& query, const std::vector<Value>* params, ResultSink* sink);
  Status RunInsert(const sql::InsertStmt& stmt, const std::vector<Value>* params, ResultSink* sink);
  // An INSERT of a shape the session has cached (statement_insert.cc): run with the plan bound for it when
  // the statement sees what it was bound against, else parsed, bound and cached again.
  Status RunShapedInsert(ShapedInsert* shaped, const std::vector<Value>* params, ResultSink* sink);
  // Runs a cached INSERT's plan with the shape's literals, or else with the parameters.
  Status RunCachedInsert(const InsertShapeCache::Entry& e, const sql::StatementShape* shape,
                         const std::vector<Value>* params, ResultSink* sink);
  // Whether the statement sees the catalog version, search_path, user and parameter types e was bound with.
  bool SeesAsBound(const InsertShapeCache::Entry& e, const std::vector<Value>* params) const;
  bool SeesCatalogAsBound(const InsertShapeCache::Entry& e) const;  // the same but the parameter types
  // The cached INSERT the session runs as `stmt` (a shape's or a prepared statement's), or null.
  const InsertShapeCache::Entry* CachedInsertOf(const sql::Statement& stmt) const;
  // Caches a bound INSERT ... VALUES of a shape (or a prepared statement) that has just run, when its items
  // are the shape's literals (or parameters and literals).
  void CacheInsert(const ShapedInsert* shaped, const PreparedInsert* prepared, const sql::InsertStmt& stmt,
                   const std::vector<Value>* params, LogicalOperatorPtr plan, PhysicalOperatorPtr physical);
  Status RunCreateTable(const sql::CreateTableStmt& stmt, ResultSink* sink);
  // Adds a bound table definition to the transaction's catalog; 0 when it exists and IF NOT EXISTS was given.
  Result<Oid> AddTable(TableDef def, const sql::CreateTableStmt& stmt, ResultSink* sink);
  // Takes the name lock of relation schema.name (kind 'r') or of schema `name` (kind 's', schema empty;
  // main/name_lock.h), waiting for another transaction that took it to end. True when a commit made since
  // this transaction's snapshot holds the name while the transaction's catalog does not: the caller reports
  // it as already existing.
  Result<bool> TakeName(char kind, const std::string& schema, const std::string& name);
  // CREATE TABLE AS and SELECT ... INTO (statement_ctas.cc).
  Status RunCreateTableAs(const sql::CreateTableStmt& stmt, const sql::Query& query, ResultSink* sink);
  Status RunSelectInto(const sql::Query& query, ResultSink* sink);
  // Views (statement_view.cc).
  Status RunCreateView(const sql::CreateViewStmt& stmt, std::string_view text, ResultSink* sink);
  Status BindViewColumns(const sql::CreateViewStmt& stmt, ViewDef* view);
  Status RunDropView(const sql::DropStmt& stmt, ResultSink* sink);
  // The views that read relation `oid` (named `what`, e.g. "table t"): with cascade dropped (and theirs, with
  // a notice each), else 2BP01.
  Status DropDependentViews(Oid oid, const std::string& what, bool cascade, ResultSink* sink);
  // ALTER TABLE RENAME [COLUMN]: the regular views that read table `before` (as the catalog has it still)
  // get their query edited to read it as `after`, under the names they were written with.
  Status FollowRename(const TableDef& before, const TableDef& after);
  // The regular views that name relation `oid` get each such name replaced by ref(view, aliased): the
  // relation's new name (or a derived table), aliased by its old one when the name was not.
  Status EditDependentViews(Oid oid, const std::function<std::string(const ViewDef&, bool aliased)>& ref);
  // ALTER TABLE on a view: RENAME TO and OWNER TO, as Redshift's ALTER TABLE allows ("renames a table (or
  // view)"); the regular views that read it follow the new name.
  Status RunAlterView(const sql::AlterTableStmt& stmt, const ViewDef& view, ResultSink* sink);
  // ALTER TABLE ... DROP COLUMN, after the table's new definition is in the catalog: the regular views that
  // read the column (by name or through *) no longer bind to the columns they were created with. Without
  // cascade that is 2BP01; with it they (and views on them) are dropped. The others that record the column
  // among those their * shows (it was column `position`, 0-based) record one column less.
  Status DropColumnDependents(const TableDef& table, const std::string& column, size_t position, bool cascade,
                              ResultSink* sink);
  Status RunCreateSchema(const sql::CreateSchemaStmt& stmt, ResultSink* sink);
  Status RunDrop(const sql::DropStmt& stmt, ResultSink* sink);
  Status RunSet(const sql::SetStmt& stmt, ResultSink* sink);
  Status RunReset(const sql::ResetStmt& stmt, ResultSink* sink);
  Status SetAutoVacuum(const std::string& value, int location);
  // The running query's memory limit in bytes: query_working_mem x wlm_query_slot_count (query_memory.h).
  uint64_t QueryMemoryLimit() const;
  // An ExecContext for a statement of this session, with its memory limit.
  void ApplyQueryMemoryLimit(ExecContext* ctx) const;
  Status RunShow(const sql::ShowStmt& stmt, ResultSink* sink);
  // CURRENT_SETTING(name) and SET_CONFIG(name, value, false): SHOW's value of a setting (42704 for an
  // unknown one), and SET's change of one, returning its new value.
  Result<std::string> CurrentSetting(const std::string& name) const;
  Result<std::string> SetConfig(const std::string& name, const std::string& value, bool is_local);
  // SHOW DATABASES / SCHEMAS / TABLES / COLUMNS (statement_show.cc) and their result columns.
  Status RunShowObjects(const sql::ShowStmt& stmt, ResultSink* sink);
  static std::vector<ColumnInfo> ShowObjectsColumns(const sql::ShowStmt& stmt);
  // EXPLAIN [VERBOSE] [ANALYZE] (statement_explain.cc).
  Status RunExplain(const sql::ExplainStmt& stmt, ResultSink* sink);
  Result<sql::BoundQuery> BindExplained(const sql::Statement& stmt);
  // Runs an explained plan (EXPLAIN ANALYZE), returning the context that holds its statistics. *physical
  // becomes the plan's root, which must outlive the context (its states refer to the operators).
  Result<std::unique_ptr<ExecContext>> RunExplained(const sql::Statement& stmt, const LogicalOperator& plan,
                                                    PhysicalOperatorPtr* physical);
  Status RunCancel(const sql::CancelStmt& stmt, ResultSink* sink);
  // COPY and UNLOAD (statement_copy.cc).
  Status RunCopy(const sql::CopyStmt& stmt, ResultSink* sink);
  Status RunCopyJob(const std::shared_ptr<load::CopyJob>& job, ResultSink* sink);
  Status RunUnload(const sql::UnloadStmt& stmt, ResultSink* sink);
  Status UnloadQuery(const sql::UnloadStmt& stmt, ResultSink* sink);
  // stdin_store: the store of COPY ... FROM STDIN (null for files and S3).
  Result<std::shared_ptr<load::CopyJob>> PlanCopyJob(const sql::CopyStmt& stmt,
                                                     std::shared_ptr<load::ObjectStore> stdin_store = nullptr);
  // DML and ALTER TABLE (statement_dml.cc, statement_alter.cc).
  using CountRows = std::function<std::string(ExecContext&, const PhysicalOperator&)>;
  // Binds, plans and runs a data-changing plan; completes with the tag `count` makes from its root.
  // single_match (an UPDATE): a row matched twice is an error (error_on_nondeterministic_update).
  Status RunWrite(const BindWrite& bind, const std::vector<Value>* params, const CountRows& count, ResultSink* sink,
                  bool single_match = false);
  Status RunDelete(const sql::DeleteStmt& stmt, const std::vector<Value>* params, ResultSink* sink);
  Status RunUpdate(const sql::UpdateStmt& stmt, const std::vector<Value>* params, ResultSink* sink);
  Status RunTruncate(const sql::TruncateStmt& stmt, ResultSink* sink);
  Status RunMerge(const sql::MergeStmt& stmt, const std::vector<Value>* params, ResultSink* sink);
  Status RunAlterTable(const sql::AlterTableStmt& stmt, ResultSink* sink);
  // VACUUM and ANALYZE (statement_vacuum.cc, statement_analyze.cc).
  Status RunVacuum(const sql::VacuumStmt& stmt, ResultSink* sink);
  Status RunAnalyze(const sql::AnalyzeStmt& stmt, ResultSink* sink);
  Status RunAnalyzeCompression(const sql::AnalyzeStmt& stmt, ResultSink* sink);
  // The named user table, or every user table (a system table is left out: there is nothing to maintain).
  Result<std::vector<std::shared_ptr<const TableDef>>> MaintenanceTables(const std::optional<sql::QualifiedName>& name);
  // MaintenanceTables for ANALYZE, each read-locked (AccessShare), with the snapshot taken after the locks as
  // a query's is (BindLocked).
  Result<std::vector<std::shared_ptr<const TableDef>>> AnalyzedTables(const std::optional<sql::QualifiedName>& name);
  // Column names to indices (all columns when names is empty); 42703 for an unknown one.
  Result<std::vector<int>> ResolveColumns(const TableDef& table, const std::vector<std::string>& names, int location);
  // Users, groups, GRANT/REVOKE (statement_security.cc, statement_grant.cc).
  Status RunSecurity(const sql::SecurityStmt& stmt, ResultSink* sink);
  Status RunDatabase(const sql::DatabaseStmt& stmt, ResultSink* sink);  // statement_database.cc
  // CREATE / DROP / ALTER FUNCTION (statement_function.cc).
  Status RunFunction(const sql::FunctionStmt& stmt, ResultSink* sink);
  Status RunCreateFunction(const sql::FunctionStmt& stmt, ResultSink* sink);
  Status RunDropFunction(const sql::FunctionStmt& stmt, ResultSink* sink);
  Status RunAlterFunction(const sql::FunctionStmt& stmt, ResultSink* sink);
  Status RunCreateUser(const sql::UserStmt& stmt, ResultSink* sink);
  Status RunAlterUser(const sql::UserStmt& stmt, ResultSink* sink);
  Status RunDropUsers(const sql::DropRolesStmt& stmt, ResultSink* sink);
  Status RunGroup(const sql::GroupStmt& stmt, ResultSink* sink);
  Status RunDropGroups(const sql::DropRolesStmt& stmt, ResultSink* sink);
  Status RunGrant(const sql::GrantStmt& stmt, ResultSink* sink);
  Status RunDefaultPrivileges(const sql::GrantStmt& stmt, uint32_t privileges, const std::vector<Grantee>& grantees);
  Status RunAlterSchemaOwner(const sql::AlterSchemaOwnerStmt& stmt, ResultSink* sink);
  // The privileges ALTER DEFAULT PRIVILEGES gave to a table the session user just created.
  void ApplyDefaultPrivileges(Oid table);
  // SET/RESET SESSION AUTHORIZATION: a superuser who connected acts as `user` ("" = themselves again).
  Status SetSessionAuthorization(std::string user, int location, const char* tag, ResultSink* sink);
  // Runs a plan writing into `table` with its writes held back; returns the segments it wrote there.
  Result<std::vector<std::shared_ptr<const storage::SegmentMeta>>> RunCaptured(LogicalOperatorPtr plan, Oid table);
  // Replaces the session's transaction by a new one at the latest version (after an implicit commit).
  void RenewTransaction();
  Status Execute(const LogicalOperator& plan, PhysicalOperatorPtr* root, ExecContext* ctx);
  Status SendRows(const std::vector<ColumnInfo>& columns, const std::vector<Value>& values, ResultSink* sink);

  Session* session_;
  Transaction* txn_;
};

}  // namespace blueshift
