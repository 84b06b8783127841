#include "exec/physical_insert.h"

#include <algorithm>
#include <mutex>

#include "util/hash.h"

namespace blueshift {

namespace {
struct InsertGlobal : GlobalSinkState {
  std::mutex mu;
  std::vector<std::shared_ptr<const storage::SegmentMeta>> written;  // published to the transaction at Finalize
  std::atomic<uint64_t> rows{0};
};

// Where EVEN placement goes on for a table: each statement takes up where the table's previous one left off
// (within the process), so that single-row INSERTs spread over the slices instead of all landing on slice 0.
// Tables share a cursor when their oids meet modulo the array's size, which spreads each of them all the same.
std::atomic<uint64_t> even_cursors[1024];

uint64_t TakeEvenRows(Oid table, uint64_t rows) {
  return even_cursors[table % std::size(even_cursors)].fetch_add(rows, std::memory_order_relaxed);
}
}  // namespace

struct PhysicalInsert::Local : LocalSinkState {
  std::vector<std::vector<Batch>> buffers;  // [slice]
  std::vector<size_t> buffered;             // rows per slice
  std::vector<std::shared_ptr<const storage::SegmentMeta>> written;
};

uint32_t SliceForKey(const Vector& key, size_t row, int num_slices) {
  if (key.IsNull(row)) return 0;
  uint64_t h = 0;
  switch (key.type().physical()) {
    case PhysicalType::kBool:
      h = HashInt(key.data<uint8_t>()[row]);
      break;
    case PhysicalType::kInt16:
      h = HashInt(key.data<int16_t>()[row]);
      break;
    case PhysicalType::kInt32:
      h = HashInt(key.data<int32_t>()[row]);
      break;
    case PhysicalType::kInt64:
      h = HashInt(key.data<int64_t>()[row]);
      break;
    case PhysicalType::kInt128:
      h = HashInt128(key.data<int128_t>()[row]);
      break;
    case PhysicalType::kFloat: {
      double d = key.data<float>()[row];
      h = HashBytes(&d, sizeof(d));
      break;
    }
    case PhysicalType::kDouble:
      h = HashBytes(&key.data<double>()[row], sizeof(double));
      break;
    case PhysicalType::kString: {
      std::string_view s = key.data<std::string_view>()[row];
      while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
      h = HashString(s);
      break;
    }
  }
  return static_cast<uint32_t>(h % static_cast<uint64_t>(num_slices));
}

PhysicalInsert::PhysicalInsert(std::shared_ptr<const TableDef> table, PhysicalOperatorPtr child,
                               std::vector<IdentityFill> generated, bool statistics)
    : PhysicalOperator({LogicalType::BigInt()}),
      table_(std::move(table)),
      generated_(std::move(generated)),
      statistics_(statistics) {
  children.push_back(std::move(child));
}

Result<std::unique_ptr<GlobalSinkState>> PhysicalInsert::InitGlobalSink(ExecContext&) const {
  return std::unique_ptr<GlobalSinkState>(std::make_unique<InsertGlobal>());
}

Result<std::unique_ptr<LocalSinkState>> PhysicalInsert::InitLocalSink(ExecContext& ctx, GlobalSinkState&) const {
  auto l = std::make_unique<Local>();
  l->buffers.resize(ctx.num_slices());
  l->buffered.resize(ctx.num_slices(), 0);
  return std::unique_ptr<LocalSinkState>(std::move(l));
}

Status PhysicalInsert::CheckNotNull(const Batch& in) const {
  for (size_t c = 0; c < table_->columns.size(); c++) {
    const ColumnDef& col = table_->columns[c];
    if (!col.not_null && !col.identity) continue;
    const Vector& v = in.column(c);
    if (!v.may_have_nulls()) continue;
    for (size_t k = 0; k < in.count(); k++) {
      if (v.IsNull(in.RowIndex(k)))
        return Status(ErrorCode::kNotNullViolation, "Cannot insert a NULL value into column " + col.name);
    }
  }
  return Status::OK();
}

// The rows `generated_` names get their IDENTITY column's next values, in row order.
Status PhysicalInsert::FillIdentity(ExecContext& ctx, Batch& in) const {
  for (const IdentityFill& fill : generated_) {
    const ColumnDef& col = table_->columns[fill.column];
    Vector& v = in.column(fill.column);
    const Vector* flags = fill.flag >= 0 ? &in.column(fill.flag) : nullptr;
    auto wanted = [&](uint32_t r) { return !flags || (!flags->IsNull(r) && flags->data<uint8_t>()[r] != 0); };
    int64_t count = 0;
    for (size_t k = 0; k < in.count(); k++) count += wanted(in.RowIndex(k)) ? 1 : 0;
    if (count == 0) continue;
    ASSIGN_OR_RETURN(int64_t next, ctx.txn()->AllocateIdentity(*table_, fill.column, count));
    for (size_t k = 0; k < in.count(); k++) {
      uint32_t r = in.RowIndex(k);
      if (!wanted(r)) continue;
      v.SetValue(r, Value::FromInt(col.type, next));
      next += col.identity->step;
    }
  }
  return Status::OK();
}

Status PhysicalInsert::Sink(ExecContext& ctx, Batch& in, GlobalSinkState& global, LocalSinkState& local, bool*) const {
  return SinkBatch(ctx, in, /*take=*/false, global, local);
}

Status PhysicalInsert::SinkOnly(ExecContext& ctx, Batch&& in, GlobalSinkState& global, LocalSinkState& local) const {
  return SinkBatch(ctx, in, /*take=*/true, global, local);
}

bool PhysicalInsert::HasColumnTypes(const Batch& in) const {
  if (in.num_columns() != table_->columns.size()) return false;
  for (size_t c = 0; c < in.num_columns(); c++) {
    if (in.column(c).type() != table_->columns[c].type) return false;
  }
  return true;
}

// `take`: `in` is the statement's only batch and may be kept (moved from).
Status PhysicalInsert::SinkBatch(ExecContext& ctx, Batch& in, bool take, GlobalSinkState& global,
                                 LocalSinkState& local) const {
  auto& g = static_cast<InsertGlobal&>(global);
  auto& l = static_cast<Local&>(local);
  RETURN_IF_ERROR(FillIdentity(ctx, in));
  RETURN_IF_ERROR(CheckNotNull(in));
  // Route each live row to its slice, then copy each slice's rows column by column.
  int slices = ctx.num_slices();
  uint64_t rr = table_->Placement() == DistStyle::kEven ? TakeEvenRows(table_->oid, in.count()) : 0;
  std::vector<std::vector<uint32_t>> rows(slices);
  for (size_t k = 0; k < in.count(); k++) {
    uint32_t r = in.RowIndex(k);
    uint32_t slice = 0;
    if (table_->Placement() == DistStyle::kKey) {
      slice = SliceForKey(in.column(table_->dist_key), r, slices);
    } else if (table_->Placement() != DistStyle::kAll) {
      slice = static_cast<uint32_t>((rr + k) % slices);
    }
    rows[slice].push_back(r);
  }
  size_t count = in.count();
  for (int s = 0; s < slices; s++) {
    if (take && count == 1 && rows[s].size() == 1 && l.buffers[s].empty() && HasColumnTypes(in)) {
      l.buffers[s].push_back(std::move(in));  // the row stays where it is; the other slices get none
      l.buffered[s] = 1;
      continue;
    }
    size_t done = 0;
    while (done < rows[s].size()) {
      auto& buf = l.buffers[s];
      // A slice's first batch holds no more than the rows at hand: a single-row INSERT must not allocate (and
      // zero) vectors for a full batch. Later ones are full-sized, so many small inputs make few batches.
      if (buf.empty() || buf.back().count() == buf.back().capacity())
        buf.emplace_back(table_->ColumnTypes(), buf.empty() ? std::min(rows[s].size() - done, kBatchSize) : kBatchSize);
      Batch& b = buf.back();
      size_t n = std::min(rows[s].size() - done, b.capacity() - b.count());
      for (size_t c = 0; c < b.num_columns(); c++)
        b.column(c).GatherFrom(in.column(c), rows[s].data() + done, n, b.count());
      b.set_count(b.count() + n);
      done += n;
      l.buffered[s] += n;
      if (l.buffered[s] >= kRowsPerSegment) RETURN_IF_ERROR(Flush(ctx, l, s, /*last=*/false));
    }
  }
  g.rows += count;
  return Status::OK();
}

Status PhysicalInsert::Flush(ExecContext& ctx, Local& l, uint32_t slice, bool last) const {
  if (l.buffered[slice] == 0) return Status::OK();
  bool small = last && l.buffered[slice] <= kWriteStoreRows;
  ASSIGN_OR_RETURN(auto seg, small ? ctx.store()->WriteMemorySegment(*table_, slice, l.buffers[slice])
                                   : ctx.store()->WriteSegment(*table_, slice, l.buffers[slice], statistics_));
  l.written.push_back(std::move(seg));
  l.buffers[slice].clear();
  l.buffered[slice] = 0;
  return Status::OK();
}

Status PhysicalInsert::Combine(ExecContext& ctx, GlobalSinkState& global, LocalSinkState& local) const {
  auto& l = static_cast<Local&>(local);
  for (uint32_t s = 0; s < l.buffers.size(); s++) RETURN_IF_ERROR(Flush(ctx, l, s, /*last=*/true));
  // Not visible yet: a scan of the same table in this statement (INSERT INTO t SELECT ... FROM t) may still
  // be running on another slice. Finalize publishes once every task is done.
  auto& g = static_cast<InsertGlobal&>(global);
  std::lock_guard<std::mutex> lock(g.mu);
  for (auto& s : l.written) g.written.push_back(std::move(s));
  return Status::OK();
}

Status PhysicalInsert::Finalize(ExecContext& ctx, GlobalSinkState& global) const {
  auto& g = static_cast<InsertGlobal&>(global);
  if (!g.written.empty()) ctx.txn()->AddSegments(table_->oid, std::move(g.written));
  return Status::OK();
}

uint64_t PhysicalInsert::RowsInserted(ExecContext& ctx, const PhysicalInsert& op) {
  return static_cast<InsertGlobal*>(ctx.sink_state(&op))->rows.load();
}

}  // namespace blueshift
