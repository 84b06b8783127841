#include "util/crash_point.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace blueshift {

void CrashPoint(const char* point) {
  static const char* const target = std::getenv("BLUESHIFT_TEST_CRASH_AT");
  if (!target || std::strcmp(target, point) != 0) return;
  std::fprintf(stderr, "crash point %s reached: killing the process\n", point);
  std::fflush(stderr);
  std::raise(SIGKILL);
}

}  // namespace blueshift
