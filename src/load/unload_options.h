#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "load/load_options.h"

namespace blueshift::load {

// The options of one UNLOAD, validated with Redshift's rules (docs: r_UNLOAD).
struct UnloadOptions {
  DataFormat format = DataFormat::kText;  // text, CSV, JSON or PARQUET
  char delimiter = '|';
  char quote = '"';
  bool header = false;
  bool add_quotes = false;
  bool escape = false;
  std::string null_as;  // '' unless NULL AS
  Compression compression = Compression::kNone;
  bool parallel = true;
  uint64_t max_file_size = 6200ull << 20;  // 6.2 GB
  bool manifest = false;
  bool manifest_verbose = false;
  bool allow_overwrite = false;
  bool clean_path = false;
  std::string extension;                  // appended as ".ext" (before the compression suffix)
  std::vector<std::string> partition_by;  // PARTITION BY (cols): lower-case column names
  bool partition_include = false;         // INCLUDE: partition columns stay in the files
  Credentials credentials;
};

// Errors: 42601 unknown option, 22023 bad value or a forbidden combination (CSV with ADDQUOTES, ALLOWOVERWRITE
// with CLEANPATH, text options with PARQUET or JSON), 0A000 for FIXEDWIDTH and encryption.
Result<UnloadOptions> ParseUnloadOptions(const std::vector<RawOption>& options);

}  // namespace blueshift::load
