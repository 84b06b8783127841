#include "tables.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string_view>
#include <vector>

#include "random.h"
#include "row_writer.h"

namespace blueshift::tpch {
namespace {

// Dates are day numbers since 1970-01-01.
int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<int64_t>(era) * 146097 + doe - 719468;
}

const int64_t kStartDate = DaysFromCivil(1992, 1, 1);
const int64_t kEndDate = DaysFromCivil(1998, 12, 31);
const int64_t kCurrentDate = DaysFromCivil(1995, 6, 17);

// "YYYY-MM-DD" for every day a generated date can take, computed once.
class DateStrings {
 public:
  DateStrings() {
    for (int64_t day = kStartDate; day <= kEndDate + 160; ++day) {
      int64_t z = day + 719468;
      const int64_t era = z / 146097;
      const int64_t doe = z - era * 146097;
      const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
      const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
      const int64_t mp = (5 * doy + 2) / 153;
      const int64_t d = doy - (153 * mp + 2) / 5 + 1;
      const int64_t m = mp < 10 ? mp + 3 : mp - 9;
      const int64_t y = yoe + era * 400 + (m <= 2);
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(y), static_cast<int>(m), static_cast<int>(d));
      strings_.emplace_back(buf);
    }
  }
  std::string_view Get(int64_t day) const { return strings_[day - kStartDate]; }

 private:
  std::vector<std::string> strings_;
};

const DateStrings& Dates() {
  static const DateStrings dates;
  return dates;
}

uint64_t TableSeed(const Options& options, int table_id) {
  return options.seed * 1000003ULL + static_cast<uint64_t>(table_id) * 0x9e3779b97f4a7c15ULL;
}

std::string PaddedName(std::string_view prefix, int64_t key) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*s%09lld", static_cast<int>(prefix.size()), prefix.data(),
                static_cast<long long>(key));
  return buf;
}

// "CC-LLL-MMM-NNNN" where CC = nation key + 10 (clause 4.2.2.9).
std::string Phone(Random& rng, int64_t nation) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d-%03d-%03d-%04d", static_cast<int>(nation + 10),
                static_cast<int>(rng.Uniform(100, 999)), static_cast<int>(rng.Uniform(100, 999)),
                static_cast<int>(rng.Uniform(1000, 9999)));
  return buf;
}

int64_t RetailPriceCents(int64_t partkey) {
  return 90000 + (partkey / 10) % 20001 + 100 * (partkey % 1000);
}

// The i-th supplier (i in 0..3) of a part (clause 4.2.3, PS_SUPPKEY).
int64_t PartSupplier(int64_t partkey, int64_t i, int64_t suppliers) {
  return (partkey + i * (suppliers / 4 + (partkey - 1) / suppliers)) % suppliers + 1;
}

// Sparse order keys: only the first 8 of every 32 keys are used (clause 4.2.3, O_ORDERKEY).
int64_t OrderKey(int64_t index) {
  return (index / 8) * 32 + index % 8 + 1;
}

std::string PathFor(const Options& options, std::string_view table) {
  return options.out_dir + "/" + std::string(table) + ".tbl";
}

bool Finish(RowWriter& out, const std::string& path) {
  if (out.Close()) return true;
  std::fprintf(stderr, "tpch_dbgen: cannot write %s\n", path.c_str());
  return false;
}

bool GenerateRegion(const Options& options, const TextPool& pool) {
  Random rng(TableSeed(options, 1));
  const std::string path = PathFor(options, "region");
  RowWriter out(path);
  for (int i = 0; i < 5; ++i) {
    out.Int(i);
    out.Text(kRegions[i]);
    out.Text(pool.Comment(rng, 31, 115));
    out.EndRow();
  }
  return Finish(out, path);
}

bool GenerateNation(const Options& options, const TextPool& pool) {
  Random rng(TableSeed(options, 2));
  const std::string path = PathFor(options, "nation");
  RowWriter out(path);
  for (int i = 0; i < 25; ++i) {
    out.Int(i);
    out.Text(kNations[i].name);
    out.Int(kNations[i].region);
    out.Text(pool.Comment(rng, 31, 114));
    out.EndRow();
  }
  return Finish(out, path);
}

std::string PartName(Random& rng) {
  std::string_view chosen[5];
  std::string name;
  for (int i = 0; i < 5; ++i) {
    std::string_view color;
    do {
      color = PickColor(rng);
    } while (std::find(chosen, chosen + i, color) != chosen + i);
    chosen[i] = color;
    if (i > 0) name.push_back(' ');
    name.append(color);
  }
  return name;
}

bool GeneratePart(const Options& options, const TextPool& pool) {
  const Cardinalities card(options.scale);
  Random rng(TableSeed(options, 3));
  const std::string path = PathFor(options, "part");
  RowWriter out(path);
  std::string buf;
  for (int64_t key = 1; key <= card.part; ++key) {
    out.Int(key);
    out.Text(PartName(rng));
    const int64_t m = rng.Uniform(1, 5);
    buf = "Manufacturer#" + std::to_string(m);
    out.Text(buf);
    buf = "Brand#" + std::to_string(m) + std::to_string(rng.Uniform(1, 5));
    out.Text(buf);
    buf.assign(PickTypeSyllable(rng, 0)).append(" ").append(PickTypeSyllable(rng, 1));
    buf.append(" ").append(PickTypeSyllable(rng, 2));
    out.Text(buf);
    out.Int(rng.Uniform(1, 50));
    buf.assign(PickContainerSyllable(rng, 0)).append(" ").append(PickContainerSyllable(rng, 1));
    out.Text(buf);
    out.Cents(RetailPriceCents(key));
    out.Text(pool.Comment(rng, 5, 22));
    out.EndRow();
  }
  return Finish(out, path);
}

bool GeneratePartSupp(const Options& options, const TextPool& pool) {
  const Cardinalities card(options.scale);
  Random rng(TableSeed(options, 4));
  const std::string path = PathFor(options, "partsupp");
  RowWriter out(path);
  for (int64_t key = 1; key <= card.part; ++key) {
    for (int64_t i = 0; i < 4; ++i) {
      out.Int(key);
      out.Int(PartSupplier(key, i, card.supplier));
      out.Int(rng.Uniform(1, 9999));
      out.Cents(rng.Uniform(100, 100000));
      out.Text(pool.Comment(rng, 49, 198));
      out.EndRow();
    }
  }
  return Finish(out, path);
}

// Overwrites part of a supplier comment with "Customer ... Complaints" or "... Recommends" (clause 4.2.3,
// S_COMMENT), which Q16 filters on.
std::string BetterBureauComment(Random& rng, std::string comment, bool complaint) {
  const std::string_view tail = complaint ? "Complaints" : "Recommends";
  const size_t needed = 8 + tail.size();
  while (comment.size() < needed + 2) comment.append(" ");
  const size_t start = static_cast<size_t>(rng.Uniform(0, comment.size() - needed));
  const size_t gap = static_cast<size_t>(rng.Uniform(0, comment.size() - needed - start));
  comment.replace(start, 8, "Customer");
  comment.replace(start + 8 + gap, tail.size(), tail);
  return comment;
}

bool GenerateSupplier(const Options& options, const TextPool& pool) {
  const Cardinalities card(options.scale);
  Random rng(TableSeed(options, 5));
  Random bureau_rng(TableSeed(options, 50));
  const std::string path = PathFor(options, "supplier");
  RowWriter out(path);
  // Five per 10,000 suppliers get each kind of remark; at least one of each even at tiny scales.
  const int64_t remarks = std::max<int64_t>(1, card.supplier * 5 / 10000);
  std::string buf;
  for (int64_t key = 1; key <= card.supplier; ++key) {
    out.Int(key);
    out.Text(PaddedName("Supplier#", key));
    buf.clear();
    AppendVString(rng, 10, 40, buf);
    out.Text(buf);
    const int64_t nation = rng.Uniform(0, 24);
    out.Int(nation);
    out.Text(Phone(rng, nation));
    out.Cents(rng.Uniform(-99999, 999999));
    std::string comment(pool.Comment(rng, 25, 100));
    // Spread the remarks evenly over the key range so every scale has them.
    const int64_t stride = card.supplier / (2 * remarks);
    if (stride > 0 && key % stride == 0 && key / stride <= 2 * remarks) {
      comment = BetterBureauComment(bureau_rng, comment, (key / stride) % 2 == 1);
    }
    out.Text(comment);
    out.EndRow();
  }
  return Finish(out, path);
}

bool GenerateCustomer(const Options& options, const TextPool& pool) {
  const Cardinalities card(options.scale);
  Random rng(TableSeed(options, 6));
  const std::string path = PathFor(options, "customer");
  RowWriter out(path);
  std::string buf;
  for (int64_t key = 1; key <= card.customer; ++key) {
    out.Int(key);
    out.Text(PaddedName("Customer#", key));
    buf.clear();
    AppendVString(rng, 10, 40, buf);
    out.Text(buf);
    const int64_t nation = rng.Uniform(0, 24);
    out.Int(nation);
    out.Text(Phone(rng, nation));
    out.Cents(rng.Uniform(-99999, 999999));
    out.Text(PickSegment(rng));
    out.Text(pool.Comment(rng, 29, 116));
    out.EndRow();
  }
  return Finish(out, path);
}

struct LineItem {
  int64_t partkey, suppkey, quantity, extended_cents, discount, tax, ship, commit, receipt;
  char returnflag, linestatus;
  std::string_view instruct, mode, comment;
};

LineItem MakeLineItem(Random& rng, const TextPool& pool, const Cardinalities& card, int64_t orderdate) {
  LineItem li;
  li.partkey = rng.Uniform(1, card.part);
  li.suppkey = PartSupplier(li.partkey, rng.Uniform(0, 3), card.supplier);
  li.quantity = rng.Uniform(1, 50);
  li.extended_cents = li.quantity * RetailPriceCents(li.partkey);
  li.discount = rng.Uniform(0, 10);
  li.tax = rng.Uniform(0, 8);
  li.ship = orderdate + rng.Uniform(1, 121);
  li.commit = orderdate + rng.Uniform(30, 90);
  li.receipt = li.ship + rng.Uniform(1, 30);
  li.returnflag = li.receipt <= kCurrentDate ? (rng.Uniform(0, 1) == 0 ? 'R' : 'A') : 'N';
  li.linestatus = li.ship > kCurrentDate ? 'O' : 'F';
  li.instruct = PickShipInstruct(rng);
  li.mode = PickShipMode(rng);
  li.comment = pool.Comment(rng, 10, 43);
  return li;
}

void WriteLineItem(RowWriter& out, int64_t orderkey, int line, const LineItem& li) {
  const DateStrings& dates = Dates();
  out.Int(orderkey);
  out.Int(li.partkey);
  out.Int(li.suppkey);
  out.Int(line);
  out.Cents(li.quantity * 100);
  out.Cents(li.extended_cents);
  out.Cents(li.discount);
  out.Cents(li.tax);
  out.Text(std::string_view(&li.returnflag, 1));
  out.Text(std::string_view(&li.linestatus, 1));
  out.Text(dates.Get(li.ship));
  out.Text(dates.Get(li.commit));
  out.Text(dates.Get(li.receipt));
  out.Text(li.instruct);
  out.Text(li.mode);
  out.Text(li.comment);
  out.EndRow();
}

bool GenerateOrdersAndLineItems(const Options& options, const TextPool& pool) {
  const Cardinalities card(options.scale);
  const DateStrings& dates = Dates();
  Random rng(TableSeed(options, 7));
  const std::string orders_path = PathFor(options, "orders");
  const std::string lineitem_path = PathFor(options, "lineitem");
  RowWriter orders(orders_path);
  RowWriter lineitems(lineitem_path);
  LineItem items[7];
  for (int64_t index = 0; index < card.orders; ++index) {
    const int64_t orderkey = OrderKey(index);
    int64_t custkey;
    do {
      custkey = rng.Uniform(1, card.customer);
    } while (custkey % 3 == 0);  // a third of the customers place no orders
    const int64_t orderdate = rng.Uniform(kStartDate, kEndDate - 151);
    const int lines = static_cast<int>(rng.Uniform(1, 7));
    long double total = 0;
    int shipped = 0;
    for (int i = 0; i < lines; ++i) {
      items[i] = MakeLineItem(rng, pool, card, orderdate);
      total += static_cast<long double>(items[i].extended_cents) * (100 + items[i].tax) * (100 - items[i].discount);
      shipped += items[i].linestatus == 'F';
    }
    const char status = shipped == lines ? 'F' : (shipped == 0 ? 'O' : 'P');
    orders.Int(orderkey);
    orders.Int(custkey);
    orders.Text(std::string_view(&status, 1));
    orders.Cents(static_cast<int64_t>(std::llround(total / 10000.0L)));
    orders.Text(dates.Get(orderdate));
    orders.Text(PickPriority(rng));
    orders.Text(PaddedName("Clerk#", rng.Uniform(1, card.clerks)));
    orders.Int(0);
    orders.Text(pool.Comment(rng, 19, 78));
    orders.EndRow();
    for (int i = 0; i < lines; ++i) WriteLineItem(lineitems, orderkey, i + 1, items[i]);
  }
  const bool orders_ok = Finish(orders, orders_path);
  return Finish(lineitems, lineitem_path) && orders_ok;
}

}  // namespace

Cardinalities::Cardinalities(double scale) {
  auto scaled = [scale](double base) { return std::max<int64_t>(1, std::llround(base * scale)); };
  part = scaled(200000);
  supplier = std::max<int64_t>(4, scaled(10000));  // PS_SUPPKEY needs at least four suppliers
  customer = scaled(150000);
  orders = scaled(1500000);
  clerks = scaled(1000);
}

bool GenerateTable(const std::string& table, const Options& options, const TextPool& pool) {
  static const std::pair<std::string_view, std::function<bool(const Options&, const TextPool&)>> kTables[] = {
      {"region", GenerateRegion},
      {"nation", GenerateNation},
      {"part", GeneratePart},
      {"partsupp", GeneratePartSupp},
      {"supplier", GenerateSupplier},
      {"customer", GenerateCustomer},
      {"orders", GenerateOrdersAndLineItems}};
  for (const auto& [name, generate] : kTables) {
    if (name == table) return generate(options, pool);
  }
  std::fprintf(stderr, "tpch_dbgen: unknown table %s\n", table.c_str());
  return false;
}

}  // namespace blueshift::tpch
