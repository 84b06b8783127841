#include "storage/segment_merge.h"
#include "storage/store.h"
#include "storage/table_stats.h"
#include "util/file.h"

namespace blueshift::storage {

CommitRequest::TableChange SegmentRewrite::ToChange(Oid table) const {
  CommitRequest::TableChange ch;
  ch.table = table;
  ch.added = added;
  ch.removed = removed;
  return ch;
}

Result<SegmentRewrite> Store::RewriteSegments(const TableDef& table, uint32_t slice,
                                              const std::vector<SegmentState>& segments, const RewriteLimits& limits) {
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
  ASSIGN_OR_RETURN(MergeResult merged, MergeSegments(table, segments, limits, io));
  for (MergedSegment& m : merged.segments) {
    sketches_->Put(m.meta, std::move(m.sketch));
    out.rows_kept += m.meta->row_count;
    out.added.push_back(std::move(m.meta));
  }
  out.intermediate_passes = merged.intermediate_passes;
  return out;
}

void Store::DiscardRewrite(Oid table, const SegmentRewrite& rewrite) {
  for (const auto& meta : rewrite.added) (void)RemoveFile(SegmentPath(table, meta->slice, meta->id));
}

}  // namespace blueshift::storage
