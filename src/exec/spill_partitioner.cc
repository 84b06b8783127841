#include "exec/spill_partitioner.h"

namespace blueshift {

SpillPartitioner::SpillPartitioner(SpillSpace* space, std::vector<LogicalType> types, size_t blob_width, int level)
    : space_(space),
      types_(std::move(types)),
      blob_width_(blob_width),
      level_(level),
      stage_hashes_(kPartitions),
      stage_blobs_(kPartitions),
      frames_(kPartitions),
      rows_(kPartitions, 0),
      picked_(kPartitions) {}

Status SpillPartitioner::Add(const std::vector<const Vector*>& cols, const uint32_t* rows, size_t n,
                             const uint64_t* hashes, const uint8_t* blobs) {
  if (n == 0) return Status::OK();
  if (!file_) {
    ASSIGN_OR_RETURN(auto f, space_->NewFile());
    file_ = std::move(f);
    for (int p = 0; p < kPartitions; p++) stage_.emplace_back(types_, kStageRows);
  }
  for (auto& v : picked_) v.clear();
  for (size_t i = 0; i < n; i++) {
    uint32_t r = rows ? rows[i] : static_cast<uint32_t>(i);
    picked_[PartitionOf(hashes[r], level_)].push_back(r);
  }
  for (int p = 0; p < kPartitions; p++) {
    const auto& pick = picked_[p];
    for (size_t done = 0; done < pick.size();) {
      Batch& st = stage_[p];
      size_t at = st.count();
      size_t take = std::min(pick.size() - done, kStageRows - at);
      for (size_t c = 0; c < cols.size(); c++) st.column(c).GatherFrom(*cols[c], pick.data() + done, take, at);
      st.set_count(at + take);
      for (size_t i = 0; i < take; i++) {
        uint32_t r = pick[done + i];
        stage_hashes_[p].push_back(hashes[r]);
        if (blob_width_) {
          const uint8_t* b = blobs + static_cast<size_t>(r) * blob_width_;
          stage_blobs_[p].insert(stage_blobs_[p].end(), b, b + blob_width_);
        }
      }
      done += take;
      if (st.count() == kStageRows) RETURN_IF_ERROR(FlushStage(p));
    }
    rows_[p] += pick.size();
  }
  return Status::OK();
}

Status SpillPartitioner::FlushStage(int p) {
  Batch& st = stage_[p];
  if (st.count() == 0) return Status::OK();
  ASSIGN_OR_RETURN(SpillFrame f, file_->Append(st, stage_hashes_[p].data(),
                                               blob_width_ ? stage_blobs_[p].data() : nullptr, blob_width_));
  frames_[p].push_back(f);
  st.Reset();
  stage_hashes_[p].clear();
  stage_blobs_[p].clear();
  return Status::OK();
}

Status SpillPartitioner::Finish() {
  if (!file_) return Status::OK();
  for (int p = 0; p < kPartitions; p++) RETURN_IF_ERROR(FlushStage(p));
  stage_.clear();  // the staging memory goes now; the frames stay readable
  return Status::OK();
}

void SpillRun::AddPartition(const SpillPartitioner& from, int p) {
  if (from.empty() || from.frames(p).empty()) return;
  pieces.push_back({from.file(), from.frames(p)});
  rows += from.rows(p);
}

std::vector<SpillRun> CollectRuns(const std::vector<std::unique_ptr<SpillPartitioner>>& parts) {
  std::vector<SpillRun> runs(SpillPartitioner::kPartitions);
  for (int p = 0; p < SpillPartitioner::kPartitions; p++) {
    for (const auto& part : parts) {
      runs[p].level = part->level();
      runs[p].AddPartition(*part, p);
    }
  }
  return runs;
}

Status FinishInto(std::unique_ptr<SpillPartitioner> part, std::vector<SpillRun>* runs) {
  RETURN_IF_ERROR(part->Finish());
  std::vector<std::unique_ptr<SpillPartitioner>> parts;
  parts.push_back(std::move(part));
  for (auto& r : CollectRuns(parts)) {
    if (r.rows > 0) runs->push_back(std::move(r));
  }
  return Status::OK();
}

}  // namespace blueshift
