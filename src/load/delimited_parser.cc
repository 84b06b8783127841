#include "load/delimited_parser.h"

#include <cstring>

namespace blueshift::load {

DelimitedParser::DelimitedParser(const CopyOptions& options)
    : options_(options),
      scanner_(options),
      delim_(options.delimiter),
      quote_(options.format == DataFormat::kCsv ? options.quote : '"'),
      csv_(options.format == DataFormat::kCsv),
      slow_(options.escape || options.remove_quotes || options.format == DataFormat::kCsv),
      null_string_(options.NullString()) {}

DelimitedParser::Next DelimitedParser::NextRecord(char* begin, char* end, bool at_eof, char** next) {
  if (begin >= end) return Next::kEnd;
  if (!slow_) return PlainRecord(begin, end, at_eof, next);
  const char* eol = nullptr;
  int newlines = 0;
  bool bad = false;
  if (!scanner_.FindRecordEnd(begin, end, at_eof, &eol, &newlines, &bad)) {
    if (!at_eof) return Next::kNeedMore;
    eol = end;
  }
  char* e = begin + (eol - begin);
  *next = e < end ? e + 1 : end;
  lines_ = newlines + 1;
  if (e > begin && e[-1] == '\r') e--;
  record_ = std::string_view(begin, e - begin);
  if (bad) {
    error_ = "Unbalanced quotes in the record";
    return Next::kBadRecord;
  }
  const bool rewrites = std::memchr(begin, quote_, e - begin) != nullptr ||
                        (options_.escape && std::memchr(begin, '\\', e - begin) != nullptr);
  if (rewrites) {
    raw_copy_.assign(begin, e);
    record_ = raw_copy_;
  }
  SplitQuoted(begin, e);
  return Next::kRecord;
}

DelimitedParser::Next DelimitedParser::PlainRecord(char* begin, char* end, bool at_eof, char** next) {
  auto* nl = static_cast<char*>(std::memchr(begin, '\n', end - begin));
  if (nl == nullptr) {
    if (!at_eof) return Next::kNeedMore;
    nl = end;
    *next = end;
  } else {
    *next = nl + 1;
  }
  char* eol = nl;
  if (eol > begin && eol[-1] == '\r') eol--;
  record_ = std::string_view(begin, eol - begin);
  lines_ = 1;
  fields_.clear();
  if (!options_.fixed_widths.empty()) {
    SplitFixedWidth(begin, eol);
    return Next::kRecord;
  }
  char* p = begin;
  while (true) {
    auto* q = static_cast<char*>(std::memchr(p, delim_, eol - p));
    if (q == nullptr) {
      fields_.push_back({p, static_cast<size_t>(eol - p)});
      break;
    }
    fields_.push_back({p, static_cast<size_t>(q - p)});
    p = q + 1;
  }
  return Next::kRecord;
}

void DelimitedParser::SplitFixedWidth(char* begin, char* eol) {
  char* p = begin;
  for (int width : options_.fixed_widths) {
    if (p >= eol) return;
    char* start = p;
    for (int chars = 0; chars < width && p < eol; chars++) {
      p++;
      while (p < eol && (static_cast<unsigned char>(*p) & 0xC0) == 0x80) p++;  // UTF-8 continuation bytes
    }
    fields_.push_back({start, static_cast<size_t>(p - start)});
  }
  if (p < eol) fields_.push_back({p, static_cast<size_t>(eol - p)});
}

void DelimitedParser::SplitQuoted(char* begin, char* eol) {
  const bool quotes = csv_ || options_.remove_quotes;
  fields_.clear();
  char* p = begin;
  while (true) {
    Field f;
    p = (quotes && p < eol && *p == quote_) ? ParseQuotedField(p, eol, &f) : ParseEscapedField(p, eol, &f);
    fields_.push_back(f);
    if (p >= eol) break;
    p++;  // the delimiter
  }
}

// A quoted field starting at p (the quote): unquoted and unescaped in place. Returns the delimiter or eol
// after it; text between the closing quote and the delimiter is kept.
char* DelimitedParser::ParseQuotedField(char* p, char* eol, Field* f) {
  char* w = p;
  char* r = p + 1;
  while (r < eol) {
    char c = *r;
    if (options_.escape && c == '\\' && r + 1 < eol) {
      *w++ = r[1];
      r += 2;
      continue;
    }
    if (c == quote_) {
      if (csv_ && r + 1 < eol && r[1] == quote_) {
        *w++ = quote_;
        r += 2;
        continue;
      }
      r++;
      break;
    }
    *w++ = c;
    r++;
  }
  while (r < eol && *r != delim_) *w++ = *r++;
  f->data = p;
  f->size = static_cast<size_t>(w - p);
  f->quoted = true;
  f->null_marker = 0;
  return r;
}

char* DelimitedParser::ParseEscapedField(char* p, char* eol, Field* f) {
  char* r = p;
  bool escaped = false;
  while (r < eol && *r != delim_) {
    if (options_.escape && *r == '\\' && r + 1 < eol) {
      escaped = true;
      r += 2;
    } else {
      r++;
    }
  }
  f->data = p;
  f->size = static_cast<size_t>(r - p);
  if (!escaped) return r;  // no escapes: the converter compares with NULL AS itself
  f->null_marker = f->view() == null_string_ ? 1 : 0;
  char* w = p;
  for (char* q = p; q < r; q++) {
    if (*q == '\\' && q + 1 < r) q++;
    *w++ = *q;
  }
  f->size = static_cast<size_t>(w - p);
  return r;
}

}  // namespace blueshift::load
