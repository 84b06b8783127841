// STL_EXPLAIN: the plan of every EXPLAIN the process ran, one row per plan node (nodeid, parentid, the node's
// line and its detail lines). Kept in memory, the latest kMaxRows rows; registered with the other system
// tables of main/ when the first database opens.

#include "main/explain_log.h"

#include <deque>
#include <mutex>

#include "system/system_table.h"

namespace blueshift {

namespace {

constexpr size_t kMaxRows = 10000;

struct ExplainRow {
  int32_t userid;
  int64_t query;
  ExplainNode node;
};

std::mutex& Mu() {
  static std::mutex mu;
  return mu;
}

std::deque<ExplainRow>& Rows() {
  static std::deque<ExplainRow> rows;
  return rows;
}

Status ExplainRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  RowVisibility vis(ctx);
  std::lock_guard<std::mutex> lock(Mu());
  for (const auto& r : Rows()) {
    if (!vis.SeesUserId(r.userid)) continue;
    rows->push_back({Value::Integer(r.userid), Value::Integer(static_cast<int32_t>(r.query)),
                     Value::Integer(r.node.nodeid), Value::Integer(r.node.parentid),
                     Value::Char(r.node.plannode.substr(0, 400), 400), Value::Char(r.node.info.substr(0, 400), 400)});
  }
  return Status::OK();
}

}  // namespace

void RecordExplain(int32_t userid, int64_t query, const std::vector<ExplainNode>& nodes) {
  std::lock_guard<std::mutex> lock(Mu());
  for (const auto& n : nodes) Rows().push_back({userid, query, n});
  while (Rows().size() > kMaxRows) Rows().pop_front();
}

void RegisterExplainSystemTables() {
  static std::once_flag once;
  std::call_once(once, [] {
    RegisterSystemTable("pg_catalog", "stl_explain", 14200,
                        {{"userid", LogicalType::Integer()},
                         {"query", LogicalType::Integer()},
                         {"nodeid", LogicalType::Integer()},
                         {"parentid", LogicalType::Integer()},
                         {"plannode", LogicalType::Char(400)},
                         {"info", LogicalType::Char(400)}},
                        ExplainRows);
  });
}

}  // namespace blueshift
