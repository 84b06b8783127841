#include "types/timetz.h"

#include <chrono>

#include "types/datetime.h"
#include "types/time_zone.h"
#include "types/utc_offset.h"

namespace blueshift {
namespace {

// The UTC time (micros - offset) shifted to be non-negative; 38 bits. The offset takes the low 17 bits,
// stored reversed (kMaxTimeTzOffset - offset) so a larger offset east sorts first among equal UTC times.
constexpr int64_t kUtcBias = int64_t{kMaxTimeTzOffset} * kMicrosPerSecond;
constexpr int kOffsetBits = 17;

}  // namespace

int32_t OffsetNow(const TimeZone& zone) {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return zone.OffsetAtUtc(std::chrono::duration_cast<std::chrono::seconds>(now).count());
}

int64_t PackTimeTz(TimeTz t) {
  int64_t utc = t.micros - int64_t{t.offset} * kMicrosPerSecond + kUtcBias;
  return (utc << kOffsetBits) | int64_t{kMaxTimeTzOffset - t.offset};
}

TimeTz UnpackTimeTz(int64_t packed) {
  TimeTz t;
  t.offset = kMaxTimeTzOffset - static_cast<int32_t>(packed & ((int64_t{1} << kOffsetBits) - 1));
  int64_t utc = (packed >> kOffsetBits) - kUtcBias;
  t.micros = utc + int64_t{t.offset} * kMicrosPerSecond;
  return t;
}

int64_t TimeTzUtcMicros(TimeTz t) {
  int64_t utc = (t.micros - int64_t{t.offset} * kMicrosPerSecond) % kMicrosPerDay;
  return utc < 0 ? utc + kMicrosPerDay : utc;
}

std::string FormatTimeTz(int64_t packed) {
  TimeTz t = UnpackTimeTz(packed);
  return FormatTime(t.micros) + FormatUtcOffset(t.offset);
}

Result<int64_t> ParseTimeTz(std::string_view text, const TimeZone& zone) {
  std::string_view zone_text;
  Result<int64_t> parsed = ParseTime(text, &zone_text);
  if (!parsed.ok() && parsed.status().code() == ErrorCode::kInvalidDatetimeFormat)
    return Status(ErrorCode::kInvalidDatetimeFormat,
                  "invalid input syntax for type time with time zone: \"" + std::string(text) + "\"");
  ASSIGN_OR_RETURN(int64_t micros, std::move(parsed));
  int32_t offset = 0;
  if (zone_text.empty()) {
    offset = OffsetNow(zone);
  } else if (zone_text[0] == '+' || zone_text[0] == '-') {
    if (!ParseIsoOffset(zone_text, &offset))
      return Status(ErrorCode::kInvalidDatetimeFormat,
                    "invalid input syntax for type time with time zone: \"" + std::string(text) + "\"");
  } else {
    ASSIGN_OR_RETURN(std::shared_ptr<const TimeZone> named, TimeZone::Find(zone_text));
    offset = OffsetNow(*named);
  }
  if (offset > kMaxTimeTzOffset || offset < -kMaxTimeTzOffset)
    return Status(ErrorCode::kDatetimeFieldOverflow,
                  "time zone displacement out of range: \"" + std::string(text) + "\"");
  return PackTimeTz({micros, offset});
}

int64_t TimeTzFromUtc(int64_t utc_micros, const TimeZone& zone) {
  int64_t local = zone.UtcToLocalMicros(utc_micros);
  int32_t offset = static_cast<int32_t>((local - utc_micros) / kMicrosPerSecond);
  int64_t tod = local % kMicrosPerDay;
  if (tod < 0) tod += kMicrosPerDay;
  return PackTimeTz({tod, offset});
}

}  // namespace blueshift
