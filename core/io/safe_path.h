#pragma once
// Where a scenario may write and read. A scenario's outputs (saveAsTextFiles prefixes,
// appendFile, a DStream `checkpoint:` directory, file and foreachBatch sink paths) are
// relative paths without `..` that stay inside the run's directory, also through
// symbolic links; its inputs (recordings, watched directories) are read from the
// scenario's folder, the run's directory, or a folder the user allowed
// (`tideline run --allow-path DIR`). Recordings are regular files: a device, a FIFO or a
// directory is refused. Stateless and thread-safe.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/status.h"

namespace tideline::io {

// Checks the text of an output path: not empty, relative, no `..` component.
// `what` names the setting in the message ("saveAsTextFiles prefix").
Status CheckOutputPath(std::string_view path, std::string_view what);

// Checks that `base / path` stays inside `base` once symbolic links of the existing
// part are followed. REQUIRES: CheckOutputPath(path) passed.
Status CheckInsideDir(const std::filesystem::path& base, std::string_view path, std::string_view what);

// Checks that `path` (absolute or relative to the working directory) lies inside one
// of `roots` once symbolic links are followed. The error lists the roots and names
// --allow-path.
Status CheckInputPath(const std::filesystem::path& path, const std::vector<std::filesystem::path>& roots,
                      std::string_view what);

// Checks that `path` is a regular file (not a directory, device, FIFO or socket).
Status CheckRegularFile(const std::filesystem::path& path, std::string_view what);

}  // namespace tideline::io
