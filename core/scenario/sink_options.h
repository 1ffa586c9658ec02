#pragma once
// The checks of a structured scenario's `sink:` map before its sink is built: the words
// that must be single words (format, outputMode, queryName), the options each format
// understands, and the output path of the file and foreachBatch sinks, which must stay
// inside the run's directory (core/io/safe_path.h). Spark's DataStreamWriter accepts any
// option and ignores those a sink does not read; a scenario states what it means, so an
// option the sink would ignore is an error that says what Spark would do. Stateless.

#include <string>

#include "core/common/status.h"
#include "core/scenario/ynode.h"

namespace tideline::scenario {

// REQUIRES: `sink` is the scenario's `sink:` node (a map or null); `run_dir` the run's
// directory (empty: not known yet, the path is then only checked as text).
Status CheckSinkSpec(const YNode& sink, const std::string& run_dir);

// The console sink's options as ConsoleWrite reads them: numRows (getInt, default 20) and
// truncate (getBoolean, default true: cells cut to 20 characters). A value Spark rejects
// gives its message, and its position in *pos. REQUIRES: `options` is a map or null.
struct ConsoleOptions {
  int num_rows = 20;
  bool truncate = true;
};
Result<ConsoleOptions> ReadConsoleOptions(const YNode& options, SourcePos* pos);

}  // namespace tideline::scenario
