// COPY ... FORMAT AS PARQUET: each split is one row group; its leaf columns are decoded whole and stored row
// by row into the table's columns, mapped by position as Redshift does.

#include <algorithm>

#include "load/copy_task.h"
#include "load/parquet_file.h"
#include "load/parquet_value.h"

namespace blueshift::load {

namespace {

Status ColumnCountMismatch(const parquet::ParquetFile& f, size_t columns) {
  return Status(ErrorCode::kInternal,
                "Unmatched number of columns between table and file. Table columns: " + std::to_string(columns) +
                    ", Data columns: " + std::to_string(f.leaves.size()) + ", File: " + f.url);
}

Status LoadRowGroup(CopyTask& task) {
  const InputSplit& s = *task.split;
  std::vector<int> leaves(task.job.targets.size());
  for (size_t i = 0; i < leaves.size(); i++) leaves[i] = static_cast<int>(i);
  RETURN_IF_ERROR(parquet::ReadRowGroup(*task.job.store, *s.parquet, s.row_group, leaves, &task.columns));
  task.next_row = 0;
  task.row_group_loaded = true;
  return Status::OK();
}

// Keeps the row group's page buffers alive while out's strings point into them.
void RetainColumns(CopyTask& task, Batch* out) {
  const CopyJob& job = task.job;
  for (size_t i = 0; i < job.targets.size(); i++) {
    Vector& v = out->column(job.targets[i]);
    if (!v.type().IsString()) continue;
    for (const auto& b : task.columns[i].buffers) v.arena().Retain(std::shared_ptr<const void>(b, b->data()));
  }
}

Status RejectRow(CopyTask& task, size_t r, size_t field, const FieldError& err) {
  const CopyJob& job = task.job;
  const InputSplit& s = *task.split;
  const auto& conv = *job.parquet_converters[field];
  int col = job.targets[field];
  LoadErrorRecord rec;
  rec.filename = s.url;
  rec.line_number = s.parquet->first_row[s.row_group] + static_cast<int64_t>(r) + 1;
  rec.colname = job.table->columns[col].name;
  rec.type = job.converters[col]->StlTypeName();
  rec.col_length = job.converters[col]->StlColLength();
  rec.position = static_cast<int32_t>(field);
  rec.raw_field_value = conv.Render(task.columns[field], r).substr(0, 1024);
  rec.err_code = err.code;
  rec.err_reason = err.reason;
  return job.Reject(std::move(rec));
}

// Stores the next n rows of the row group one by one, rejecting those with a value that cannot be stored.
Status StoreRowByRow(CopyTask& task, size_t n, Batch* out) {
  const CopyJob& job = task.job;
  FieldError err;
  for (size_t end = task.next_row + n; task.next_row < end;) {
    size_t r = task.next_row++;
    size_t row = out->count();
    bool ok = true;
    for (size_t i = 0; i < job.targets.size() && ok; i++) {
      ok = job.parquet_converters[i]->Store(task.columns[i], r, &out->column(job.targets[i]), row, &err);
      if (!ok) RETURN_IF_ERROR(RejectRow(task, r, i, err));
    }
    if (ok) out->set_count(row + 1);
  }
  return Status::OK();
}

}  // namespace

Result<std::vector<InputSplit>> PlanParquetSplits(ObjectStore& store, const std::vector<ObjectInfo>& files,
                                                  size_t columns) {
  std::vector<InputSplit> out;
  for (const ObjectInfo& info : files) {
    if (info.size == 0) continue;  // an empty object under the prefix (a "folder") holds no rows
    ASSIGN_OR_RETURN(auto f, parquet::OpenParquetFile(store, info));
    if (f->leaves.size() != columns) return ColumnCountMismatch(*f, columns);
    for (size_t g = 0; g < f->meta.row_groups.size(); g++) {
      if (f->meta.row_groups[g].num_rows == 0) continue;
      InputSplit s;
      s.url = info.url;
      s.file_size = info.size;
      s.end = UINT64_MAX;
      s.parquet = f;
      s.row_group = static_cast<int>(g);
      out.push_back(std::move(s));
    }
  }
  return out;
}

Status PrepareParquet(CopyJob* job) {
  job->parquet_converters.clear();
  if (job->splits.empty()) return Status::OK();
  const parquet::ParquetFile& f = *job->splits[0].parquet;
  for (size_t i = 0; i < job->targets.size(); i++) {
    const FieldConverter& conv = *job->converters[job->targets[i]];
    job->parquet_converters.push_back(
        std::make_shared<parquet::ParquetValueConverter>(*f.leaf_schema[i], f.leaves[i], conv));
  }
  // Every file must have the same column types as the first: the converters are chosen once.
  for (const InputSplit& s : job->splits) {
    for (size_t i = 0; i < job->targets.size(); i++) {
      const auto& a = *f.leaf_schema[i];
      const auto& b = *s.parquet->leaf_schema[i];
      if (a.type != b.type || a.kind != b.kind || a.scale != b.scale || a.unit != b.unit)
        return Status(ErrorCode::kInternal, "Parquet column \"" + b.name + "\" of '" + s.url +
                                                "' has a different type than in '" + f.url + "'");
    }
  }
  return Status::OK();
}

Status DecodeParquet(CopyTask& task, Batch* out) {
  if (!task.row_group_loaded) RETURN_IF_ERROR(LoadRowGroup(task));
  RetainColumns(task, out);
  const CopyJob& job = task.job;
  const size_t rows = static_cast<size_t>(task.split->parquet->meta.row_groups[task.split->row_group].num_rows);
  while (out->count() < out->capacity() && task.next_row < rows) {
    // A column at a time; when a value cannot be stored, the same rows again row by row to reject it.
    const size_t n = std::min(out->capacity() - out->count(), rows - task.next_row);
    bool ok = true;
    for (size_t i = 0; i < job.targets.size() && ok; i++) {
      ok = job.parquet_converters[i]->StoreRange(task.columns[i], task.next_row, n, &out->column(job.targets[i]),
                                                 out->count());
    }
    if (ok) {
      out->set_count(out->count() + n);
      task.next_row += n;
      continue;
    }
    RETURN_IF_ERROR(StoreRowByRow(task, n, out));
  }
  if (task.next_row >= rows) {
    task.split = nullptr;
    task.row_group_loaded = false;
  }
  return Status::OK();
}

}  // namespace blueshift::load
