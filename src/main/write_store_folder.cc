#include "main/write_store_folder.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "main/database.h"

namespace blueshift {
namespace {

// A segment file's tier: files of about kSegmentsToFold rows (one fold's) are tier 0, each tier
// kFoldFanIn times larger than the one before.
int Tier(uint64_t rows) {
  int tier = 0;
  for (uint64_t n = WriteStoreFolder::kSegmentsToFold * WriteStoreFolder::kFoldFanIn; rows >= n;
       n *= WriteStoreFolder::kFoldFanIn)
    tier++;
  return tier;
}

// The write-store segments of one slice, preceded by the newest segment files when they complete a tier:
// files are merged kFoldFanIn at a time (the fold's own rows, then the newest kFoldFanIn - 1 files of a tier
// when the fold's rows reach it), so a row is rewritten about log_kFoldFanIn(kSmallSegmentRows / rows per
// fold) times before its file stops growing (3 at 64 rows per fold, against 8 for a binary counter).
}  // namespace

std::vector<storage::SegmentState> WriteStoreFolder::FoldSet(std::span<const storage::SegmentState> slice) {
  std::vector<storage::SegmentState> set;
  std::vector<const storage::SegmentState*> files;  // oldest first
  uint64_t rows = 0;
  for (const auto& s : slice) {
    if (s.meta->memory_image) {
      set.push_back(s);
      rows += s.meta->row_count;
    } else {
      files.push_back(&s);
    }
  }
  if (set.empty()) return set;
  size_t take = 0;
  for (int tier = 0; tier <= Tier(rows);) {
    // The newest files not yet taken that are small and of this tier.
    size_t run = 0;
    uint64_t run_rows = 0;
    for (size_t k = files.size() - take; k > 0; k--) {
      uint64_t n = files[k - 1]->meta->row_count;
      if (n >= WriteStoreFolder::kSmallSegmentRows || Tier(n) != tier) break;
      run++;
      run_rows += n;
    }
    if (run + 1 < WriteStoreFolder::kFoldFanIn) {
      if (run > 0) break;  // the tier is not full yet: these files wait
      tier++;              // nothing of this tier: the fold's rows may complete the next one
      continue;
    }
    take += run;
    rows += run_rows;
    tier++;
  }
  set.insert(set.begin(), take, storage::SegmentState{});
  for (size_t k = 0; k < take; k++) set[k] = *files[files.size() - take + k];
  return set;
}

WriteStoreFolder::WriteStoreFolder(Database* db) : db_(db) {
  if (const char* pause = std::getenv("BLUESHIFT_TEST_FOLD_PAUSE_MS")) pause_ms_ = std::atoi(pause);
  thread_ = std::thread([this] { Run(); });
}

WriteStoreFolder::~WriteStoreFolder() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void WriteStoreFolder::Run() {
  using Clock = std::chrono::steady_clock;
  const auto fold_all_every = std::chrono::milliseconds(kRoundMillis * kRoundsPerFold);
  auto last_fold_all = Clock::now();
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    cv_.wait_for(lock, std::chrono::milliseconds(kRoundMillis), [&] { return stop_ || wake_; });
    if (stop_) break;
    wake_ = false;
    lock.unlock();
    bool fold_all = Clock::now() - last_fold_all >= fold_all_every;
    if (fold_all) last_fold_all = Clock::now();
    // Errors (a full disk, say) leave the write store as it is; the log keeps its rows safe meanwhile.
    (void)Round(fold_all);
    lock.lock();
  }
}

void WriteStoreFolder::Grew(size_t segments) {
  uint64_t before = grown_.fetch_add(segments);
  if ((before + segments) / kSegmentsToFold == before / kSegmentsToFold) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    wake_ = true;
  }
  cv_.notify_one();
}

Result<int> WriteStoreFolder::FoldNow() {
  return Round(/*fold_all=*/true);
}

Result<int> WriteStoreFolder::Round(bool fold_all) {
  std::lock_guard<std::mutex> round_lock(round_mu_);
  auto version = db_->store()->Current();
  int folded = 0;
  for (const auto& [oid, data] : version->tables) {
    auto def = version->catalog->FindTableByOid(oid);
    if (!def) continue;
    for (uint32_t slice = 0; slice < data->slices.size(); slice++) {
      auto set = FoldSet(data->slices[slice]);
      size_t memory = 0;
      for (const auto& s : set) memory += s.meta->memory_image ? 1 : 0;
      if (memory == 0 || (!fold_all && memory < kSegmentsToFold)) continue;
      ASSIGN_OR_RETURN(int n, FoldSlice(*def, slice, set));
      folded += n;
    }
  }
  version.reset();
  // Folds are log records: once the log is large, a checkpoint (right after the folds, while the write
  // store is small) lets it start over. Only its start is ordered with commits: they go on while it writes
  // the write store's files and the manifest (which took seconds under a stream of INSERTs).
  std::shared_ptr<const storage::DbVersion> base;
  {
    std::lock_guard<std::mutex> commit_lock(db_->commit_mutex());
    ASSIGN_OR_RETURN(base, db_->store()->BeginLogCheckpoint(kCheckpointLogBytes));
  }
  if (base) RETURN_IF_ERROR(db_->store()->FinishLogCheckpoint(*base));
  db_->store()->RemoveRetiredFiles();  // what VACUUM or DROP left once their last reader finished
  return folded;
}

Result<int> WriteStoreFolder::FoldSlice(const TableDef& table, uint32_t slice,
                                        const std::vector<storage::SegmentState>& segments) {
  storage::Store* store = db_->store();
  ASSIGN_OR_RETURN(storage::SegmentFold fold, store->FoldSegments(table, slice, segments, kSmallSegmentRows));
  if (pause_ms_ > 0) {  // crash tests kill the server here, between the new segment file and its commit
    std::fprintf(stderr, "folding write store of table %s slice %u\n", table.name.c_str(), slice);
    std::fflush(stderr);
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms_));
  }
  uint64_t wait_lsn = 0;
  {
    std::lock_guard<std::mutex> commit_lock(db_->commit_mutex());
    auto committed = store->CommitFold(fold, &wait_lsn);
    if (!committed.ok() && committed.status().code() == ErrorCode::kSerializationFailure) return 0;
    RETURN_IF_ERROR(committed.status());
  }
  RETURN_IF_ERROR(store->WaitDurable(wait_lsn));
  int memory = 0;
  for (const auto& s : segments) memory += s.meta->memory_image ? 1 : 0;
  return memory;
}

}  // namespace blueshift
