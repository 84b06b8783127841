#include "load/unload_options.h"

#include <cctype>
#include <cstdlib>

namespace blueshift::load {

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Status Bad(const std::string& why) {
  return Status(ErrorCode::kInvalidParameterValue, why);
}

Status ParseMaxFileSize(const RawOption& o, UnloadOptions* out) {
  if (o.args.empty() || o.args[0].kind != RawArg::Kind::kNumber)
    return Status(ErrorCode::kSyntaxError, "syntax error at or near \"maxfilesize\"");
  double n = std::strtod(o.args[0].text.c_str(), nullptr);
  std::string unit = o.args.size() > 1 ? Lower(o.args[1].text) : "mb";
  double bytes = n * (unit == "gb" ? 1024.0 * 1024 * 1024 : 1024.0 * 1024);
  if (bytes < 5.0 * 1024 * 1024 || bytes > 6.2 * 1024 * 1024 * 1024)
    return Bad("MAXFILESIZE must be between 5 MB and 6.2 GB");
  out->max_file_size = static_cast<uint64_t>(bytes);
  return Status::OK();
}

Status ParseFlag(const RawOption& o, bool* flag) {
  if (o.args.empty()) return (*flag = true, Status::OK());
  std::string v = Lower(o.args[0].text);
  if (v == "on" || v == "true") return (*flag = true, Status::OK());
  if (v == "off" || v == "false") return (*flag = false, Status::OK());
  return Bad("invalid value \"" + o.args[0].text + "\" for " + o.name);
}

Status ParseOne(const RawOption& o, UnloadOptions* out, bool* delimiter_set) {
  const std::string& n = o.name;
  if (n == "format" || n == "csv" || n == "parquet" || n == "json") {
    std::string f = n == "format" ? (o.args.empty() ? "" : Lower(o.args[0].text)) : n;
    if (f == "csv") return (out->format = DataFormat::kCsv, Status::OK());
    if (f == "parquet") return (out->format = DataFormat::kParquet, Status::OK());
    if (f == "json") return (out->format = DataFormat::kJson, Status::OK());
    return Status(ErrorCode::kSyntaxError, "syntax error at or near \"" + f + "\"");
  }
  if (n == "delimiter") {
    ASSIGN_OR_RETURN(std::string a, SingleArg(o));
    ASSIGN_OR_RETURN(out->delimiter, ParseCharArg("DELIMITER", a));
    *delimiter_set = true;
    return Status::OK();
  }
  if (n == "quote") {
    ASSIGN_OR_RETURN(std::string a, SingleArg(o));
    ASSIGN_OR_RETURN(out->quote, ParseCharArg("QUOTE", a));
    return Status::OK();
  }
  if (n == "null") {
    ASSIGN_OR_RETURN(out->null_as, SingleArg(o));
    return Status::OK();
  }
  if (n == "header") return (out->header = true, Status::OK());
  if (n == "rowgroupsize") return Status::OK();  // accepted; row groups are sized by rows (parquet.md)
  if (n == "addquotes") return (out->add_quotes = true, Status::OK());
  if (n == "escape") return (out->escape = true, Status::OK());
  if (n == "gzip") return (out->compression = Compression::kGzip, Status::OK());
  if (n == "bzip2") return (out->compression = Compression::kBzip2, Status::OK());
  if (n == "zstd") return (out->compression = Compression::kZstd, Status::OK());
  if (n == "parallel") return ParseFlag(o, &out->parallel);
  if (n == "maxfilesize") return ParseMaxFileSize(o, out);
  if (n == "manifest") {
    out->manifest = true;
    out->manifest_verbose = !o.args.empty() && Lower(o.args[0].text) == "verbose";
    return Status::OK();
  }
  if (n == "allowoverwrite") return (out->allow_overwrite = true, Status::OK());
  if (n == "cleanpath") return (out->clean_path = true, Status::OK());
  if (n == "extension") {
    ASSIGN_OR_RETURN(out->extension, SingleArg(o));
    return Status::OK();
  }
  if (n == "partition by") {
    for (const RawArg& a : o.args) {
      if (Lower(a.text) == "include" && &a == &o.args.back() && o.args.size() > 1) {
        out->partition_include = true;
      } else {
        out->partition_by.push_back(Lower(a.text));
      }
    }
    if (out->partition_by.empty()) return Status(ErrorCode::kSyntaxError, "syntax error at or near \"partition\"");
    return Status::OK();
  }
  if (n == "encrypted" || n == "kms_key_id" || n == "master_symmetric_key" || n == "fixedwidth")
    return Status(ErrorCode::kFeatureNotSupported, "UNLOAD option " + n + " is not supported yet");
  return Status(ErrorCode::kSyntaxError, "syntax error at or near \"" + n + "\"");
}

// FORMAT AS PARQUET and JSON write typed values: the text-formatting options do not apply, nor (Parquet
// compresses its pages itself) GZIP, BZIP2 and ZSTD, as in Redshift.
Status CheckTypedFormatOptions(const std::vector<RawOption>& options, const UnloadOptions& out) {
  const bool parquet = out.format == DataFormat::kParquet;
  for (const RawOption& o : options) {
    const std::string& n = o.name;
    bool text_option = n == "delimiter" || n == "fixedwidth" || n == "addquotes" || n == "escape" || n == "null" ||
                       n == "header" || n == "quote" || n == "csv";
    bool compression = n == "gzip" || n == "bzip2" || n == "zstd";
    if (text_option || (parquet && compression))
      return Bad(std::string("UNLOAD ... FORMAT AS ") + (parquet ? "PARQUET" : "JSON") + " cannot be combined with " +
                 n);
  }
  return Status::OK();
}

}  // namespace

Result<UnloadOptions> ParseUnloadOptions(const std::vector<RawOption>& options) {
  UnloadOptions out;
  bool delimiter_set = false;
  for (const RawOption& o : options) {
    ASSIGN_OR_RETURN(bool cred, ParseCredentialOption(o, &out.credentials));
    if (!cred) RETURN_IF_ERROR(ParseOne(o, &out, &delimiter_set));
  }
  if (out.format == DataFormat::kCsv && !delimiter_set) out.delimiter = ',';
  if (out.format == DataFormat::kCsv && (out.add_quotes || out.escape))
    return Bad("CSV cannot be combined with ADDQUOTES or ESCAPE");
  if (out.format == DataFormat::kParquet || out.format == DataFormat::kJson)
    RETURN_IF_ERROR(CheckTypedFormatOptions(options, out));
  if (out.allow_overwrite && out.clean_path) return Bad("ALLOWOVERWRITE and CLEANPATH cannot be combined");
  if (out.delimiter == '\n' || out.delimiter == '\\') return Bad("invalid DELIMITER");
  return out;
}

}  // namespace blueshift::load
