#pragma once

#include <array>
#include <cstdint>

#include "load/load_options.h"

namespace blueshift::load {

// RecordScanner finds where the records of delimited text, CSV, FIXEDWIDTH or JSON input end without parsing
// them. It is the one definition of a record's extent: the parser takes each record's end from it, and
// CopyScheduler cuts a file (or COPY FROM STDIN's stream) into chunks at the boundaries it finds, so a chunk
// always starts where a record does and every chunk parses exactly as that part of the whole input would.
//   - Plain text and FIXEDWIDTH: a record ends at every '\n'.
//   - CSV and REMOVEQUOTES: a '\n' inside a field quoted from its first byte does not end the record (a CSV
//     quote inside such a field is doubled; a quote later in an unquoted field is an ordinary character).
//   - ESCAPE: a backslash makes the next byte (a '\n' too) an ordinary one, inside quotes as well.
//   - JSON: one value (an object or array balanced by depth outside strings, or a blank-free scalar) after
//     blanks.
// Immutable after construction; thread-safe.
class RecordScanner {
 public:
  explicit RecordScanner(const CopyOptions& options);

  // Quoted or escaped text (CSV, REMOVEQUOTES, ESCAPE): finds the end of the record starting at begin.
  // True with *eol at its '\n' and *newlines the line breaks inside it. False when the text runs out first
  // (also when a CSV closing quote is the last byte and !at_eof: it may be half of a doubled quote); then
  // *bad says a quote is still open, which at the end of the input is an unbalanced quote.
  bool FindRecordEnd(const char* begin, const char* end, bool at_eof, const char** eol, int* newlines, bool* bad) const;

  // The end of the last whole record of [begin, end), where begin is at a record start and more input may
  // follow end: the first byte after the record's '\n' (JSON: after its value). Null when fewer than
  // max(1, min_records) records end in [begin, end).
  const char* LastBoundary(const char* begin, const char* end, int64_t min_records) const;

 private:
  // The end of the record starting at p when all of it is in [p, end), else null.
  const char* NextBoundary(const char* p, const char* end) const;

  enum class Kind : uint8_t { kLines, kQuoted, kJson };
  // Bytes FindRecordEnd stops at; all others only end a field's start.
  enum Class : uint8_t { kOrdinary = 0, kNewline, kDelimiter, kQuote, kBackslash };

  Kind kind_;
  bool csv_;
  char quote_;
  char delim_;
  std::array<uint8_t, 256> class_{};
};

}  // namespace blueshift::load
