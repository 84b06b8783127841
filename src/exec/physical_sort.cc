#include "exec/physical_sort.h"

#include <algorithm>
#include <mutex>

namespace blueshift {

namespace {

template <typename T>
int Cmp(T x, T y) {
  return x < y ? -1 : (y < x ? 1 : 0);
}

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

struct SortGlobal : GlobalSinkState {
  std::mutex mu;
  std::vector<Batch> batches;
  std::vector<uint64_t> order;  // (batch << 32 | row), sorted by Finalize
};
struct SortLocal : LocalSinkState {
  std::vector<Batch> batches;
};
struct SortSource : SourceState {
  size_t next = 0;
};

}  // namespace

int CompareCells(const Vector& a, size_t ra, const Vector& b, size_t rb) {
  switch (a.type().physical()) {
    case PhysicalType::kBool:
      return Cmp(a.data<uint8_t>()[ra], b.data<uint8_t>()[rb]);
    case PhysicalType::kInt16:
      return Cmp(a.data<int16_t>()[ra], b.data<int16_t>()[rb]);
    case PhysicalType::kInt32:
      return Cmp(a.data<int32_t>()[ra], b.data<int32_t>()[rb]);
    case PhysicalType::kInt64:
      return Cmp(a.data<int64_t>()[ra], b.data<int64_t>()[rb]);
    case PhysicalType::kInt128:
      return Cmp(a.data<int128_t>()[ra], b.data<int128_t>()[rb]);
    case PhysicalType::kFloat:
      return Cmp(a.data<float>()[ra], b.data<float>()[rb]);
    case PhysicalType::kDouble:
      return Cmp(a.data<double>()[ra], b.data<double>()[rb]);
    case PhysicalType::kString: {
      std::string_view x = a.data<std::string_view>()[ra], y = b.data<std::string_view>()[rb];
      if (a.type().id() == TypeId::kChar) return Cmp(TrimBlanks(x), TrimBlanks(y));
      return Cmp(x, y);
    }
  }
  return 0;
}

PhysicalSort::PhysicalSort(PhysicalOperatorPtr child, std::vector<SortKey> keys)
    : PhysicalOperator(child->types()), keys_(std::move(keys)) {
  children.push_back(std::move(child));
}

std::string PhysicalSort::Detail() const {
  std::string s = "Sort Key: ";
  for (size_t i = 0; i < keys_.size(); i++)
    s += (i ? ", " : "") + std::string("$") + std::to_string(keys_[i].column) + (keys_[i].descending ? " DESC" : "");
  return s;
}

Result<std::unique_ptr<GlobalSinkState>> PhysicalSort::InitGlobalSink(ExecContext&) const {
  return std::unique_ptr<GlobalSinkState>(std::make_unique<SortGlobal>());
}

Result<std::unique_ptr<LocalSinkState>> PhysicalSort::InitLocalSink(ExecContext&, GlobalSinkState&) const {
  return std::unique_ptr<LocalSinkState>(std::make_unique<SortLocal>());
}

Status PhysicalSort::Sink(ExecContext&, Batch& in, GlobalSinkState&, LocalSinkState& local, bool*) const {
  auto& l = static_cast<SortLocal&>(local);
  Batch copy(types(), std::max<size_t>(in.count(), 1));
  copy.AppendLiveRows(in);
  l.batches.push_back(std::move(copy));
  return Status::OK();
}

Status PhysicalSort::Combine(ExecContext&, GlobalSinkState& global, LocalSinkState& local) const {
  auto& g = static_cast<SortGlobal&>(global);
  auto& l = static_cast<SortLocal&>(local);
  std::lock_guard<std::mutex> lock(g.mu);
  for (auto& b : l.batches) g.batches.push_back(std::move(b));
  return Status::OK();
}

Status PhysicalSort::Finalize(ExecContext&, GlobalSinkState& global) const {
  auto& g = static_cast<SortGlobal&>(global);
  for (size_t b = 0; b < g.batches.size(); b++) {
    for (size_t r = 0; r < g.batches[b].count(); r++) g.order.push_back((static_cast<uint64_t>(b) << 32) | r);
  }
  auto less = [&](uint64_t x, uint64_t y) {
    const Batch& bx = g.batches[x >> 32];
    const Batch& by = g.batches[y >> 32];
    size_t rx = x & 0xffffffff, ry = y & 0xffffffff;
    for (const SortKey& k : keys_) {
      const Vector& vx = bx.column(k.column);
      const Vector& vy = by.column(k.column);
      bool nx = vx.IsNull(rx), ny = vy.IsNull(ry);
      if (nx || ny) {
        if (nx && ny) continue;
        return nx == k.nulls_first;
      }
      int c = CompareCells(vx, rx, vy, ry);
      if (c != 0) return k.descending ? c > 0 : c < 0;
    }
    return false;
  };
  std::stable_sort(g.order.begin(), g.order.end(), less);
  return Status::OK();
}

Result<std::unique_ptr<SourceState>> PhysicalSort::InitSource(ExecContext&, int) const {
  return std::unique_ptr<SourceState>(std::make_unique<SortSource>());
}

Status PhysicalSort::GetData(ExecContext& ctx, SourceState& state, Batch* out) const {
  auto& st = static_cast<SortSource&>(state);
  auto* g = static_cast<SortGlobal*>(ctx.sink_state(this));
  size_t n = 0;
  while (st.next < g->order.size() && n < out->capacity()) {
    uint64_t id = g->order[st.next++];
    const Batch& b = g->batches[id >> 32];
    size_t r = id & 0xffffffff;
    for (size_t c = 0; c < out->num_columns(); c++) out->column(c).CopyRow(b.column(c), r, n);
    n++;
  }
  out->set_count(n);
  return Status::OK();
}

static size_t BatchesBytes(const std::vector<Batch>& batches) {
  size_t n = 0;
  for (const Batch& b : batches) n += b.AllocatedBytes();
  return n;
}

size_t PhysicalSort::LocalSinkBytes(const LocalSinkState& local) const {
  return BatchesBytes(static_cast<const SortLocal&>(local).batches);
}

size_t PhysicalSort::GlobalSinkBytes(const GlobalSinkState& global) const {
  const auto& g = static_cast<const SortGlobal&>(global);
  return BatchesBytes(g.batches) + g.order.size() * sizeof(uint64_t);
}

// Each slice sorts its rows; the sorted runs are merged into one ordered stream.
StepInfo PhysicalSort::DescribeStep(StepRole role, int worktable) const {
  StepInfo info = PhysicalOperator::DescribeStep(role, worktable);
  if (role == StepRole::kSink) info.label = StepLabelText("sort", worktable);
  if (role == StepRole::kSource) {
    info = StepInfo();
    info.label = "merge";
  }
  return info;
}

}  // namespace blueshift
