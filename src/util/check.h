#pragma once

#include <sstream>
#include <string>

// CHECK macros catch programmer errors, never user input. A failing check prints both operands and aborts.
namespace blueshift::internal {
[[noreturn]] void CheckFailed(const char* file, int line, const char* expr, const std::string& operands);

template <typename A, typename B>
std::string FormatOperands(const A& a, const B& b) {
  std::ostringstream out;
  out << "(" << a << " vs. " << b << ")";
  return out.str();
}
}  // namespace blueshift::internal

#define CHECK(cond) ((cond) ? (void)0 : ::blueshift::internal::CheckFailed(__FILE__, __LINE__, #cond, ""))
#define BS_CHECK_OP(a, b, op)                                                             \
  (((a)op(b)) ? (void)0                                                                   \
              : ::blueshift::internal::CheckFailed(__FILE__, __LINE__, #a " " #op " " #b, \
                                                   ::blueshift::internal::FormatOperands((a), (b))))
#define CHECK_EQ(a, b) BS_CHECK_OP(a, b, ==)
#define CHECK_NE(a, b) BS_CHECK_OP(a, b, !=)
#define CHECK_LT(a, b) BS_CHECK_OP(a, b, <)
#define CHECK_LE(a, b) BS_CHECK_OP(a, b, <=)
#define CHECK_GT(a, b) BS_CHECK_OP(a, b, >)
#define CHECK_GE(a, b) BS_CHECK_OP(a, b, >=)

#ifdef NDEBUG
#define DCHECK(cond) ((void)0)
#define DCHECK_EQ(a, b) ((void)0)
#define DCHECK_LT(a, b) ((void)0)
#define DCHECK_LE(a, b) ((void)0)
#else
#define DCHECK(cond) CHECK(cond)
#define DCHECK_EQ(a, b) CHECK_EQ(a, b)
#define DCHECK_LT(a, b) CHECK_LT(a, b)
#define DCHECK_LE(a, b) CHECK_LE(a, b)
#endif
