// Date and time functions: date_part/extract, date_trunc, dateadd, datediff, add_months, last_day,
// trunc(timestamp), getdate/sysdate/current_date. Date arguments are cast to timestamp first. The date part
// is usually a constant and is parsed once at bind time; otherwise each row parses its own.

#include <optional>

#include "function/date_parts.h"
#include "function/scalar_internal.h"
#include "function/time_parts.h"
#include "types/datetime.h"

namespace blueshift::scalar_internal {
namespace {

using date_parts::DatePart;

struct PartData {
  std::optional<DatePart> part;
};

Result<DatePart> PartAt(const void* data, std::span<const Vector* const> args, size_t i) {
  const auto& d = *static_cast<const PartData*>(data);
  if (d.part) return *d.part;
  return date_parts::ParseDatePart(StrAt(args[0], i));
}

int64_t TsAt(const Vector* v, size_t i) {
  return v->data<int64_t>()[i];
}

Status DatePartKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(DatePart p, PartAt(data, args, i));
    out->data<double>()[i] = date_parts::Extract(p, TsAt(args[1], i));
  }
  return Status::OK();
}

// EXTRACT of a whole-number part from a TIMESTAMP (or DATE): Redshift types it INTEGER.
Status ExtractIntKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(DatePart p, PartAt(data, args, i));
    out->data<int32_t>()[i] = static_cast<int32_t>(date_parts::Extract(p, TsAt(args[1], i)));
  }
  return Status::OK();
}

Status DateTruncKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(DatePart p, PartAt(data, args, i));
    ASSIGN_OR_RETURN(out->data<int64_t>()[i], date_parts::Truncate(p, TsAt(args[1], i)));
  }
  return Status::OK();
}

Status DateAddKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(DatePart p, PartAt(data, args, i));
    ASSIGN_OR_RETURN(out->data<int64_t>()[i], date_parts::Add(p, IntAt(args[1], i), TsAt(args[2], i)));
  }
  return Status::OK();
}

Status DateDiffKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(DatePart p, PartAt(data, args, i));
    ASSIGN_OR_RETURN(out->data<int64_t>()[i], date_parts::Diff(p, TsAt(args[1], i), TsAt(args[2], i)));
  }
  return Status::OK();
}

Status AddMonthsKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  for (size_t i = 0; i < n; i++) {
    if (RowValid(args, i, out)) {
      out->data<int64_t>()[i] = date_parts::AddMonthsKeepEnd(TsAt(args[0], i), IntAt(args[1], i));
    }
  }
  return Status::OK();
}

Status LastDayKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  for (size_t i = 0; i < n; i++) {
    if (RowValid(args, i, out)) out->data<int32_t>()[i] = date_parts::LastDay(TsAt(args[0], i));
  }
  return Status::OK();
}

Status TruncDateKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  for (size_t i = 0; i < n; i++) {
    if (RowValid(args, i, out))
      out->data<int32_t>()[i] = static_cast<int32_t>(date_parts::Split(TsAt(args[0], i)).days);
  }
  return Status::OK();
}

bool Temporal(const LogicalType& t) {
  return t.IsTemporal() || t.id() == TypeId::kNull || t.IsString();
}
// Redshift docs (EXTRACT function): INTEGER for a TIMESTAMP source, DOUBLE PRECISION for TIMESTAMPTZ.
// Seconds, their fractions and epoch keep DOUBLE PRECISION here: how Redshift cuts their fraction is
// not documented.
bool WholeNumberPart(DatePart p) {
  return p != DatePart::kSecond && p != DatePart::kMillisecond && p != DatePart::kMicrosecond && p != DatePart::kEpoch;
}
bool PartType(const LogicalType& t) {
  return t.IsString() || t.id() == TypeId::kNull;
}

Result<std::shared_ptr<PartData>> BindPart(const std::vector<Value>& constants) {
  auto d = std::make_shared<PartData>();
  if (const Value* v = ConstantArg(constants, 0); v && v->type().IsString()) {
    ASSIGN_OR_RETURN(d->part, date_parts::ParseDatePart(v->GetString()));
  }
  return d;
}

Result<BoundScalarFunction> ResolvePartFunction(const std::string& name, const std::vector<LogicalType>& args,
                                                const std::vector<Value>& constants) {
  LogicalType ts = LogicalType::Timestamp(), part = LogicalType::Varchar();
  bool add = name == "dateadd" || name == "date_add";
  bool diff = name == "datediff" || name == "date_diff";
  size_t arity = add || diff ? 3 : 2;
  bool part_of = name == "extract" || name == "date_part" || name == "pgdate_part";
  if (part_of && args.size() == 2 && PartType(args[0]) && IsTimePartSource(args[1]))
    return ResolveTimePart(name, args, constants);
  if ((add || diff) && IsTimeAddDiff(args)) return ResolveTimeAddDiff(name, args, constants);
  if (args.size() != arity || !PartType(args[0]) || !Temporal(args.back())) return NoSuchFunction(name, args);
  if (add && !(args[1].IsInteger() || args[1].id() == TypeId::kNull)) return NoSuchFunction(name, args);
  if (diff && !Temporal(args[1])) return NoSuchFunction(name, args);
  ASSIGN_OR_RETURN(std::shared_ptr<PartData> d, BindPart(constants));
  if (add) return MakeBound(name, {part, LogicalType::BigInt(), ts}, ts, DateAddKernel, d);
  if (diff) return MakeBound(name, {part, ts, ts}, LogicalType::BigInt(), DateDiffKernel, d);
  if (name == "date_trunc") return MakeBound(name, {part, ts}, ts, DateTruncKernel, d);
  if (name == "extract" && d->part && WholeNumberPart(*d->part) && args[1].id() != TypeId::kTimestampTz) {
    return MakeBound(name, {part, ts}, LogicalType::Integer(), ExtractIntKernel, d);
  }
  return MakeBound(name, {part, ts}, LogicalType::Double(), DatePartKernel, d);
}

Result<BoundScalarFunction> ResolveAddMonths(const std::string& name, const std::vector<LogicalType>& args,
                                             const std::vector<Value>&) {
  if (args.size() != 2 || !Temporal(args[0]) || !(args[1].IsInteger() || args[1].id() == TypeId::kNull)) {
    return NoSuchFunction(name, args);
  }
  LogicalType ts = LogicalType::Timestamp();
  return MakeBound(name, {ts, LogicalType::BigInt()}, ts, AddMonthsKernel);
}

Result<BoundScalarFunction> ResolveLastDay(const std::string& name, const std::vector<LogicalType>& args,
                                           const std::vector<Value>&) {
  if (args.size() != 1 || !Temporal(args[0])) return NoSuchFunction(name, args);
  return MakeBound(name, {LogicalType::Timestamp()}, LogicalType::Date(), LastDayKernel);
}

}  // namespace

Result<BoundScalarFunction> ResolveTruncTimestamp(const std::string& name, const std::vector<LogicalType>& args,
                                                  const std::vector<Value>&) {
  if (args.size() != 1 || !args[0].IsTemporal()) return NoSuchFunction(name, args);
  return MakeBound(name, {LogicalType::Timestamp()}, LogicalType::Date(), TruncDateKernel);
}

std::vector<ScalarEntry> DateFunctions() {
  return {{"date_part", ResolvePartFunction},  {"extract", ResolvePartFunction},   {"pgdate_part", ResolvePartFunction},
          {"date_trunc", ResolvePartFunction}, {"dateadd", ResolvePartFunction},   {"date_add", ResolvePartFunction},
          {"datediff", ResolvePartFunction},   {"date_diff", ResolvePartFunction}, {"add_months", ResolveAddMonths},
          {"last_day", ResolveLastDay}};
}

}  // namespace blueshift::scalar_internal
