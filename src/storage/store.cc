#include "storage/store.h"

#include "storage/block_cache.h"
#include "storage/manifest.h"
#include "storage/segment_reader.h"
#include "storage/segment_writer.h"
#include "storage/sorted_columns.h"
#include "storage/table_stats.h"
#include "storage/vacuum.h"
#include "storage/wal.h"
#include "util/check.h"
#include "util/file.h"

namespace blueshift::storage {

uint64_t TableData::LiveRows() const {
  uint64_t rows = 0;
  for (const auto& segments : slices) {
    for (const SegmentState& s : segments) rows += s.meta->row_count - (s.deletes ? s.deletes->rows.size() : 0);
  }
  return rows;
}

std::shared_ptr<const TableData> DbVersion::Table(Oid oid) const {
  auto it = tables.find(oid);
  CHECK(it != tables.end());
  return it->second;
}

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir, const StoreOptions& options) {
  std::unique_ptr<Store> store(new Store());
  store->cache_scope_ = RawBlockCache::NewScope();
  store->vacuum_log_ = std::make_unique<VacuumLog>();
  store->sketches_ = std::make_unique<SketchCache>();
  store->dir_ = dir;
  RETURN_IF_ERROR(store->CreateLayout());
  if (PathExists(dir + "/CURRENT")) {
    RETURN_IF_ERROR(store->Recover(options));
    RETURN_IF_ERROR(store->ReplayLog());
  } else {
    RETURN_IF_ERROR(store->Bootstrap(options));
  }
  store->durable_ = store->current_;
  ASSIGN_OR_RETURN(store->wal_, WriteAheadLog::Create(dir + "/wal", store->current_->version + 1));
  RETURN_IF_ERROR(store->CollectGarbage());
  return store;
}

const SegmentState& SliceSegments::at(size_t k) const {
  CHECK(k < size());
  return begin()[k];
}

void SliceSegments::Append(SegmentState s, size_t extra) {
  if (list_ && list_->appendable && size_ == list_->items.size() && size_ < list_->items.capacity()) {
    list_->items.push_back(std::move(s));  // no reallocation: others read the items before size_
    size_++;
    return;
  }
  size_t n = size();
  auto next = std::make_shared<Shared>();
  next->appendable = true;
  next->items.reserve(std::max(n + 1 + extra, 2 * n + 16));
  next->items.assign(begin(), end());
  next->items.push_back(std::move(s));
  list_ = std::move(next);
  size_ = n + 1;
}

std::vector<SegmentState>& SliceSegments::Mutable(size_t extra) {
  if (!list_ || list_->appendable || list_.use_count() > 1 || (size_ != kAll && size_ != list_->items.size())) {
    auto copy = std::make_shared<Shared>();
    copy->items.reserve(size() + extra);
    copy->items.assign(begin(), end());
    list_ = std::move(copy);
  }
  size_ = kAll;
  return list_->items;
}

Store::~Store() = default;

std::shared_ptr<const DbVersion> Store::Current() const {
  std::lock_guard<std::mutex> lock(mu_);
  return current_;
}

std::string Store::SegmentDir(Oid table, uint32_t slice) const {
  return dir_ + "/tables/" + std::to_string(table) + "/" + std::to_string(slice);
}

std::string Store::SegmentPath(Oid table, uint32_t slice, uint64_t id) const {
  // "/seg-" and id in 20 digits, written by hand: every open of a segment (a fold opens each write-store
  // segment) names it, and snprintf was most of the cost.
  char name[] = "/seg-00000000000000000000.bss";
  for (char* p = name + 24; id != 0; id /= 10) *p-- = static_cast<char>('0' + id % 10);
  std::string path = SegmentDir(table, slice);
  path.append(name, sizeof name - 1);
  return path;
}

Status Store::CreateLayout() {
  RETURN_IF_ERROR(CreateDirDurably(dir_));
  for (const char* sub : {"/manifests", "/tables", "/tmp", "/wal"}) RETURN_IF_ERROR(CreateDirDurably(dir_ + sub));
  return Status::OK();
}

Status Store::Recover(const StoreOptions& options) {
  ASSIGN_OR_RETURN(std::string current, ReadFileToString(dir_ + "/CURRENT"));
  ASSIGN_OR_RETURN(std::string name, DecodeCurrent(current));
  auto bytes = ReadFileToString(dir_ + "/manifests/" + name);
  if (!bytes.ok()) {
    return Status(ErrorCode::kDataCorrupted,
                  "CURRENT names manifest \"" + name + "\", which cannot be read: " + bytes.status().message());
  }
  ASSIGN_OR_RETURN(Manifest m, DecodeManifest(*bytes, name));
  if (m.db->version != *ParseManifestFileName(name)) {
    return Status(ErrorCode::kDataCorrupted, "manifest \"" + name + "\" holds another version");
  }
  num_slices_ = static_cast<int>(m.num_slices);  // the stored slice count wins over options
  next_segment_id_ = m.next_segment_id;
  manifest_version_ = m.db->version;
  published_version_ = m.db->version;
  current_ = std::move(m.db);
  reserve_from_zone_maps_ = m.format_version < 4;
  return Status::OK();
}

Status Store::Bootstrap(const StoreOptions& options) {
  ASSIGN_OR_RETURN(auto names, ListDir(dir_ + "/manifests"));
  for (const auto& n : names) {
    auto v = ParseManifestFileName(n);
    if (v && *v > 1) {
      return Status(ErrorCode::kDataCorrupted,
                    "data directory \"" + dir_ + "\" has manifests but no CURRENT file; refusing to start over");
    }
  }
  auto db = std::make_shared<DbVersion>();
  db->version = 1;
  db->catalog = std::make_shared<const Catalog>(Catalog::Bootstrap());
  num_slices_ = options.num_slices > 0 ? options.num_slices : 1;
  RETURN_IF_ERROR(Publish(*db));
  manifest_version_ = db->version;
  current_ = std::move(db);
  return Status::OK();
}

Status Store::Publish(const DbVersion& next) {
  RETURN_IF_ERROR(WriteManifest(next));
  return SwitchCurrent(next.version);
}

Status Store::SwitchCurrent(uint64_t version) {
  std::lock_guard<std::mutex> lock(manifest_mu_);
  if (version <= published_version_) return Status::OK();  // a later checkpoint got there first
  RETURN_IF_ERROR(WriteCurrent(dir_, version));
  published_version_ = version;
  RemoveOldManifests(version, /*newer_too=*/false);
  return Status::OK();
}

Status Store::WriteManifest(const DbVersion& next) {
  std::string name = ManifestFileName(next.version);
  std::string manifest = EncodeManifest(next, static_cast<uint32_t>(num_slices_), next_segment_id_.load());
  return ReplaceFileDurably(dir_ + "/tmp/" + name + ".tmp", dir_ + "/manifests/" + name, manifest);
}

Status Store::WriteCurrent(const std::string& dir, uint64_t version) {
  return ReplaceFileDurably(dir + "/tmp/CURRENT.tmp", dir + "/CURRENT", EncodeCurrent(ManifestFileName(version)));
}

Result<uint64_t> Store::CurrentVersionOf(const std::string& dir) {
  ASSIGN_OR_RETURN(std::string current, ReadFileToString(dir + "/CURRENT"));
  ASSIGN_OR_RETURN(std::string name, DecodeCurrent(current));
  return *ParseManifestFileName(name);  // DecodeCurrent checked it parses
}

Status Store::PromotePrepared(const std::string& dir, uint64_t version) {
  ASSIGN_OR_RETURN(uint64_t live, CurrentVersionOf(dir));
  if (live >= version) return Status::OK();
  std::string prepared = ManifestFileName(version);
  if (!PathExists(dir + "/manifests/" + prepared)) {
    return Status(ErrorCode::kDataCorrupted, "data directory \"" + dir + "\" lacks manifest \"" + prepared +
                                                 "\", a prepared commit that the root database committed");
  }
  return WriteCurrent(dir, version);
}

SegmentOrder Store::WriteOrder(const TableDef& table, uint32_t slice, bool may_propose) const {
  SegmentOrder order;
  if (!IsInterleaved(table)) return order;
  std::shared_ptr<const DbVersion> current = Current();
  auto it = current->tables.find(table.oid);
  if (it == current->tables.end()) {  // created by this transaction (CREATE TABLE AS): empty
    order.propose = may_propose;
    return order;
  }
  const TableData& t = *it->second;
  if (slice < t.interleaved.size() && t.interleaved[slice].index && t.interleaved[slice].index->Fits(table)) {
    order.index = t.interleaved[slice].index;
  } else {
    order.propose = may_propose && (slice >= t.slices.size() || t.slices[slice].empty());
  }
  return order;
}

Result<std::shared_ptr<const SegmentMeta>> Store::WriteSegment(const TableDef& table, uint32_t slice,
                                                               const std::vector<Batch>& rows, bool statistics) {
  ASSIGN_OR_RETURN(auto meta,
                   WriteOrderedSegment(table, slice, rows, statistics, WriteOrder(table, slice, /*may_propose=*/true)));
  std::lock_guard<std::mutex> lock(unpublished_mu_);
  unpublished_[meta->id] = {meta, SegmentPath(table.oid, slice, meta->id)};
  unpublished_count_.store(unpublished_.size());
  return meta;
}

Result<uint64_t> Store::NewSegmentId(const TableDef& table, uint32_t slice) {
  if (slice >= static_cast<uint32_t>(num_slices_)) {
    return Status(ErrorCode::kInternal, "slice " + std::to_string(slice) + " out of range");
  }
  uint64_t id = next_segment_id_.fetch_add(1);
  RETURN_IF_ERROR(CreateDirDurably(dir_ + "/tables/" + std::to_string(table.oid)));
  RETURN_IF_ERROR(CreateDirDurably(SegmentDir(table.oid, slice)));
  return id;
}

Result<std::shared_ptr<const SegmentMeta>> Store::WriteOrderedSegment(const TableDef& table, uint32_t slice,
                                                                      const std::vector<Batch>& rows, bool statistics,
                                                                      const SegmentOrder& order,
                                                                      const std::vector<Encoding>* encodings) {
  ASSIGN_OR_RETURN(uint64_t id, NewSegmentId(table, slice));
  std::shared_ptr<const SegmentSketch> sketch;
  ASSIGN_OR_RETURN(auto meta, WriteSegmentFile(SegmentPath(table.oid, slice, id), table, slice, id, rows, &sketch,
                                               statistics, order, encodings));
  if (sketch) sketches_->Put(meta, std::move(sketch));
  return meta;
}

Result<std::shared_ptr<const SegmentSketch>> Store::SegmentStatistics(const TableDef& table,
                                                                      const std::shared_ptr<const SegmentMeta>& segment,
                                                                      bool compute_if_missing) const {
  if (auto cached = sketches_->Find(segment)) return cached;
  std::string path = SegmentPath(table.oid, segment->slice, segment->id);
  std::shared_ptr<const SegmentSketch> sketch;
  // A write-store segment has no file yet: its image in memory holds the same statistics section.
  if (segment->memory_image) {
    ASSIGN_OR_RETURN(sketch, ReadSegmentSketchFromImage(*segment->memory_image, path, segment->types));
  } else {
    ASSIGN_OR_RETURN(sketch, ReadSegmentSketch(path, segment->types));
  }
  if (!sketch && !compute_if_missing) return sketch;
  if (!sketch) {  // a file of format 1 or 2 or one written without statistics: sketch it from its rows
    TableDef as_written = table;
    as_written.columns.resize(std::min(table.columns.size(), segment->types.size()));
    for (size_t c = 0; c < as_written.columns.size(); c++) as_written.columns[c].type = segment->types[c];
    as_written.sort_keys.clear();
    ASSIGN_OR_RETURN(auto reader, OpenSegment(as_written, *segment));
    std::vector<int> columns;
    for (size_t c = 0; c < as_written.columns.size(); c++) columns.push_back(static_cast<int>(c));
    std::vector<Batch> rows;
    for (uint64_t first = 0; first < segment->row_count; first += kBatchSize) {
      Batch batch(as_written.ColumnTypes());
      size_t n = std::min<uint64_t>(kBatchSize, segment->row_count - first);
      RETURN_IF_ERROR(reader->Read(columns, first, n, &batch));
      rows.push_back(std::move(batch));
    }
    ASSIGN_OR_RETURN(std::vector<ColumnData> data, GatherSortedColumns(as_written, rows));
    auto built = std::make_shared<SegmentSketch>();
    for (const ColumnData& col : data) built->columns.push_back(ColumnSketch::Build(col));
    sketch = std::move(built);
  }
  sketches_->Put(segment, sketch);
  return sketch;
}

Result<std::unique_ptr<SegmentReader>> Store::OpenSegment(const TableDef& table, const SegmentMeta& segment) const {
  return FileSegmentReader::Open(SegmentPath(table.oid, segment.slice, segment.id), table, segment, cache_scope_);
}

}  // namespace blueshift::storage
