#pragma once
// Durable runs (spec section 12): `tideline run --checkpoint DIR`, `run --live
// --checkpoint DIR`, `tideline replay --checkpoint DIR` and the keyframes of a long replay
// (keyframes.h). DIR holds the run's
// checkpoints and file outputs, and a record of what it holds (tideline-checkpoint.json):
// the identity of the scenario (a hash of its absolute path) and of its pipeline (a hash
// of the file's pipeline: everything but the steps and the lesson texts), and how many
// steps have run. A DIR that holds another scenario's or pipeline's checkpoint, or files
// without that record, is refused. Stateless functions over the file system.

#include <string>

#include "core/common/status.h"
#include "core/scenario/model.h"

namespace tideline::replay {

// The `recording` of a live run (tideline run --live --checkpoint DIR): its DIR is neither
// a run's of the steps nor a replay's.
inline constexpr const char* kLiveRun = "--live";

struct DurableState {
  bool fresh = true;   // DIR held no checkpoint: the run starts from the first step
  int steps_done = 0;  // steps whose effects the checkpoint holds
};

// The identity of `sc` loaded from `file`: "SCENARIO_HASH PIPELINE_HASH".
std::string ScenarioIdentity(const scenario::Scenario& sc, const std::string& file);

// Opens (creating if need be) DIR for a run of `sc`: refuses another scenario's or
// pipeline's checkpoint (an error naming DIR and what it holds), else tells where the
// run goes on.
// `recording` names the recording of a durable replay (empty for a run of the steps,
// kLiveRun for a live run): a DIR written by a replay of another recording, by a run of
// the steps or by a live run, when this is not one, is refused too.
Result<DurableState> OpenCheckpointDir(const std::string& dir, const scenario::Scenario& sc, const std::string& file,
                                       const std::string& recording = "");

// Records that `steps_done` steps of `sc` have run, atomically (a file renamed in place).
Status RecordSteps(const std::string& dir, const scenario::Scenario& sc, const std::string& file, int steps_done,
                   const std::string& recording = "");

}  // namespace tideline::replay
