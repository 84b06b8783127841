// SLICE_NUM(): the slice a row is stored on (Redshift's system information function).

#include "function/slice_number.h"

#include "function/scalar_internal.h"

namespace blueshift {
namespace {

thread_local int g_slice = 0;

}  // namespace

int CurrentSliceNumber() {
  return g_slice;
}

void SetCurrentSliceNumber(int slice) {
  g_slice = slice;
}

ScopedSliceNumber::ScopedSliceNumber(int slice) : previous_(g_slice) {
  g_slice = slice;
}

ScopedSliceNumber::~ScopedSliceNumber() {
  g_slice = previous_;
}

namespace scalar_internal {
namespace {

Status SliceNum(std::span<const Vector* const>, size_t n, Vector* out, const void*) {
  const auto slice = static_cast<int32_t>(CurrentSliceNumber());
  for (size_t i = 0; i < n; i++) out->data<int32_t>()[i] = slice;
  out->SetAllValid(n);
  return Status::OK();
}

Result<BoundScalarFunction> ResolveSliceNum(const std::string& name, const std::vector<LogicalType>& args,
                                            const std::vector<Value>&) {
  if (!args.empty()) return NoSuchFunction(name, args);
  BoundScalarFunction f = MakeBound(name, {}, LogicalType::Integer(), SliceNum);
  f.deterministic = false;  // a row's slice: never folded into a constant
  return f;
}

}  // namespace

std::vector<ScalarEntry> SliceFunctions() {
  return {{"slice_num", ResolveSliceNum}};
}

}  // namespace scalar_internal
}  // namespace blueshift
