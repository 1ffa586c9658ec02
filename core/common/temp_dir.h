#pragma once
// Temporary directories of a run: a fresh directory under the system's temporary
// directory, named PREFIX-PID-N, and a guard that removes it when it goes out of scope,
// whether the run passed, failed or returned early with an error (spec section 12: a run
// without --checkpoint leaves nothing behind). Thread-safe: N counts across threads.

#include <string>
#include <string_view>

#include "core/common/status.h"

namespace tideline {

// Creates a new, empty directory PREFIX-PID-N under the temporary directory ($TMPDIR).
// Returns an I/O error when none can be created.
Result<std::string> MakeTempDir(std::string_view prefix);

// Removes its directory, and everything in it, on destruction. Not copyable.
class RemoveOnExit {
 public:
  explicit RemoveOnExit(std::string path) : path_(std::move(path)) {}
  ~RemoveOnExit();
  RemoveOnExit(const RemoveOnExit&) = delete;
  RemoveOnExit& operator=(const RemoveOnExit&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace tideline
