#pragma once
// Diff: `tideline diff` (spec section 13). Runs two scenarios (or one scenario's pipeline
// over two recordings) in process with the trace on, then reports for each output the
// first batch whose output differs and, for the pair of runs, the earliest point where
// their traces diverge: an input row, a key's state, a watermark, a batch boundary or an
// output. Stateless functions; each call owns its runs and their temporary directories.
// docs/diff.md documents what is compared and the --json fields.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/common/status.h"
#include "core/scenario/model.h"

namespace tideline::verify {

// One output's comparison. Outputs are named "op(stream)" as the trace names them
// (print(wordCounts), saveAsTextFiles(counts), append(memory sink), console).
struct OutputDiff {
  std::string output;
  bool differs = false;
  std::string batch;   // the first batch whose output differs ("batch 3", "5000 ms"), or empty
  std::string a, b;    // what each run's output showed in that batch (empty: nothing)
};

// The earliest point where the two runs' traces diverge.
struct Divergence {
  std::string kind;    // "input row", "state", "watermark", "batch boundary", "output"
  std::string batch;   // the batch it belongs to ("batch 3", "5000 ms"), or "end of run"
  std::string where;   // the input, stateful stream or output it concerns
  std::string key;     // the input row or state key (JSON), or empty
  std::string a, b;    // what each run shows there (empty: nothing)
};

struct DiffResult {
  std::vector<OutputDiff> outputs;       // in order of first appearance in run A, then B
  std::optional<Divergence> divergence;  // unset when the runs are identical
  bool identical() const { return !divergence.has_value(); }
};

// Runs `a` and `b` (their steps as written) and compares them. An error in either scenario
// comes back as an error (exit status 2).
Result<DiffResult> DiffScenarios(const scenario::Scenario& a, const scenario::Scenario& b);

// Runs the pipeline of `sc` (not its steps) over the recordings `r1` and `r2`, as
// `tideline replay` does, and compares the runs. An unreadable recording or an error of
// the pipeline comes back as an error naming it.
Result<DiffResult> DiffReplays(const scenario::Scenario& sc, const std::string& r1, const std::string& r2);

}  // namespace tideline::verify
