#include "exec/window_evaluator.h"

#include <algorithm>
#include <memory>

#include "exec/window_segment_tree.h"

namespace blueshift {

namespace {

struct Frame {
  size_t begin = 0, end = 0;  // [begin, end), within the partition; empty when begin == end
};

int64_t BoundRow(const WindowBound& b, int64_t row, int64_t ps, int64_t pe, bool is_end) {
  switch (b.kind) {
    case WindowBoundKind::kUnboundedPreceding:
      return ps;
    case WindowBoundKind::kPreceding:
      return row - b.offset + (is_end ? 1 : 0);
    case WindowBoundKind::kCurrentRow:
      return row + (is_end ? 1 : 0);
    case WindowBoundKind::kFollowing:
      return row + b.offset + (is_end ? 1 : 0);
    case WindowBoundKind::kUnboundedFollowing:
      return pe;
  }
  return ps;
}

Frame FrameOf(const WindowExpr& w, size_t row, size_t ps, size_t pe) {
  auto clamp = [&](int64_t x) { return static_cast<size_t>(std::clamp<int64_t>(x, ps, pe)); };
  Frame f;
  f.begin = clamp(BoundRow(w.start, row, ps, pe, false));
  f.end = clamp(BoundRow(w.end, row, ps, pe, true));
  if (f.end < f.begin) f.end = f.begin;
  return f;
}

// Positions of the non-null values of v, and for each row how many non-nulls precede it: the k-th non-null
// value at or after / before a row is then found in O(1) (IGNORE NULLS).
struct NonNullIndex {
  std::vector<uint32_t> positions;
  std::vector<uint32_t> before;  // rows + 1 entries
  NonNullIndex(const Vector& v, size_t rows) : before(rows + 1, 0) {
    for (size_t i = 0; i < rows; i++) {
      before[i] = static_cast<uint32_t>(positions.size());
      if (!v.IsNull(i)) positions.push_back(static_cast<uint32_t>(i));
    }
    before[rows] = static_cast<uint32_t>(positions.size());
  }
};

void SetInt(Vector* out, size_t row, int64_t v) {
  out->SetNull(row, false);
  out->data<int64_t>()[row] = v;
}

void SetDouble(Vector* out, size_t row, double v) {
  out->SetNull(row, false);
  out->data<double>()[row] = v;
}

// Copies row src of v to out[row], or NULL when src is absent (-1).
void CopyOrNull(const Vector& v, int64_t src, Vector* out, size_t row) {
  if (src < 0) {
    out->SetNull(row, true);
    return;
  }
  out->CopyRow(v, static_cast<size_t>(src), row);
}

Status Ranking(const WindowExpr& w, const WindowRun& run, std::span<const Vector* const> args, Vector* out) {
  for (size_t p = 0; p + 1 < run.partition_starts.size(); p++) {
    size_t ps = run.partition_starts[p], pe = run.partition_starts[p + 1];
    int64_t m = static_cast<int64_t>(pe - ps);
    int64_t dense = 0, buckets = 0;
    if (w.kind == WindowFunctionKind::kNtile) {
      const Vector& n = *args[0];
      if (n.IsNull(ps) || n.data<int64_t>()[ps] <= 0)
        return Status(ErrorCode::kInvalidParameterValue, "argument of ntile must be greater than zero");
      buckets = n.data<int64_t>()[ps];
    }
    for (size_t i = ps; i < pe; i++) {
      int64_t rank = static_cast<int64_t>(run.peer_start[i] - ps) + 1;
      if (run.peer_start[i] == i) dense++;
      switch (w.kind) {
        case WindowFunctionKind::kRowNumber:
          SetInt(out, i, static_cast<int64_t>(i - ps) + 1);
          break;
        case WindowFunctionKind::kRank:
          if (out->type().id() == TypeId::kInteger) {
            out->SetNull(i, false);
            out->data<int32_t>()[i] = static_cast<int32_t>(rank);
          } else {
            SetInt(out, i, rank);
          }
          break;
        case WindowFunctionKind::kDenseRank:
          SetInt(out, i, dense);
          break;
        case WindowFunctionKind::kPercentRank:
          SetDouble(out, i, m > 1 ? static_cast<double>(rank - 1) / static_cast<double>(m - 1) : 0.0);
          break;
        case WindowFunctionKind::kCumeDist:
          SetDouble(out, i, static_cast<double>(run.peer_end[i] - ps) / static_cast<double>(m));
          break;
        default: {  // kNtile: the first m % buckets groups get one row more
          int64_t j = static_cast<int64_t>(i - ps), q = m / buckets, r = m % buckets;
          int64_t big = r * (q + 1);
          SetInt(out, i, j < big ? j / (q + 1) + 1 : r + (j - big) / q + 1);
        }
      }
    }
  }
  return Status::OK();
}

Status LagLead(const WindowExpr& w, const WindowRun& run, std::span<const Vector* const> args, Vector* out) {
  const Vector& value = *args[0];
  const Vector* offsets = args.size() > 1 ? args[1] : nullptr;
  const Vector* defaults = args.size() > 2 ? args[2] : nullptr;
  std::unique_ptr<NonNullIndex> nn;
  if (w.ignore_nulls) nn = std::make_unique<NonNullIndex>(value, run.rows);
  bool lead = w.kind == WindowFunctionKind::kLead;
  for (size_t p = 0; p + 1 < run.partition_starts.size(); p++) {
    int64_t ps = run.partition_starts[p], pe = run.partition_starts[p + 1];
    for (int64_t i = ps; i < pe; i++) {
      if (offsets && offsets->IsNull(i)) {
        out->SetNull(i, true);
        continue;
      }
      int64_t k = offsets ? offsets->data<int64_t>()[i] : 1;
      if (k < 0)
        return Status(ErrorCode::kInvalidParameterValue,
                      std::string("offset of ") + (lead ? "lead" : "lag") + " must not be negative");
      int64_t src = -1;
      if (k >= pe - ps) {
        // beyond the partition (and no overflow of i + k for huge offsets)
      } else if (!nn || k == 0) {
        int64_t j = lead ? i + k : i - k;
        if (j >= ps && j < pe) src = j;
      } else {
        int64_t idx = lead ? static_cast<int64_t>(nn->before[i + 1]) + k - 1 : static_cast<int64_t>(nn->before[i]) - k;
        if (idx >= 0 && idx < static_cast<int64_t>(nn->positions.size())) {
          int64_t j = nn->positions[idx];
          if (j >= ps && j < pe) src = j;
        }
      }
      if (src < 0 && defaults) {
        out->CopyRow(*defaults, i, i);
      } else {
        CopyOrNull(value, src, out, i);
      }
    }
  }
  return Status::OK();
}

// FIRST_VALUE, LAST_VALUE, NTH_VALUE over each row's frame.
Status FrameValue(const WindowExpr& w, const WindowRun& run, std::span<const Vector* const> args, Vector* out) {
  const Vector& value = *args[0];
  std::unique_ptr<NonNullIndex> nn;
  if (w.ignore_nulls) nn = std::make_unique<NonNullIndex>(value, run.rows);
  for (size_t p = 0; p + 1 < run.partition_starts.size(); p++) {
    size_t ps = run.partition_starts[p], pe = run.partition_starts[p + 1];
    for (size_t i = ps; i < pe; i++) {
      Frame f = FrameOf(w, i, ps, pe);
      int64_t nth = 1;
      if (w.kind == WindowFunctionKind::kNthValue) {
        if (args[1]->IsNull(i)) {
          out->SetNull(i, true);
          continue;
        }
        nth = args[1]->data<int64_t>()[i];
        if (nth <= 0)
          return Status(ErrorCode::kInvalidParameterValue, "argument of nth_value must be greater than zero");
      }
      int64_t src = -1;
      if (f.begin < f.end && nth <= static_cast<int64_t>(f.end - f.begin)) {
        bool last = w.kind == WindowFunctionKind::kLastValue;
        if (!nn) {
          int64_t j = last ? static_cast<int64_t>(f.end) - 1 : static_cast<int64_t>(f.begin) + nth - 1;
          if (j < static_cast<int64_t>(f.end)) src = j;
        } else {
          int64_t lo = nn->before[f.begin], hi = nn->before[f.end];  // non-nulls [lo, hi) lie in the frame
          int64_t idx = last ? hi - 1 : lo + nth - 1;
          if (idx >= lo && idx < hi) src = nn->positions[idx];
        }
      }
      CopyOrNull(value, src, out, i);
    }
  }
  return Status::OK();
}

Status RatioToReport(const WindowRun& run, std::span<const Vector* const> args, Vector* out) {
  const Vector& v = *args[0];
  const double* x = v.data<double>();
  for (size_t p = 0; p + 1 < run.partition_starts.size(); p++) {
    size_t ps = run.partition_starts[p], pe = run.partition_starts[p + 1];
    double sum = 0;
    for (size_t i = ps; i < pe; i++) {
      if (!v.IsNull(i)) sum += x[i];
    }
    for (size_t i = ps; i < pe; i++) {
      if (v.IsNull(i) || sum == 0) {
        out->SetNull(i, true);
      } else {
        SetDouble(out, i, x[i] / sum);
      }
    }
  }
  return Status::OK();
}

// Aggregates: one state for a whole-partition frame, a running state for frames that start at the
// partition's first row, the segment tree for the rest.
Status Aggregate(const WindowExpr& w, const WindowRun& run, std::span<const Vector* const> args, Vector* out) {
  const AggregateFunction& fn = w.aggregate;
  Status st;
  WindowSegmentTree tree(fn, args, run.rows, &st);
  RETURN_IF_ERROR(st);
  bool from_start = w.start.kind == WindowBoundKind::kUnboundedPreceding;
  bool whole = from_start && w.end.kind == WindowBoundKind::kUnboundedFollowing;
  std::unique_ptr<uint8_t[]> acc(new uint8_t[std::max<size_t>(fn.state_size, 16)]);
  for (size_t p = 0; p + 1 < run.partition_starts.size(); p++) {
    size_t ps = run.partition_starts[p], pe = run.partition_starts[p + 1];
    if (!from_start) {
      RETURN_IF_ERROR(tree.BuildPartition(ps, pe));
      for (size_t i = ps; i < pe; i++) {
        Frame f = FrameOf(w, i, ps, pe);
        RETURN_IF_ERROR(tree.Evaluate(f.begin, f.end, out, i));
      }
      continue;
    }
    fn.init(acc.get());
    size_t folded = ps;  // rows [ps, folded) are in acc
    for (size_t i = ps; i < pe && st.ok(); i++) {
      size_t end = whole ? pe : FrameOf(w, i, ps, pe).end;
      while (folded < end && st.ok()) st = fn.combine(acc.get(), tree.Leaf(folded++));
      if (st.ok()) st = fn.finalize(acc.get(), out, i);
    }
    if (fn.destroy) fn.destroy(acc.get());
    RETURN_IF_ERROR(st);
  }
  return Status::OK();
}

}  // namespace

Status EvaluateWindow(const WindowExpr& w, const WindowRun& run, std::span<const Vector* const> args, Vector* out) {
  switch (w.kind) {
    case WindowFunctionKind::kAggregate:
      return Aggregate(w, run, args, out);
    case WindowFunctionKind::kRowNumber:
    case WindowFunctionKind::kRank:
    case WindowFunctionKind::kDenseRank:
    case WindowFunctionKind::kPercentRank:
    case WindowFunctionKind::kCumeDist:
    case WindowFunctionKind::kNtile:
      return Ranking(w, run, args, out);
    case WindowFunctionKind::kLag:
    case WindowFunctionKind::kLead:
      return LagLead(w, run, args, out);
    case WindowFunctionKind::kFirstValue:
    case WindowFunctionKind::kLastValue:
    case WindowFunctionKind::kNthValue:
      return FrameValue(w, run, args, out);
    case WindowFunctionKind::kRatioToReport:
      return RatioToReport(run, args, out);
  }
  return Status(ErrorCode::kInternal, "unknown window function");
}

}  // namespace blueshift
