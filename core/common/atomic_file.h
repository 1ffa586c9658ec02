#pragma once
// Files that are written whole or not at all, and files that carry their own checksum:
// the one way every checkpoint, log and state file of both engines reaches the disk.
// WriteFileAtomically writes to `<path>.tmp` and renames it over `path`, so a crash
// leaves either the old file or the new one. A checked file is its body followed by the
// trailer line "#sha256 <64 hex digits>\n" over the body, so a damaged or truncated file
// is detected on reading. Stateless functions; callers serialise writes to one path.

#include <filesystem>
#include <string>
#include <string_view>

#include "core/common/status.h"

namespace tideline {

// Writes `content` to `path` through a temporary file and a rename. A `recycle` file (an
// old file about to be removed) is renamed to the temporary name first and overwritten in
// place, cut to the new length when longer, so the file system reuses it. (Not cut to zero
// first: ext4 would then write the file out on close.) Returns an I/O error naming the
// file on failure.
Status WriteFileAtomically(const std::filesystem::path& path, std::string_view content,
                           const std::filesystem::path* recycle = nullptr);

// The whole content of a file; an I/O error when it cannot be read.
Result<std::string> ReadWholeFile(const std::filesystem::path& path);

// `body` with its checksum trailer.
std::string WithChecksumTrailer(std::string_view body);
// Writes `body` with its checksum trailer atomically.
Status WriteCheckedFile(const std::filesystem::path& path, std::string_view body);

enum class ChecksumCheck { kOk, kMissing, kMismatch };
// Splits a checked file into its body (`*body` points into `file`) and checks the trailer.
ChecksumCheck SplitChecksumTrailer(std::string_view file, std::string_view* body);

}  // namespace tideline
