#include "util/query_id.h"

#include <atomic>

namespace blueshift {

namespace {
std::atomic<int64_t> g_next_query{1};
}  // namespace

int64_t NextQueryId() {
  return g_next_query.fetch_add(1);
}

void ReserveQueryIdsThrough(int64_t used) {
  int64_t cur = g_next_query.load();
  while (cur <= used && !g_next_query.compare_exchange_weak(cur, used + 1)) {
  }
}

}  // namespace blueshift
