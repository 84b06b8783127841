// sqllogictest: runs test/sql/**/*.test files against blueshift in this process (a fresh data directory
// per file) or against a server over the PostgreSQL protocol (--connect). See docs/testing.md.

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "libpq_connection.h"
#include "test_file.h"
#include "test_runner.h"
#ifdef BLUESHIFT_SLT_IN_PROCESS
#include "in_process_connection.h"
#endif

namespace blueshift::slt {
namespace {

namespace fs = std::filesystem;

struct Options {
  std::string conninfo;  // empty: in process
  std::string engine;    // forces the skipif/onlyif engine name (wire mode)
  std::string data_dir;  // parent of the per-file data directories (in process)
  int slices = 2;
  std::vector<std::string> paths;
};

constexpr char kUsage[] =
    "usage: sqllogictest [--connect CONNINFO [--engine NAME]] [--data DIR] [--slices N] FILE|DIR...\n"
    "  in process (default): each file runs on a fresh database in DIR/<n> (default: a temp dir)\n"
    "  --connect: run over the PostgreSQL protocol against a running server (libpq conninfo)\n";

bool ParseArgs(int argc, char** argv, Options* options) {
  for (int i = 1; i < argc; i++) {
    std::string arg = argv[i];
    bool has_value = i + 1 < argc;
    if (arg == "--connect" && has_value) {
      options->conninfo = argv[++i];
    } else if (arg == "--engine" && has_value) {
      options->engine = argv[++i];
    } else if (arg == "--data" && has_value) {
      options->data_dir = argv[++i];
    } else if (arg == "--slices" && has_value) {
      options->slices = std::atoi(argv[++i]);
    } else if (!arg.empty() && arg[0] == '-') {
      return false;
    } else {
      options->paths.push_back(arg);
    }
  }
  return !options->paths.empty() && options->slices > 0;
}

// Files named on the command line, and every *.test under directories named there, sorted per directory.
std::vector<std::string> CollectFiles(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
      if (entry.is_regular_file() && entry.path().extension() == ".test") found.push_back(entry.path().string());
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

#ifdef BLUESHIFT_SLT_IN_PROCESS
std::unique_ptr<Backend> MakeInProcessBackend(const std::string& dir, int slices, std::string* error) {
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir, ec);
  if (ec) {
    *error = "cannot create " + dir + ": " + ec.message();
    return nullptr;
  }
  auto backend = std::make_unique<InProcessBackend>(dir, slices);
  if (!backend->Open(error)) return nullptr;
  return backend;
}
#endif

// The backend for one file; nullptr with *error set when it cannot be made.
std::unique_ptr<Backend> MakeBackend(const Options& options, const std::string& data_dir, std::string* error) {
  if (!options.conninfo.empty()) return std::make_unique<LibpqBackend>(options.conninfo, options.engine);
#ifdef BLUESHIFT_SLT_IN_PROCESS
  return MakeInProcessBackend(data_dir, options.slices, error);
#else
  *error = "this sqllogictest was built without the in-process engine; use --connect";
  return nullptr;
#endif
}

std::string MakeDataRoot(const Options& options, bool* owned) {
  *owned = options.data_dir.empty();
  if (!*owned) return options.data_dir;
  std::string pattern = (fs::temp_directory_path() / "sqllogictest-XXXXXX").string();
  char* dir = mkdtemp(pattern.data());
  return dir == nullptr ? "" : std::string(dir);
}

int Run(const Options& options) {
  std::vector<std::string> files = CollectFiles(options.paths);
  bool owned_root = false;
  std::string root = options.conninfo.empty() ? MakeDataRoot(options, &owned_root) : "";
  FileCounts total;
  for (size_t i = 0; i < files.size(); i++) {
    TestFile file;
    std::string error;
    std::string data_dir = (fs::path(root) / std::to_string(i)).string();
    std::unique_ptr<Backend> backend;
    if (ParseTestFile(files[i], &file, &error)) backend = MakeBackend(options, data_dir, &error);
    if (backend == nullptr) {
      std::cout << files[i] << ": " << error << "\n" << files[i] << ": 0 passed, 1 failed\n";
      total.failed++;
      continue;
    }
    FileRunner runner(backend.get(), &std::cout);
    FileCounts counts = runner.Run(file);
    backend.reset();
    std::cout << files[i] << ": " << counts.passed << " passed, " << counts.failed << " failed, " << counts.skipped
              << " skipped\n";
    total.passed += counts.passed;
    total.failed += counts.failed;
    std::error_code ec;
    if (!root.empty() && counts.failed == 0) fs::remove_all(data_dir, ec);
  }
  std::error_code ec;
  if (owned_root && total.failed == 0) fs::remove_all(root, ec);
  std::cout << total.passed << " passed, " << total.failed << " failed" << std::endl;
  return total.failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace blueshift::slt

int main(int argc, char** argv) {
  blueshift::slt::Options options;
  if (!blueshift::slt::ParseArgs(argc, argv, &options)) {
    std::cerr << blueshift::slt::kUsage;
    return 2;
  }
  return blueshift::slt::Run(options);
}
