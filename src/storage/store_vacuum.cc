#include "storage/segment_merge.h"
#include "storage/segment_writer.h"
#include "storage/store.h"
#include "storage/table_stats.h"
#include "util/file.h"

namespace blueshift::storage {

CommitRequest::TableChange SegmentRewrite::ToChange(Oid table) const {
  CommitRequest::TableChange ch;
  ch.table = table;
  ch.added = added;
  ch.removed = removed;
  ch.moves = moves;
  return ch;
}

Result<SegmentRewrite> Store::RewriteSegments(const TableDef& table, uint32_t slice,
                                              const std::vector<SegmentState>& segments, const RewriteLimits& limits,
                                              const InterleavedSlice* order) {
  SegmentRewrite out;
  for (const SegmentState& s : segments) {
    if (s.meta->slice != slice) {
      return Status(ErrorCode::kInternal,
                    "segment " + std::to_string(s.meta->id) + " is not on slice " + std::to_string(slice));
    }
    out.removed[s.meta->id] = s.deletes;
    out.rows_dropped += s.deletes ? s.deletes->rows.size() : 0;
  }
  if (slice >= static_cast<uint32_t>(num_slices_)) {
    return Status(ErrorCode::kInternal, "slice " + std::to_string(slice) + " out of range");
  }
  RETURN_IF_ERROR(CreateDirDurably(dir_ + "/tables/" + std::to_string(table.oid)));
  RETURN_IF_ERROR(CreateDirDurably(SegmentDir(table.oid, slice)));
  MergeIo io;
  io.open = [&](const SegmentMeta& meta) { return OpenSegment(table, meta); };
  io.create = [&](bool durable) {
    uint64_t id = next_segment_id_.fetch_add(1);
    return SegmentStreamWriter::Create(SegmentPath(table.oid, slice, id), table, slice, id, durable);
  };
  // (Without an index the slice has no live row: there is no order to keep.)
  const bool interleaved = IsInterleaved(table) && order && order->index && order->index->Fits(table);
  std::vector<SegmentState> inputs = segments;
  std::vector<std::shared_ptr<const SegmentMeta>> runs;  // sorted pieces of unsorted segments, removed below
  if (interleaved) {
    Status st = SortUnsortedSegments(table, slice, *order, limits, &inputs, &runs);
    if (!st.ok()) {
      for (const auto& r : runs) (void)RemoveFile(SegmentPath(table.oid, slice, r->id));
      return st;
    }
  }
  // The rows' origins are tracked when the merge reads the segments themselves (not sorted runs of them).
  auto merged = MergeSegments(table, inputs, limits, io, interleaved ? order->index.get() : nullptr,
                              /*track_rows=*/runs.empty());
  for (const auto& r : runs) (void)RemoveFile(SegmentPath(table.oid, slice, r->id));
  if (!merged.ok()) return merged.status();
  RowMove move;
  for (MergedSegment& m : merged->segments) {
    sketches_->Put(m.meta, std::move(m.sketch));
    move.new_ids.push_back(m.meta->id);
    move.starts.push_back(out.rows_kept);
    out.rows_kept += m.meta->row_count;
    out.added.push_back(std::move(m.meta));
  }
  if (merged->new_position.size() == segments.size()) {
    for (size_t k = 0; k < segments.size(); k++) {
      move.new_position = merged->new_position[k];
      out.moves[segments[k].meta->id] = move;
    }
  }
  out.intermediate_passes = merged->intermediate_passes;
  return out;
}

void Store::DiscardRewrite(Oid table, const SegmentRewrite& rewrite) {
  for (const auto& meta : rewrite.added) (void)RemoveFile(SegmentPath(table, meta->slice, meta->id));
}

}  // namespace blueshift::storage
