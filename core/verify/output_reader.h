#pragma once
// OutputReader: what a reader of each output of a scenario finally sees after a run (spec
// section 11): a structured memory sink's rows, a file sink's rows through
// _spark_metadata, a foreachBatch sink's files, the contents of saveAsTextFiles
// directories, an appendFile file's lines, and the blocks printed by print() and the
// console sink. Each output is a multiset of text items. `collect` outputs are the test's
// own view of a stream, not an output a reader sees, and noop sinks show nothing: both
// are left out. Stateless.

#include <string>
#include <vector>

#include "core/scenario/model.h"

namespace tideline::verify {

struct OutputContent {
  std::string name;                // "saveAsTextFiles(out/counts)", "memory sink", ...
  std::vector<std::string> items;  // sorted
};

// The outputs of `sc` after a run whose output directory is `dir`, whose printed blocks
// were `printed` (in order) and whose memory sink holds `memory_rows` (structured).
std::vector<OutputContent> ReadOutputs(const scenario::Scenario& sc, const std::string& dir,
                                       const std::vector<std::string>& printed,
                                       const std::vector<std::string>& memory_rows);

}  // namespace tideline::verify
