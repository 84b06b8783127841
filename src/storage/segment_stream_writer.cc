#include "storage/segment_stream_writer.h"

#include <cstring>

#include "storage/block.h"
#include "storage/segment_writer.h"

namespace blueshift::storage {

SegmentStreamWriter::SegmentStreamWriter(std::string path, const TableDef& table, uint32_t slice, uint64_t id)
    : path_(std::move(path)), table_(table), fill_(table.columns.size()), cost_(table.columns.size(), 0) {
  meta_ = std::make_shared<SegmentMeta>();
  meta_->id = id;
  meta_->slice = slice;
  meta_->types = table.ColumnTypes();
  meta_->columns.resize(table.columns.size());
  pending_.resize(table.columns.size());
  for (size_t c = 0; c < table.columns.size(); c++) {
    Pending& p = pending_[c];
    p.data.type = table.columns[c].type;
    PhysicalType type = p.data.type.physical();
    p.data.values.assign(kMaxRowsPerBlock * PhysicalWidth(type), 0);
    p.data.validity.assign(kMaxRowsPerBlock, 0);
    if (type == PhysicalType::kString) p.strings = std::make_unique<char[]>(kBlockPayloadBudget);
    sketches_.emplace_back(p.data.type);
  }
}

Result<std::unique_ptr<SegmentStreamWriter>> SegmentStreamWriter::Create(const std::string& path, const TableDef& table,
                                                                         uint32_t slice, uint64_t id, bool durable) {
  std::unique_ptr<SegmentStreamWriter> w(new SegmentStreamWriter(path, table, slice, id));
  w->durable_ = durable;
  ASSIGN_OR_RETURN(w->file_, WritableFile::Create(path, /*exclusive=*/true));
  Status st = w->file_->Append(SegmentFileHeader(table, slice, id));
  if (!st.ok()) return st;  // the destructor removes the file
  return w;
}

SegmentStreamWriter::~SegmentStreamWriter() {
  if (file_ && !finished_) {
    (void)file_->Close();
    (void)RemoveFile(path_);
  }
}

uint64_t SegmentStreamWriter::MemoryBound(const TableDef& table) {
  uint64_t bytes = kMaxBlockBytes;  // one encoded block at a time
  for (const ColumnDef& c : table.columns) {
    PhysicalType type = c.type.physical();
    bytes += uint64_t{kMaxRowsPerBlock} * (PhysicalWidth(type) + 1);
    // The pending string bytes, and the sketch's tracked values (4,096 hash entries, at most 1 MiB of bytes).
    bytes += (type == PhysicalType::kString ? kBlockPayloadBudget + (1 << 20) : 0) + 4096 * 96;
  }
  return bytes;
}

Status SegmentStreamWriter::Append(const Batch& batch, size_t from, size_t n) {
  size_t columns = pending_.size();
  while (n > 0) {
    // How many of the rows fit in the block being filled.
    size_t take = 0;
    for (; take < n; take++) {
      for (size_t c = 0; c < columns; c++) {
        const Vector& v = batch.column(c);
        PhysicalType type = pending_[c].data.type.physical();
        // A NULL string is stored as an empty one.
        cost_[c] =
            type == PhysicalType::kString && v.IsNull(from + take) ? 4 : RowCost(type, v.raw_data(), from + take);
      }
      if (!fill_.Fits(cost_.data())) break;
      fill_.Add(cost_.data());
    }
    if (take == 0) {
      RETURN_IF_ERROR(FlushBlock());
      continue;
    }
    for (size_t c = 0; c < columns; c++) {
      Pending& p = pending_[c];
      const Vector& v = batch.column(c);
      PhysicalType type = p.data.type.physical();
      size_t width = PhysicalWidth(type);
      uint8_t* dst = p.data.values.data() + p.data.count * width;
      uint8_t* valid = p.data.validity.data() + p.data.count;
      for (size_t i = 0; i < take; i++) valid[i] = v.IsNull(from + i) ? 0 : 1;
      if (type == PhysicalType::kString) {
        auto* out = reinterpret_cast<std::string_view*>(dst);
        const auto* in = v.data<std::string_view>() + from;
        for (size_t i = 0; i < take; i++) {
          if (!valid[i]) {
            out[i] = std::string_view();
            continue;
          }
          char* at = p.strings.get() + p.string_bytes;
          std::memcpy(at, in[i].data(), in[i].size());
          out[i] = std::string_view(at, in[i].size());
          p.string_bytes += in[i].size();
        }
      } else {
        std::memcpy(dst, v.raw_data() + from * width, take * width);
        if (type == PhysicalType::kBool) {
          for (size_t i = 0; i < take; i++) dst[i] = valid[i] && dst[i] != 0;
        } else {
          for (size_t i = 0; i < take; i++) {
            if (!valid[i]) std::memset(dst + i * width, 0, width);  // NULL placeholders are zero
          }
        }
      }
      p.data.count += take;
    }
    rows_ += take;
    from += take;
    n -= take;
  }
  return Status::OK();
}

Status SegmentStreamWriter::FlushBlock() {
  uint32_t count = fill_.rows();
  if (count == 0) return Status::OK();
  uint32_t first_row = static_cast<uint32_t>(meta_->row_count);
  for (size_t c = 0; c < pending_.size(); c++) {
    Pending& p = pending_[c];
    ColumnSpan span{p.data.type.physical(), p.data.values.data(), p.data.validity.data(), count};
    if (!p.encoding_chosen) {
      p.encoding = SegmentColumnEncoding(table_, c, span, /*write_store=*/false);
      p.encoding_chosen = true;
    }
    BlockInfo info;
    info.first_row = first_row;
    info.offset = file_->size();
    std::string bytes = EncodeBlock(p.encoding, p.data.type, span, &info);
    RETURN_IF_ERROR(file_->Append(bytes));
    meta_->columns[c].push_back(std::move(info));
    sketches_[c].Add(span);
    p.data.count = 0;
    p.string_bytes = 0;
  }
  meta_->row_count += count;
  fill_.Reset();
  return Status::OK();
}

Result<std::shared_ptr<const SegmentMeta>> SegmentStreamWriter::Finish(std::shared_ptr<const SegmentSketch>* sketch) {
  RETURN_IF_ERROR(FlushBlock());
  auto built = std::make_shared<SegmentSketch>();
  for (const ColumnSketchBuilder& b : sketches_) built->columns.push_back(b.Finish());
  RETURN_IF_ERROR(AppendStatisticsAndFooter(built.get(), meta_.get(), file_.get()));
  if (durable_) RETURN_IF_ERROR(file_->Sync());
  RETURN_IF_ERROR(file_->Close());
  if (durable_) RETURN_IF_ERROR(SyncDir(DirName(path_)));
  finished_ = true;
  if (sketch) *sketch = std::move(built);
  return std::shared_ptr<const SegmentMeta>(meta_);
}

}  // namespace blueshift::storage
