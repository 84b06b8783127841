// Which segments a fold of the write store takes (WriteStoreFolder::FoldSet): files merge kFoldFanIn at a time.
#include "main/write_store_folder.h"

#include <gtest/gtest.h>

namespace blueshift {
namespace {

using storage::SegmentMeta;
using storage::SegmentState;

SegmentState Segment(uint64_t rows, bool write_store) {
  auto meta = std::make_shared<SegmentMeta>();
  meta->row_count = rows;
  if (write_store) meta->memory_image = std::make_shared<const std::string>();
  return SegmentState{meta, nullptr};
}

// The row counts of the segments FoldSet takes from a slice of files (oldest first) and 64 write-store rows.
std::vector<uint64_t> Taken(const std::vector<uint64_t>& files) {
  std::vector<SegmentState> slice;
  for (uint64_t rows : files) slice.push_back(Segment(rows, false));
  for (int k = 0; k < 64; k++) slice.push_back(Segment(1, true));
  std::vector<uint64_t> rows;
  for (const auto& s : WriteStoreFolder::FoldSet(slice)) {
    if (!s.meta->memory_image) rows.push_back(s.meta->row_count);
  }
  return rows;
}

TEST(WriteStoreFolderTest, FilesWaitUntilTheFoldCompletesTheirTier) {
  EXPECT_EQ(Taken({}), (std::vector<uint64_t>{}));
  EXPECT_EQ(Taken({64, 64, 64, 64, 64, 64}), (std::vector<uint64_t>{}));  // 6 + the fold: not 8 yet
  EXPECT_EQ(Taken({64, 64, 64, 64, 64, 64, 64}), (std::vector<uint64_t>(7, 64)));
  // The fold's 512 rows complete tier 1 as well.
  EXPECT_EQ(Taken({512, 512, 512, 512, 512, 512, 512, 64, 64, 64, 64, 64, 64, 64}),
            (std::vector<uint64_t>{512, 512, 512, 512, 512, 512, 512, 64, 64, 64, 64, 64, 64, 64}));
  // Six tier-1 files wait for a seventh; the tier-0 files go.
  EXPECT_EQ(Taken({512, 512, 512, 512, 512, 512, 64, 64, 64, 64, 64, 64, 64}), (std::vector<uint64_t>(7, 64)));
  // Large files (a COPY's, a finished fold's) never join.
  EXPECT_EQ(Taken({1000000, 16384, 64, 64, 64, 64, 64, 64, 64}), (std::vector<uint64_t>(7, 64)));
  EXPECT_EQ(Taken({16384, 16384, 16384, 16384, 16384, 16384, 16384}), (std::vector<uint64_t>{}));
}

TEST(WriteStoreFolderTest, NothingToFoldWithoutWriteStoreSegments) {
  std::vector<SegmentState> slice(7, Segment(64, false));
  EXPECT_TRUE(WriteStoreFolder::FoldSet(slice).empty());
}

}  // namespace
}  // namespace blueshift
