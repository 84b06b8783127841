#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/status.h"

namespace blueshift::load {

// An option as the statement wrote it (sql::CopyOption without the AST), names lower case.
struct RawArg {
  enum class Kind { kString, kNumber, kWord } kind = Kind::kWord;
  std::string text;
};
struct RawOption {
  std::string name;
  std::vector<RawArg> args;
};

// Authorization as COPY/UNLOAD write it. Keys from the statement win; IAM_ROLE means "the server's own
// credentials" (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in its environment), as on a cluster with a role.
struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
  std::string iam_role;
  std::string region;  // REGION, default us-east-1
};

enum class DataFormat { kText, kCsv, kJson, kFixedWidth, kParquet, kAvro, kOrc };
enum class Compression { kNone, kGzip, kBzip2, kZstd };
// ENCODING: the input's character encoding; UTF-16 input is read as UTF-8 (decompress.h).
enum class TextEncoding { kUtf8, kUtf16, kUtf16Le, kUtf16Be };

// The options of one COPY, validated. Defaults are Redshift's.
struct CopyOptions {
  DataFormat format = DataFormat::kText;
  char delimiter = '|';
  char quote = '"';     // CSV
  bool escape = false;  // backslash escapes (text)
  bool remove_quotes = false;
  std::optional<std::string> null_as;  // unset: '\N' for text, '' for CSV
  int64_t ignore_header = 0;
  bool blanks_as_null = false;
  bool empty_as_null = false;
  bool fill_record = false;
  bool ignore_blank_lines = false;
  bool trim_blanks = false;
  bool truncate_columns = false;
  bool accept_inv_chars = false;
  char inv_char_replacement = '?';
  bool accept_any_date = false;
  bool round_decimals = false;  // ROUNDEC; the default truncates extra scale
  bool explicit_ids = false;
  bool no_load = false;
  // STATUPDATE: unset keeps statistics current as segments are written; false writes none for this load;
  // true also sketches the table's segments that have none (as ANALYZE does).
  std::optional<bool> stat_update;
  bool manifest = false;
  int64_t max_error = 0;
  std::string date_format = "YYYY-MM-DD";
  std::string time_format = "YYYY-MM-DD HH:MI:SS";
  bool date_format_set = false;
  bool time_format_set = false;
  std::string json_spec;  // "auto", "auto ignorecase" or a JSONPaths location
  std::string fixed_width_spec;
  std::vector<int> fixed_widths;  // FIXEDWIDTH: each field's width in characters, in input order
  Compression compression = Compression::kNone;
  TextEncoding encoding = TextEncoding::kUtf8;
  Credentials credentials;

  // The string that reads as NULL.
  const std::string& NullString() const;
};

// Validates the options of COPY (Redshift's names and argument forms). Errors: 42601 for an unknown option
// or a missing argument, 22023 for a bad value, 0A000 for a recognised option this build does not do.
Result<CopyOptions> ParseCopyOptions(const std::vector<RawOption>& options);

// Applies one authorization option (iam_role, access_key_id, secret_access_key, session_token, credentials,
// region) if it is one; returns false for any other name.
Result<bool> ParseCredentialOption(const RawOption& option, Credentials* credentials);

// FIXEDWIDTH's 'label:width,label:width,...' (labels are free text; widths positive integers).
Result<std::vector<int>> ParseFixedWidthSpec(const std::string& spec);

// '|', '\t', '\011' (octal), '\x09' style single-character arguments.
Result<char> ParseCharArg(const std::string& option, const std::string& text);

// Helpers for option parsers: the single argument of an option, or a 42601 error.
Result<std::string> SingleArg(const RawOption& option);
Result<int64_t> IntegerArg(const RawOption& option);

}  // namespace blueshift::load
