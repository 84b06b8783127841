#include "main/identity_generator.h"

#include <algorithm>

namespace blueshift {
namespace {

// The values an IDENTITY column can hold: INT or BIGINT (Redshift allows no other type).
std::pair<int128_t, int128_t> IdentityRange(const LogicalType& type) {
  if (type.id() == TypeId::kInteger) return {INT32_MIN, INT32_MAX};
  return {INT64_MIN, INT64_MAX};
}

}  // namespace

Result<int64_t> IdentityGenerator::Allocate(const TableDef& table, int column, int64_t count) {
  const ColumnDef& def = table.columns[column];
  const IdentitySpec& spec = *def.identity;
  if (def.default_oid == 0)
    return Status(ErrorCode::kInternal, "identity column \"" + def.name + "\" has no pg_attrdef oid");
  std::lock_guard<std::mutex> lock(mu_);
  auto it = counters_.find(def.default_oid);
  if (it == counters_.end()) {
    uint64_t reserved = store_->Current()->IdentityReserved(def.default_oid);
    it = counters_.emplace(def.default_oid, Counter{reserved, reserved}).first;
  }
  Counter& c = it->second;
  // first, first + step, ..., all of them values of the column's type; the counter moves past them only
  // then, so a failed allocation hands out nothing (no value wraps around, none repeats).
  const int128_t first = int128_t{spec.seed} + int128_t{spec.step} * c.used;
  const int128_t last = first + int128_t{spec.step} * (count - 1);
  auto [low, high] = IdentityRange(def.type);
  if (count < 1 || std::min(first, last) < low || std::max(first, last) > high)
    return Status(ErrorCode::kNumericValueOutOfRange, "identity column \"" + def.name + "\" has run out of values");
  const uint64_t n = static_cast<uint64_t>(count);
  if (c.used + n > c.reserved) {
    uint64_t ahead = std::clamp(n * 16, kMinReserve, kMaxReserve);
    RETURN_IF_ERROR(Reserve(def.default_oid, c.used + n + ahead));
    c.reserved = c.used + n + ahead;
  }
  c.used += n;
  return static_cast<int64_t>(first);
}

Status IdentityGenerator::Reserve(Oid column, uint64_t reserved) {
  storage::CommitRequest request;
  request.identity[column] = reserved;
  uint64_t wait_lsn = 0;
  {
    std::lock_guard<std::mutex> commit_lock(*commit_mu_);
    RETURN_IF_ERROR(store_->Commit(*store_->Current(), request, &wait_lsn).status());
  }
  return store_->WaitDurable(wait_lsn);
}

}  // namespace blueshift
