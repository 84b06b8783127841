// INSERT (StatementRunner::RunInsert). INSERT ... SELECT is planned and run like a query. INSERT ... VALUES
// with at most a batch of rows — the single-row INSERT an application sends in autocommit — skips the
// optimizer and the pipeline: its rows are evaluated straight into a batch of exactly their number and
// handed to the insert operator's sink once. The statement's steps (VALUES, the projection, the insert)
// are still recorded for SVL_QUERY_SUMMARY and STL_SCAN as the pipeline would record them. Such an INSERT
// sent alone in a simple query is bound and planned once per shape (main/insert_shape_cache.h).

#include <charconv>

#include "exec/expr_evaluator.h"
#include "exec/physical_insert.h"
#include "exec/pipeline.h"
#include "main/database.h"
#include "main/insert_shape_cache.h"
#include "main/statement_runner.h"
#include "plan/optimizer.h"
#include "plan/physical_planner.h"
#include "sql/parser.h"
#include "system/system_table.h"
#include "types/datetime.h"

namespace blueshift {

namespace {

// The VALUES operator of a bound `INSERT INTO t [(columns)] VALUES (...), ...` whose projection passes the
// rows through unchanged (the binder has cast every item to its column and filled in the defaults), with
// at most a batch of rows; null for any other plan.
const LogicalOperator* DirectValues(const LogicalOperator& insert) {
  if (insert.kind != LogicalKind::kInsert || insert.children.size() != 1) return nullptr;
  const LogicalOperator& proj = *insert.children[0];
  if (proj.kind != LogicalKind::kProjection || proj.children.size() != 1) return nullptr;
  const LogicalOperator& values = *proj.children[0];
  if (values.kind != LogicalKind::kValues || values.rows.empty() || values.rows.size() > kBatchSize) return nullptr;
  if (proj.exprs.size() != values.value_types.size()) return nullptr;
  for (size_t c = 0; c < proj.exprs.size(); c++) {
    const Expr& e = *proj.exprs[c];
    if (e.kind != ExprKind::kColumnRef || e.binding.table != values.table_index ||
        e.binding.column != static_cast<int>(c))
      return nullptr;
  }
  for (const auto& row : values.rows) {
    if (row.size() != values.value_types.size()) return nullptr;
  }
  return &values;
}

// Evaluates the VALUES rows (as PhysicalValues does) into a batch of exactly their number.
Result<Batch> EvaluateRows(const LogicalOperator& values) {
  Batch rows(values.value_types, values.rows.size());
  for (size_t r = 0; r < values.rows.size(); r++) {
    for (size_t c = 0; c < values.rows[r].size(); c++) {
      const Expr& e = *values.rows[r][c];
      if (e.kind == ExprKind::kConstant) {  // most items: the binder has cast literals to their columns
        rows.column(c).SetValue(r, e.constant);
        continue;
      }
      ASSIGN_OR_RETURN(Value v, ExprEvaluator::EvaluateConstant(e));
      rows.column(c).SetValue(r, v);
    }
  }
  rows.set_count(values.rows.size());
  return rows;
}

using MakeRows = std::function<Result<Batch>()>;

// SinkOnce's task: makes the rows, sinks them, combines and finalizes, counting into `steps` (the source,
// the projection, the sink).
Status SinkRows(ExecContext& ctx, const PhysicalOperator& root, const MakeRows& make_rows, GlobalSinkState& global,
                const std::vector<StepProfile*>& steps) {
  int64_t start_us = ProfileWallMicros();
  for (StepProfile* step : steps) {
    step->tasks[0].ran = true;
    step->tasks[0].start_us = start_us;
  }
  RETURN_IF_ERROR(ctx.CheckCancel());
  int64_t t0 = ProfileNanos();
  Result<Batch> rows = make_rows();
  int64_t t1 = ProfileNanos();
  steps.front()->tasks[0].time_ns = t1 - t0;
  RETURN_IF_ERROR(rows.status());
  ASSIGN_OR_RETURN(auto local, root.InitLocalSink(ctx, global));
  for (StepProfile* step : steps) step->tasks[0].rows = rows->count();
  // The insert sinks this batch alone, so it may keep it.
  Status st = static_cast<const PhysicalInsert&>(root).SinkOnly(ctx, std::move(*rows), global, *local);
  StepCounters& sink = steps.back()->tasks[0];
  sink.memory = root.LocalSinkBytes(*local);
  if (st.ok()) st = root.Combine(ctx, global, *local);
  int64_t t2 = ProfileNanos();
  sink.time_ns = t2 - t1;
  int64_t end_us = ProfileWallMicros();
  for (StepProfile* step : steps) step->tasks[0].end_us = end_us;
  RETURN_IF_ERROR(st);
  st = root.Finalize(ctx, global);
  steps.back()->final_ns = ProfileNanos() - t2;
  steps.back()->final_memory = root.GlobalSinkBytes(global);
  return st;
}

// The one pipeline (VALUES -> projection -> insert) of an insert plan.
Result<std::unique_ptr<Pipeline>> InsertPipeline(const PhysicalOperator& root) {
  auto pipeline = BuildPipelines(root);
  if (!pipeline->dependencies.empty() || pipeline->sink != &root)
    return Status(ErrorCode::kInternal, "unexpected plan for INSERT ... VALUES");
  return pipeline;
}

// Runs the insert plan's one pipeline (VALUES -> projection -> insert) as one task: the rows (of the VALUES
// operator) made into one batch, which the insert sink takes once; every step's counters are filled as the
// pipeline's task fills them (and kept when the statement fails, as ExecutePlan keeps them). `sealed`, when
// given, is the plan's steps as described before (InsertShapeCache::Entry::steps).
Status SinkOnce(ExecContext& ctx, const PhysicalOperator& root, const MakeRows& make_rows,
                const QueryProfile* sealed = nullptr) {
  std::unique_ptr<Pipeline> pipeline;
  if (!sealed) {
    ASSIGN_OR_RETURN(pipeline, InsertPipeline(root));
  }
  ASSIGN_OR_RETURN(auto global, root.InitGlobalSink(ctx));
  GlobalSinkState* g = global.get();
  ctx.set_sink_state(&root, std::move(global));
  std::vector<StepProfile*> steps = sealed ? ctx.profile().CopySealed(*sealed) : ctx.profile().AddSegment(*pipeline, 1);
  Status st = SinkRows(ctx, root, make_rows, *g, steps);
  if (!sealed) ctx.profile().Seal();
  if (StatementProfiles* statement = StatementProfiles::Current()) statement->Add(ctx.shared_profile());
  return st;
}

using Slot = InsertShapeCache::Entry::Slot;

// The cells of the bound INSERT ... VALUES `stmt` into `table` that change from run to run: with `shape`,
// its literals' (in literal order); without, its parameters'. nullopt unless every other item is NULL, TRUE
// or FALSE and every column it leaves out has no DEFAULT and no IDENTITY (a default may be no constant:
// GETDATE()).
std::optional<std::vector<Slot>> VaryingSlots(const sql::InsertStmt& stmt, const TableDef& table,
                                              const sql::StatementShape* shape, size_t params) {
  if (stmt.default_values || !stmt.query) return std::nullopt;
  const sql::Query& q = *stmt.query;
  if (!q.with.empty() || !q.order_by.empty() || q.limit || q.offset || q.body->kind != sql::QueryTerm::Kind::kValues)
    return std::nullopt;
  std::vector<int> targets;
  for (size_t i = 0; i < (stmt.columns.empty() ? table.columns.size() : stmt.columns.size()); i++)
    targets.push_back(stmt.columns.empty() ? static_cast<int>(i) : table.FindColumn(stmt.columns[i]));
  std::vector<bool> named(table.columns.size());
  for (int t : targets) {
    if (t < 0) return std::nullopt;
    named[t] = true;
  }
  for (size_t c = 0; c < table.columns.size(); c++) {
    if (table.columns[c].identity || (!named[c] && !table.columns[c].default_sql.empty())) return std::nullopt;
  }
  std::vector<Slot> slots(shape ? shape->literals.size() : 0, Slot{-1, -1, -1, -1});
  size_t literals = 0;
  for (size_t r = 0; r < q.body->values.size(); r++) {
    const auto& row = q.body->values[r];
    if (row.size() != targets.size()) return std::nullopt;
    for (size_t i = 0; i < row.size(); i++) {
      Slot slot{static_cast<int>(r), targets[i], -1, row[i]->location};
      if (row[i]->kind == sql::ExprKind::kParam && !shape) {
        slot.item = row[i]->As<sql::Param>().index - 1;
        if (slot.item < 0 || static_cast<size_t>(slot.item) >= params) return std::nullopt;
        slots.push_back(slot);
        continue;
      }
      if (row[i]->kind != sql::ExprKind::kConstant) return std::nullopt;
      const auto& c = row[i]->As<sql::Constant>();
      if (c.const_kind == sql::ConstKind::kNull || c.const_kind == sql::ConstKind::kBool) continue;
      if (!shape) return std::nullopt;  // its cast may depend on settings (a time zone): cast at every run
      auto lit = std::find_if(shape->literals.begin(), shape->literals.end(),
                              [&](const auto& l) { return l.location == c.location; });
      if (lit == shape->literals.end() || lit->kind != c.const_kind || lit->value != c.value) return std::nullopt;
      slot.item = static_cast<int>(lit - shape->literals.begin());
      if (slots[slot.item].item >= 0) return std::nullopt;
      slots[slot.item] = slot;
      literals++;
    }
  }
  if (shape && literals != slots.size()) return std::nullopt;
  return slots;
}

// Sets the usual literals as their cast would, without the cast kernel (a generic vector cast, most of a
// cached INSERT's cost of its values): a string no longer than its VARCHAR column (the same text; the
// vector has the column's type), an integer literal into a BIGINT column (the same number) or into an
// INTEGER column when it is in its range (the binder's INTEGER constant). False for anything else.
bool SetUsualLiteral(const sql::StatementShape::Literal& l, const LogicalType& type, Vector* column, size_t row) {
  if (l.kind == sql::ConstKind::kString && type.id() == TypeId::kVarchar &&
      l.value.size() <= static_cast<size_t>(type.length())) {
    column->SetValue(row, Value::Varchar(l.value));
    return true;
  }
  if (l.kind != sql::ConstKind::kInteger || l.value.size() > 18) return false;
  const char* end = l.value.data() + l.value.size();
  if (type.id() == TypeId::kBigInt) {
    int64_t v = 0;
    auto [ptr, ec] = std::from_chars(l.value.data(), end, v);
    if (ec != std::errc() || ptr != end) return false;
    column->SetValue(row, Value::BigInt(v));
    return true;
  }
  if (type.id() == TypeId::kInteger) {
    int32_t v = 0;
    auto [ptr, ec] = std::from_chars(l.value.data(), end, v);  // out of range: the binder's error
    if (ec != std::errc() || ptr != end) return false;
    column->SetValue(row, Value::Integer(v));
    return true;
  }
  return false;
}

// The VALUES rows of a cached INSERT with this text's literals (`shape`) or these parameters, each cast to
// its column as binding casts it.
Result<Batch> CachedRows(const InsertShapeCache::Entry& e, const sql::StatementShape* shape,
                         const std::vector<Value>* params) {
  Batch rows(e.types, e.rows.size());
  for (size_t r = 0; r < e.rows.size(); r++) {
    for (size_t c = 0; c < e.types.size(); c++) rows.column(c).SetValue(r, e.rows[r][c]);
  }
  sql::Constant literal;
  for (const Slot& slot : e.slots) {
    const ColumnDef& column = e.table->columns[slot.column];
    if (shape && SetUsualLiteral(shape->literals[slot.item], column.type, &rows.column(slot.column), slot.row))
      continue;
    if (shape) {
      const auto& l = shape->literals[slot.item];
      literal.const_kind = l.kind;
      literal.value = l.value;
      literal.location = l.location;
    }
    ASSIGN_OR_RETURN(Value v, shape ? sql::Binder::LiteralForColumn(literal, column)
                                    : sql::Binder::ConstantForColumn((*params)[slot.item], column, slot.location));
    rows.column(slot.column).SetValue(slot.row, v);
  }
  rows.set_count(e.rows.size());
  return rows;
}

}  // namespace

void StatementRunner::CacheInsert(const ShapedInsert* shaped, const PreparedInsert* prepared,
                                  const sql::InsertStmt& stmt, const std::vector<Value>* params,
                                  LogicalOperatorPtr plan, PhysicalOperatorPtr physical) {
  auto e = std::make_unique<InsertShapeCache::Entry>();
  e->catalog = txn_->SnapshotCatalog();
  if (!e->catalog || !plan->table || FindSystemTableByOid(plan->table->oid)) return;
  auto slots = VaryingSlots(stmt, *plan->table, shaped ? shaped->shape : nullptr, params ? params->size() : 0);
  if (!slots) return;
  const LogicalOperator& values = *plan->children[0]->children[0];
  for (const auto& row : values.rows) {
    auto& out = e->rows.emplace_back();
    for (const auto& item : row) {
      if (item->kind != ExprKind::kConstant) return;
      out.push_back(item->constant);
    }
  }
  for (const Slot& slot : *slots) e->rows[slot.row][slot.column] = Value::NullOf(values.value_types[slot.column]);
  if (shaped) {
    e->key = shaped->shape->key;
    e->statement = shaped->statement;
    e->text_begin = stmt.text_begin;
    e->text_tail = shaped->text.size() - stmt.text_end;
  } else {
    e->prepared = prepared->statement;
    e->holder = prepared->holder;
    for (const auto& p : *params) e->param_types.push_back(p.type());
  }
  auto pipeline = InsertPipeline(*physical);
  if (!pipeline.ok()) return;
  e->steps = std::make_unique<QueryProfile>();
  e->steps->AddSegment(**pipeline, 1);
  e->steps->Seal();
  e->search_path = session_->GetSetting("search_path");
  e->user = session_->options_.user;
  e->table = plan->table;
  e->types = values.value_types;
  e->slots = std::move(slots).value();
  e->plan = std::move(plan);
  e->physical = std::move(physical);
  session_->insert_shapes_->Add(std::move(e));
}

const InsertShapeCache::Entry* StatementRunner::CachedInsertOf(const sql::Statement& stmt) const {
  if (const ShapedInsert* shaped = session_->shaped_insert_; shaped && shaped->statement.get() == &stmt)
    return shaped->cached;
  if (const PreparedInsert* prepared = session_->prepared_insert_; prepared && prepared->statement == &stmt)
    return session_->insert_shapes_->FindPrepared(&stmt);
  return nullptr;
}

bool StatementRunner::SeesCatalogAsBound(const InsertShapeCache::Entry& e) const {
  return txn_->SnapshotCatalog() == e.catalog && *session_->Hot().search_path == e.search_path &&
         session_->options_.user == e.user;
}

bool StatementRunner::SeesAsBound(const InsertShapeCache::Entry& e, const std::vector<Value>* params) const {
  if (!SeesCatalogAsBound(e)) return false;
  if (!params) return e.param_types.empty();
  if (params->size() != e.param_types.size()) return false;
  for (size_t i = 0; i < params->size(); i++) {
    if ((*params)[i].type() != e.param_types[i]) return false;
  }
  return true;
}

Status StatementRunner::RunShapedInsert(ShapedInsert* shaped, const std::vector<Value>* params, ResultSink* sink) {
  if (!SeesAsBound(*shaped->cached, params)) {
    // Bound against another catalog version, path or user: the text is parsed and bound again (and cached).
    ASSIGN_OR_RETURN(auto parsed, sql::Parse(shaped->text));
    if (parsed.size() != 1 || parsed[0]->kind != sql::StmtKind::kInsert)
      return Status(ErrorCode::kInternal, "an INSERT's shape parsed as another statement");
    shaped->statement = std::move(parsed[0]);
    shaped->cached = nullptr;
    return RunInsert(shaped->statement->As<sql::InsertStmt>(), params, sink);
  }
  return RunCachedInsert(*shaped->cached, shaped->shape, nullptr, sink);
}

Status StatementRunner::RunCachedInsert(const InsertShapeCache::Entry& e, const sql::StatementShape* shape,
                                        const std::vector<Value>* params, ResultSink* sink) {
  // Cast before anything runs, as binding casts: an item that does not fit its column records no steps.
  // 'now' and 'today' in a literal count from the transaction's start, as when the INSERT was bound.
  ScopedTransactionStart clock(session_->transaction_start_us_);
  Result<Batch> rows = CachedRows(e, shape, params);
  RETURN_IF_ERROR(rows.status());
  // No system context: the plan (insert <- projection <- constant rows) scans no system table.
  ExecContext ctx(txn_, session_->db_->store(), &session_->cancel_requested_);
  ApplyQueryMemoryLimit(&ctx);
  RETURN_IF_ERROR(SinkOnce(
      ctx, *e.physical, [&]() -> Result<Batch> { return std::move(rows); }, e.steps.get()));
  uint64_t count = PhysicalInsert::RowsInserted(ctx, static_cast<const PhysicalInsert&>(*e.physical));
  return sink->Complete("INSERT 0 " + std::to_string(count));
}

Status StatementRunner::RunInsert(const sql::InsertStmt& stmt, const std::vector<Value>* params, ResultSink* sink) {
  ShapedInsert* shaped = session_->shaped_insert_;
  if (shaped && shaped->statement.get() != &stmt) shaped = nullptr;
  if (shaped && shaped->cached) return RunShapedInsert(shaped, params, sink);
  const PreparedInsert* prepared = session_->prepared_insert_;
  if (!params || (prepared && prepared->statement != &stmt)) prepared = nullptr;
  if (prepared) {
    const InsertShapeCache::Entry* e = session_->insert_shapes_->FindPrepared(prepared->statement);
    if (e && SeesAsBound(*e, params)) return RunCachedInsert(*e, nullptr, params, sink);
  }
  std::vector<LogicalType> types;
  if (params) {
    for (const auto& p : *params) types.push_back(p.type());
  }
  SystemContext system;
  auto context = [&] {
    sql::BindContext c = MakeBindContext(params ? &types : nullptr, params);
    system = c.system();
    return c;
  };
  std::unique_ptr<sql::Binder> binder;
  ASSIGN_OR_RETURN(auto bound, BindLocked(
                                   context, [&](sql::Binder& b) { return b.BindInsert(stmt); }, &binder));
  std::unique_ptr<LogicalOperator> plan = std::move(bound.plan);
  const LogicalOperator* values = DirectValues(*plan);
  if (!values) plan = Optimize(std::move(plan), txn_);
  ASSIGN_OR_RETURN(auto physical, CreatePhysicalPlan(*plan));
  ExecContext ctx(txn_, session_->db_->store(), &session_->cancel_requested_);
  ctx.set_system_context(std::move(system));
  ApplyQueryMemoryLimit(&ctx);
  if (values) {
    RETURN_IF_ERROR(SinkOnce(ctx, *physical, [&] { return EvaluateRows(*values); }));
  } else {
    RETURN_IF_ERROR(ExecutePlan(ctx, *physical));
  }
  uint64_t rows = PhysicalInsert::RowsInserted(ctx, static_cast<const PhysicalInsert&>(*physical));
  if ((shaped || prepared) && values) CacheInsert(shaped, prepared, stmt, params, std::move(plan), std::move(physical));
  return sink->Complete("INSERT 0 " + std::to_string(rows));
}

}  // namespace blueshift
