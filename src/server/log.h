#pragma once

#include <string_view>

namespace blueshift::server {

// Writes one line to stderr: "2024-05-01 12:00:00.123 UTC [blueshift] " + message. Thread-safe; each
// line is one write, so lines of concurrent sessions do not interleave.
void LogLine(std::string_view message);

}  // namespace blueshift::server
