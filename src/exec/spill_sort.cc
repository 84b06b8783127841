#include "exec/spill_sort.h"

#include <algorithm>

#include "exec/sort_keys.h"

namespace blueshift {

bool SortRowLess(const std::vector<SortKey>& keys, const Batch& a, size_t ra, const Batch& b, size_t rb) {
  for (const SortKey& k : keys) {
    const Vector& va = a.column(k.column);
    const Vector& vb = b.column(k.column);
    bool na = va.IsNull(ra), nb = vb.IsNull(rb);
    if (na || nb) {
      if (na && nb) continue;
      return na == k.nulls_first;
    }
    int c = CompareCells(va, ra, vb, rb);
    if (c != 0) return k.descending ? c > 0 : c < 0;
  }
  return false;
}

RowComparator::RowComparator(const std::vector<SortKey>& keys, const std::vector<LogicalType>& types) {
  for (const SortKey& k : keys) {
    const LogicalType& t = types[static_cast<size_t>(k.column)];
    keys_.push_back({k.column, t.physical(), t.IsString(), k.descending, k.nulls_first});
  }
}

bool RowComparator::Less(const Batch& a, size_t ra, const Batch& b, size_t rb) const {
  for (const Key& k : keys_) {
    const Vector& va = a.column(static_cast<size_t>(k.column));
    const Vector& vb = b.column(static_cast<size_t>(k.column));
    bool na = va.IsNull(ra), nb = vb.IsNull(rb);
    if (na || nb) {
      if (na && nb) continue;
      return na == k.nulls_first;
    }
    int c = CompareCellsAs(k.type, k.trim_blanks, va, ra, vb, rb);
    if (c != 0) return k.descending ? c > 0 : c < 0;
  }
  return false;
}

std::vector<uint64_t> SortRowIds(const std::vector<SortKey>& keys, const std::vector<Batch>& batches, size_t limit) {
  return FlatSortKeys(keys, batches).SortedIds(limit);
}

Result<SortedRun> WriteSortedRun(SpillSpace* space, const std::vector<SortKey>& keys,
                                 const std::vector<Batch>& batches) {
  SortedRun run;
  ASSIGN_OR_RETURN(auto file, space->NewFile());
  run.file = std::move(file);
  if (batches.empty()) return run;
  std::vector<uint64_t> order = SortRowIds(keys, batches);
  Batch out(batches.front().types());
  for (size_t i = 0; i < order.size(); i++) {
    const Batch& b = batches[order[i] >> 32];
    size_t r = order[i] & 0xffffffff, n = out.count();
    for (size_t c = 0; c < out.num_columns(); c++) out.column(c).CopyRow(b.column(c), r, n);
    out.set_count(n + 1);
    if (out.count() == out.capacity() || i + 1 == order.size()) {
      ASSIGN_OR_RETURN(SpillFrame f, run.file->Append(out, nullptr, nullptr, 0));
      run.frames.push_back(f);
      out.Reset();
    }
  }
  return run;
}

SortMerger::SortMerger(ExecContext& ctx, std::vector<LogicalType> types, std::vector<SortKey> keys)
    : ctx_(ctx), types_(std::move(types)), keys_(std::move(keys)), less_(keys_, types_), mem_(&ctx.memory()) {}

bool SortMerger::CursorLess(size_t x, size_t y) const {
  const Cursor& a = cursors_[x];
  const Cursor& b = cursors_[y];
  if (less_.Less(a.batch.rows, a.row, b.batch.rows, b.row)) return true;
  if (less_.Less(b.batch.rows, b.row, a.batch.rows, a.row)) return false;
  return x < y;
}

void SortMerger::SiftDown(size_t i) {
  size_t n = heap_.size();
  for (;;) {
    size_t l = 2 * i + 1, r = l + 1, m = i;
    if (l < n && CursorLess(heap_[l], heap_[m])) m = l;
    if (r < n && CursorLess(heap_[r], heap_[m])) m = r;
    if (m == i) return;
    std::swap(heap_[i], heap_[m]);
    i = m;
  }
}

Status SortMerger::Start(std::vector<SortedRun> runs) {
  // Fan-in: as many runs as a frame each fits in half the limit (the other half is the operators' around
  // this one); merge groups of that many into longer runs until the rest fit.
  uint64_t limit = ctx_.memory().limit();
  uint64_t frame_bytes = 0;
  for (const auto& r : runs) {
    for (const auto& f : r.frames) frame_bytes = std::max<uint64_t>(frame_bytes, 2 * f.bytes);
  }
  size_t fan_in = limit == 0 || frame_bytes == 0 ? runs.size() : std::max<uint64_t>(2, limit / 2 / frame_bytes);
  while (runs.size() > fan_in) {
    std::vector<SortedRun> group(std::make_move_iterator(runs.begin()),
                                 std::make_move_iterator(runs.begin() + static_cast<std::ptrdiff_t>(fan_in)));
    runs.erase(runs.begin(), runs.begin() + static_cast<std::ptrdiff_t>(fan_in));
    SortMerger merger(ctx_, types_, keys_);
    RETURN_IF_ERROR(merger.Open(std::move(group)));
    SortedRun merged;
    ASSIGN_OR_RETURN(auto file, ctx_.spill().NewFile());
    merged.file = std::move(file);
    Batch out(types_);
    for (;;) {
      out.Reset();
      RETURN_IF_ERROR(merger.Next(&out));
      if (out.count() == 0) break;
      ASSIGN_OR_RETURN(SpillFrame f, merged.file->Append(out, nullptr, nullptr, 0));
      merged.frames.push_back(f);
    }
    runs.push_back(std::move(merged));
  }
  return Open(std::move(runs));
}

Status SortMerger::Open(std::vector<SortedRun> runs) {
  cursors_.clear();
  heap_.clear();
  for (auto& r : runs) {
    if (r.frames.empty()) continue;
    cursors_.push_back(Cursor{std::move(r), 0, 0, {}});
  }
  uint64_t bytes = 0;
  for (size_t c = 0; c < cursors_.size(); c++) {
    Cursor& cur = cursors_[c];
    RETURN_IF_ERROR(cur.run.file->Read(cur.run.frames[0], types_, &cur.batch));
    bytes += BatchMemory(cur.batch.rows);
    heap_.push_back(c);
  }
  RETURN_IF_ERROR(mem_.ResizeOrFail(bytes, "a sort's merge"));
  for (size_t i = heap_.size() / 2; i-- > 0;) SiftDown(i);
  return Status::OK();
}

Status SortMerger::Advance(size_t c) {
  Cursor& cur = cursors_[c];
  if (++cur.row < cur.batch.rows.count()) return Status::OK();
  cur.row = 0;
  if (++cur.frame < cur.run.frames.size()) return cur.run.file->Read(cur.run.frames[cur.frame], types_, &cur.batch);
  cur.batch.rows.set_count(0);
  return Status::OK();
}

Status SortMerger::Next(Batch* out) {
  size_t n = 0;
  while (n < out->capacity() && !heap_.empty()) {
    size_t c = heap_[0];
    Cursor& cur = cursors_[c];
    for (size_t col = 0; col < out->num_columns(); col++)
      out->column(col).CopyRow(cur.batch.rows.column(col), cur.row, n);
    n++;
    RETURN_IF_ERROR(Advance(c));
    if (cur.batch.rows.count() == 0) {  // the run is done
      heap_[0] = heap_.back();
      heap_.pop_back();
    }
    if (!heap_.empty()) SiftDown(0);
  }
  out->set_count(n);
  return ctx_.CheckCancel();
}

}  // namespace blueshift
