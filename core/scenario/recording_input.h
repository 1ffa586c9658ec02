#pragma once
// Reading the file of a `recording` input, for both engines' runners: the input's `path`,
// relative to the scenario file, read whole so that a missing or damaged file is an error
// in the scenario, at the path's position.

#include "core/common/status.h"
#include "core/io/recording.h"
#include "core/scenario/model.h"

namespace tideline::scenario {

Result<io::Recording> ReadRecordingInput(const Scenario& sc, const InputDef& in);

}  // namespace tideline::scenario
