#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "load/load_options.h"

namespace blueshift::load {

// The options of one UNLOAD, validated with Redshift's rules (docs: r_UNLOAD).
struct UnloadOptions {
  DataFormat format = DataFormat::kText;  // text or CSV
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
  std::string extension;  // appended as ".ext" (before the compression suffix)
  Credentials credentials;
};

// Errors: 42601 unknown option, 22023 bad value or a forbidden combination (CSV with ADDQUOTES, HEADER with
// FIXEDWIDTH, ALLOWOVERWRITE with CLEANPATH), 0A000 for PARQUET, JSON, PARTITION BY and encryption.
Result<UnloadOptions> ParseUnloadOptions(const std::vector<RawOption>& options);

}  // namespace blueshift::load
