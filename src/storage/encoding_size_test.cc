// Compressed size of TPC-H columns under every encoding, against RAW: a measurement, not a check, so it is
// DISABLED_ and runs only when asked for:
//
//   build/tools/tpch_dbgen/tpch_dbgen -s 0.1 -o /tmp/tpch01
//   BLUESHIFT_TPCH_DIR=/tmp/tpch01 build/test/unit_tests --gtest_also_run_disabled_tests
//       --gtest_filter='*DISABLED_TpchEncodingSizes*'
//
// Each table's columns are loaded in file order, cut into blocks as the segment writer cuts them, and every
// block encoded with every encoding Redshift allows for the column (falling back to RAW where larger, as the
// writer does). Reported: bytes per column per encoding, and per table the total under all-RAW, Redshift's
// default encodings, ENCODE AUTO, and the best single encoding per column.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storage/block.h"
#include "storage/encode_auto.h"
#include "storage/encoding.h"
#include "storage/segment_writer.h"

namespace blueshift::storage {
namespace {

constexpr Encoding kAll[] = {Encoding::kRaw,      Encoding::kAz64,      Encoding::kByteDict, Encoding::kDelta,
                             Encoding::kDelta32k, Encoding::kLzo,       Encoding::kMostly8,  Encoding::kMostly16,
                             Encoding::kMostly32, Encoding::kRunLength, Encoding::kText255,  Encoding::kText32k,
                             Encoding::kZstd};

struct TpchTable {
  const char* name;
  std::vector<std::pair<const char*, LogicalType>> columns;
};

std::vector<TpchTable> TpchSchema() {
  LogicalType i = LogicalType::Integer(), b = LogicalType::BigInt(), d = LogicalType::Decimal(15, 2),
              t = LogicalType::Date();
  auto c = [](int n) { return LogicalType::Char(n); };
  auto v = [](int n) { return LogicalType::Varchar(n); };
  return {
      {"lineitem",
       {{"l_orderkey", b},
        {"l_partkey", i},
        {"l_suppkey", i},
        {"l_linenumber", i},
        {"l_quantity", d},
        {"l_extendedprice", d},
        {"l_discount", d},
        {"l_tax", d},
        {"l_returnflag", c(1)},
        {"l_linestatus", c(1)},
        {"l_shipdate", t},
        {"l_commitdate", t},
        {"l_receiptdate", t},
        {"l_shipinstruct", c(25)},
        {"l_shipmode", c(10)},
        {"l_comment", v(44)}}},
      {"orders",
       {{"o_orderkey", b},
        {"o_custkey", i},
        {"o_orderstatus", c(1)},
        {"o_totalprice", d},
        {"o_orderdate", t},
        {"o_orderpriority", c(15)},
        {"o_clerk", c(15)},
        {"o_shippriority", i},
        {"o_comment", v(79)}}},
      {"partsupp",
       {{"ps_partkey", i}, {"ps_suppkey", i}, {"ps_availqty", i}, {"ps_supplycost", d}, {"ps_comment", v(199)}}},
      {"customer",
       {{"c_custkey", i},
        {"c_name", v(25)},
        {"c_address", v(40)},
        {"c_nationkey", i},
        {"c_phone", c(15)},
        {"c_acctbal", d},
        {"c_mktsegment", c(10)},
        {"c_comment", v(117)}}},
      {"part",
       {{"p_partkey", i},
        {"p_name", v(55)},
        {"p_mfgr", c(25)},
        {"p_brand", c(10)},
        {"p_type", v(25)},
        {"p_size", i},
        {"p_container", c(10)},
        {"p_retailprice", d},
        {"p_comment", v(23)}}},
  };
}

int32_t DaysFromCivil(int y, int m, int d) {  // Howard Hinnant's algorithm
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// Appends one field of text to a column (strings are copied into `strings`, views taken after loading).
void AppendField(ColumnData* c, const std::string& f, std::vector<std::string>* strings) {
  int64_t v = 0;
  switch (c->type.id()) {
    case TypeId::kInteger:
    case TypeId::kBigInt:
      v = std::stoll(f);
      break;
    case TypeId::kDecimal:
      v = std::llround(std::stod(f) * 100);
      break;
    case TypeId::kDate:
      v = DaysFromCivil(std::stoi(f.substr(0, 4)), std::stoi(f.substr(5, 2)), std::stoi(f.substr(8, 2)));
      break;
    default:
      strings->push_back(f);
      break;
  }
  int w = PhysicalWidth(c->type.physical());
  c->values.resize(c->values.size() + w);
  if (c->type.physical() != PhysicalType::kString) std::memcpy(c->values.data() + c->values.size() - w, &v, w);
  c->validity.push_back(1);
  c->count++;
}

struct LoadedTable {
  std::vector<ColumnData> columns;
  std::vector<std::vector<std::string>> strings;  // [column]
};

bool Load(const std::string& path, const TpchTable& spec, LoadedTable* out) {
  std::ifstream in(path);
  if (!in) return false;
  size_t n = spec.columns.size();
  out->columns.resize(n);
  out->strings.resize(n);
  for (size_t c = 0; c < n; c++) out->columns[c].type = spec.columns[c].second;
  for (std::string line; std::getline(in, line);) {
    size_t start = 0;
    for (size_t c = 0; c < n; c++) {
      size_t bar = line.find('|', start);
      AppendField(&out->columns[c], line.substr(start, bar - start), &out->strings[c]);
      start = bar + 1;
    }
  }
  for (size_t c = 0; c < n; c++) {
    if (out->columns[c].type.physical() != PhysicalType::kString) continue;
    auto* views = reinterpret_cast<std::string_view*>(out->columns[c].values.data());
    for (size_t r = 0; r < out->strings[c].size(); r++) views[r] = out->strings[c][r];
  }
  return true;
}

ColumnSpan BlockSpan(const ColumnData& col, const std::vector<uint32_t>& bounds, size_t k) {
  size_t width = PhysicalWidth(col.type.physical());
  return ColumnSpan{col.type.physical(), col.values.data() + bounds[k] * width, col.validity.data() + bounds[k],
                    bounds[k + 1] - bounds[k]};
}

// Bytes of every block of the column encoded with e (headers and checksums included).
uint64_t ColumnBytes(const ColumnData& col, const std::vector<uint32_t>& bounds, Encoding e) {
  uint64_t bytes = 0;
  for (size_t k = 0; k + 1 < bounds.size(); k++) {
    BlockInfo info;
    bytes += EncodeBlock(e, col.type, BlockSpan(col, bounds, k), &info).size();
  }
  return bytes;
}

struct Totals {
  uint64_t raw = 0, defaults = 0, automatic = 0, best = 0;
  double choose_seconds = 0;  // ENCODE AUTO's trial encodings of each column's first block
};

void ReportColumn(const char* name, const ColumnData& col, const std::vector<uint32_t>& bounds, Totals* t) {
  std::string line;
  uint64_t raw = ColumnBytes(col, bounds, Encoding::kRaw), best = raw;
  for (Encoding e : kAll) {
    if (!EncodingAllowed(e, col.type)) {
      line += "        -";
      continue;
    }
    uint64_t bytes = e == Encoding::kRaw ? raw : ColumnBytes(col, bounds, e);
    best = std::min(best, bytes);
    char buf[32];
    std::snprintf(buf, sizeof buf, " %8.1f", bytes / 1024.0);
    line += buf;
  }
  auto start = std::chrono::steady_clock::now();
  Encoding chosen = ChooseAutoEncoding(col.type, BlockSpan(col, bounds, 0));
  t->choose_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  uint64_t automatic = ColumnBytes(col, bounds, chosen);
  t->raw += raw;
  t->defaults += ColumnBytes(col, bounds, DefaultEncoding(col.type, false, false));
  t->automatic += automatic;
  t->best += best;
  std::printf("%-16s%s  auto=%s %.1f\n", name, line.c_str(), EncodingName(chosen), automatic / 1024.0);
}

// Encode and decode speed per encoding over the columns of a table it is allowed for, in MB/s of RAW payload.
void ReportSpeed(const TpchTable& spec, const LoadedTable& table, const std::vector<uint32_t>& bounds) {
  using Clock = std::chrono::steady_clock;
  std::printf("%s encode / decode, MB/s of RAW payload:", spec.name);
  for (Encoding e : kAll) {
    double encode_seconds = 0, decode_seconds = 0;
    uint64_t raw_bytes = 0;
    for (const ColumnData& col : table.columns) {
      if (!EncodingAllowed(e, col.type)) continue;
      for (size_t k = 0; k + 1 < bounds.size(); k++) {
        BlockInfo info;
        ColumnSpan span = BlockSpan(col, bounds, k);
        raw_bytes += RawPayloadSize(span);
        auto start = Clock::now();
        auto bytes = std::make_shared<std::string>(EncodeBlock(e, col.type, span, &info));
        auto encoded = Clock::now();
        DecodedBlock d;
        EXPECT_TRUE(DecodeBlock(bytes, col.type, info, &d).ok());
        encode_seconds += std::chrono::duration<double>(encoded - start).count();
        decode_seconds += std::chrono::duration<double>(Clock::now() - encoded).count();
      }
    }
    if (raw_bytes == 0) continue;
    std::printf(" %s %.0f/%.0f", EncodingName(e), raw_bytes / 1e6 / encode_seconds, raw_bytes / 1e6 / decode_seconds);
  }
  std::printf("\n");
}

TEST(EncodingSizeTest, DISABLED_TpchEncodingSizes) {
  const char* dir = std::getenv("BLUESHIFT_TPCH_DIR");
  ASSERT_NE(dir, nullptr) << "set BLUESHIFT_TPCH_DIR to a tpch_dbgen output directory";
  Totals all;
  for (const TpchTable& spec : TpchSchema()) {
    LoadedTable table;
    ASSERT_TRUE(Load(std::string(dir) + "/" + spec.name + ".tbl", spec, &table)) << spec.name;
    std::vector<uint32_t> bounds = ChooseBlockBoundaries(table.columns);
    std::printf("\n%s: %zu rows, %zu blocks per column; KiB per encoding (blocks incl. headers)\n%-16s", spec.name,
                table.columns[0].count, bounds.size() - 1, "column");
    for (Encoding e : kAll) std::printf(" %8s", EncodingName(e));
    std::printf("\n");
    Totals t;
    for (size_t c = 0; c < spec.columns.size(); c++) ReportColumn(spec.columns[c].first, table.columns[c], bounds, &t);
    std::printf("%s total KiB: raw %.1f  redshift defaults %.1f (%.2fx)  encode auto %.1f (%.2fx)  best %.1f (%.2fx)\n",
                spec.name, t.raw / 1024.0, t.defaults / 1024.0, double(t.raw) / t.defaults, t.automatic / 1024.0,
                double(t.raw) / t.automatic, t.best / 1024.0, double(t.raw) / t.best);
    if (std::string(spec.name) == "lineitem") ReportSpeed(spec, table, bounds);
    std::printf("%s: ENCODE AUTO's choice took %.0f ms for %zu columns (once per segment)\n", spec.name,
                t.choose_seconds * 1000, spec.columns.size());
    all.raw += t.raw;
    all.defaults += t.defaults;
    all.automatic += t.automatic;
    all.best += t.best;
  }
  std::printf("\nall tables, MiB: raw %.2f  redshift defaults %.2f  encode auto %.2f  best per column %.2f\n",
              all.raw / 1048576.0, all.defaults / 1048576.0, all.automatic / 1048576.0, all.best / 1048576.0);
}

}  // namespace
}  // namespace blueshift::storage
