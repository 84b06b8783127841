#include "util/allocator.h"

#ifdef BLUESHIFT_MIMALLOC
#include <mimalloc.h>
#endif

namespace blueshift {

void ConfigureAllocator() {
#ifdef BLUESHIFT_MIMALLOC
  // Freed memory goes back to the system after 1 s, not mimalloc's 25 ms (TPC-H's page faults doubled).
  // mimalloc 2.1 and 1.8 renamed the option.
#if MI_MALLOC_VERSION >= 210 || (MI_MALLOC_VERSION >= 180 && MI_MALLOC_VERSION < 200)
  mi_option_set(mi_option_purge_delay, 1000);  // milliseconds
#else
  mi_option_set(mi_option_decommit_delay, 1000);  // milliseconds
#endif
#endif
}

}  // namespace blueshift
