#include "function/aggregate_function.h"

#include <cmath>
#include <memory>

#include <gtest/gtest.h>

#include "function/cast.h"
#include "types/decimal.h"

namespace blueshift {
namespace {

// Runs an aggregate the way two-phase aggregation does: each batch of values updates its own partial state
// (one per "slice"), the partials are combined into the first, and the result is finalized. With
// through_bytes, each partial after the first goes through serialize/deserialize first, as a spill does.
Result<Value> Aggregate(const std::string& name, const LogicalType& type,
                        const std::vector<std::vector<Value>>& batches, bool is_star = false,
                        LogicalType* return_type = nullptr, bool through_bytes = false) {
  ASSIGN_OR_RETURN(
      AggregateFunction f,
      ResolveAggregateFunction(name, is_star ? std::vector<LogicalType>{} : std::vector<LogicalType>{type}, is_star));
  if (return_type) *return_type = f.return_type;
  std::vector<std::unique_ptr<uint8_t[]>> states;
  for (const auto& batch : batches) {
    states.emplace_back(new uint8_t[f.state_size + 16]);
    uint8_t* state = states.back().get();
    f.init(state);
    Vector in(type, batch.size() + 1);
    for (size_t i = 0; i < batch.size(); i++) in.SetValue(i, batch[i]);
    Vector cast(is_star ? type : f.arg_types[0], batch.size() + 1);
    RETURN_IF_ERROR(CastVector(in, batch.size(), &cast, CastContext::kImplicit));
    std::vector<uint8_t*> ptrs(batch.size(), state);
    const Vector* args[] = {&cast};
    RETURN_IF_ERROR(f.update(ptrs.data(), std::span<const Vector* const>(args, is_star ? 0 : 1), batch.size()));
  }
  for (size_t k = 1; through_bytes && k < states.size(); k++) {
    std::string bytes;
    bool has = f.serialize(f, states[k].get(), &bytes);
    f.destroy(states[k].get());
    f.init(states[k].get());
    if (has) RETURN_IF_ERROR(f.deserialize(f, states[k].get(), bytes));
  }
  for (size_t k = 1; k < states.size(); k++) RETURN_IF_ERROR(f.combine(states[0].get(), states[k].get()));
  Vector out(f.return_type, 1);
  Status st = f.finalize(states[0].get(), &out, 0);
  if (f.destroy) {
    for (auto& s : states) f.destroy(s.get());
  }
  RETURN_IF_ERROR(st);
  return out.GetValue(0);
}

std::string AggText(const std::string& name, const LogicalType& type, const std::vector<std::vector<Value>>& b,
                    bool star = false) {
  Result<Value> r = Aggregate(name, type, b, star);
  return r.ok() ? r->ToString() : "ERROR: " + r.status().message();
}

Value I(int32_t v) {
  return Value::Integer(v);
}
Value NullInt() {
  return Value::NullOf(LogicalType::Integer());
}

TEST(AggregateTest, CountSumAvgIntegers) {
  std::vector<std::vector<Value>> b = {{I(1), I(2), NullInt()}, {I(4)}, {}};
  LogicalType t = LogicalType::Integer();
  EXPECT_EQ(AggText("count", t, b), "3");
  EXPECT_EQ(AggText("count", t, b, true), "4");
  EXPECT_EQ(AggText("sum", t, b), "7");
  EXPECT_EQ(AggText("avg", t, b), "2");  // 7/3 truncated: Redshift's AVG of integers is an integer
  EXPECT_EQ(AggText("avg", t, {{I(-7)}, {I(0), I(0)}}), "-2");
  EXPECT_EQ(AggText("sum", t, {{NullInt()}, {}}), "NULL");
  EXPECT_EQ(AggText("count", t, {{NullInt()}}), "0");
  LogicalType ret;
  ASSERT_TRUE(Aggregate("sum", LogicalType::SmallInt(), {{Value::SmallInt(1)}}, false, &ret).ok());
  EXPECT_EQ(ret, LogicalType::BigInt());
  // Partial sums may leave BIGINT's range as long as the total comes back.
  LogicalType big = LogicalType::BigInt();
  EXPECT_EQ(AggText("sum", big, {{Value::BigInt(INT64_MAX), Value::BigInt(INT64_MAX)}, {Value::BigInt(-INT64_MAX)}}),
            std::to_string(INT64_MAX));
  EXPECT_EQ(AggText("sum", big, {{Value::BigInt(INT64_MAX)}, {Value::BigInt(1)}}), "ERROR: bigint out of range");
}

TEST(AggregateTest, Decimals) {
  LogicalType t = LogicalType::Decimal(5, 2);
  std::vector<std::vector<Value>> b = {{Value::Decimal(150, 5, 2), Value::Decimal(251, 5, 2)},
                                       {Value::Decimal(100, 5, 2)}};
  LogicalType ret;
  EXPECT_EQ(Aggregate("sum", t, b, false, &ret)->ToString(), "5.01");
  EXPECT_EQ(ret, LogicalType::Decimal(38, 2));
  EXPECT_EQ(Aggregate("avg", t, b, false, &ret)->ToString(), "1.67");
  EXPECT_EQ(ret, LogicalType::Decimal(38, 2));
  LogicalType wide = LogicalType::Decimal(38, 0);
  int128_t big = Pow10(37) * 9;
  EXPECT_EQ(AggText("sum", wide, {{Value::Decimal(big, 38, 0)}, {Value::Decimal(big, 38, 0)}}),
            "ERROR: numeric field overflow");
}

TEST(AggregateTest, Floats) {
  LogicalType t = LogicalType::Real();
  std::vector<std::vector<Value>> b = {{Value::Real(1.5f)}, {Value::Real(2.5f), Value::NullOf(t)}};
  LogicalType ret;
  EXPECT_EQ(Aggregate("sum", t, b, false, &ret)->ToString(), "4");
  EXPECT_EQ(ret, LogicalType::Double());
  EXPECT_EQ(AggText("avg", t, b), "2");
}

TEST(AggregateTest, MinMax) {
  LogicalType t = LogicalType::Integer();
  std::vector<std::vector<Value>> b = {{I(5), NullInt(), I(-3)}, {I(9)}, {NullInt()}};
  EXPECT_EQ(AggText("min", t, b), "-3");
  EXPECT_EQ(AggText("max", t, b), "9");
  EXPECT_EQ(AggText("max", t, {{NullInt()}}), "NULL");
  LogicalType v = LogicalType::Varchar(10);
  std::vector<std::vector<Value>> s = {{Value::Varchar("pear"), Value::Varchar("apple")}, {Value::Varchar("zoo")}};
  EXPECT_EQ(AggText("min", v, s), "apple");
  EXPECT_EQ(AggText("max", v, s), "zoo");
  EXPECT_EQ(AggText("max", LogicalType::Double(), {{Value::Double(1)}, {Value::Double(NAN)}}), "NaN");
  EXPECT_EQ(AggText("min", LogicalType::Date(), {{Value::Date(3)}, {Value::Date(-1)}}), "1969-12-31");
  EXPECT_EQ(
      AggText("max", LogicalType::Decimal(30, 2), {{Value::Decimal(Pow10(25), 30, 2)}, {Value::Decimal(1, 30, 2)}}),
      "1" + std::string(23, '0') + ".00");
}

// States that own memory spill through bytes and come back with the same answers.
TEST(AggregateTest, OwnedStatesThroughBytes) {
  auto text = [](const std::string& name, const LogicalType& t, const std::vector<std::vector<Value>>& b) {
    Result<Value> r = Aggregate(name, t, b, false, nullptr, true);
    return r.ok() ? r->ToString() : "ERROR: " + r.status().message();
  };
  LogicalType vc = LogicalType::Varchar(20);
  auto S = [](const char* s) { return Value::Varchar(s); };
  Value null_s = Value::NullOf(LogicalType::Varchar(20));
  std::vector<std::vector<Value>> strings = {{S("m"), S("q")}, {S("b"), null_s}, {null_s}, {S("zz"), S("")}};
  EXPECT_EQ(text("min", vc, strings), "");
  EXPECT_EQ(text("max", vc, strings), "zz");
  EXPECT_EQ(text("min", vc, {{null_s}, {null_s}}), "NULL");
  // Sparse (a few hashes) and dense (registers) sketches.
  std::vector<std::vector<Value>> few = {{I(1), I(2)}, {I(2), I(3)}, {}};
  EXPECT_EQ(text("approximate count distinct", LogicalType::Integer(), few), "3");
  std::vector<std::vector<Value>> many(2);
  for (int i = 0; i < 3000; i++) many[i % 2].push_back(I(i / 2));
  std::string in_memory = AggText("approximate count distinct", LogicalType::Integer(), many);
  EXPECT_EQ(text("approximate count distinct", LogicalType::Integer(), many), in_memory);
  EXPECT_EQ(text("hll", LogicalType::Integer(), many), AggText("hll", LogicalType::Integer(), many));
  EXPECT_EQ(text("hll", LogicalType::Integer(), few), "3");
}

TEST(AggregateTest, Statistics) {
  LogicalType t = LogicalType::Integer();
  std::vector<std::vector<Value>> b = {{I(2), I(4), I(4)}, {I(4), I(5)}, {I(5), I(7), I(9)}};
  EXPECT_EQ(AggText("var_pop", t, b), "4");
  EXPECT_EQ(AggText("stddev_pop", t, b), "2");
  EXPECT_EQ(AggText("variance", t, b), "4.57142857142857");
  EXPECT_EQ(AggText("stddev", t, {{I(1)}}), "NULL");
  EXPECT_EQ(AggText("var_pop", t, {{I(1)}}), "0");
  LogicalType bt = LogicalType::Boolean();
  EXPECT_EQ(AggText("bool_and", bt, {{Value::Boolean(true)}, {Value::Boolean(false)}}), "f");
  EXPECT_EQ(AggText("bool_or", bt, {{Value::Boolean(true)}, {Value::Boolean(false)}}), "t");
  EXPECT_EQ(AggText("bit_and", t, {{I(6)}, {I(3)}}), "2");
  EXPECT_EQ(AggText("bit_or", t, {{I(6)}, {I(3)}}), "7");
}

TEST(AggregateTest, Errors) {
  Result<AggregateFunction> r = ResolveAggregateFunction("sum", {LogicalType::Boolean()}, false);
  EXPECT_EQ(r.status().message(), "function sum(boolean) does not exist");
  EXPECT_STREQ(r.status().sqlstate(), "42883");
  EXPECT_TRUE(IsAggregateFunctionName("SUM"));
  EXPECT_FALSE(IsAggregateFunctionName("upper"));
}

}  // namespace
}  // namespace blueshift
