#include "storage/vacuum.h"

#include <algorithm>
#include <chrono>
#include <optional>

namespace blueshift::storage {
namespace {

constexpr int kCommitAttempts = 4;

int64_t NowMicros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

// Which segments of a slice a vacuum rewrites, and how.
enum class Plan { kNone, kMergeAll, kMergeGroups, kRewriteDeleted };

struct Decision {
  Plan plan = Plan::kNone;
  std::string status;  // the "Started ..." or "Skipped ..." text of STL_VACUUM
};

// Without a sort key, the "sort" phase merges a slice's segments smaller than the rewrite's segment size.
bool Fragmented(std::span<const SegmentState> segments, uint64_t segment_rows) {
  return SmallSegments(segments, segment_rows) > 1;
}

Decision Decide(const TableLayout& l, const TableData& data, const VacuumOptions& o, bool interleaved) {
  int t = o.mode == VacuumMode::kReindex ? 100 : o.threshold_percent;
  double sorted_pct = l.has_sort_key ? 100.0 - l.UnsortedPercent() : 100.0;
  bool fragmented = false;
  for (const auto& s : data.slices) fragmented |= Fragmented(s, o.limits.segment_rows);
  bool need_sort = l.has_sort_key ? (l.sorted_rows < l.rows && sorted_pct < t) : fragmented;
  bool need_delete = l.deleted_rows > 0 && 100.0 - l.DeletedPercent() < t;
  std::string pct = std::to_string(t) + "%";
  switch (o.mode) {
    case VacuumMode::kFull:
      if (need_sort) return {Plan::kMergeAll, "Started"};
      if (need_delete) {
        return {Plan::kRewriteDeleted,
                l.has_sort_key ? "Started Delete Only (Sorted >= " + pct + ")" : "Started Delete Only"};
      }
      return {Plan::kNone, "Skipped"};
    case VacuumMode::kSortOnly:
      if (need_sort) return {Plan::kMergeAll, "Started Sort Only"};
      return {Plan::kNone, l.sorted_rows == l.rows || !l.has_sort_key ? "Skipped (sort only)"
                                                                      : "Skipped (sort only, sorted>=" + pct + ")"};
    case VacuumMode::kDeleteOnly:
      if (need_delete) return {Plan::kRewriteDeleted, "Started Delete Only"};
      return {Plan::kNone, "Skipped (delete only)"};
    case VacuumMode::kReindex:
      // An INTERLEAVED table's index is rebuilt from its rows, and every row sorted again by it.
      if (need_sort || need_delete || interleaved) return {Plan::kMergeAll, "Started Reindex"};
      return {Plan::kNone, "Skipped"};
    case VacuumMode::kRecluster:
      if (need_sort) return {Plan::kMergeGroups, "Started"};
      return {Plan::kNone, "Skipped (sort only)"};
  }
  return {};
}

// The segments of one slice that `plan` rewrites together: each inner vector becomes one new segment.
// Without a sort key, kMergeAll concatenates the small segments and those with deleted rows.
std::vector<std::vector<SegmentState>> PickSegments(Plan plan, std::span<const SegmentState> segments,
                                                    const SliceLayout& layout, bool has_sort_key, uint64_t segment_rows,
                                                    bool reindex) {
  std::vector<std::vector<SegmentState>> out;
  if (plan == Plan::kMergeAll && has_sort_key) {
    bool rewrite = layout.deleted_rows > 0 || layout.sorted_rows < layout.rows || reindex;
    if (rewrite && !segments.empty()) out.emplace_back(segments.begin(), segments.end());
  } else if (plan == Plan::kMergeAll) {
    std::vector<SegmentState> picked;
    for (const auto& s : segments) {
      if ((s.deletes && !s.deletes->rows.empty()) || s.meta->row_count < segment_rows) picked.push_back(s);
    }
    if (picked.size() > 1 || layout.deleted_rows > 0) out.push_back(std::move(picked));
  } else if (plan == Plan::kMergeGroups) {
    std::map<int, std::vector<SegmentState>> groups;
    for (size_t k = 0; k < segments.size(); k++) groups[layout.segment_group[k]].push_back(segments[k]);
    for (auto& [g, members] : groups) {
      if (members.size() > 1) out.push_back(std::move(members));
    }
  } else if (plan == Plan::kRewriteDeleted) {
    for (const auto& s : segments) {
      if (s.deletes && !s.deletes->rows.empty()) out.push_back({s});
    }
  }
  return out;
}

VacuumEvent MakeEvent(const VacuumOptions& o, int64_t xid, Oid table, const std::string& status, const TableLayout& l) {
  VacuumEvent e;
  e.userid = o.userid;
  e.xid = xid;
  e.table_id = table;
  e.status = (o.background ? "[VacuumBG] " : "") + status;
  e.rows = static_cast<int64_t>(l.rows);
  e.sorted_rows = static_cast<int64_t>(l.sorted_rows);
  e.blocks = static_cast<int64_t>(l.blocks);
  e.eventtime_us = NowMicros();
  e.reclaimable_rows = static_cast<int64_t>(l.deleted_rows);
  if (l.rows > 0) e.reclaimable_space_mb = static_cast<int64_t>(l.bytes * l.deleted_rows / l.rows >> 20);
  e.is_recluster = o.mode == VacuumMode::kRecluster ? 1 : 0;
  return e;
}

// The interleaved order a vacuum of `slice` sorts by (interleaved_index.h): the slice's index, or with
// REINDEX (or none yet) a new one from the slice's live rows, under which no segment is sorted yet.
Result<InterleavedSlice> VacuumOrder(const Store& store, const TableDef& def, const TableData& data, uint32_t slice,
                                     bool reindex) {
  InterleavedSlice prev = slice < data.interleaved.size() ? data.interleaved[slice] : InterleavedSlice{};
  if (prev.index && !prev.index->Fits(def)) prev = InterleavedSlice{};
  if (prev.index && !reindex) return prev;
  InterleavedSlice order;
  ASSIGN_OR_RETURN(order.index, store.BuildSliceIndex(def, data.slices[slice]));
  order.last_reindex_us = reindex ? NowMicros() : prev.last_reindex_us;
  return order;
}

// The interleaved state after rewriting `picks` into `rewrites` under `order`: a merge of the whole slice
// (every segment in one group) is the new sorted region; otherwise the sorted region keeps its segments (the commit
// drops the rewritten ones) and gains the rewrites of groups that were sorted already.
InterleavedSlice SortedAfter(const InterleavedSlice& order, const std::vector<std::vector<SegmentState>>& picks,
                             const std::vector<SegmentRewrite>& rewrites, bool whole_slice) {
  InterleavedSlice next = order;
  if (whole_slice) next.sorted_segments.clear();
  for (size_t g = 0; g < picks.size() && g < rewrites.size(); g++) {
    bool sorted = whole_slice || std::all_of(picks[g].begin(), picks[g].end(),
                                             [&](const SegmentState& s) { return order.IsSorted(s.meta->id); });
    if (!sorted) continue;
    for (const auto& meta : rewrites[g].added) next.sorted_segments.push_back(meta->id);
  }
  std::sort(next.sorted_segments.begin(), next.sorted_segments.end());
  return next;
}

// Rewrites one slice per `plan`, each time from the current version, and commits it. Returns the segment
// bytes rewritten. Rows deleted meanwhile follow their rows into the new segments at commit; a 40001 at
// commit (segments removed meanwhile, or deletes the rewrite could not carry over) redoes the slice, a few
// times, then leaves it as it is.
Result<uint64_t> VacuumSlice(Store* store, std::mutex* commit_mu, Oid oid, uint32_t slice, Plan plan,
                             const RewriteLimits& limits, bool reindex, int64_t* partitions) {
  for (int attempt = 1;; attempt++) {
    auto version = store->Current();
    auto def = version->catalog->FindTableByOid(oid);
    if (!def || !version->tables.count(oid)) return uint64_t{0};  // dropped meanwhile: nothing left to do
    auto data = version->Table(oid);
    if (slice >= data->slices.size()) return uint64_t{0};
    TableLayout layout = ComputeTableLayout(*def, *data);
    const bool interleaved = IsInterleaved(*def);
    auto picks = PickSegments(plan, data->slices[slice], layout.slices[slice], layout.has_sort_key, limits.segment_rows,
                              reindex && interleaved);
    if (picks.empty()) return uint64_t{0};
    std::optional<InterleavedSlice> order;
    if (interleaved) {
      ASSIGN_OR_RETURN(order, VacuumOrder(*store, *def, *data, slice, reindex));
    }
    std::vector<SegmentRewrite> rewrites;
    auto discard = [&] {
      for (const auto& rw : rewrites) store->DiscardRewrite(oid, rw);
    };
    CommitRequest req;
    req.tables.emplace_back().table = oid;
    auto& change = req.tables[0];
    uint64_t bytes = 0;
    for (const auto& segments : picks) {
      auto rw = store->RewriteSegments(*def, slice, segments, limits, order ? &*order : nullptr);
      if (!rw.ok()) {
        discard();
        return rw.status();
      }
      for (const auto& s : segments) bytes += s.meta->file_bytes;
      change.added.insert(change.added.end(), rw->added.begin(), rw->added.end());
      change.removed.insert(rw->removed.begin(), rw->removed.end());
      change.moves.insert(rw->moves.begin(), rw->moves.end());
      rewrites.push_back(std::move(*rw));
    }
    if (order) {
      bool whole_slice = picks.size() == 1 && picks[0].size() == data->slices[slice].size();
      change.interleaved[slice] = SortedAfter(*order, picks, rewrites, whole_slice);
    }
    Status st;
    {
      std::lock_guard<std::mutex> lock(*commit_mu);
      st = store->Commit(*store->Current(), req).status();
    }
    if (st.ok()) {
      *partitions += static_cast<int64_t>(picks.size());
      return bytes;
    }
    discard();
    if (st.code() != ErrorCode::kSerializationFailure) return st;
    // Still racing concurrent writers (a rewrite that could not track its rows): the slice is left for the
    // next vacuum, as Redshift leaves what was written after a vacuum started.
    if (attempt >= kCommitAttempts) return uint64_t{0};
  }
}

}  // namespace

size_t SmallSegments(std::span<const SegmentState> segments, uint64_t segment_rows) {
  size_t n = 0;
  for (const auto& s : segments) n += s.meta->row_count < segment_rows ? 1 : 0;
  return n;
}

void VacuumLog::Add(VacuumEvent e) {
  if (observer_) observer_(e);
  std::lock_guard<std::mutex> lock(mu_);
  events_.push_back(std::move(e));
  while (events_.size() > kMaxEvents) events_.pop_front();
}

void VacuumLog::Restore(std::vector<VacuumEvent> events) {
  std::lock_guard<std::mutex> lock(mu_);
  for (VacuumEvent& e : events) {
    if (e.xid > next_xid_.load()) next_xid_ = e.xid;
    events_.push_back(std::move(e));
  }
  while (events_.size() > kMaxEvents) events_.pop_front();
}

std::vector<VacuumEvent> VacuumLog::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {events_.begin(), events_.end()};
}

Result<VacuumTableResult> VacuumTable(Store* store, std::mutex* commit_mu, Oid table, const VacuumOptions& options,
                                      VacuumLog* log) {
  auto started = std::chrono::steady_clock::now();
  VacuumTableResult result;
  auto version = store->Current();
  auto def = version->catalog->FindTableByOid(table);
  if (!def || !version->tables.count(table)) {
    return Status(ErrorCode::kUndefinedTable, "relation with OID " + std::to_string(table) + " does not exist");
  }
  TableLayout before = ComputeTableLayout(*def, *version->Table(table));
  int64_t xid = log->NextXid();
  result.rows_before = before.rows;
  result.sorted_before = before.sorted_rows;
  result.blocks_before = before.blocks;
  Decision d = before.rows == 0 ? Decision{Plan::kNone, "Skipped (0 rows)"}
                                : Decide(before, *version->Table(table), options, IsInterleaved(*def));
  log->Add(MakeEvent(options, xid, table, d.status, before));
  if (d.plan == Plan::kNone) {
    result.skipped = true;
    result.rows_after = before.rows;
    result.sorted_after = before.sorted_rows;
    result.blocks_after = before.blocks;
    return result;
  }
  int64_t partitions = 0;
  for (uint32_t slice = 0; slice < before.slices.size(); slice++) {
    if (options.stop && options.stop->load()) break;
    ASSIGN_OR_RETURN(uint64_t bytes, VacuumSlice(store, commit_mu, table, slice, d.plan, options.limits,
                                                 options.mode == VacuumMode::kReindex, &partitions));
    result.bytes_rewritten += bytes;
  }
  auto now = store->Current();
  TableLayout after;
  if (auto def_now = now->catalog->FindTableByOid(table); def_now && now->tables.count(table)) {
    after = ComputeTableLayout(*def_now, *now->Table(table));
  }
  result.rows_after = after.rows;
  result.sorted_after = after.sorted_rows;
  result.blocks_after = after.blocks;
  result.elapsed_us =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
  VacuumEvent fin = MakeEvent(options, xid, table, "Finished", after);
  fin.sort_partitions = partitions;
  fin.elapsed_us = result.elapsed_us;
  log->Add(std::move(fin));
  return result;
}

}  // namespace blueshift::storage
