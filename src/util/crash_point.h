#pragma once

namespace blueshift {

// Fault injection for crash tests (test/crash): when the environment variable BLUESHIFT_TEST_CRASH_AT names
// `point`, the process kills itself with SIGKILL there, as kill -9 would, so that a test can stop the
// server at an exact step of a multi-step commit. Does nothing otherwise (one comparison per call; the
// variable is read once). Thread-safe.
void CrashPoint(const char* point);

}  // namespace blueshift
