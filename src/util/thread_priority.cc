#include "util/thread_priority.h"

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace blueshift {

void LowerCurrentThreadPriority() {
#if defined(__linux__)
  // On Linux a nice value set for a thread id applies to that thread only.
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 19);
#endif
}

}  // namespace blueshift
