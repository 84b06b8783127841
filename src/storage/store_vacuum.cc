#include "storage/store.h"

namespace blueshift::storage {
namespace {

// Marks the rows of `batch` (segment rows [first, first + count)) that `deletes` does not hold as live.
void SelectLive(const DeleteSet& deletes, uint64_t first, Batch* batch) {
  uint32_t* sel = batch->mutable_selection();
  size_t live = 0;
  for (size_t i = 0; i < batch->count(); i++) {
    if (!deletes.Contains(static_cast<uint32_t>(first + i))) sel[live++] = static_cast<uint32_t>(i);
  }
  batch->SetSelection(live);
  batch->Flatten();
}

// Appends the live rows of one segment to rows, in batches without selection.
Status ReadLiveRows(const Store& store, const TableDef& table, const SegmentState& s, std::vector<Batch>* rows) {
  ASSIGN_OR_RETURN(auto reader, store.OpenSegment(table, *s.meta));
  std::vector<int> columns;
  for (size_t c = 0; c < table.columns.size(); c++) columns.push_back(static_cast<int>(c));
  for (uint64_t first = 0; first < s.meta->row_count; first += kBatchSize) {
    Batch batch(table.ColumnTypes());
    size_t n = std::min<uint64_t>(kBatchSize, s.meta->row_count - first);
    RETURN_IF_ERROR(reader->Read(columns, first, n, &batch));
    if (s.deletes) SelectLive(*s.deletes, first, &batch);
    if (batch.count() > 0) rows->push_back(std::move(batch));
  }
  return Status::OK();
}

}  // namespace

CommitRequest::TableChange SegmentRewrite::ToChange(Oid table) const {
  CommitRequest::TableChange ch;
  ch.table = table;
  ch.added = added;
  ch.removed = removed;
  return ch;
}

Result<SegmentRewrite> Store::RewriteSegments(const TableDef& table, uint32_t slice,
                                              const std::vector<SegmentState>& segments) {
  SegmentRewrite out;
  std::vector<Batch> rows;
  for (const SegmentState& s : segments) {
    if (s.meta->slice != slice) {
      return Status(ErrorCode::kInternal,
                    "segment " + std::to_string(s.meta->id) + " is not on slice " + std::to_string(slice));
    }
    RETURN_IF_ERROR(ReadLiveRows(*this, table, s, &rows));
    out.removed[s.meta->id] = s.deletes;
    out.rows_dropped += s.deletes ? s.deletes->rows.size() : 0;
  }
  for (const Batch& b : rows) out.rows_kept += b.count();
  if (out.rows_kept > 0) {
    ASSIGN_OR_RETURN(auto meta, WriteSegment(table, slice, rows));
    out.added.push_back(std::move(meta));
  }
  return out;
}

}  // namespace blueshift::storage
