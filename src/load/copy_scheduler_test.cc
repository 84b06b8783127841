#include "load/copy_scheduler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "load/decompress.h"

namespace blueshift::load {
namespace {

// Objects held in memory; reads come back in pieces of at most 7 bytes, as a network stream's may.
class MemoryStore : public ObjectStore {
 public:
  std::map<std::string, std::string> objects;

  Result<std::vector<ObjectInfo>> List(const std::string& prefix) override {
    std::vector<ObjectInfo> out;
    for (const auto& [url, data] : objects) {
      if (url.rfind(prefix, 0) == 0) out.push_back({url, data.size()});
    }
    return out;
  }
  Result<ObjectInfo> Stat(const std::string& url) override { return ObjectInfo{url, objects.at(url).size()}; }
  Result<std::unique_ptr<ByteStream>> Open(const std::string& url, uint64_t offset, uint64_t size) override {
    return std::unique_ptr<ByteStream>(std::make_unique<Reader>(objects.at(url).substr(offset, size)));
  }
  Status Put(const std::string& url, std::string_view data) override {
    objects[url] = std::string(data);
    return Status::OK();
  }
  Status Delete(const std::string& url) override {
    objects.erase(url);
    return Status::OK();
  }

 private:
  struct Reader : ByteStream {
    explicit Reader(std::string d) : data(std::move(d)) {}
    Result<size_t> Read(char* buf, size_t n) override {
      size_t k = std::min({n, data.size() - pos, size_t{7}});
      std::copy_n(data.data() + pos, k, buf);
      pos += k;
      return k;
    }
    std::string data;
    size_t pos = 0;
  };
};

std::string Lines(int n) {
  std::string text;
  for (int i = 1; i <= n; i++) text += std::to_string(i) + "|" + std::string(i % 13, 'x') + "\n";
  return text;
}

struct Fixture {
  std::shared_ptr<MemoryStore> store = std::make_shared<MemoryStore>();
  CopyJob job;
  explicit Fixture(const std::vector<std::string>& texts, CopyOptions options = GzipOptions(),
                   uint64_t split_bytes = kDefaultSplitBytes) {
    job.options = options;
    job.store = store;
    std::vector<ObjectInfo> files;
    for (size_t i = 0; i < texts.size(); i++) {
      std::string url = "mem://f" + std::to_string(i);
      store->objects[url] = *Compress(texts[i], options.compression);
      files.push_back({url, store->objects[url].size()});
    }
    job.splits = PlanSplits(files, job.options, split_bytes);
  }
  static CopyOptions GzipOptions() {
    CopyOptions o;
    o.compression = Compression::kGzip;
    return o;
  }
};

// Every chunk of the scheduler's one streamed split, by offset, taken by two tasks in turn.
std::map<uint64_t, InputChunk> TakeChunks(CopyScheduler& scheduler) {
  std::map<uint64_t, InputChunk> chunks;
  for (int turn = 0;; turn++) {
    auto work = scheduler.Next(turn % 2);
    EXPECT_TRUE(work.ok());
    if (!work.ok() || work->split == nullptr) break;
    EXPECT_NE(work->stream, nullptr);
    chunks[work->chunk.offset] = work->chunk;
  }
  return chunks;
}

// Two tasks taking turns get line-aligned chunks that together are the file, each with its first line's
// number; the last chunk finished completes the split with every line counted.
TEST(CopySchedulerTest, StreamsLineAlignedChunksToEveryTask) {
  const std::string text = Lines(500) + "last line without a line break";
  Fixture f({text});
  ASSERT_EQ(f.job.splits.size(), 1u);
  ASSERT_TRUE(f.job.splits[0].streamed);
  CopyScheduler scheduler(f.job, 2, 64);
  std::map<uint64_t, InputChunk> chunks;
  std::vector<std::pair<StreamedSplit*, int64_t>> held;
  for (int turn = 0;; turn++) {
    auto work = scheduler.Next(turn % 2);
    ASSERT_TRUE(work.ok());
    if (work->split == nullptr) break;
    ASSERT_NE(work->stream, nullptr);
    const InputChunk& c = work->chunk;
    std::string piece(c.buf.get(), c.len);
    if (c.offset + c.len < text.size()) {
      EXPECT_EQ(piece.back(), '\n');
    }
    EXPECT_EQ(c.first_line, 1 + std::count(text.begin(), text.begin() + static_cast<long>(c.offset), '\n'));
    held.emplace_back(work->stream, std::count(piece.begin(), piece.end(), '\n') + (c.offset + c.len == text.size()));
    chunks[c.offset] = c;
  }
  std::string joined;
  for (const auto& [offset, c] : chunks) {
    EXPECT_EQ(offset, joined.size());
    joined.append(c.buf.get(), c.len);
  }
  EXPECT_EQ(joined, text);
  EXPECT_GT(chunks.size(), 10u);
  int64_t total = -1;
  for (size_t i = 0; i < held.size(); i++) {
    EXPECT_EQ(scheduler.FinishChunk(held[i].first, held[i].second, &total), i + 1 == held.size());
  }
  EXPECT_EQ(total, 501);
}

// A large CSV file is streamed in chunks that end where records do, never inside a quoted line break; the
// first chunk holds the whole IGNOREHEADER.
TEST(CopySchedulerTest, StreamsCsvInRecordAlignedChunks) {
  std::string text = "h,\"header\nover two lines\"\nh2\n";
  std::vector<size_t> ends{text.find("h2"), text.size()};
  for (int i = 0; i < 200; i++) {
    text += std::to_string(i) + ",\"a" + std::string(i % 5, '\n') + "\"\"b\"\n";
    ends.push_back(text.size());
  }
  CopyOptions o;
  o.format = DataFormat::kCsv;
  o.delimiter = ',';
  o.ignore_header = 2;
  Fixture f({text}, o, 100);
  ASSERT_EQ(f.job.splits.size(), 1u);
  ASSERT_TRUE(f.job.splits[0].streamed);
  CopyScheduler scheduler(f.job, 2, 8);
  auto chunks = TakeChunks(scheduler);
  ASSERT_GT(chunks.size(), 100u);
  EXPECT_GE(chunks.begin()->second.len, text.find("h2") + 3);
  std::string joined;
  for (const auto& [offset, c] : chunks) {
    EXPECT_EQ(offset, joined.size());
    joined.append(c.buf.get(), c.len);
    if (offset > 0) {
      EXPECT_TRUE(std::count(ends.begin(), ends.end(), offset)) << "chunk starts inside a record at " << offset;
    }
    EXPECT_EQ(c.first_line, 1 + std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
  }
  EXPECT_EQ(joined, text);
}

// What is cut into byte ranges and what is streamed.
TEST(CopySchedulerTest, PlansRangesOnlyForPlainUncompressedText) {
  std::vector<ObjectInfo> big{{"a", 300}};
  std::vector<ObjectInfo> small{{"a", 50}};
  std::vector<ObjectInfo> stdin_stream{{"stdin", kUnknownSize}};
  CopyOptions text;
  EXPECT_EQ(PlanSplits(big, text, 100).size(), 3u);
  EXPECT_FALSE(PlanSplits(small, text, 100)[0].streamed);
  EXPECT_TRUE(PlanSplits(stdin_stream, text, 100)[0].streamed);
  for (auto format : {DataFormat::kCsv, DataFormat::kJson}) {
    CopyOptions o;
    o.format = format;
    ASSERT_EQ(PlanSplits(big, o, 100).size(), 1u);
    EXPECT_TRUE(PlanSplits(big, o, 100)[0].streamed);
    EXPECT_FALSE(PlanSplits(small, o, 100)[0].streamed);
    EXPECT_TRUE(PlanSplits(stdin_stream, o, 100)[0].streamed);
    o.compression = Compression::kZstd;
    EXPECT_TRUE(PlanSplits(small, o, 100)[0].streamed);
  }
  text.escape = true;
  ASSERT_EQ(PlanSplits(big, text, 100).size(), 1u);
  EXPECT_TRUE(PlanSplits(big, text, 100)[0].streamed);
}

// Each task's first split is its own, so every task has work from the start.
TEST(CopySchedulerTest, EveryTaskStartsOnItsOwnSplit) {
  CopyJob job;
  std::vector<ObjectInfo> files{{"a", 300}, {"b", 300}, {"c", 300}};
  job.splits = PlanSplits(files, job.options, 100);
  ASSERT_EQ(job.splits.size(), 9u);
  CopyScheduler scheduler(job, 3, 100);
  auto w2 = scheduler.Next(2);
  auto w0 = scheduler.Next(0);
  auto w0b = scheduler.Next(0);
  auto w1 = scheduler.Next(1);
  ASSERT_TRUE(w2.ok() && w0.ok() && w0b.ok() && w1.ok());
  EXPECT_EQ(w2->split, &job.splits[2]);
  EXPECT_EQ(w0->split, &job.splits[0]);
  EXPECT_EQ(w0b->split, &job.splits[3]);
  EXPECT_EQ(w1->split, &job.splits[1]);
}

// A corrupt stream fails the task that inflates it; the others then get no more work.
TEST(CopySchedulerTest, CorruptStreamFailsAndStops) {
  Fixture f({Lines(50)});
  std::string& gz = f.store->objects["mem://f0"];
  gz.resize(gz.size() / 2);
  CopyScheduler scheduler(f.job, 2, 1 << 20);
  auto work = scheduler.Next(0);
  ASSERT_FALSE(work.ok());
  EXPECT_NE(work.status().message().find("gzip"), std::string::npos);
  auto after = scheduler.Next(1);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->split, nullptr);
}

}  // namespace
}  // namespace blueshift::load
