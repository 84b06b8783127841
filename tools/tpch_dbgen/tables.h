// Generation of the eight TPC-H tables (specification clause 4.2.3) into dbgen-style `.tbl` files.
#pragma once

#include <cstdint>
#include <string>

#include "text.h"

namespace blueshift::tpch {

struct Options {
  double scale = 1.0;
  uint64_t seed = 19920101;
  std::string out_dir = ".";
};

// Row counts for a scale factor. Scale factors below 1 are allowed for testing (as with dbgen).
struct Cardinalities {
  explicit Cardinalities(double scale);
  int64_t part, supplier, customer, orders, clerks;
};

// Generates one table. REQUIRES: `table` is one of region, nation, part, partsupp, supplier, customer,
// orders, lineitem; orders also writes lineitem (their values depend on each other). `pool` outlives the
// call. Returns false (with a message on stderr) when the file cannot be written.
bool GenerateTable(const std::string& table, const Options& options, const TextPool& pool);

}  // namespace blueshift::tpch
