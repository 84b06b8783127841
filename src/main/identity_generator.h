#pragma once

#include <cstdint>
#include <map>
#include <mutex>

#include "catalog/table_def.h"
#include "storage/store.h"
#include "util/status.h"

namespace blueshift {

// IdentityGenerator hands out the values of a database's IDENTITY columns, each column's sequence seed,
// seed + step, ... like a sequence: never a value it handed out before, across restarts and crashes too
// (deleted, vacuumed and truncated rows included), whatever values users gave the column (Redshift:
// "Providing a value doesn't affect the next system-generated value"). A column's counter starts at the
// store's reservation for it (DbVersion::IdentityReserved) and reserves ahead in chunks, each made durable
// by a commit of its own (a log record) before any value of it is handed out, so that most allocations
// write nothing. Values of rolled-back inserts are gaps, as are the values reserved but not handed out
// before a restart. Thread-safe.
class IdentityGenerator {
 public:
  // REQUIRES: store and commit_mu (the database's commit order, held around every Store::Commit) outlive it.
  IdentityGenerator(storage::Store* store, std::mutex* commit_mu) : store_(store), commit_mu_(commit_mu) {}

  // Hands out `count` values of column `column` of `table` (the first is returned, the others follow by the
  // step). 22003 "has run out of values", handing out nothing, when a value would leave the column's type;
  // a failed reservation (an I/O error) hands out nothing either.
  Result<int64_t> Allocate(const TableDef& table, int column, int64_t count);

  // How far ahead of what it hands out a column reserves: at least kMinReserve values, more for large
  // allocations (COPY's batches), at most kMaxReserve.
  static constexpr uint64_t kMinReserve = 1024;
  static constexpr uint64_t kMaxReserve = uint64_t{1} << 20;

 private:
  struct Counter {
    uint64_t used = 0;      // values handed out (or skipped): the next is seed + step * used
    uint64_t reserved = 0;  // durably reserved: used may grow up to it without a commit
  };
  // Commits the column's reservation `reserved` and waits until it is durable.
  Status Reserve(Oid column, uint64_t reserved);

  storage::Store* store_;
  std::mutex* commit_mu_;
  std::mutex mu_;
  std::map<Oid, Counter> counters_;  // by the column's pg_attrdef oid; guarded by mu_
};

}  // namespace blueshift
