// tpch_dbgen: writes the TPC-H tables as dbgen-style `|`-delimited files.
//
//   tpch_dbgen -s SCALE [-o DIR] [--seed N] [-T table[,table...]]
//
// Tables are generated on parallel threads (lineitem with orders). The output is deterministic for a given
// scale and seed. The values follow the specification's domains but are not bit-identical to the
// official dbgen.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tables.h"
#include "text.h"

namespace {

using blueshift::tpch::Options;

void Usage() {
  std::fprintf(stderr,
               "usage: tpch_dbgen -s SCALE [-o DIR] [--seed N] [-T table,...] [-j THREADS]\n"
               "  tables: region nation part partsupp supplier customer orders (orders also writes lineitem)\n");
}

bool ParseArgs(int argc, char** argv, Options& options, std::vector<std::string>& tables, unsigned& threads) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return false;
    const std::string value = argv[++i];
    if (arg == "-s") {
      options.scale = std::strtod(value.c_str(), nullptr);
    } else if (arg == "-o") {
      options.out_dir = value;
    } else if (arg == "--seed") {
      options.seed = std::strtoull(value.c_str(), nullptr, 10);
    } else if (arg == "-j") {
      threads = static_cast<unsigned>(std::max(1, std::atoi(value.c_str())));
    } else if (arg == "-T") {
      tables.clear();
      std::stringstream list(value);
      for (std::string t; std::getline(list, t, ',');) tables.push_back(t == "lineitem" ? "orders" : t);
    } else {
      return false;
    }
  }
  return options.scale > 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  // Largest first, so the parallel schedule ends early.
  std::vector<std::string> tables = {"orders", "partsupp", "part", "customer", "supplier", "nation", "region"};
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  if (!ParseArgs(argc, argv, options, tables, threads)) {
    Usage();
    return 2;
  }
  std::error_code ec;
  std::filesystem::create_directories(options.out_dir, ec);
  // dbgen's pool is 300 MB; a smaller pool keeps startup fast and still gives varied comments.
  const blueshift::tpch::TextPool pool(16 << 20, options.seed);
  std::vector<int> ok(tables.size(), 0);
  std::vector<std::thread> workers;
  std::atomic<size_t> next{0};
  for (unsigned t = 0; t < std::min<size_t>(threads, tables.size()); ++t) {
    workers.emplace_back([&] {
      for (size_t i = next++; i < tables.size(); i = next++) {
        ok[i] = blueshift::tpch::GenerateTable(tables[i], options, pool) ? 1 : 0;
      }
    });
  }
  for (std::thread& w : workers) w.join();
  for (int o : ok) {
    if (!o) return 1;
  }
  return 0;
}
