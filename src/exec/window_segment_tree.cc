#include "exec/window_segment_tree.h"

#include <algorithm>

namespace blueshift {

namespace {
size_t Align16(size_t n) {
  return (n + 15) & ~size_t(15);
}
}  // namespace

WindowSegmentTree::WindowSegmentTree(const AggregateFunction& fn, std::span<const Vector* const> args, size_t rows,
                                     Status* status)
    : fn_(fn), stride_(std::max<size_t>(Align16(fn.state_size), 16)), rows_(rows) {
  leaves_.reset(new uint8_t[std::max<size_t>(rows, 1) * stride_]);
  scratch_.reset(new uint8_t[stride_]);
  std::vector<uint8_t*> states(rows);
  for (size_t i = 0; i < rows; i++) {
    states[i] = Leaf(i);
    fn_.init(states[i]);
  }
  *status = rows ? fn_.update(states.data(), args, rows) : Status::OK();
}

WindowSegmentTree::~WindowSegmentTree() {
  DropLevels();
  if (!fn_.destroy) return;
  for (size_t i = 0; i < rows_; i++) fn_.destroy(Leaf(i));
}

void WindowSegmentTree::DropLevels() {
  for (auto& level : levels_) {
    for (size_t i = 0; fn_.destroy && i < level.count; i++) fn_.destroy(level.states.get() + i * stride_);
  }
  levels_.clear();
}

uint8_t* WindowSegmentTree::Node(size_t level, size_t i) {
  if (level == 0) return Leaf(begin_ + i);
  return levels_[level - 1].states.get() + i * stride_;
}

Status WindowSegmentTree::BuildPartition(size_t begin, size_t end) {
  DropLevels();
  begin_ = begin;
  size_t below = end - begin;
  for (size_t level = 1; below > 1; level++) {
    Level next;
    next.count = (below + 1) / 2;
    next.states.reset(new uint8_t[next.count * stride_]);
    levels_.push_back(std::move(next));
    Level& cur = levels_.back();
    for (size_t i = 0; i < cur.count; i++) {
      uint8_t* st = cur.states.get() + i * stride_;
      fn_.init(st);
      RETURN_IF_ERROR(fn_.combine(st, Node(level - 1, 2 * i)));
      if (2 * i + 1 < below) RETURN_IF_ERROR(fn_.combine(st, Node(level - 1, 2 * i + 1)));
    }
    below = cur.count;
  }
  return Status::OK();
}

Status WindowSegmentTree::Evaluate(size_t l, size_t r, Vector* out, size_t row) {
  uint8_t* acc = scratch_.get();
  fn_.init(acc);
  Status st;
  size_t lo = l - begin_, hi = r > l ? r - begin_ : lo;
  for (size_t level = 0; lo < hi && st.ok(); level++) {
    if (lo & 1) st = fn_.combine(acc, Node(level, lo++));
    if (st.ok() && (hi & 1)) st = fn_.combine(acc, Node(level, --hi));
    lo >>= 1;
    hi >>= 1;
  }
  if (st.ok()) st = fn_.finalize(acc, out, row);
  if (fn_.destroy) fn_.destroy(acc);
  return st;
}

}  // namespace blueshift
