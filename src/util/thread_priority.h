#pragma once

namespace blueshift {

// Makes the calling thread yield the CPU to every normal-priority thread: on Linux its nice value becomes
// 19, so background maintenance (the automatic vacuum) slows down instead of slowing queries down while
// they run, and uses the idle CPU otherwise. Best effort: does nothing where the platform cannot.
void LowerCurrentThreadPriority();

}  // namespace blueshift
