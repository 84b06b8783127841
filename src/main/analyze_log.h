#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace blueshift {

// One table of one ANALYZE, as STL_ANALYZE shows it.
struct AnalyzeEvent {
  int32_t userid = 0;
  int64_t xid = 0;
  std::string database;
  uint32_t table_id = 0;  // the table's oid
  std::string schema;
  std::string table;
  std::string status;  // Redshift's words: "Full", or "Skipped" when under analyze_threshold_percent
  double rows = 0;
  double modified_rows = 0;  // rows whose statistics were not current (statistics are kept at every write)
  int32_t threshold_percent = 0;
  int64_t start_us = 0;
  int64_t end_us = 0;
  int64_t prev_us = -1;  // the table's previous Full analyze, -1 when none is kept
};

// AnalyzeLog keeps the ANALYZE operations of every database, oldest first, behind STL_ANALYZE; bounded by
// age (retention) and by count. Activity persists them in the history log (docs/format/history.md).
// Thread-safe.
class AnalyzeLog {
 public:
  AnalyzeLog(int64_t retention_us, size_t max_events) : retention_us_(retention_us), max_events_(max_events) {}

  // Files `e`, setting its prev_us from the latest Full analyze of the same table.
  void Add(AnalyzeEvent e);
  std::vector<AnalyzeEvent> Events() const;
  size_t Size() const;

 private:
  const int64_t retention_us_;
  const size_t max_events_;
  mutable std::mutex mu_;
  std::deque<AnalyzeEvent> events_;
};

}  // namespace blueshift
