#include "storage/compression_advice.h"

#include "storage/encode_auto.h"
#include "storage/segment_writer.h"
#include "storage/sorted_columns.h"

namespace blueshift::storage {
namespace {

// Up to `limit` live rows of the table, in batches without selection.
Status SampleRows(const Store& store, const TableDef& table, const TableData& data, uint64_t limit,
                  std::vector<Batch>* rows) {
  std::vector<int> columns;
  for (size_t c = 0; c < table.columns.size(); c++) columns.push_back(static_cast<int>(c));
  uint64_t taken = 0;
  for (const auto& segments : data.slices) {
    for (const SegmentState& s : segments) {
      ASSIGN_OR_RETURN(auto reader, store.OpenSegment(table, *s.meta));
      for (uint64_t first = 0; first < s.meta->row_count && taken < limit; first += kBatchSize) {
        Batch batch(table.ColumnTypes());
        size_t n = std::min<uint64_t>(kBatchSize, s.meta->row_count - first);
        RETURN_IF_ERROR(reader->Read(columns, first, n, &batch));
        uint32_t* sel = batch.mutable_selection();
        size_t live = 0;
        for (size_t i = 0; i < n && taken + live < limit; i++) {
          if (!s.deletes || !s.deletes->Contains(static_cast<uint32_t>(first + i)))
            sel[live++] = static_cast<uint32_t>(i);
        }
        batch.SetSelection(live);
        batch.Flatten();
        taken += live;
        if (batch.count() > 0) rows->push_back(std::move(batch));
      }
    }
  }
  return Status::OK();
}

size_t BytesOf(const std::vector<EncodingTrial>& trials, Encoding e) {
  for (const auto& t : trials) {
    if (t.encoding == e) return t.bytes;
  }
  return trials.empty() ? 0 : trials.front().bytes;  // RAW
}

}  // namespace

Result<std::vector<CompressionAdvice>> AdviseCompression(const Store& store, const TableDef& table,
                                                         const TableData& data, const std::vector<int>& columns,
                                                         uint64_t sample_rows) {
  std::vector<Batch> rows;
  RETURN_IF_ERROR(SampleRows(store, table, data, sample_rows, &rows));
  TableDef unsorted = table;
  unsorted.sort_keys.clear();  // advice does not depend on row order within the sample
  ASSIGN_OR_RETURN(std::vector<ColumnData> data_columns, GatherSortedColumns(unsorted, rows));
  std::vector<uint32_t> bounds = ChooseBlockBoundaries(data_columns);
  std::vector<CompressionAdvice> out;
  for (int c : columns) {
    CompressionAdvice a;
    a.column = c;
    const ColumnData& col = data_columns[c];
    bool sort_key = table.SortKeyPosition(c) > 0;
    if (bounds.size() < 2) {  // no rows: nothing to measure
      a.encoding = sort_key ? table.columns[c].encoding : Encoding::kRaw;
      out.push_back(a);
      continue;
    }
    ColumnSpan span{col.type.physical(), col.values.data(), col.validity.data(), bounds[1]};
    std::vector<EncodingTrial> trials = TryEncodings(col.type, span);
    a.encoding = sort_key ? table.columns[c].encoding : ChooseAutoEncoding(col.type, span);
    size_t raw = BytesOf(trials, Encoding::kRaw);
    size_t chosen = BytesOf(trials, a.encoding);
    a.est_reduction_pct = raw == 0 ? 0 : 100.0 * (1.0 - static_cast<double>(chosen) / static_cast<double>(raw));
    out.push_back(a);
  }
  return out;
}

}  // namespace blueshift::storage
