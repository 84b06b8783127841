#include "load/load_options.h"

#include <cctype>
#include <cstdlib>
#include <set>

namespace blueshift::load {

namespace {

Status SyntaxAt(const std::string& name) {
  return Status(ErrorCode::kSyntaxError, "syntax error at or near \"" + name + "\"");
}

Status BadValue(const std::string& option, const std::string& why) {
  return Status(ErrorCode::kInvalidParameterValue, "invalid value for " + option + ": " + why);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Status NoArgs(const RawOption& o) {
  if (!o.args.empty()) return SyntaxAt(o.args[0].text);
  return Status::OK();
}

// [ON | TRUE | OFF | FALSE], no argument meaning ON (STATUPDATE).
Result<bool> OnOffArg(const RawOption& o) {
  if (o.args.empty()) return true;
  if (o.args.size() > 1) return SyntaxAt(o.args[1].text);
  std::string v = Lower(o.args[0].text);
  if (v == "on" || v == "true") return true;
  if (v == "off" || v == "false") return false;
  return SyntaxAt(o.args[0].text);
}

// "aws_access_key_id=...;aws_secret_access_key=...[;token=...]" or "aws_iam_role=arn".
Status ParseCredentialString(const std::string& text, Credentials* c) {
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find(';', pos);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(pos, end - pos);
    pos = end + 1;
    if (item.empty()) continue;
    size_t eq = item.find('=');
    if (eq == std::string::npos) return BadValue("CREDENTIALS", "expected key=value, got \"" + item + "\"");
    std::string key = Lower(item.substr(0, eq));
    std::string value = item.substr(eq + 1);
    if (key == "aws_access_key_id") {
      c->access_key_id = value;
    } else if (key == "aws_secret_access_key") {
      c->secret_access_key = value;
    } else if (key == "token") {
      c->session_token = value;
    } else if (key == "aws_iam_role") {
      c->iam_role = value;
    } else if (key != "master_symmetric_key") {
      return BadValue("CREDENTIALS", "unknown key \"" + key + "\"");
    }
  }
  return Status::OK();
}

Status ParseFormatOption(const RawOption& o, CopyOptions* out, bool* handled);
Status ParseConversionOption(const RawOption& o, CopyOptions* out, bool* handled);
Status ParseControlOption(const RawOption& o, CopyOptions* out, bool* handled);

Status ApplyFormatWord(const std::string& word, const RawOption& o, size_t next_arg, CopyOptions* out) {
  if (word == "csv") {
    out->format = DataFormat::kCsv;
  } else if (word == "json" || word == "avro") {
    out->format = word == "json" ? DataFormat::kJson : DataFormat::kAvro;
    out->json_spec = next_arg < o.args.size() ? o.args[next_arg].text : "auto";
  } else if (word == "parquet" || word == "orc") {
    out->format = word == "parquet" ? DataFormat::kParquet : DataFormat::kOrc;
  } else if (word == "fixedwidth") {
    out->format = DataFormat::kFixedWidth;
    if (next_arg >= o.args.size()) return SyntaxAt(o.name);
    out->fixed_width_spec = o.args[next_arg].text;
  } else if (word != "text") {
    return SyntaxAt(word);
  }
  return Status::OK();
}

Status ParseFormatOption(const RawOption& o, CopyOptions* out, bool* handled) {
  *handled = true;
  const std::string& n = o.name;
  if (n == "format") {
    if (o.args.empty()) return SyntaxAt(n);
    return ApplyFormatWord(Lower(o.args[0].text), o, 1, out);
  }
  if (n == "csv" || n == "json" || n == "avro" || n == "parquet" || n == "orc" || n == "fixedwidth") {
    return ApplyFormatWord(n, o, 0, out);
  }
  if (n == "delimiter") {
    ASSIGN_OR_RETURN(std::string a, SingleArg(o));
    ASSIGN_OR_RETURN(out->delimiter, ParseCharArg("DELIMITER", a));
    return Status::OK();
  }
  if (n == "quote") {
    ASSIGN_OR_RETURN(std::string a, SingleArg(o));
    ASSIGN_OR_RETURN(out->quote, ParseCharArg("QUOTE", a));
    return Status::OK();
  }
  if (n == "escape") return (out->escape = true, NoArgs(o));
  if (n == "removequotes") return (out->remove_quotes = true, NoArgs(o));
  if (n == "gzip") return (out->compression = Compression::kGzip, NoArgs(o));
  if (n == "bzip2") return (out->compression = Compression::kBzip2, NoArgs(o));
  if (n == "zstd") return (out->compression = Compression::kZstd, NoArgs(o));
  if (n == "lzop" || n == "shapefile" || n == "encrypted")
    return Status(ErrorCode::kFeatureNotSupported, "COPY option " + n + " is not supported");
  *handled = false;
  return Status::OK();
}

Status ParseConversionOption(const RawOption& o, CopyOptions* out, bool* handled) {
  *handled = true;
  const std::string& n = o.name;
  if (n == "null") {
    ASSIGN_OR_RETURN(std::string a, SingleArg(o));
    out->null_as = a;
    return Status::OK();
  }
  if (n == "blanksasnull") return (out->blanks_as_null = true, NoArgs(o));
  if (n == "emptyasnull") return (out->empty_as_null = true, NoArgs(o));
  if (n == "fillrecord") return (out->fill_record = true, NoArgs(o));
  if (n == "ignoreblanklines") return (out->ignore_blank_lines = true, NoArgs(o));
  if (n == "trimblanks") return (out->trim_blanks = true, NoArgs(o));
  if (n == "truncatecolumns") return (out->truncate_columns = true, NoArgs(o));
  if (n == "acceptanydate") return (out->accept_any_date = true, NoArgs(o));
  if (n == "roundec") return (out->round_decimals = true, NoArgs(o));
  if (n == "explicit_ids") return (out->explicit_ids = true, NoArgs(o));
  if (n == "acceptinvchars") {
    out->accept_inv_chars = true;
    if (o.args.empty()) return Status::OK();
    ASSIGN_OR_RETURN(std::string a, SingleArg(o));
    ASSIGN_OR_RETURN(out->inv_char_replacement, ParseCharArg("ACCEPTINVCHARS", a));
    return Status::OK();
  }
  if (n == "dateformat" || n == "timeformat") {
    ASSIGN_OR_RETURN(std::string a, SingleArg(o));
    (n == "dateformat" ? out->date_format : out->time_format) = a;
    (n == "dateformat" ? out->date_format_set : out->time_format_set) = true;
    return Status::OK();
  }
  if (n == "encoding") {
    ASSIGN_OR_RETURN(std::string a, SingleArg(o));
    const std::string e = Lower(a);
    if (e == "utf8") {
      out->encoding = TextEncoding::kUtf8;
    } else if (e == "utf16") {
      out->encoding = TextEncoding::kUtf16;
    } else if (e == "utf16le") {
      out->encoding = TextEncoding::kUtf16Le;
    } else if (e == "utf16be") {
      out->encoding = TextEncoding::kUtf16Be;
    } else {
      return Status(ErrorCode::kInvalidParameterValue,
                    "invalid value for ENCODING: " + a + " (UTF8, UTF16, UTF16LE or UTF16BE)");
    }
    return Status::OK();
  }
  *handled = false;
  return Status::OK();
}

Status ParseControlOption(const RawOption& o, CopyOptions* out, bool* handled) {
  *handled = true;
  const std::string& n = o.name;
  if (n == "ignoreheader") {
    ASSIGN_OR_RETURN(out->ignore_header, IntegerArg(o));
    if (out->ignore_header < 0) return BadValue("IGNOREHEADER", "must not be negative");
    return Status::OK();
  }
  if (n == "maxerror") {
    ASSIGN_OR_RETURN(out->max_error, IntegerArg(o));
    if (out->max_error < 0) return BadValue("MAXERROR", "must not be negative");
    if (out->max_error > 100000) out->max_error = 100000;  // Redshift caps it silently
    return Status::OK();
  }
  if (n == "ignoreallerrors") return (out->max_error = INT64_MAX, NoArgs(o));
  if (n == "noload") return (out->no_load = true, NoArgs(o));
  if (n == "manifest") return (out->manifest = true, NoArgs(o));
  if (n == "statupdate") {
    ASSIGN_OR_RETURN(out->stat_update, OnOffArg(o));
    return Status::OK();
  }
  // Accepted and without effect here: compression analysis follows its own rules.
  static const std::set<std::string> kIgnored = {"compupdate", "comprows", "readratio", "maxfilesize"};
  if (kIgnored.count(n)) return Status::OK();
  *handled = false;
  return Status::OK();
}

Status Validate(const CopyOptions& o) {
  if (o.format == DataFormat::kCsv && (o.escape || o.remove_quotes))
    return Status(ErrorCode::kInvalidParameterValue, "CSV is not compatible with ESCAPE or REMOVEQUOTES");
  if (o.format == DataFormat::kJson && o.json_spec.empty())
    return Status(ErrorCode::kSyntaxError, "JSON needs 'auto', 'auto ignorecase' or a JSONPaths file");
  if (o.format == DataFormat::kFixedWidth && (o.escape || o.remove_quotes))
    return Status(ErrorCode::kInvalidParameterValue, "FIXEDWIDTH is not compatible with ESCAPE or REMOVEQUOTES");
  if (o.format != DataFormat::kText && o.format != DataFormat::kCsv && o.format != DataFormat::kJson &&
      o.format != DataFormat::kParquet && o.format != DataFormat::kFixedWidth)
    return Status(ErrorCode::kFeatureNotSupported, "this COPY data format is not supported yet");
  if (o.delimiter == '\n' || o.delimiter == '\r' || o.delimiter == '\\' || o.delimiter == '\0')
    return BadValue("DELIMITER", "this character cannot be a delimiter");
  return Status::OK();
}

// COPY from Parquet takes only the parameters Redshift allows with columnar formats (no MAXERROR, REGION,
// text conversion options, ...).
Status CheckColumnarOptions(const std::vector<RawOption>& options) {
  static const std::set<std::string> kAllowed = {
      "format",        "parquet",           "iam_role",      "credentials", "with credentials",
      "access_key_id", "secret_access_key", "session_token", "manifest",    "acceptinvchars",
      "fillrecord",    "statupdate",        "explicit_ids"};
  for (const RawOption& o : options) {
    if (kAllowed.count(o.name)) continue;
    std::string upper;
    for (char c : o.name) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return Status(ErrorCode::kFeatureNotSupported, upper + " argument is not supported for PARQUET based COPY");
  }
  return Status::OK();
}

}  // namespace

const std::string& CopyOptions::NullString() const {
  static const std::string kText = "\\N";
  static const std::string kEmpty;
  if (null_as) return *null_as;
  if (empty_as_null || format == DataFormat::kCsv) return kEmpty;
  return kText;
}

Result<std::vector<int>> ParseFixedWidthSpec(const std::string& spec) {
  std::vector<int> widths;
  size_t pos = 0;
  while (pos <= spec.size()) {
    size_t comma = spec.find(',', pos);
    if (comma == std::string::npos) comma = spec.size();
    std::string item = spec.substr(pos, comma - pos);
    size_t colon = item.rfind(':');
    if (colon == std::string::npos) return BadValue("FIXEDWIDTH", "\"" + item + "\" is not label:width");
    std::string w = item.substr(colon + 1);
    while (!w.empty() && w.front() == ' ') w.erase(w.begin());
    while (!w.empty() && w.back() == ' ') w.pop_back();
    char* end = nullptr;
    long v = std::strtol(w.c_str(), &end, 10);
    if (w.empty() || *end != '\0' || v <= 0 || v > 65535)
      return BadValue("FIXEDWIDTH", "\"" + w + "\" is not a valid column width");
    widths.push_back(static_cast<int>(v));
    pos = comma + 1;
  }
  return widths;
}

Result<std::string> SingleArg(const RawOption& option) {
  if (option.args.size() != 1) return SyntaxAt(option.name);
  return option.args[0].text;
}

Result<int64_t> IntegerArg(const RawOption& option) {
  if (option.args.size() != 1 || option.args[0].kind != RawArg::Kind::kNumber) return SyntaxAt(option.name);
  const std::string& t = option.args[0].text;
  char* end = nullptr;
  long long v = std::strtoll(t.c_str(), &end, 10);
  if (end == t.c_str() || *end != '\0') return BadValue(option.name, "\"" + t + "\" is not an integer");
  return static_cast<int64_t>(v);
}

Result<char> ParseCharArg(const std::string& option, const std::string& text) {
  if (text.size() == 1) return text[0];
  if (text.size() == 2 && text[0] == '\\') {
    switch (text[1]) {
      case 't':
        return '\t';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case '\\':
        return '\\';
      default:
        break;
    }
  }
  if (text.size() == 4 && text[0] == '\\' && text[1] >= '0' && text[1] <= '3') {
    int v = 0;
    for (size_t i = 1; i < 4; i++) {
      if (text[i] < '0' || text[i] > '7') return BadValue(option, "bad octal escape \"" + text + "\"");
      v = v * 8 + (text[i] - '0');
    }
    return static_cast<char>(v);
  }
  return BadValue(option, "\"" + text + "\" is not a single character");
}

Result<bool> ParseCredentialOption(const RawOption& o, Credentials* c) {
  const std::string& n = o.name;
  if (n == "iam_role") {
    if (o.args.size() != 1) return SyntaxAt(n);
    c->iam_role = o.args[0].text;
    return true;
  }
  if (n == "access_key_id" || n == "secret_access_key" || n == "session_token" || n == "region") {
    ASSIGN_OR_RETURN(std::string a, SingleArg(o));
    if (n == "access_key_id") c->access_key_id = a;
    if (n == "secret_access_key") c->secret_access_key = a;
    if (n == "session_token") c->session_token = a;
    if (n == "region") c->region = a;
    return true;
  }
  if (n == "credentials" || n == "with credentials") {
    ASSIGN_OR_RETURN(std::string a, SingleArg(o));
    RETURN_IF_ERROR(ParseCredentialString(a, c));
    return true;
  }
  return false;
}

Result<CopyOptions> ParseCopyOptions(const std::vector<RawOption>& options) {
  CopyOptions out;
  for (const RawOption& o : options) {
    ASSIGN_OR_RETURN(bool cred, ParseCredentialOption(o, &out.credentials));
    if (cred) continue;
    bool handled = false;
    RETURN_IF_ERROR(ParseFormatOption(o, &out, &handled));
    if (!handled) RETURN_IF_ERROR(ParseConversionOption(o, &out, &handled));
    if (!handled) RETURN_IF_ERROR(ParseControlOption(o, &out, &handled));
    if (!handled) return SyntaxAt(o.name);
  }
  if (out.format == DataFormat::kCsv && out.delimiter == '|') {
    bool explicit_delim = false;
    for (const RawOption& o : options) explicit_delim |= o.name == "delimiter";
    if (!explicit_delim) out.delimiter = ',';
  }
  if (out.format == DataFormat::kParquet) RETURN_IF_ERROR(CheckColumnarOptions(options));
  if (out.format == DataFormat::kFixedWidth) {
    for (const RawOption& o : options) {
      if (o.name == "delimiter")
        return Status(ErrorCode::kInvalidParameterValue, "FIXEDWIDTH cannot be used with DELIMITER");
    }
    ASSIGN_OR_RETURN(out.fixed_widths, ParseFixedWidthSpec(out.fixed_width_spec));
  }
  RETURN_IF_ERROR(Validate(out));
  return out;
}

}  // namespace blueshift::load
