#include "exec/physical_system_scan.h"

#include "function/cast.h"

namespace blueshift {

namespace {
struct SystemScanState : SourceState {
  std::vector<SystemRow> rows;
  size_t next = 0;
};

std::vector<LogicalType> Types(const SystemTable* t, const std::vector<int>& cols) {
  std::vector<LogicalType> out;
  for (int c : cols) out.push_back(t->def->columns[c].type);
  return out;
}
}  // namespace

PhysicalSystemScan::PhysicalSystemScan(const SystemTable* table, std::vector<int> columns)
    : PhysicalOperator(Types(table, columns)), table_(table), columns_(std::move(columns)) {}

Result<std::unique_ptr<SourceState>> PhysicalSystemScan::InitSource(ExecContext& ctx, int) const {
  auto st = std::make_unique<SystemScanState>();
  SystemContext sc = ctx.system_context();
  sc.catalog = &ctx.txn()->catalog();
  sc.store = ctx.store();
  sc.table_data = [txn = ctx.txn()](Oid table) { return txn->TableData(table); };
  RETURN_IF_ERROR(table_->rows(sc, &st->rows));
  return std::unique_ptr<SourceState>(std::move(st));
}

Status PhysicalSystemScan::GetData(ExecContext&, SourceState& state, Batch* out) const {
  auto& st = static_cast<SystemScanState&>(state);
  size_t n = 0;
  while (st.next < st.rows.size() && n < out->capacity()) {
    const SystemRow& row = st.rows[st.next++];
    for (size_t c = 0; c < columns_.size(); c++) {
      const Value& v = row[columns_[c]];
      const LogicalType& type = types()[c];
      if (v.is_null() || v.type() == type || (v.type().IsString() && type.IsString())) {
        out->column(c).SetValue(n, v);
      } else {
        ASSIGN_OR_RETURN(Value cast, CastValue(v, type, CastContext::kExplicit));
        out->column(c).SetValue(n, cast);
      }
    }
    n++;
  }
  out->set_count(n);
  return Status::OK();
}

}  // namespace blueshift
