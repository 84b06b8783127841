// CREATE TABLE AS and SELECT ... INTO: create the table from the query's columns, then insert its rows, in
// the statement's transaction (a failure leaves no table behind).

#include "exec/physical_insert.h"
#include "exec/pipeline.h"
#include "main/database.h"
#include "main/statement_runner.h"
#include "plan/optimizer.h"
#include "plan/physical_planner.h"

namespace blueshift {

Status StatementRunner::RunCreateTableAs(const sql::CreateTableStmt& stmt, const sql::Query& query, ResultSink* sink) {
  std::unique_ptr<sql::Binder> binder;
  ASSIGN_OR_RETURN(auto bound, BindLocked([&] { return MakeBindContext(nullptr, nullptr); },
                                          [&](sql::Binder& b) {
                                            b.AllowSelectInto();
                                            return b.BindQuery(query);
                                          },
                                          &binder));
  ASSIGN_OR_RETURN(TableDef def, binder->BindCreateTableAs(stmt, bound));
  ASSIGN_OR_RETURN(Oid oid, AddTable(std::move(def), stmt, sink));
  if (oid == 0) return sink->Complete("CREATE TABLE AS");
  ASSIGN_OR_RETURN(auto insert, binder->BindInsertRows(txn_->catalog().FindTableByOid(oid), std::move(bound)));
  auto plan = Optimize(std::move(insert));
  PhysicalOperatorPtr physical;
  ExecContext ctx(txn_, session_->db_->store(), &session_->cancel_requested_);
  ctx.set_system_context(MakeNameContext().system());
  ApplyQueryMemoryLimit(&ctx);
  RETURN_IF_ERROR(Execute(*plan, &physical, &ctx));
  uint64_t rows = PhysicalInsert::RowsInserted(ctx, static_cast<const PhysicalInsert&>(*physical));
  return sink->Complete("SELECT " + std::to_string(rows));
}

Status StatementRunner::RunSelectInto(const sql::Query& query, ResultSink* sink) {
  const sql::SelectInto& into = *query.body->select->into;
  sql::CreateTableStmt stmt;
  stmt.location = into.table.location;
  stmt.name = into.table;
  stmt.temp = into.temp || into.table.name()[0] == '#';
  return RunCreateTableAs(stmt, query, sink);
}

}  // namespace blueshift
