#include "util/allocator.h"

#ifdef BLUESHIFT_MIMALLOC
#include <mimalloc.h>
#endif

namespace blueshift {

void ConfigureAllocator() {
#ifdef BLUESHIFT_MIMALLOC
  mi_option_set(mi_option_decommit_delay, 1000);  // milliseconds
#endif
}

}  // namespace blueshift
