#pragma once

namespace blueshift {

// Tunes the process's memory allocator (CMakeLists.txt: BLUESHIFT_ALLOCATOR) for a server: with mimalloc,
// memory freed by a query stays with the process for a second before it goes back to the system, so that
// the next query's allocations do not fault its pages in again (mimalloc's default of 25 ms doubled the
// page faults of TPC-H Q9 and Q18 against glibc). Call once, early in main. Does nothing with the system
// allocator.
void ConfigureAllocator();

}  // namespace blueshift
