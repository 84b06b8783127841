#include "load/record_scanner.h"

#include <cstring>

#include "load/json_reader.h"

namespace blueshift::load {

RecordScanner::RecordScanner(const CopyOptions& options)
    : kind_(options.format == DataFormat::kJson                                             ? Kind::kJson
            : options.format == DataFormat::kCsv || options.escape || options.remove_quotes ? Kind::kQuoted
                                                                                            : Kind::kLines),
      csv_(options.format == DataFormat::kCsv),
      quote_(csv_ ? options.quote : '"'),
      delim_(options.delimiter) {
  class_['\n'] = kNewline;
  class_[static_cast<uint8_t>(delim_)] = kDelimiter;
  if (csv_ || options.remove_quotes) class_[static_cast<uint8_t>(quote_)] = kQuote;
  if (options.escape) class_['\\'] = kBackslash;
}

bool RecordScanner::FindRecordEnd(const char* begin, const char* end, bool at_eof, const char** eol, int* newlines,
                                  bool* bad) const {
  bool in_quote = false, field_start = true;
  *newlines = 0;
  *bad = false;
  const char* p = begin;
  while (true) {
    // Ordinary bytes change nothing inside quotes; outside, the field no longer starts at a quote.
    const char* run = p;
    while (p < end && class_[static_cast<uint8_t>(*p)] == kOrdinary) p++;
    if (p == end) break;
    if (p != run && !in_quote) field_start = false;
    const char c = *p;
    const uint8_t cls = class_[static_cast<uint8_t>(c)];
    if (cls == kBackslash) {
      if (p + 1 >= end) break;
      if (p[1] == '\n') ++*newlines;
      p += 2;
      field_start = false;
      continue;
    }
    if (in_quote) {
      if (cls == kQuote) {
        if (csv_ && p + 1 >= end && !at_eof) return false;  // maybe a doubled quote: need the next byte
        if (csv_ && p + 1 < end && p[1] == quote_) {
          p++;
        } else {
          in_quote = false;
        }
      } else if (cls == kNewline) {
        ++*newlines;
      }
      p++;
      continue;
    }
    if (cls == kNewline) {
      *eol = p;
      return true;
    }
    if (cls == kQuote && field_start) {
      in_quote = true;
    } else {
      field_start = c == delim_;
    }
    p++;
  }
  *bad = in_quote;
  return false;
}

const char* RecordScanner::NextBoundary(const char* p, const char* end) const {
  switch (kind_) {
    case Kind::kLines: {
      const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
      return nl == nullptr ? nullptr : static_cast<const char*>(nl) + 1;
    }
    case Kind::kQuoted: {
      const char* eol = nullptr;
      int newlines = 0;
      bool bad = false;
      return FindRecordEnd(p, end, /*at_eof=*/false, &eol, &newlines, &bad) ? eol + 1 : nullptr;
    }
    case Kind::kJson: {
      const char* vb = nullptr;
      const char* ve = nullptr;
      int newlines = 0;
      return JsonDocument::FindValue(p, end, &vb, &ve, &newlines) == 1 ? ve : nullptr;
    }
  }
  return nullptr;
}

const char* RecordScanner::LastBoundary(const char* begin, const char* end, int64_t min_records) const {
  const char* p = begin;
  for (int64_t i = 1; i < min_records; i++) {
    p = NextBoundary(p, end);
    if (p == nullptr) return nullptr;
  }
  if (kind_ == Kind::kLines) {
    const void* nl = memrchr(p, '\n', static_cast<size_t>(end - p));
    return nl == nullptr ? nullptr : static_cast<const char*>(nl) + 1;
  }
  const char* last = nullptr;
  while (const char* next = NextBoundary(p, end)) last = p = next;
  return last;
}

}  // namespace blueshift::load
