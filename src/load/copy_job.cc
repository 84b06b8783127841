#include "load/copy_job.h"

#include <algorithm>
#include <charconv>
#include <chrono>

#include "load/copy_scheduler.h"
#include "load/field_converter.h"

namespace blueshift::load {

namespace {
// Every record is one line: the input can be cut at any line break.
bool LineBased(const CopyOptions& o) {
  return (o.format == DataFormat::kText || o.format == DataFormat::kFixedWidth) && !o.escape && !o.remove_quotes;
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}
}  // namespace

Result<uint64_t> ParseCopySplitBytes(const std::string& value) {
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size() || n < 1 || n > (uint64_t{1} << 40))
    return Status(ErrorCode::kInvalidParameterValue, "invalid value for parameter \"copy_split_bytes\": \"" + value +
                                                         "\" (a number of bytes from 1 to 1099511627776)");
  return n;
}

std::vector<InputSplit> PlanSplits(const std::vector<ObjectInfo>& files, const CopyOptions& options,
                                   uint64_t split_bytes) {
  std::vector<InputSplit> out;
  for (const ObjectInfo& f : files) {
    const bool plain = options.compression == Compression::kNone && options.encoding == TextEncoding::kUtf8;
    const bool ranges = LineBased(options) && plain && f.size != kUnknownSize;
    if (ranges && f.size > split_bytes) {
      for (uint64_t b = 0; b < f.size; b += split_bytes) out.push_back({f.url, f.size, b, b + split_bytes});
      continue;
    }
    out.push_back({f.url, f.size, 0, UINT64_MAX});
    // Large, compressed or endless input that cannot be cut by byte ranges: record-aligned chunks.
    out.back().streamed = !ranges && (!plain || f.size > split_bytes);
  }
  // Big pieces first so the tasks finish together.
  std::stable_sort(out.begin(), out.end(), [](const InputSplit& a, const InputSplit& b) {
    return std::min(a.end, a.file_size) - a.begin > std::min(b.end, b.file_size) - b.begin;
  });
  return out;
}

CopyProgress::CopyProgress() = default;
CopyProgress::~CopyProgress() = default;

Status CopyJob::Prepare() {
  ASSIGN_OR_RETURN(date_format, TimeFormat::Compile(options.date_format));
  ASSIGN_OR_RETURN(time_format, TimeFormat::Compile(options.time_format));
  converters.clear();
  converters.resize(table->columns.size());
  for (int c : targets) {
    const ColumnDef& col = table->columns[c];
    converters[c] =
        std::make_unique<FieldConverter>(col.type, options, &date_format, &time_format, col.not_null && !col.identity);
  }
  return Status::OK();
}

Status CopyJob::Reject(LoadErrorRecord record) const {
  record.tbl = table->oid;
  record.query = query_id;
  record.session = session_pid;
  record.starttime_us = NowMicros();
  {
    std::lock_guard<std::mutex> lock(progress->mu);
    if (progress->first_error.err_code == 0) progress->first_error = record;
  }
  LoadErrorLog::Global().Add(std::move(record));
  if (progress->errors.fetch_add(1) + 1 > options.max_error) {
    progress->failed = true;
    return LoadFailed();
  }
  return Status::OK();
}

Status CopyJob::LoadFailed() const {
  LoadErrorRecord e;
  {
    std::lock_guard<std::mutex> lock(progress->mu);
    e = progress->first_error;
  }
  std::string detail = "error:  " + e.err_reason + "\ncode:      " + std::to_string(e.err_code) +
                       "\ncontext:   " + EscapeInvalidUtf8(e.raw_field_value.substr(0, 100)) +
                       "\nquery:     " + std::to_string(query_id) + "\nlocation:  " + e.filename + ":" +
                       std::to_string(e.line_number) + (e.colname.empty() ? "" : " column " + e.colname);
  return Status(ErrorCode::kInternal,
                "Load into table '" + table->name + "' failed.  Check 'stl_load_errors' system table for details.")
      .WithDetail(std::move(detail));
}

}  // namespace blueshift::load
