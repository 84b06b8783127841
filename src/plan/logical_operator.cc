#include "plan/logical_operator.h"

#include <algorithm>

namespace blueshift {

std::vector<ColumnBinding> LogicalOperator::Bindings() const {
  std::vector<ColumnBinding> out;
  switch (kind) {
    case LogicalKind::kGet:
      for (int c : columns) out.push_back({table_index, c});
      break;
    case LogicalKind::kProjection:
      for (size_t i = 0; i < exprs.size(); i++) out.push_back({table_index, static_cast<int>(i)});
      break;
    case LogicalKind::kValues:
    case LogicalKind::kUnion:
    case LogicalKind::kRecursiveCte:
    case LogicalKind::kWorkingTable:
      for (size_t i = 0; i < value_types.size(); i++) out.push_back({table_index, static_cast<int>(i)});
      break;
    case LogicalKind::kAggregate:
      for (size_t i = 0; i < exprs.size(); i++) out.push_back({table_index, static_cast<int>(i)});
      for (size_t i = 0; i < aggregates.size(); i++) out.push_back({aggregate_index, static_cast<int>(i)});
      break;
    case LogicalKind::kJoin: {
      if (!narrow_to.empty()) {
        out = narrow_to;
        break;
      }
      out = children[0]->Bindings();
      if (join_type == JoinType::kSemi || join_type == JoinType::kAnti) break;
      auto r = children[1]->Bindings();
      out.insert(out.end(), r.begin(), r.end());
      break;
    }
    case LogicalKind::kWindow:
      out = children[0]->Bindings();
      for (size_t i = 0; i < windows.size(); i++) out.push_back({table_index, static_cast<int>(i)});
      break;
    case LogicalKind::kExpand:
      out = children[0]->Bindings();
      for (size_t i = 0; i < value_types.size(); i++) out.push_back({table_index, static_cast<int>(i)});
      break;
    case LogicalKind::kInsert:
    case LogicalKind::kDelete:
    case LogicalKind::kUpdate:
      break;
    case LogicalKind::kFilter:
      out = narrow_to.empty() ? children[0]->Bindings() : narrow_to;
      break;
    default:
      out = children[0]->Bindings();
  }
  return out;
}

std::vector<LogicalType> LogicalOperator::Types() const {
  std::vector<LogicalType> out;
  switch (kind) {
    case LogicalKind::kGet:
      for (int c : columns) out.push_back(c == kRowIdColumn ? LogicalType::BigInt() : table->columns[c].type);
      break;
    case LogicalKind::kProjection:
      for (const auto& e : exprs) out.push_back(e->type);
      break;
    case LogicalKind::kValues:
    case LogicalKind::kUnion:
    case LogicalKind::kRecursiveCte:
    case LogicalKind::kWorkingTable:
      out = value_types;
      break;
    case LogicalKind::kAggregate:
      for (const auto& e : exprs) out.push_back(e->type);
      for (const auto& a : aggregates) out.push_back(a.function.return_type);
      break;
    case LogicalKind::kJoin: {
      out = children[0]->Types();
      if (join_type == JoinType::kSemi || join_type == JoinType::kAnti) break;
      auto r = children[1]->Types();
      out.insert(out.end(), r.begin(), r.end());
      if (!narrow_to.empty()) {
        // The kept columns' types, found by binding among all of the join's columns.
        auto all = children[0]->Bindings();
        auto rb = children[1]->Bindings();
        all.insert(all.end(), rb.begin(), rb.end());
        std::vector<LogicalType> kept;
        for (const ColumnBinding& b : narrow_to) {
          auto at = std::find(all.begin(), all.end(), b);
          if (at != all.end()) kept.push_back(out[static_cast<size_t>(at - all.begin())]);
        }
        out = std::move(kept);
      }
      break;
    }
    case LogicalKind::kWindow:
      out = children[0]->Types();
      for (const auto& w : windows) out.push_back(w.type);
      break;
    case LogicalKind::kExpand:
      out = children[0]->Types();
      out.insert(out.end(), value_types.begin(), value_types.end());
      break;
    case LogicalKind::kInsert:
    case LogicalKind::kDelete:
    case LogicalKind::kUpdate:
      out.push_back(LogicalType::BigInt());
      break;
    default:
      out = children[0]->Types();
  }
  return out;
}

}  // namespace blueshift
