#pragma once
// Blessing a scenario (tideline run --bless): the expected values of its row checks
// (checkAnswer, checkNewAnswer, checkLastBatch, expectOutput) are filled in from a run,
// so that a teacher writes the steps and reviews the answers as a diff. Only the text
// of each failed check's value is rewritten, found from the positions the loader keeps;
// every other byte of the file (comments, layout, passing checks) stays as it is.
// Stateless functions; thread-safe.

#include <string>
#include <vector>

#include "core/common/status.h"
#include "core/scenario/model.h"
#include "core/scenario/runner.h"

namespace tideline::scenario {

// `text` (the file `sc` was loaded from) with the value of every failed row check in
// `checks` replaced by what the check found (CheckResult::actual): a flow list
// (`[[to, 2], [be, 2]]`) where the value was a flow list or empty, one `- [to, 2]` line per
// row where it was a block list. `*blessed` counts the checks rewritten. An error names
// a check whose value cannot be located in the text.
Result<std::string> BlessText(const std::string& text, const Scenario& sc, const std::vector<CheckResult>& checks,
                              int* blessed);

// A value as YAML flow text that the loader reads back as the same value: strings plain
// when that is unambiguous, otherwise double-quoted; timestamps as quoted text; arrays,
// tuples and structs as `[a, b]`.
std::string YamlFlow(const Value& v);

}  // namespace tideline::scenario
