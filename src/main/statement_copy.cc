// COPY and UNLOAD: the statement side. The load module (src/load) does the reading, parsing and writing;
// this file binds the table and the options, builds the plan and reports the result as Redshift does.

#include <set>

#include "exec/expr_evaluator.h"
#include "exec/physical_filter.h"
#include "exec/physical_insert.h"
#include "exec/pipeline.h"
#include "function/cast.h"
#include "load/copy_source.h"
#include "load/load_history.h"
#include "load/manifest.h"
#include "load/stdin_store.h"
#include "load/unload_writer.h"
#include "main/database.h"
#include "main/statement_runner.h"
#include "plan/optimizer.h"
#include "plan/physical_planner.h"
#include "storage/table_stats.h"

namespace blueshift {

namespace {

// COPY FROM STDIN's bytes: the client's CopyInStream, known once CopyInResponse went out.
class CopyInByteStream : public load::ByteStream {
 public:
  struct Target {
    CopyInStream* stream = nullptr;
  };
  explicit CopyInByteStream(std::shared_ptr<Target> target) : target_(std::move(target)) {}
  Result<size_t> Read(char* buf, size_t n) override {
    if (target_->stream == nullptr) return size_t{0};
    return target_->stream->Read(buf, n);
  }

 private:
  std::shared_ptr<Target> target_;
};

std::vector<load::RawOption> ToRawOptions(const std::vector<sql::CopyOption>& options) {
  std::vector<load::RawOption> out;
  for (const auto& o : options) {
    load::RawOption r;
    r.name = o.name;
    for (const auto& a : o.args) {
      auto kind = a.kind == sql::SetValue::Kind::kString   ? load::RawArg::Kind::kString
                  : a.kind == sql::SetValue::Kind::kNumber ? load::RawArg::Kind::kNumber
                                                           : load::RawArg::Kind::kWord;
      r.args.push_back({kind, a.text});
    }
    out.push_back(std::move(r));
  }
  return out;
}

// Which table columns the input fills, in input order.
Result<std::vector<int>> CopyTargets(const TableDef& table, const sql::CopyStmt& stmt, const load::CopyOptions& o) {
  std::vector<int> targets;
  if (stmt.columns.empty()) {
    for (size_t i = 0; i < table.columns.size(); i++) {
      if (table.columns[i].identity && !o.explicit_ids) continue;  // generated, not read
      targets.push_back(static_cast<int>(i));
    }
    return targets;
  }
  std::set<int> seen;
  for (const auto& name : stmt.columns) {
    int i = table.FindColumn(name);
    if (i < 0)
      return Status(ErrorCode::kUndefinedColumn,
                    "column \"" + name + "\" of relation \"" + table.name + "\" does not exist");
    if (!seen.insert(i).second)
      return Status(ErrorCode::kDuplicateColumn, "column \"" + name + "\" specified more than once");
    const auto& id = table.columns[i].identity;
    if (id && !o.explicit_ids && !id->generated_by_default)
      return Status(ErrorCode::kFeatureNotSupported,
                    "cannot set an identity column to a value: use EXPLICIT_IDS to load column \"" + name + "\"");
    targets.push_back(i);
  }
  return targets;
}

// The value an omitted column takes: its DEFAULT evaluated once, or NULL (IDENTITY: NULL, filled later).
Result<Value> ColumnDefault(sql::Binder& binder, const ColumnDef& col) {
  if (col.identity || col.default_sql.empty()) return Value::NullOf(col.type);
  ASSIGN_OR_RETURN(auto parsed, sql::Parse("SELECT " + col.default_sql));
  const auto& sel = parsed[0]->As<sql::SelectStmt>();
  ASSIGN_OR_RETURN(auto expr, binder.BindConstantExpr(*sel.query->body->select->targets[0].expr));
  ASSIGN_OR_RETURN(Value v, ExprEvaluator::EvaluateConstant(*expr));
  if (v.is_null()) return Value::NullOf(col.type);
  if (v.type() == col.type) return v;
  return CastValue(v, col.type, CastContext::kAssignment);
}

Result<std::vector<load::ObjectInfo>> ListInput(load::ObjectStore& store, const std::string& source,
                                                const load::CopyOptions& o) {
  if (o.manifest) {
    ASSIGN_OR_RETURN(std::string text, store.ReadAll(source));
    ASSIGN_OR_RETURN(auto entries, load::ParseManifest(std::move(text)));
    return load::ResolveManifest(store, entries);
  }
  ASSIGN_OR_RETURN(auto files, store.List(source));
  if (files.empty()) return Status(ErrorCode::kInternal, "The specified S3 prefix '" + source + "' does not exist");
  return files;
}

// Files on the server's own machine (a path or file://, which Redshift does not have) are read and written
// with the server's rights, so only superusers may name them, as PostgreSQL's server-side COPY requires.
Status ServerFilesAllowed(const AccessCheck& access, const std::string& url, const char* what) {
  if (load::IsS3Url(url) || access.superuser()) return Status::OK();
  return Status(ErrorCode::kInsufficientPrivilege,
                std::string("must be superuser to ") + what + " a file on the server; use s3:// or COPY FROM STDIN");
}

Status LoadJsonPaths(const AccessCheck& access, load::CopyJob* job) {
  const std::string& spec = job->options.json_spec;
  std::string lower;
  for (char c : spec) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "auto") return Status::OK();
  if (lower == "auto ignorecase") return (job->json_ignore_case = true, Status::OK());
  if (lower == "noshred") return Status(ErrorCode::kFeatureNotSupported, "JSON 'noshred' is not supported yet");
  RETURN_IF_ERROR(ServerFilesAllowed(access, spec, "COPY with JSONPaths from"));
  ASSIGN_OR_RETURN(auto store, load::OpenObjectStore(spec, job->options.credentials));
  ASSIGN_OR_RETURN(std::string text, store->ReadAll(spec));
  ASSIGN_OR_RETURN(job->json_paths, load::ParseJsonPathsFile(std::move(text)));
  if (!job->json_paths.empty() && job->json_paths.size() != job->targets.size())
    return Status(ErrorCode::kInvalidParameterValue,
                  "Number of jsonpaths and the number of columns should match. JSONPath size: " +
                      std::to_string(job->json_paths.size()) +
                      ", Number of columns in table or column list: " + std::to_string(job->targets.size()));
  return Status::OK();
}

}  // namespace

Result<std::shared_ptr<load::CopyJob>> StatementRunner::PlanCopyJob(const sql::CopyStmt& stmt,
                                                                    std::shared_ptr<load::ObjectStore> stdin_store) {
  sql::Binder binder(MakeBindContext(nullptr, nullptr));
  ASSIGN_OR_RETURN(auto table, binder.ResolveTarget(stmt.table, sql::TargetUse::kCopy));
  if (Status st = binder.Access().Table(*table, kPrivInsert); !st.ok()) return sql::ErrorAt(st, stmt.table.location);
  auto job = std::make_shared<load::CopyJob>();
  job->table = table;
  ASSIGN_OR_RETURN(job->options, load::ParseCopyOptions(ToRawOptions(stmt.options)));
  ASSIGN_OR_RETURN(job->targets, CopyTargets(*table, stmt, job->options));
  for (const auto& col : table->columns) {
    ASSIGN_OR_RETURN(Value d, ColumnDefault(binder, col));
    job->defaults.push_back(std::move(d));
  }
  if (stdin_store) {
    if (job->options.manifest || job->options.format == load::DataFormat::kParquet)
      return Status(ErrorCode::kFeatureNotSupported, "COPY FROM STDIN does not support MANIFEST or PARQUET");
    job->store = std::move(stdin_store);
  } else {
    RETURN_IF_ERROR(ServerFilesAllowed(binder.Access(), stmt.source, "COPY from"));
    ASSIGN_OR_RETURN(auto store, load::OpenObjectStore(stmt.source, job->options.credentials));
    job->store = std::move(store);
  }
  const std::string source = stmt.from_stdin ? load::StdinStore::kStdinUrl : stmt.source;
  ASSIGN_OR_RETURN(auto files, ListInput(*job->store, source, job->options));
  ASSIGN_OR_RETURN(job->split_bytes, load::ParseCopySplitBytes(session_->GetSetting("copy_split_bytes")));
  if (job->options.format == load::DataFormat::kParquet) {
    ASSIGN_OR_RETURN(job->splits, load::PlanParquetSplits(*job->store, files, job->targets.size()));
  } else {
    job->splits = load::PlanSplits(files, job->options, job->split_bytes);
  }
  if (job->options.format == load::DataFormat::kJson) RETURN_IF_ERROR(LoadJsonPaths(binder.Access(), job.get()));
  // The COPY's query id in STL_LOAD_ERRORS is its STL_QUERY id.
  int64_t query = session_->db_->activity()->QueryIdOf(session_->statement_handle_);
  job->query_id = query != 0 ? query : load::LoadHistory::Global().NextQueryId();
  job->session_pid = session_->options_.process_id;
  RETURN_IF_ERROR(job->Prepare());
  if (job->options.format == load::DataFormat::kParquet) RETURN_IF_ERROR(load::PrepareParquet(job.get()));
  return job;
}

Status StatementRunner::RunUnload(const sql::UnloadStmt& stmt, ResultSink* sink) {
  Status st = UnloadQuery(stmt, sink);
  return st.ok() ? st : sql::ErrorAt(st, stmt.location);
}

Status StatementRunner::UnloadQuery(const sql::UnloadStmt& stmt, ResultSink* sink) {
  ASSIGN_OR_RETURN(load::UnloadOptions options, load::ParseUnloadOptions(ToRawOptions(stmt.options)));
  ASSIGN_OR_RETURN(auto parsed, sql::Parse(stmt.query));
  if (parsed.size() != 1 || parsed[0]->kind != sql::StmtKind::kSelect)
    return Status(ErrorCode::kSyntaxError, "UNLOAD needs exactly one SELECT statement");
  std::unique_ptr<sql::Binder> binder;
  ASSIGN_OR_RETURN(
      auto bound,
      BindLocked([&] { return MakeBindContext(nullptr, nullptr); },
                 [&](sql::Binder& b) { return b.BindQuery(*parsed[0]->As<sql::SelectStmt>().query); }, &binder));
  std::vector<load::UnloadColumn> columns;
  for (const auto& c : bound.columns) columns.push_back({c.name, c.type});
  auto plan = Optimize(std::move(bound.plan));
  ASSIGN_OR_RETURN(auto physical, CreatePhysicalPlan(*plan));
  auto collector = std::make_unique<PhysicalResultCollector>(std::move(physical));
  RETURN_IF_ERROR(ServerFilesAllowed(binder->Access(), stmt.destination, "UNLOAD to"));
  ASSIGN_OR_RETURN(auto store, load::OpenObjectStore(stmt.destination, options.credentials));
  load::UnloadWriter writer(options, store.get(), stmt.destination, std::move(columns), session_->db_->num_slices());
  RETURN_IF_ERROR(writer.Prepare());
  // PG_LAST_UNLOAD_ID names an UNLOAD from when it starts unloading, PG_LAST_UNLOAD_COUNT its rows once done.
  const int64_t activity_id = session_->db_->activity()->QueryIdOf(session_->statement_handle_);
  const int64_t query_id = activity_id != 0 ? activity_id : load::LoadHistory::Global().NextQueryId();
  load::LoadHistory::Global().RecordUnload(session_->options_.process_id, query_id, 0);
  ExecContext ctx(txn_, session_->db_->store(), &session_->cancel_requested_);
  ctx.set_system_context(MakeNameContext().system());
  ApplyQueryMemoryLimit(&ctx);
  RETURN_IF_ERROR(ExecutePlan(ctx, *collector));
  int w = 0;
  RETURN_IF_ERROR(
      PhysicalResultCollector::ForEachResult(ctx, *collector, [&](Batch& batch) { return writer.Write(batch, w++); }));
  RETURN_IF_ERROR(writer.Finish());
  load::LoadHistory::Global().RecordUnload(session_->options_.process_id, query_id,
                                           static_cast<int64_t>(writer.rows()));
  sink->Notice("INFO", "UNLOAD completed, " + std::to_string(writer.rows()) + " record(s) unloaded successfully.");
  return sink->Complete("UNLOAD");
}

Status StatementRunner::RunCopy(const sql::CopyStmt& stmt, ResultSink* sink) {
  // FROM STDIN: the client's data arrives through a stream that exists once the plan is checked.
  std::shared_ptr<CopyInByteStream::Target> client;
  std::shared_ptr<load::ObjectStore> stdin_store;
  if (stmt.from_stdin) {
    client = std::make_shared<CopyInByteStream::Target>();
    stdin_store = std::make_shared<load::StdinStore>(std::make_unique<CopyInByteStream>(client));
  }
  auto planned = PlanCopyJob(stmt, stdin_store);
  if (!planned.ok()) return sql::ErrorAt(planned.status(), stmt.location);
  std::shared_ptr<load::CopyJob> job = *planned;
  if (client) {
    ASSIGN_OR_RETURN(client->stream, sink->BeginCopyIn(static_cast<int>(job->targets.size())));
    Status st = RunCopyJob(job, sink);
    Status drained = client->stream->Drain();
    return st.ok() ? drained : st;
  }
  return RunCopyJob(job, sink);
}

Status StatementRunner::RunCopyJob(const std::shared_ptr<load::CopyJob>& job, ResultSink* sink) {
  auto source = std::make_unique<load::PhysicalCopySource>(job);
  PhysicalOperatorPtr root;
  if (job->options.no_load) {
    root = std::make_unique<load::PhysicalDiscard>(std::move(source));
  } else {
    // The IDENTITY columns the input does not fill get generated values.
    std::vector<bool> given(job->table->columns.size());
    for (int c : job->targets) given[c] = true;
    std::vector<IdentityFill> generated;
    for (size_t c = 0; c < given.size(); c++) {
      if (job->table->columns[c].identity && !given[c]) generated.push_back({static_cast<int>(c), -1});
    }
    root = std::make_unique<PhysicalInsert>(job->table, std::move(source), std::move(generated),
                                            job->options.stat_update.value_or(true));
  }
  ExecContext ctx(txn_, session_->db_->store(), &session_->cancel_requested_);
  Status st = ExecutePlan(ctx, *root);
  load::CopyRecord record{job->query_id, job->session_pid, job->table->oid, 0, false, {}};
  for (const auto& s : job->splits) {
    bool seen = !record.files.empty() && record.files.back() == s.url;  // Parquet: a split per row group
    if (s.begin == 0 && !seen) record.files.push_back(s.url);
  }
  if (st.ok() && job->options.stat_update == true && !job->options.no_load) {
    // STATUPDATE ON: the new segments have their sketches; sketch the table's older ones that have none.
    auto data = txn_->TableData(job->table->oid);
    st = storage::ComputeTableStatistics(*session_->db_->store(), *job->table, *data, {}).status();
  }
  if (!st.ok()) {
    load::LoadHistory::Global().RecordCopy(std::move(record));
    return st;
  }
  uint64_t rows = job->options.no_load ? load::PhysicalDiscard::Rows(ctx, static_cast<load::PhysicalDiscard&>(*root))
                                       : PhysicalInsert::RowsInserted(ctx, static_cast<PhysicalInsert&>(*root));
  record.rows = rows;
  record.committed = true;
  {
    std::lock_guard<std::mutex> lock(job->progress->mu);
    load::LoadHistory::Global().RecordCommits(std::move(job->progress->commits));
  }
  load::LoadHistory::Global().RecordCopy(std::move(record));
  const std::string& name = job->table->name;
  if (job->options.no_load) {
    sink->Notice("INFO", "Load into table '" + name + "' completed, " + std::to_string(rows) +
                             " record(s) were validated successfully (NOLOAD).");
    return sink->Complete("COPY");
  }
  sink->Notice("INFO",
               "Load into table '" + name + "' completed, " + std::to_string(rows) + " record(s) loaded successfully.");
  int64_t rejected = job->progress->errors.load();
  if (rejected > 0) {
    sink->Notice("INFO", "Load into table '" + name + "' completed, " + std::to_string(rejected) +
                             " record(s) could not be loaded.  Check 'stl_load_errors' system table for details.");
  }
  return sink->Complete("COPY");
}

}  // namespace blueshift
