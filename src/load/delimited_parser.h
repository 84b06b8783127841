#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "load/field_converter.h"
#include "load/load_options.h"
#include "load/record_scanner.h"

namespace blueshift::load {

// DelimitedParser finds records and their fields in a buffer of delimited text or CSV. Plain text (no
// ESCAPE, REMOVEQUOTES or CSV) takes a memchr fast path; the others first find the record's end (RecordScanner)
// and only then unescape in place, so a record cut by the buffer's end is left untouched for
// the caller to retry with more data. FIXEDWIDTH lines are cut by character counts. Records end at '\n'; a '\r' before
// it is dropped. Not thread-safe: one per task.
class DelimitedParser {
 public:
  enum class Next { kRecord, kNeedMore, kEnd, kBadRecord };

  explicit DelimitedParser(const CopyOptions& options);

  // Parses the record starting at begin. kRecord: fields() holds its fields and *next the first byte after
  // it. kNeedMore: the record runs past end and more input exists (!at_eof). kEnd: begin == end.
  // kBadRecord: an unbalanced quote; error() says why and *next skips the line.
  Next NextRecord(char* begin, char* end, bool at_eof, char** next);

  std::vector<Field>& fields() { return fields_; }
  // The record's text as read, without its line end: a copy taken before unquoting or unescaping rewrote the
  // buffer in place, so STL_LOAD_ERRORS shows the input as it was.
  std::string_view record() const { return record_; }
  // Line breaks the record spans (1 for a one-line record; more when quoted fields hold newlines).
  int lines() const { return lines_; }
  const std::string& error() const { return error_; }

 private:
  Next PlainRecord(char* begin, char* end, bool at_eof, char** next);
  // FIXEDWIDTH: cuts the line into fields of options_.fixed_widths characters (the last may be short; text
  // past the last field is one more field, which the row builder rejects).
  void SplitFixedWidth(char* begin, char* eol);
  void SplitQuoted(char* begin, char* eol);
  char* ParseQuotedField(char* p, char* eol, Field* f);
  char* ParseEscapedField(char* p, char* eol, Field* f);

  const CopyOptions& options_;
  const RecordScanner scanner_;  // where quoted and escaped records end
  const char delim_;
  const char quote_;
  const bool csv_;
  const bool slow_;
  std::string null_string_;
  std::vector<Field> fields_;
  std::string_view record_;
  std::string raw_copy_;  // the record before SplitQuoted rewrote it (only when it holds a quote or escape)
  int lines_ = 1;
  std::string error_;
};

}  // namespace blueshift::load
