// Temporary directories of a run (temp_dir.h).
#include "core/common/temp_dir.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <system_error>

namespace tideline {

namespace fs = std::filesystem;

Result<std::string> MakeTempDir(std::string_view prefix) {
  static std::atomic<int> counter{0};
  std::error_code ec;
  const fs::path base = fs::temp_directory_path(ec);
  if (ec) return Status::Io("cannot find the temporary directory: " + ec.message());
  for (int i = 0; i < 1000; ++i) {
    fs::path p = base / fmt::format("{}-{}-{}", prefix, ::getpid(), counter++);
    if (fs::create_directory(p, ec)) return p.string();
  }
  return Status::Io(fmt::format("cannot create a temporary directory under {}", base.string()));
}

RemoveOnExit::~RemoveOnExit() {
  std::error_code ec;
  if (!path_.empty()) fs::remove_all(path_, ec);
}

}  // namespace tideline
