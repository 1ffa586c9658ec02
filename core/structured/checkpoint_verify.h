#pragma once
// Verifies a query's checkpoint as a whole before a restart reads it: each log file is
// checked alone by ReadLogFile (its checksum is bound to its log and batch), and here the
// sequence of offsets and commits must be one Spark could have written (MicroBatchExecution
// writes offsets/N, runs batch N, then writes commits/N):
//   - the batch ids of each log are consecutive (old entries may have been purged);
//   - every commits/N has its offsets/N;
//   - only the latest offset entry may lack its commit.
// Anything else is refused with an error that names the missing or extra file, instead of
// a restart that silently skips or repeats a batch. Stateless.

#include <filesystem>

#include "core/common/status.h"

namespace tideline::structured {

// REQUIRES: `checkpoint_dir` is a query's checkpoint directory (it may be empty).
Status VerifyLogSequence(const std::filesystem::path& checkpoint_dir);

}  // namespace tideline::structured
