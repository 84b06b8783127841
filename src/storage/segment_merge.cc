#include "storage/segment_merge.h"

#include <algorithm>
#include <optional>

#include "storage/block.h"
#include "storage/segment_writer.h"
#include "storage/typed_value.h"
#include "util/file.h"

namespace blueshift::storage {
namespace {

constexpr uint64_t kMaxSegmentRows = UINT32_MAX;  // row positions within a segment are 32-bit
constexpr uint32_t kGone = RowMove::kRowGone;

// Where the rows of one merge's inputs went: each input row, numbered through the concatenation of the
// inputs (deleted rows included), to its row in the concatenation of the merge's output segments.
struct RowTrack {
  std::vector<uint64_t> input_start;  // the first row of each input in the concatenation
  std::vector<uint32_t> to;           // kGone for rows no output holds
  uint64_t written = 0;               // rows handed to the output so far

  explicit RowTrack(const std::vector<SegmentState>& inputs) {
    uint64_t n = 0;
    for (const SegmentState& s : inputs) {
      input_start.push_back(n);
      n += s.meta->row_count;
    }
    to.assign(n, kGone);
  }
  // Rows source[from, from + n) of input k are the output's next n rows.
  void Moved(size_t k, const std::vector<uint32_t>& source, size_t from, size_t n) {
    for (size_t i = 0; i < n; i++) to[input_start[k] + source[from + i]] = static_cast<uint32_t>(written + i);
    written += n;
  }
};

// Row i of a against row j of b over the sort key columns: lexicographic, NULLs last (segment.md, "Sort order").
int CompareKeys(const std::vector<int>& keys, const Batch& a, size_t i, const Batch& b, size_t j) {
  for (int k : keys) {
    const Vector& va = a.column(k);
    const Vector& vb = b.column(k);
    bool an = va.IsNull(i);
    bool bn = vb.IsNull(j);
    if (an || bn) {
      if (an != bn) return an ? 1 : -1;
      continue;
    }
    int c = CompareValues(va.type().physical(), va.raw_data(), i, vb.raw_data(), j);
    if (c != 0) return c;
  }
  return 0;
}

// The live rows of one input segment, a batch at a time; with an interleaved index, each row's z-value too.
class Cursor {
 public:
  // With track, source() says which row of the segment each row of the batch is.
  Status Open(const TableDef& table, const SegmentState& segment, const MergeIo& io,
              const InterleavedIndex* index = nullptr, bool track = false) {
    segment_ = segment;
    track_ = track;
    index_ = index;
    keys_ = table.sort_keys;
    ASSIGN_OR_RETURN(reader_, io.open(*segment.meta));
    batch_ = Batch(table.ColumnTypes());
    for (size_t c = 0; c < table.columns.size(); c++) columns_.push_back(static_cast<int>(c));
    return Next();
  }
  // Loads the next batch that holds a live row; done() when there is none. Closes the segment at the end.
  Status Next() {
    pos_ = 0;
    const SegmentMeta& meta = *segment_.meta;
    while (next_row_ < meta.row_count) {
      size_t n = std::min<uint64_t>(kBatchSize, meta.row_count - next_row_);
      RETURN_IF_ERROR(reader_->Read(columns_, next_row_, n, &batch_));
      if (track_) {
        source_.clear();
        for (size_t i = 0; i < n; i++) {
          auto row = static_cast<uint32_t>(next_row_ + i);
          if (!segment_.deletes || !segment_.deletes->Contains(row)) source_.push_back(row);
        }
      }
      if (segment_.deletes) SelectLive(*segment_.deletes, next_row_, &batch_);
      next_row_ += n;
      if (batch_.count() > 0) {
        ComputeZ();
        return Status::OK();
      }
    }
    done_ = true;
    batch_ = Batch();
    reader_.reset();
    return Status::OK();
  }
  Status Advance(size_t n) {
    pos_ += n;
    return pos_ < batch_.count() ? Status::OK() : Next();
  }
  bool done() const { return done_; }
  const Batch& batch() const { return batch_; }
  size_t pos() const { return pos_; }
  uint64_t z(size_t row) const { return z_[row]; }
  const std::vector<uint32_t>& source() const { return source_; }

 private:
  void ComputeZ() {
    if (!index_) return;
    std::vector<InterleavedIndex::KeyColumn> cols;
    for (int k : keys_) {
      const Vector& v = batch_.column(k);
      cols.push_back({v.type(), v.raw_data(), v.validity(), batch_.count()});
    }
    z_.resize(batch_.count());
    index_->ZValues(cols, z_.data());
  }

  const InterleavedIndex* index_ = nullptr;
  std::vector<int> keys_;
  std::vector<uint64_t> z_;
  SegmentState segment_;
  std::unique_ptr<SegmentReader> reader_;
  std::vector<int> columns_;
  Batch batch_;
  uint64_t next_row_ = 0;
  size_t pos_ = 0;
  bool done_ = false;
  bool track_ = false;
  std::vector<uint32_t> source_;  // with track_: the segment row of each row of batch_
};

// Where merged rows go: new segment files, each cut after about segment_rows rows (at a change of the first
// sort-key column's value for the final output).
class OutputSink {
 public:
  // An intermediate run (final false) is neither cut on a key change nor fsynced.
  OutputSink(const TableDef& table, const MergeIo& io, uint64_t segment_rows, bool final)
      : io_(io), segment_rows_(std::clamp<uint64_t>(segment_rows, 1, kMaxSegmentRows)), final_(final) {
    if (final && !table.sort_keys.empty() && !IsInterleaved(table)) {
      key_ = table.sort_keys[0];
      last_key_ = Vector(table.columns[key_].type, 1);
    }
  }

  Status Append(const Batch& b, size_t from, size_t n) {
    while (n > 0) {
      if (!writer_) {
        ASSIGN_OR_RETURN(writer_, io_.create(final_));
      }
      size_t take;
      if (waiting_) {
        // Past the target: rows with the last row's first-key value stay in this segment.
        size_t room = static_cast<size_t>(std::min<uint64_t>(n, kMaxSegmentRows - writer_->rows()));
        for (take = 0; take < room && SameKey(b, from + take); take++) {
        }
      } else {
        take = static_cast<size_t>(std::min<uint64_t>(n, segment_rows_ - writer_->rows()));
      }
      if (take > 0) RETURN_IF_ERROR(writer_->Append(b, from, take));
      from += take;
      n -= take;
      if (writer_->rows() >= kMaxSegmentRows || (waiting_ && n > 0)) {
        RETURN_IF_ERROR(Cut());
      } else if (!waiting_ && writer_->rows() >= segment_rows_) {
        if (key_ < 0) {
          RETURN_IF_ERROR(Cut());
        } else {
          last_key_.CopyRow(b.column(key_), from - 1, 0);
          waiting_ = true;
        }
      }
    }
    return Status::OK();
  }

  // Finishes the segment being written.
  Status Finish() { return writer_ ? Cut() : Status::OK(); }
  std::vector<MergedSegment>& segments() { return segments_; }

 private:
  bool SameKey(const Batch& b, size_t row) {
    const Vector& v = b.column(key_);
    bool a_null = v.IsNull(row);
    bool b_null = last_key_.IsNull(0);
    if (a_null || b_null) return a_null == b_null;
    return CompareValues(v.type().physical(), v.raw_data(), row, last_key_.raw_data(), 0) == 0;
  }

  Status Cut() {
    MergedSegment m;
    m.path = writer_->path();
    ASSIGN_OR_RETURN(m.meta, writer_->Finish(&m.sketch));
    segments_.push_back(std::move(m));
    writer_.reset();
    waiting_ = false;
    if (key_ >= 0) last_key_.Reset();
    return Status::OK();
  }

  const MergeIo& io_;
  uint64_t segment_rows_;
  bool final_;
  int key_ = -1;
  Vector last_key_;
  bool waiting_ = false;
  std::unique_ptr<SegmentStreamWriter> writer_;
  std::vector<MergedSegment> segments_;
};

Status Concatenate(const TableDef& table, const std::vector<SegmentState>& inputs, const MergeIo& io, OutputSink* out,
                   RowTrack* track) {
  for (size_t k = 0; k < inputs.size(); k++) {
    Cursor cursor;
    RETURN_IF_ERROR(cursor.Open(table, inputs[k], io, nullptr, track != nullptr));
    while (!cursor.done()) {
      size_t n = cursor.batch().count();
      if (track) track->Moved(k, cursor.source(), 0, n);
      RETURN_IF_ERROR(out->Append(cursor.batch(), 0, n));
      RETURN_IF_ERROR(cursor.Advance(n));
    }
  }
  return Status::OK();
}

// The k-way merge: a binary heap of cursors by their current row (ties by input order, which keeps the
// result what a stable sort of the inputs in order gives). The top cursor hands over the run of its rows
// that still come before the runner-up's current row, found by galloping.
Status MergeSorted(const TableDef& table, const std::vector<SegmentState>& inputs, const MergeIo& io,
                   const InterleavedIndex* index, OutputSink* out, RowTrack* track) {
  const std::vector<int>& keys = table.sort_keys;
  std::vector<Cursor> cursors(inputs.size());
  std::vector<size_t> heap;
  for (size_t i = 0; i < inputs.size(); i++) {
    RETURN_IF_ERROR(cursors[i].Open(table, inputs[i], io, index, track != nullptr));
    if (!cursors[i].done()) heap.push_back(i);
  }
  // Whether row `row` of cursor a comes before the current row of cursor b (interleaved: z-value first).
  auto before = [&](size_t a, size_t row, size_t b) {
    if (index) {
      uint64_t za = cursors[a].z(row), zb = cursors[b].z(cursors[b].pos());
      if (za != zb) return za < zb;
    }
    int c = CompareKeys(keys, cursors[a].batch(), row, cursors[b].batch(), cursors[b].pos());
    return c < 0 || (c == 0 && a < b);
  };
  auto less = [&](size_t a, size_t b) { return before(a, cursors[a].pos(), b); };
  auto sift_down = [&](size_t i) {
    for (;;) {
      size_t l = 2 * i + 1, best = i;
      if (l < heap.size() && less(heap[l], heap[best])) best = l;
      if (l + 1 < heap.size() && less(heap[l + 1], heap[best])) best = l + 1;
      if (best == i) return;
      std::swap(heap[i], heap[best]);
      i = best;
    }
  };
  for (size_t i = heap.size() / 2; i-- > 0;) sift_down(i);
  while (!heap.empty()) {
    size_t top = heap[0];
    Cursor& t = cursors[top];
    size_t pos = t.pos();
    size_t end = t.batch().count();
    if (heap.size() > 1) {
      size_t r = heap[1];
      if (heap.size() > 2 && less(heap[2], r)) r = heap[2];
      // before(top, lo, r) holds; hi is the first row known not to come before r's (or end).
      size_t lo = pos, hi = end;
      for (size_t step = 1;; step *= 2) {
        size_t probe = pos + step;
        if (probe >= end) {
          if (!before(top, end - 1, r)) hi = end - 1;
          break;
        }
        if (!before(top, probe, r)) {
          hi = probe;
          break;
        }
        lo = probe;
      }
      while (hi < end && hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        (before(top, mid, r) ? lo : hi) = mid;
      }
      end = hi;
    }
    if (track) track->Moved(top, t.source(), pos, end - pos);
    RETURN_IF_ERROR(out->Append(t.batch(), pos, end - pos));
    RETURN_IF_ERROR(t.Advance(end - pos));
    if (t.done()) {
      heap[0] = heap.back();
      heap.pop_back();
    }
    if (!heap.empty()) sift_down(0);
  }
  return Status::OK();
}

Status MergeInto(const TableDef& table, const std::vector<SegmentState>& inputs, const MergeIo& io,
                 const InterleavedIndex* index, OutputSink* out, RowTrack* track = nullptr) {
  RETURN_IF_ERROR(table.sort_keys.empty() ? Concatenate(table, inputs, io, out, track)
                                          : MergeSorted(table, inputs, io, index, out, track));
  return out->Finish();
}

uint64_t TotalRows(const std::vector<SegmentState>& segments) {
  uint64_t n = 0;
  for (const SegmentState& s : segments) n += s.meta->row_count;
  return n;
}

void RemoveFiles(const std::vector<MergedSegment>& segments) {
  for (const MergedSegment& s : segments) (void)RemoveFile(s.path);
}

}  // namespace

void SelectLive(const DeleteSet& deletes, uint64_t first, Batch* batch) {
  uint32_t* sel = batch->mutable_selection();
  size_t live = 0;
  for (size_t i = 0; i < batch->count(); i++) {
    if (!deletes.Contains(static_cast<uint32_t>(first + i))) sel[live++] = static_cast<uint32_t>(i);
  }
  batch->SetSelection(live);
  batch->Flatten();
}

uint64_t MergeCursorMemory(const SegmentMeta& meta) {
  uint64_t bytes = 0;
  for (size_t c = 0; c < meta.columns.size() && c < meta.types.size(); c++) {
    PhysicalType type = meta.types[c].physical();
    uint64_t width = PhysicalWidth(type);
    uint64_t decoded = 0, encoded = 0;
    for (const BlockInfo& b : meta.columns[c]) {
      decoded = std::max<uint64_t>(decoded, uint64_t{b.row_count} * (width + 1));
      encoded = std::max<uint64_t>(encoded, b.size);
    }
    bytes += decoded + (type == PhysicalType::kString ? 3 : 1) * encoded + kBatchSize * (width + 1);
  }
  return bytes;
}

Result<MergeResult> MergeSegments(const TableDef& table, const std::vector<SegmentState>& segments,
                                  const RewriteLimits& limits, const MergeIo& io, const InterleavedIndex* index,
                                  bool track_rows) {
  if (!IsInterleaved(table)) index = nullptr;
  MergeResult result;
  std::vector<SegmentState> runs = segments;
  std::vector<MergedSegment> temps;  // intermediate runs not merged yet
  // With tracking: each row of the inputs' concatenation to its row in the concatenation of `runs` (kGone
  // once a merge dropped it), carried through every pass.
  std::vector<uint32_t> where;
  if (track_rows && TotalRows(segments) < kGone) {
    where.resize(TotalRows(segments));
    for (size_t r = 0; r < where.size(); r++) where[r] = static_cast<uint32_t>(r);
  }
  auto follow = [&](const std::vector<uint32_t>& step) {
    for (uint32_t& w : where) w = w == kGone ? kGone : step[w];
  };
  const bool tracking = !where.empty();
  Status st = [&]() -> Status {
    uint64_t writer = SegmentStreamWriter::MemoryBound(table);
    auto fits = [&](size_t from, size_t to) {
      uint64_t used = writer;
      for (size_t i = from; i < to; i++) used += MergeCursorMemory(*runs[i].meta);
      return used <= limits.memory_bytes;
    };
    while (!table.sort_keys.empty() && runs.size() > 2 && !fits(0, runs.size())) {
      // One pass: groups of consecutive runs (at least two each) whose cursors fit, each merged into a run.
      std::vector<SegmentState> next;
      std::vector<MergedSegment> merged_temps;
      // With tracking: each row of this pass's runs (concatenated) to its row in the next pass's.
      std::vector<uint32_t> step(tracking ? TotalRows(runs) : 0, kGone);
      uint64_t from_row = 0, next_rows = 0;
      for (size_t i = 0; i < runs.size();) {
        size_t j = i + 1;
        while (j < runs.size() && (j - i < 2 || fits(i, j + 1))) j++;
        if (j - i == 1) {
          uint64_t n = runs[i].meta->row_count;
          for (uint64_t r = 0; r < n && tracking; r++) step[from_row + r] = static_cast<uint32_t>(next_rows + r);
          from_row += n;
          next_rows += n;
          next.push_back(runs[i++]);
          continue;
        }
        std::vector<SegmentState> group(runs.begin() + i, runs.begin() + j);
        OutputSink sink(table, io, kMaxSegmentRows, /*final=*/false);
        std::optional<RowTrack> track;
        if (tracking) track.emplace(group);
        Status merged = MergeInto(table, group, io, index, &sink, track ? &*track : nullptr);
        temps.insert(temps.end(), sink.segments().begin(), sink.segments().end());  // removed on error too
        RETURN_IF_ERROR(merged);
        if (track) {
          for (size_t r = 0; r < track->to.size(); r++) {
            if (track->to[r] != kGone) step[from_row + r] = static_cast<uint32_t>(next_rows + track->to[r]);
          }
          from_row += track->to.size();
          next_rows += track->written;
        }
        for (const MergedSegment& m : sink.segments()) next.push_back(SegmentState{m.meta, nullptr});
        for (const SegmentState& g : group) {
          auto it = std::find_if(temps.begin(), temps.end(), [&](const MergedSegment& t) { return t.meta == g.meta; });
          if (it != temps.end()) {
            merged_temps.push_back(*it);
            temps.erase(it);
          }
        }
        i = j;
      }
      RemoveFiles(merged_temps);
      runs = std::move(next);
      if (tracking) follow(step);
      result.intermediate_passes++;
    }
    OutputSink sink(table, io, limits.segment_rows, /*final=*/true);
    std::optional<RowTrack> track;
    if (tracking) track.emplace(runs);
    Status merged = MergeInto(table, runs, io, index, &sink, track ? &*track : nullptr);
    result.segments = std::move(sink.segments());
    if (track && merged.ok()) {
      follow(track->to);
      uint64_t first = 0;
      for (const SegmentState& s : segments) {
        result.new_position.push_back(std::make_shared<const std::vector<uint32_t>>(
            where.begin() + static_cast<ptrdiff_t>(first),
            where.begin() + static_cast<ptrdiff_t>(first + s.meta->row_count)));
        first += s.meta->row_count;
      }
    }
    return merged;
  }();
  RemoveFiles(temps);
  if (!st.ok()) {
    RemoveFiles(result.segments);
    return st;
  }
  return result;
}

}  // namespace blueshift::storage
