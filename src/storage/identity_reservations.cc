#include "storage/identity_reservations.h"

#include <algorithm>

namespace blueshift::storage {
namespace {

// How many values of spec's sequence come before the first one past `edge` (in the step's direction).
uint64_t ValuesThrough(const IdentitySpec& spec, int128_t edge) {
  int128_t span = spec.step > 0 ? edge - spec.seed : spec.seed - edge;
  if (span < 0) return 0;
  int128_t step = spec.step > 0 ? int128_t{spec.step} : -int128_t{spec.step};
  return static_cast<uint64_t>(span / step + 1);
}

// The reservation a version without reservations implies for `column` of `data`: past its largest value.
uint64_t FromZoneMaps(const IdentitySpec& spec, const TableData& data, int column) {
  uint64_t reserved = 0;
  for (const auto& slice : data.slices) {
    for (const SegmentState& seg : slice) {
      if (static_cast<size_t>(column) >= seg.meta->columns.size()) continue;
      for (const auto& block : seg.meta->columns[column]) {
        if (!block.has_minmax) continue;
        int128_t edge = spec.step > 0 ? block.max.GetInt() : block.min.GetInt();
        reserved = std::max(reserved, ValuesThrough(spec, edge));
      }
    }
  }
  return reserved;
}

}  // namespace

uint64_t DbVersion::IdentityReserved(Oid column) const {
  if (!identity) return 0;
  auto it = identity->find(column);
  return it == identity->end() ? 0 : it->second;
}

void ApplyIdentityReservations(const DbVersion& base, const CommitRequest& request, bool reshapes, DbVersion* next) {
  next->identity = base.identity;
  const bool forgets = reshapes && base.identity && !base.identity->empty() && next->catalog != base.catalog;
  if (request.identity.empty() && !forgets) return;
  auto changed = std::make_shared<IdentityReservations>(base.identity ? *base.identity : IdentityReservations());
  for (const auto& [column, reserved] : request.identity) {
    uint64_t& r = (*changed)[column];
    r = std::max(r, reserved);
  }
  if (forgets) {
    for (const auto& before : base.catalog->Tables()) {
      std::shared_ptr<const TableDef> after = next->catalog->FindTableByOid(before->oid);
      for (const ColumnDef& c : before->columns) {
        if (!c.identity || c.default_oid == 0) continue;
        bool kept = after && std::any_of(after->columns.begin(), after->columns.end(), [&](const ColumnDef& a) {
                      return a.identity && a.default_oid == c.default_oid;
                    });
        if (!kept) changed->erase(c.default_oid);
      }
    }
  }
  next->identity = std::move(changed);
}

void ReserveFromZoneMaps(DbVersion* db) {
  auto reserved = std::make_shared<IdentityReservations>(db->identity ? *db->identity : IdentityReservations());
  for (const auto& def : db->catalog->Tables()) {
    auto data = db->tables.find(def->oid);
    for (size_t c = 0; c < def->columns.size(); c++) {
      const ColumnDef& col = def->columns[c];
      if (!col.identity || col.default_oid == 0 || reserved->count(col.default_oid)) continue;
      if (data == db->tables.end()) continue;
      uint64_t n = FromZoneMaps(*col.identity, *data->second, static_cast<int>(c));
      if (n > 0) (*reserved)[col.default_oid] = n;
    }
  }
  db->identity = std::move(reserved);
}

void EncodeIdentityReservations(const IdentityReservations& reserved, ByteWriter* w) {
  w->U32(static_cast<uint32_t>(reserved.size()));
  for (const auto& [column, n] : reserved) {
    w->U32(column);
    w->U64(n);
  }
}

bool DecodeIdentityReservations(ByteReader* r, IdentityReservations* reserved) {
  uint32_t n = r->U32();
  if (!r->CanHold(n, 12)) return false;
  for (uint32_t i = 0; i < n; i++) {
    Oid column = r->U32();
    (*reserved)[column] = r->U64();
  }
  return r->ok();
}

}  // namespace blueshift::storage
