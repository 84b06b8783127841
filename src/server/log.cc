#include "server/log.h"

#include <unistd.h>

#include <chrono>
#include <ctime>
#include <string>

namespace blueshift::server {

void LogLine(std::string_view message) {
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  int millis =
      static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char stamp[48];
  size_t n = std::strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm);
  std::string line(stamp, n);
  char ms[8];
  std::snprintf(ms, sizeof(ms), ".%03d", millis);
  line += ms;
  line += " UTC [blueshift] ";
  line += message;
  line += '\n';
  ssize_t ignored = write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace blueshift::server
